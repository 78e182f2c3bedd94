// SPDX-License-Identifier: BSD-3-Clause
/*
 * The device half of a split virtqueue for the minimal remote profile.
 *
 * Only one buffer of a ring is ever held, and only for the duration of
 * one call, so the host may have at most num entries outstanding in the
 * avail ring; the head it names must index the descriptor table; the
 * buffer must be a single descriptor (no chain, no indirect table), 4-byte
 * aligned and inside the shared window. Each word is loaded once.
 */
#include <stdint.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include <rpmsg/rpmsg_byteorder.h>
#include "mini_internal.h"
#include "../core/shm.h"

#define DESC_SIZE 16u

/*
 * The buffer a descriptor names, in the window, or NULL unless it is a
 * single descriptor (no chain, no indirect table), 4-byte aligned, with
 * all of its bytes inside the window. Proven by WP for every value
 * (proof/README.md).
 */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures in_window: \result == \null ||
	(addr >= m->shm_da && addr - m->shm_da + dlen <= m->shm_size &&
	 \result == m->shm + (addr - m->shm_da));
*/
static uint8_t *window_buf(const struct rpmsg_mini *m, uint64_t addr,
			   uint32_t dlen, uint16_t flags)
{
	uint64_t off = addr - m->shm_da;
	uint8_t *p = NULL;

	if (!(flags & (RPMSG_VRING_DESC_F_NEXT | RPMSG_VRING_DESC_F_INDIRECT)) &&
	    !(addr & 3u) && addr >= m->shm_da && off < m->shm_size &&
	    dlen <= m->shm_size - (uint32_t)off)
		p = m->shm + (uint32_t)off;
	return p;
}

int rpmsg_mini_take(struct rpmsg_mini *m, unsigned int q, uint16_t *head,
		    uint8_t **buf, uint32_t *len)
{
	struct rpmsg_mini_vq *vq = &m->vq[q];
	uint16_t idx, h, flags;
	volatile uint8_t *d;
	uint64_t addr;
	uint32_t dlen;

	idx = rpmsg_dev16(true, rpmsg_shm_load16_acquire(vq->avail + 2));
	idx = (uint16_t)(idx - vq->last_avail);
	if (!idx)
		return 0;
	if (idx > m->num)
		return -EIO;
	h = rpmsg_dev16(true, rpmsg_shm_load16(
		vq->avail + 4 + 2u * (vq->last_avail & (m->num - 1u))));
	if (h >= m->num)
		return -EIO;
	vq->last_avail++;

	d = vq->desc + DESC_SIZE * h;
	addr = rpmsg_dev32(true, rpmsg_shm_load32(d)) |
	       (uint64_t)rpmsg_dev32(true, rpmsg_shm_load32(d + 4)) << 32;
	dlen = rpmsg_dev32(true, rpmsg_shm_load32(d + 8));
	flags = rpmsg_dev16(true, rpmsg_shm_load16(d + 12));
	*head = h;
	*len = dlen;
	*buf = window_buf(m, addr, dlen, flags);
	return 1;
}

void rpmsg_mini_put(struct rpmsg_mini *m, unsigned int q, uint16_t head,
		    uint32_t len)
{
	struct rpmsg_mini_vq *vq = &m->vq[q];
	volatile uint8_t *e = vq->used + 4 + 8u * (vq->used_idx & (m->num - 1u));

	rpmsg_shm_store32(e, rpmsg_dev32(true, head));
	rpmsg_shm_store32(e + 4, rpmsg_dev32(true, len));
	vq->used_idx++;
	rpmsg_shm_store16_release(vq->used + 2, rpmsg_dev16(true, vq->used_idx));
}
