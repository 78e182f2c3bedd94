// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the checks of the shared-memory transport's hello
 * (src/transport/shm_hello.c: rpmsg_shm_hello_parse), what the host
 * received from the remote on the socket.
 *
 * Every length from 0 to HELLO_MAX bytes is tried, each as an object of
 * exactly that length (a fresh malloc(): a read past what arrived is
 * a read outside the object, which Eva reports) holding any bytes. The
 * bytes are our copy of what the socket gave, which the peer cannot
 * change after: not volatile. The descriptor count is any value. A hello
 * accepted is one of this layout, with a region size the host may map.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "__fc_builtin.h"

#include "shm_hello.h"

/* Longer than a hello: what a stream socket could give at once. */
#define HELLO_MAX 64u

int main(void)
{
	struct shm_hello h;
	unsigned int len, nfds;
	int rc;

	/*@ loop unroll HELLO_MAX + 1; */
	for (len = 0; len <= HELLO_MAX; len++) {
		/* What arrived: an object of exactly @len bytes. */
		char *p = malloc(len);

		Frama_C_make_unknown(p, len);
		/* Every count: fewer than SHM_HELLO_FDS, more, or that. */
		nfds = Frama_C_unsigned_int_interval(0, SHM_HELLO_FDS - 1);
		rc = rpmsg_shm_hello_parse(p, len, nfds, &h);
		//@ assert fewer_refused: rc == -EPROTO;
		nfds = Frama_C_unsigned_int_interval(SHM_HELLO_FDS + 1,
						     0xffffffffu);
		rc = rpmsg_shm_hello_parse(p, len, nfds, &h);
		//@ assert more_refused: rc == -EPROTO;
		nfds = SHM_HELLO_FDS;
		rc = rpmsg_shm_hello_parse(p, len, nfds, &h);
		//@ assert rc_range: rc == 0 || rc == -EPROTO;
		if (!rc) {
			//@ assert whole: len == sizeof(struct shm_hello);
			//@ assert magic: h.magic == RPMSG_SHM_MAGIC;
			//@ assert version: h.version == RPMSG_SHM_LAYOUT_VERSION;
			//@ assert size: SHM_RING_OFFSET <= h.region_size <= SHM_MAX_REGION;
		}
	}
	return 0;
}
