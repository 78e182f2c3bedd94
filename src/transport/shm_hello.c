// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory transport: the checks of the hello the host receives
 * (shm_hello.h). Bytes and a descriptor count in, the hello out; the
 * socket is shm_handshake.c's.
 */
#include <errno.h>
#include <string.h>

#include "shm_hello.h"

int rpmsg_shm_hello_parse(const void *bytes, size_t len, unsigned int nfds,
			  struct shm_hello *hello)
{
	struct shm_hello h;

	if (len != sizeof(h) || nfds != SHM_HELLO_FDS)
		return -EPROTO;
	/* One copy: every check below is on it. */
	memcpy(&h, bytes, sizeof(h));
	if (h.magic != RPMSG_SHM_MAGIC ||
	    h.version != RPMSG_SHM_LAYOUT_VERSION ||
	    h.region_size < SHM_RING_OFFSET || h.region_size > SHM_MAX_REGION)
		return -EPROTO;
	*hello = h;
	return 0;
}
