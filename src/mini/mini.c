// SPDX-License-Identifier: BSD-3-Clause
/*
 * The minimal remote profile: device state, endpoints, the name-service
 * announcement, receive and send (see include/rpmsg/rpmsg_mini.h).
 *
 * One context drives the device (no locks): rpmsg_mini_poll() and, from
 * it or between its calls, rpmsg_mini_send(). Nothing waits.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#include <rpmsg/rpmsg_byteorder.h>
#include "mini_internal.h"
#include "../core/shm.h"

#define NS_MSG_SIZE (RPMSG_NAME_SIZE + 8u)

int rpmsg_mini_init(struct rpmsg_mini *m, const struct rpmsg_mini_config *cfg)
{
	uint32_t num, used_off;
	unsigned int q;
	uint8_t *ring;

	if (!m || !cfg || !cfg->link || !cfg->shm)
		return -EINVAL;
	num = cfg->num;
	if (!num || num > 32768u || (num & (num - 1u)) || !cfg->align ||
	    (cfg->align & (cfg->align - 1u)))
		return -EINVAL;
	/* Legacy layout: descriptors, avail (with used_event), then the
	 * used ring at the next multiple of align. */
	used_off = (16u * num + 6u + 2u * num + cfg->align - 1u) &
		   ~(cfg->align - 1u);
	for (q = 0; q < 2; q++) {
		ring = cfg->vring[q];
		if (!ring)
			return -EINVAL;
		m->vq[q].desc = ring;
		m->vq[q].avail = ring + 16u * num;
		m->vq[q].used = ring + used_off;
		m->vq[q].last_avail = 0;
		m->vq[q].used_idx = 0;
	}
	m->link = cfg->link;
	m->link_ctx = cfg->link_ctx;
	m->shm = cfg->shm;
	m->shm_da = cfg->shm_da;
	m->shm_size = cfg->shm_size;
	m->num = (uint16_t)num;
	m->state = RPMSG_MINI_DOWN;
	m->epts = NULL;
	return 0;
}

int rpmsg_mini_add_ept(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept)
{
	struct rpmsg_mini_ept *e;

	if (!m || !ept || !ept->cb || ept->addr == RPMSG_NS_ADDR)
		return -EINVAL;
	for (e = m->epts; e; e = e->next)
		if (e == ept || e->addr == ept->addr)
			return -EINVAL;
	ept->next = m->epts;
	m->epts = ept;
	return 0;
}

/* Takes a buffer of vq 0, writes the message, gives it to the host. */
static int mini_xmit(struct rpmsg_mini *m, uint32_t src, uint32_t dst,
		     const void *data, uint32_t len)
{
	uint16_t head;
	uint8_t *buf;
	uint32_t blen;
	int rc;

	rc = rpmsg_mini_take(m, 0, &head, &buf, &blen);
	if (rc <= 0) {
		if (rc < 0)
			m->state = RPMSG_MINI_BROKEN;
		return rc ? rc : -EAGAIN;
	}
	if (!buf || blen < RPMSG_HDR_SIZE || len > blen - RPMSG_HDR_SIZE ||
	    len > 0xffffu) {
		/* Given back unused: the pool keeps its size. */
		rpmsg_mini_put(m, 0, head, 0);
		rc = buf ? -EMSGSIZE : -EBADMSG;
	} else {
		rpmsg_shm_store32(buf, rpmsg_dev32(true, src));
		rpmsg_shm_store32(buf + 4, rpmsg_dev32(true, dst));
		rpmsg_shm_store32(buf + 8, 0);
		rpmsg_shm_store32(buf + 12, rpmsg_dev32(true, len)); /* flags 0 */
		rc = 0;
		if (len)
			memmove(buf + RPMSG_HDR_SIZE, data, len);
		rpmsg_mini_put(m, 0, head, RPMSG_HDR_SIZE + len);
	}
	m->link->notify(m->link_ctx, 0);
	return rc;
}

int rpmsg_mini_send(struct rpmsg_mini *m, uint32_t src, uint32_t dst,
		    const void *data, uint32_t len)
{
	if (!m || (!data && len))
		return -EINVAL;
	if (m->state != RPMSG_MINI_UP)
		return m->state == RPMSG_MINI_BROKEN ? -EIO : -EAGAIN;
	return mini_xmit(m, src, dst, data, len);
}

