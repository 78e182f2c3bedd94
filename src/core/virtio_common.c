// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-virtio: what both roles share, called by them: the message header,
 * delivery, the wait for a tx buffer, ring attachment and the tx-ready
 * event. The role-specific steps it needs (taking a tx buffer, whether one
 * could be had) it reaches through the device's role table
 * (struct rpmsg_virtio_role_ops), never by name; the public entry points are
 * in virtio_device.c.
 *
 * Locking: the bus lock of the device also covers both virtqueues and the
 * buffer pool. One lock is enough because every critical section is a few
 * ring operations; the expensive parts (copying payloads, callbacks, the
 * doorbell) run outside it.
 */
#include <string.h>

#include <rpmsg/rpmsg_byteorder.h>
#include "virtio_internal.h"
#include "rpmsg_assert.h"

#define IS_HOST(vdev) rpmsg_virtio_is_host(vdev)

#define HDR_SRC 0u
#define HDR_DST 4u
#define HDR_RESERVED 8u
#define HDR_LEN 12u
#define HDR_FLAGS 14u

void rpmsg_virtio_write_hdr(struct rpmsg_virtio_device *vdev, void *buf,
			    uint32_t src, uint32_t dst, size_t len)
{
	bool le = vdev->bus.little_endian;
	uint8_t hdr[RPMSG_HDR_SIZE];
	uint32_t v32;
	uint16_t v16;

	v32 = rpmsg_dev32(le, src);
	memcpy(hdr + HDR_SRC, &v32, 4);
	v32 = rpmsg_dev32(le, dst);
	memcpy(hdr + HDR_DST, &v32, 4);
	memset(hdr + HDR_RESERVED, 0, 4);
	v16 = rpmsg_dev16(le, (uint16_t)len);
	memcpy(hdr + HDR_LEN, &v16, 2);
	memset(hdr + HDR_FLAGS, 0, 2);
	memcpy(buf, hdr, sizeof(hdr));
}

int rpmsg_virtio_read_hdr(struct rpmsg_virtio_device *vdev, const void *buf,
			  uint32_t avail, struct rpmsg_hdr_fields *out)
{
	bool le = vdev->bus.little_endian;
	uint8_t hdr[RPMSG_HDR_SIZE];
	uint32_t v32;
	uint16_t v16;

	/* Unlike Linux, check the buffer holds a header before subtracting
	 * its size, so a short length cannot wrap the payload check. */
	/* check: HDR-SHORT */
	if (avail < RPMSG_HDR_SIZE)
		return RPMSG_REFUSE(vdev->bus.why, -EBADMSG,
				    "a message shorter than its 16-byte "
				    "header");
	/* One copy: the peer cannot change the header between check and
	 * use. */
	rpmsg_mem_invalidate_fast(vdev->cfg.mem, buf, avail);
	memcpy(hdr, buf, sizeof(hdr));
	memcpy(&v32, hdr + HDR_SRC, 4);
	out->src = rpmsg_dev32(le, v32);
	memcpy(&v32, hdr + HDR_DST, 4);
	out->dst = rpmsg_dev32(le, v32);
	memcpy(&v16, hdr + HDR_LEN, 2);
	out->len = rpmsg_dev16(le, v16);
	/* check: HDR-LEN */
	if (out->len > avail - RPMSG_HDR_SIZE)
		return RPMSG_REFUSE(vdev->bus.why, -EBADMSG,
				    "a message's header length exceeds its "
				    "buffer");
	return 0;
}

uint64_t rpmsg_virtio_deadline(struct rpmsg_virtio_device *vdev,
			       uint32_t timeout_ms)
{
	const struct rpmsg_os_ops *os = vdev->bus.os;

	if (timeout_ms == RPMSG_TIMEOUT_FOREVER)
		return UINT64_MAX;
	return os->now_ns(vdev->bus.os_ctx) + (uint64_t)timeout_ms * 1000000u;
}

/*
 * How long one round of a sender's wait may last: until @deadline, or for
 * a peer that gives buffers back without a doorbell, until the next look
 * RPMSG_CFG_SILENT_PEER_POLL_MS away (the end of that round is then not a
 * timeout). Lock held.
 */
static int tx_wait_round(struct rpmsg_virtio_device *vdev, uint64_t deadline)
{
	const struct rpmsg_os_ops *os = vdev->bus.os;
	uint64_t next;
	int rc;

	if (!(vdev->cfg.peer & RPMSG_PEER_SILENT_RETURNS))
		return os->wait(vdev->bus.os_ctx, deadline);
	next = os->now_ns(vdev->bus.os_ctx) +
	       (uint64_t)RPMSG_CFG_SILENT_PEER_POLL_MS * 1000000u;
	if (next >= deadline)
		return os->wait(vdev->bus.os_ctx, deadline);
	rc = os->wait(vdev->bus.os_ctx, next);
	return rc == -ETIMEDOUT ? 0 : rc;
}

