/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared-memory transport's hello (docs/SPEC.md "Shared-memory
 * handshake"): what the remote sends the host on the socket, and its
 * checks (shm_hello.c), which touch no socket so that they are proven for
 * every message (proof/shm_hello.c).
 */
#ifndef RPMSG_SHM_HELLO_H
#define RPMSG_SHM_HELLO_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_shm.h>

#define SHM_RING_OFFSET (2u * RPMSG_SHM_PAGE)
#define SHM_MAX_REGION (1ull << 30)
/* Region, the host's end of the doorbell of vq 0 and of vq 1. */
#define SHM_HELLO_FDS 3

/* The hello message the remote sends with the three descriptors. */
struct shm_hello {
	uint32_t magic;
	uint32_t version;
	uint64_t region_size;
};

/*
 * Check the hello the host received: @len bytes at @bytes, and @nfds
 * descriptors with them (a control message cut short counts as more than
 * SHM_HELLO_FDS). Fills @hello and gives 0 for exactly one hello with
 * SHM_HELLO_FDS descriptors, this layout's magic and version and a
 * region size from SHM_RING_OFFSET to SHM_MAX_REGION; else -EPROTO and
 * @hello is untouched.
 */
int rpmsg_shm_hello_parse(const void *bytes, size_t len, unsigned int nfds,
			  struct shm_hello *hello);

#endif /* RPMSG_SHM_HELLO_H */