/* Announces every named endpoint (name, address, RPMSG_NS_CREATE). */
static int mini_announce(struct rpmsg_mini *m)
{
	uint8_t ns[NS_MSG_SIZE];
	struct rpmsg_mini_ept *e;
	unsigned int i;
	int rc;

	if (!(m->link->get_driver_features(m->link_ctx) &
	      (1u << RPMSG_VIRTIO_RPMSG_F_NS)))
		return 0;
	for (e = m->epts; e; e = e->next) {
		if (!e->name)
			continue;
		for (i = 0; i < NS_MSG_SIZE; i++)
			ns[i] = 0;
		for (i = 0; i < RPMSG_NAME_SIZE - 1 && e->name[i]; i++)
			ns[i] = (uint8_t)e->name[i];
		for (i = 0; i < 4; i++)
			ns[RPMSG_NAME_SIZE + i] = (uint8_t)(e->addr >> (8 * i));
		rc = mini_xmit(m, e->addr, RPMSG_NS_ADDR, ns, NS_MSG_SIZE);
		if (rc)
			return rc;
	}
	return 0;
}

/* Hands a checked message to its endpoint; anything else is dropped. */
static int mini_deliver(struct rpmsg_mini *m, uint8_t *buf, uint32_t blen)
{
	struct rpmsg_mini_ept *e;
	uint32_t src, dst, len;

	if (!buf || blen < RPMSG_HDR_SIZE)
		return 0;
	src = rpmsg_dev32(true, rpmsg_shm_load32(buf));
	dst = rpmsg_dev32(true, rpmsg_shm_load32(buf + 4));
	len = rpmsg_dev16(true, rpmsg_shm_load16(buf + 12));
	if (len > blen - RPMSG_HDR_SIZE)
		return 0;
	for (e = m->epts; e; e = e->next) {
		if (e->addr == dst) {
			e->cb(m, e, buf + RPMSG_HDR_SIZE, len, src);
			return 1;
		}
	}
	return 0;
}

int rpmsg_mini_poll(struct rpmsg_mini *m)
{
	uint16_t head;
	uint8_t *buf;
	uint32_t blen;
	unsigned int q, budget;
	int rc, n = 0, given = 0;

	if (!m)
		return -EINVAL;
	if (!(m->link->get_status(m->link_ctx) &
	      RPMSG_VIRTIO_STATUS_DRIVER_OK)) {
		m->state = RPMSG_MINI_DOWN;
		return 0;
	}
	if (m->state == RPMSG_MINI_DOWN) {
		/* The rings are the host's: continue its used index (a host
		 * may preload its used ring with free buffers). */
		for (q = 0; q < 2; q++) {
			m->vq[q].last_avail = 0;
			m->vq[q].used_idx = rpmsg_dev16(
				true, rpmsg_shm_load16(m->vq[q].used + 2));
		}
		m->state = RPMSG_MINI_ANNOUNCE;
	}
	if (m->state == RPMSG_MINI_ANNOUNCE) {
		rc = mini_announce(m);
		if (rc)
			return rc;
		m->state = RPMSG_MINI_UP;
	}
	if (m->state != RPMSG_MINI_UP)
		return -EIO;
	/* Bounded: a host can have num entries waiting between two calls;
	 * taking one more means it posts while we read, and the rest is for
	 * the next call (-EBUSY), so it cannot hold the caller here. */
	rc = 0;
	/* check: MINI-RX-BUDGET */
	/*@ loop variant budget; */
	for (budget = m->num + 1u; budget; budget--) {
		rc = rpmsg_mini_take(m, 1, &head, &buf, &blen);
		if (rc <= 0)
			break;
		n += mini_deliver(m, buf, blen);
		rpmsg_mini_put(m, 1, head, buf ? blen : 0);
		given = 1;
	}
	if (given)
		m->link->notify(m->link_ctx, 1);
	if (rc < 0 || m->state != RPMSG_MINI_UP) {
		m->state = RPMSG_MINI_BROKEN;
		return -EIO;
	}
	return budget ? n : -EBUSY;
}