/*
 * The first sleeper (or an armed tx-ready event) turns on the peer's
 * notifications for the tx queue (off while nobody waits: they cost the
 * peer a doorbell per message); the last one turns them off again.
 * Lock held. Return: whether a buffer came while enabling.
 */
static bool tx_sleeper_add(struct rpmsg_virtio_device *vdev)
{
	if (vdev->tx_sleepers++)
		return false;
	return IS_HOST(vdev) ? rpmsg_vq_enable_cb(&vdev->svq)
			     : rpmsg_vq_enable_notify(&vdev->svq);
}

static void tx_sleeper_remove(struct rpmsg_virtio_device *vdev)
{
	RPMSG_ASSERT(vdev->tx_sleepers > 0);
	if (--vdev->tx_sleepers)
		return;
	if (IS_HOST(vdev))
		rpmsg_vq_disable_cb(&vdev->svq);
	else
		rpmsg_vq_disable_notify(&vdev->svq);
}

/* Whether a tx buffer can be had now, from the state the roles keep in
 * the device; lock held. */
static bool tx_available(struct rpmsg_virtio_device *vdev)
{
	if (IS_HOST(vdev))
		return vdev->tx_released ||
		       vdev->tx_fresh < vdev->cfg.tx_num_bufs ||
		       rpmsg_vq_pending(&vdev->svq);
	return vdev->tx_spare != RPMSG_VIRTIO_NO_SPARE ||
	       rpmsg_vq_pending(&vdev->svq);
}

rpmsg_tx_ready_cb_t rpmsg_virtio_tx_ready(struct rpmsg_virtio_device *vdev,
					  void **priv)
{
	rpmsg_tx_ready_cb_t cb = vdev->bus.tx_ready_cb;

	if (vdev->bus.tx_ready_armed && (!cb || tx_available(vdev))) {
		rpmsg_relaxed_store_bool(&vdev->bus.tx_ready_armed, false);
		tx_sleeper_remove(vdev);
		*priv = vdev->bus.tx_ready_priv;
		return cb;
	}
	return NULL;
}

void rpmsg_virtio_tx_ready_call(struct rpmsg_virtio_device *vdev,
				rpmsg_tx_ready_cb_t cb, void *priv)
{
	if (cb)
		cb(&vdev->bus, priv);
}

void rpmsg_virtio_tx_ready_fire(struct rpmsg_virtio_device *vdev)
{
	rpmsg_tx_ready_cb_t cb;
	void *priv = NULL;

	rpmsg_bus_lock(&vdev->bus);
	cb = rpmsg_virtio_tx_ready(vdev, &priv);
	rpmsg_bus_unlock(&vdev->bus);
	rpmsg_virtio_tx_ready_call(vdev, cb, priv);
}

/* Sleep until a tx buffer may be available; lock held. */
static int tx_wait(struct rpmsg_virtio_device *vdev, uint64_t deadline)
{
	int rc;

	rc = tx_sleeper_add(vdev) ? 0 : tx_wait_round(vdev, deadline);
	tx_sleeper_remove(vdev);
	if (vdev->bus.dead)
		return -EPIPE;
	return rc;
}

/*
 * A tx buffer, waiting up to @timeout_ms for one; called and returns with
 * the lock held (dropped only while waiting). Leaves vdev->tx_notify set
 * when the role gave malformed buffers back on the way and the peer wants
 * to hear of it (tx_notified()).
 */
static uint8_t *tx_reserve(struct rpmsg_virtio_device *vdev,
			   uint32_t timeout_ms, uint32_t *cap, int *err)
{
	const struct rpmsg_virtio_role_ops *role = rpmsg_virtio_role_of(vdev);
	struct rpmsg_device *dev = &vdev->bus;
	uint64_t deadline = 0;
	bool last = false;
	uint8_t *buf = NULL;
	int rc;

	for (;;) {
		if (dev->dead || !vdev->started) {
			rc = -EPIPE;
			break;
		}
		buf = role->take_tx(vdev, cap, &rc);
		if (buf || rc)
			break;
		if (last) {
			rc = -ETIMEDOUT;
			break;
		}
		if (!timeout_ms) {
			rc = -ENOMEM;
			/* Armed for rpmsg_set_tx_ready_cb(): counts as a
			 * sleeper until it fires. */
			if (dev->tx_ready_cb && !dev->tx_ready_armed) {
				rpmsg_relaxed_store_bool(&dev->tx_ready_armed,
							 true);
				tx_sleeper_add(vdev);
			}
			break;
		}
		/* The clock is read when a wait begins, not on every send: a
		 * send that finds a buffer costs no clock read. (A deadline
		 * is never 0: now + a non-zero timeout.) */
		if (!deadline)
			deadline = rpmsg_virtio_deadline(vdev, timeout_ms);
		rc = tx_wait(vdev, deadline);
		/* Timed out: one last look, the buffer may have come with
		 * the deadline. */
		if (rc == -ETIMEDOUT)
			last = true;
		else if (rc)
			break;
	}
	*err = rc;
	return buf;
}

