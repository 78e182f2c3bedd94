// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the ring access of the minimal remote profile
 * (src/mini/mini_vq.c, rpmsg_mini_take and rpmsg_mini_put), both rings.
 *
 * The rings and the buffer window are volatile objects: every read of
 * them returns any value, the host rewriting any word between any two of
 * our reads. Any sequence of takes and puts is explored, with any head
 * and length given back, for every window size up to the object's and
 * every window device address; the ring size is 1 << NUM_SHIFT (prove.sh
 * runs several). That all of a buffer handed out lies in the window is
 * window_buf()'s contract, proven by WP.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mini.h>

#include "../src/mini/mini_internal.h"

#ifndef NUM_SHIFT
#define NUM_SHIFT 2
#endif
#define NUM (1u << NUM_SHIFT)
#define ALIGN 16u
#define RING_BYTES (16u * NUM + 6u + 2u * NUM + ALIGN + 6u + 8u * NUM)
#define WINDOW_SIZE 4096u

static volatile uint8_t ring0[RING_BYTES] __attribute__((aligned(16)));
static volatile uint8_t ring1[RING_BYTES] __attribute__((aligned(16)));
static volatile uint8_t window[WINDOW_SIZE] __attribute__((aligned(16)));
static struct rpmsg_mini mini;

static const struct rpmsg_virtio_link_ops no_link;

int main(void)
{
	struct rpmsg_mini_config cfg = {
		.link = &no_link,
		.vring = { (void *)ring0, (void *)ring1 },
		.num = NUM,
		.align = ALIGN,
		.shm = (void *)window,
	};
	uint16_t head;
	uint8_t *buf;
	uint32_t len;
	unsigned int q;
	int rc;

	cfg.shm_da = Frama_C_unsigned_long_long_interval(0, ~0ull);
	cfg.shm_size = Frama_C_unsigned_int_interval(0, WINDOW_SIZE);
	if (rpmsg_mini_init(&mini, &cfg))
		return 0;
	while (Frama_C_nondet(0, 1)) {
		q = (unsigned int)Frama_C_interval(0, 1);
		if (Frama_C_nondet(0, 1)) {
			/* What a take returns is checked below; these values
			 * stand for no buffer (the analysis merges the states
			 * of different turns). */
			head = 0;
			buf = 0;
			len = 0;
			rc = rpmsg_mini_take(&mini, q, &head, &buf, &len);
			//@ assert taken: rc == 1 || rc == 0 || rc == -EIO;
			if (rc == 1) {
				//@ assert head_in_ring: head < NUM;
				/*@ assert buf_in_window: buf == \null ||
					\base_addr(buf) == \base_addr(&window[0]); */
				rpmsg_mini_put(&mini, q, head,
					       Frama_C_nondet(0, 1) ? len : 0);
			}
		} else {
			/* Our own puts only ever give back a head we took;
			 * any value is analysed all the same. */
			rpmsg_mini_put(&mini, q,
				       Frama_C_unsigned_short_interval(0,
								       0xffff),
				       Frama_C_unsigned_int_interval(
					       0, 0xffffffffu));
		}
	}
	return 0;
}