/* Whether tx_reserve() left a doorbell to ring, cleared; lock held. */
static bool tx_notified(struct rpmsg_virtio_device *vdev)
{
	bool notify = vdev->tx_notify;

	vdev->tx_notify = false;
	return notify;
}

int rpmsg_virtio_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			       uint32_t *size, uint32_t timeout_ms)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	uint8_t *buf;
	uint32_t cap;
	bool notify;
	int rc;

	rpmsg_bus_lock(dev);
	buf = tx_reserve(vdev, timeout_ms, &cap, &rc);
	notify = tx_notified(vdev);
	rpmsg_bus_unlock(dev);
	if (notify)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->svq_index);
	if (rc)
		return rc;
	*payload = buf + RPMSG_HDR_SIZE;
	*size = cap - RPMSG_HDR_SIZE;
	return 0;
}

/*
 * The copy send in one lock section: the buffer is taken, its header and
 * payload written and the buffer put on the ring with the doorbell
 * decided, where rpmsg_get_tx_buffer() and rpmsg_send_nocopy() take the
 * lock twice. The copy (at most one buffer, the MTU) runs under the lock:
 * shorter than a second lock round trip for the sizes rpmsg carries, and
 * the zero-copy calls remain for a sender that wants to fill a buffer
 * with the lock free.
 */
#if RPMSG_VIRTIO_ONE_CALL_SEND
int rpmsg_virtio_send(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
		      const void *data, size_t len, uint32_t timeout_ms)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	const struct rpmsg_virtio_role_ops *role = rpmsg_virtio_role_of(vdev);
	bool notify, kick = false;
	uint8_t *buf;
	uint32_t cap;
	int rc;

	rpmsg_bus_lock(dev);
	buf = tx_reserve(vdev, timeout_ms, &cap, &rc);
	if (!rc && len > cap - RPMSG_HDR_SIZE) {
		/* A buffer smaller than the MTU (a peer's short post):
		 * kept unsent, as rpmsg_release_tx_buffer() would. */
		role->untake_tx(vdev, vdev->last_tx_id);
		rc = -EMSGSIZE;
	}
	if (!rc) {
		if (len)
			memcpy(buf + RPMSG_HDR_SIZE, data, len);
		rpmsg_virtio_seal(vdev, buf, src, dst, len);
		rc = role->post_tx(vdev, buf, vdev->last_tx_id, len, &kick);
	}
	notify = tx_notified(vdev);
	rpmsg_bus_unlock(dev);
	if (notify || kick)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->svq_index);
	return rc;
}
#endif /* RPMSG_VIRTIO_ONE_CALL_SEND */

int rpmsg_virtio_deliver(struct rpmsg_virtio_device *vdev, void *buf,
			 uint32_t avail)
{
	struct rpmsg_hdr_fields hdr;
	int rc;

	if (rpmsg_virtio_read_hdr(vdev, buf, avail, &hdr)) {
		vdev->bus.stats.bad++;
		return -EBADMSG;
	}
	/* Dispatched under the rx loop's hold: the lock is dropped only
	 * around the callback, one lock round trip per message instead of
	 * three. (Dropping it here once hid a missing fence between the
	 * event-index store and the next look at the ring, now in
	 * rpmsg_vq_get_used() and rpmsg_vq_get_avail().) */
	rc = rpmsg_bus_dispatch_locked(&vdev->bus, hdr.src, hdr.dst,
				       (uint8_t *)buf + RPMSG_HDR_SIZE, hdr.len);
	return rc;
}

int rpmsg_virtio_attach_ring(struct rpmsg_virtio_device *vdev, unsigned int i,
			     enum rpmsg_vq_role role)
{
	const struct rpmsg_virtio_config *cfg = &vdev->cfg;
	struct rpmsg_virtqueue *vq = i == vdev->rvq_index ? &vdev->rvq
							  : &vdev->svq;
	struct rpmsg_vring_parts parts;

	if (cfg->vring_avail[i]) {
		parts.desc = cfg->vring[i];
		parts.avail = cfg->vring_avail[i];
		parts.used = cfg->vring_used[i];
		parts.num = cfg->vring_num;
	} else if (rpmsg_vring_parts_legacy(&parts, cfg->vring[i],
					    cfg->vring_num,
					    cfg->vring_align)) {
		return -EINVAL;
	}
	return rpmsg_vq_init_split(vq, role, &parts, cfg->slots[i], cfg->mem,
				   vdev->features);
}
