// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-virtio: configuration checks, the message header, delivery and the
 * entry points shared by both roles.
 *
 * Locking: the bus lock of the device also covers both virtqueues and the
 * buffer pool. One lock is enough because every critical section is a few
 * ring operations; the expensive parts (copying payloads, callbacks, the
 * doorbell) run outside it.
 */
#include <string.h>

#include "byteorder.h"
#include "virtio_internal.h"
#include "rpmsg_assert.h"

/* Whether @vdev is a host: a constant when one role is compiled out
 * (RPMSG_CFG_HOST_ROLE, RPMSG_CFG_REMOTE_ROLE), so the other role's code
 * is never referenced. */
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
#define IS_HOST(vdev) ((vdev)->cfg.role == RPMSG_VIRTIO_HOST)
#elif RPMSG_CFG_HOST_ROLE
#define IS_HOST(vdev) ((void)(vdev), true)
#else
#define IS_HOST(vdev) ((void)(vdev), false)
#endif

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
	if (avail < RPMSG_HDR_SIZE)
		return -EBADMSG;
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
	if (out->len > avail - RPMSG_HDR_SIZE)
		return -EBADMSG;
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

/* Whether a tx buffer can be had now; lock held. */
static bool tx_available(struct rpmsg_virtio_device *vdev)
{
	if (IS_HOST(vdev))
		return vdev->tx_released || vdev->tx_fresh < vdev->cfg.num_bufs / 2 ||
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

int rpmsg_virtio_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			       uint32_t *size, uint32_t timeout_ms)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
	rpmsg_virtio_take_fn take = IS_HOST(vdev)
					    ? rpmsg_virtio_host_take_tx
					    : rpmsg_virtio_remote_take_tx;
#elif RPMSG_CFG_HOST_ROLE
	rpmsg_virtio_take_fn take = rpmsg_virtio_host_take_tx;
#else
	rpmsg_virtio_take_fn take = rpmsg_virtio_remote_take_tx;
#endif
	uint64_t deadline = 0;
	uint8_t *buf;
	uint32_t cap;
	bool notify;
	int rc;

	rpmsg_bus_lock(dev);
	for (;;) {
		if (dev->dead || !vdev->started) {
			rc = -EPIPE;
			break;
		}
		buf = take(vdev, &cap, &rc);
		if (buf || rc)
			break;
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
		if (rc == -ETIMEDOUT) {
			/* One last look: the buffer may have come with the
			 * deadline. */
			buf = take(vdev, &cap, &rc);
			if (!buf && !rc)
				rc = -ETIMEDOUT;
			break;
		}
		if (rc)
			break;
	}
	notify = vdev->tx_notify;
	vdev->tx_notify = false;
	rpmsg_bus_unlock(dev);
	if (notify)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->svq_index);
	if (rc)
		return rc;
	*payload = buf + RPMSG_HDR_SIZE;
	*size = cap - RPMSG_HDR_SIZE;
	return 0;
}

int rpmsg_virtio_deliver(struct rpmsg_virtio_device *vdev, void *buf,
			 uint32_t avail)
{
	struct rpmsg_hdr_fields hdr;
	int rc;

	if (rpmsg_virtio_read_hdr(vdev, buf, avail, &hdr)) {
		vdev->bus.stats.bad++;
		return -EBADMSG;
	}
	/*
	 * Dispatch with the lock dropped and taken again, not straight
	 * under the rx loop's hold: the latter saves a lock round trip but
	 * made test_endpoint_churn (test_link_threaded) lose a sender's
	 * wake-up on a loaded machine (a remote sender waiting for a buffer
	 * forever, both doorbell threads idle), one run in a few; with the
	 * lock dropped here, 55 runs under the same load passed.
	 */
	rpmsg_bus_unlock(&vdev->bus);
	rc = rpmsg_device_dispatch(&vdev->bus, hdr.src, hdr.dst,
				   (uint8_t *)buf + RPMSG_HDR_SIZE, hdr.len);
	rpmsg_bus_lock(&vdev->bus);
	return rc;
}

static int check_config(const struct rpmsg_virtio_config *cfg)
{
	const struct rpmsg_virtio_link_ops *l = cfg->link;
	bool split = cfg->vring_avail[0] || cfg->vring_avail[1] ||
		     cfg->vring_used[0] || cfg->vring_used[1];
	size_t pool;
	uint64_t da;

	if (cfg->role != RPMSG_VIRTIO_HOST && cfg->role != RPMSG_VIRTIO_REMOTE)
		return -EINVAL;
	if ((!RPMSG_CFG_HOST_ROLE && cfg->role == RPMSG_VIRTIO_HOST) ||
	    (!RPMSG_CFG_REMOTE_ROLE && cfg->role == RPMSG_VIRTIO_REMOTE))
		return -EINVAL; /* role compiled out */
	if (cfg->features & RPMSG_VIRTIO_COMPILED_OUT_FEATURES)
		return -ENOTSUP; /* RPMSG_CFG_NS or RPMSG_CFG_EVENT_IDX is 0 */
	if (!l || !l->get_status || !l->get_driver_features || !l->notify)
		return -EINVAL;
	if (cfg->role == RPMSG_VIRTIO_REMOTE && !cfg->mem && !cfg->vring[0] &&
	    !cfg->vring[1] && !cfg->slots[0] && !cfg->slots[1] && !split &&
	    !cfg->vring_num)
		goto checked_rings; /* rpmsg_virtio_set_rings() before start */
	if (!cfg->mem || !cfg->vring[0] || !cfg->vring[1] || !cfg->slots[0] ||
	    !cfg->slots[1])
		return -EINVAL;
	if (split ? !cfg->vring_avail[0] || !cfg->vring_avail[1] ||
			    !cfg->vring_used[0] || !cfg->vring_used[1] ||
			    !rpmsg_vring_size(cfg->vring_num, 4u)
		  : !rpmsg_vring_size(cfg->vring_num, cfg->vring_align))
		return -EINVAL;
checked_rings:
	if (cfg->buf_size <= RPMSG_HDR_SIZE ||
	    cfg->buf_size > 0xFFFFu + RPMSG_HDR_SIZE ||
	    (cfg->peer & ~RPMSG_PEER_ALL_FLAGS))
		return -EINVAL;
	/* With the host role compiled out the role is the remote here. */
	if (!RPMSG_CFG_HOST_ROLE || cfg->role == RPMSG_VIRTIO_REMOTE)
		return 0;

	/* A remote that writes its own buffer size whatever the descriptor
	 * says would write past smaller buffers into their neighbours. */
	if ((cfg->peer & RPMSG_PEER_BUF_512) &&
	    cfg->buf_size < RPMSG_PEER_LITE_BUF_SIZE)
		return -EINVAL;

	if (!l->set_status || !l->get_device_features ||
	    !l->set_driver_features || !cfg->buffers || !cfg->buf_state)
		return -EINVAL;
	if (cfg->num_bufs < 2 || (cfg->num_bufs & 1u) ||
	    cfg->num_bufs / 2 > cfg->vring_num)
		return -EINVAL;
	pool = (size_t)cfg->num_bufs * cfg->buf_size;
	if (pool / cfg->buf_size != cfg->num_bufs ||
	    rpmsg_mem_va_to_da(cfg->mem, cfg->buffers, pool, &da))
		return -EINVAL;
	return 0;
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

int rpmsg_virtio_set_rings(struct rpmsg_virtio_device *vdev,
			   const struct rpmsg_virtio_rings *rings)
{
	unsigned int i, num;
	int rc = 0;

	if (!vdev || !vdev->bus.os || !rings || !rings->mem)
		return -EINVAL;
	num = rings->parts[0].num;
	if (!rpmsg_vring_size(num, 4u) || rings->parts[1].num != num)
		return -EINVAL;
	for (i = 0; i < 2; i++) {
		const struct rpmsg_vring_parts *p = &rings->parts[i];

		/* Alignment as rpmsg_vq_init_split() will check it. */
		if (!p->desc || !p->avail || !p->used || !rings->slots[i] ||
		    ((uintptr_t)p->desc & 15u) || ((uintptr_t)p->avail & 1u) ||
		    ((uintptr_t)p->used & 3u))
			return -EINVAL;
	}
	rpmsg_bus_lock(&vdev->bus);
	if (vdev->cfg.role != RPMSG_VIRTIO_REMOTE) {
		rc = -EINVAL;
	} else if (vdev->started) {
		rc = -EBUSY;
	} else {
		vdev->cfg.mem = rings->mem;
		vdev->cfg.vring_num = num;
		for (i = 0; i < 2; i++) {
			vdev->cfg.vring[i] = rings->parts[i].desc;
			vdev->cfg.vring_avail[i] = rings->parts[i].avail;
			vdev->cfg.vring_used[i] = rings->parts[i].used;
			vdev->cfg.slots[i] = rings->slots[i];
		}
	}
	rpmsg_bus_unlock(&vdev->bus);
	return rc;
}

int rpmsg_virtio_init(struct rpmsg_virtio_device *vdev,
		      const struct rpmsg_virtio_config *cfg)
{
	const struct rpmsg_transport_ops *ops;
	int rc;

	if (!vdev || !cfg)
		return -EINVAL;
	rc = check_config(cfg);
	if (rc)
		return rc;
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
	ops = cfg->role == RPMSG_VIRTIO_HOST ? &rpmsg_virtio_host_ops
					     : &rpmsg_virtio_remote_ops;
#elif RPMSG_CFG_HOST_ROLE
	ops = &rpmsg_virtio_host_ops;
#else
	ops = &rpmsg_virtio_remote_ops;
#endif
	memset(vdev, 0, sizeof(*vdev));
	rc = rpmsg_device_init(&vdev->bus, ops, cfg->os, cfg->os_ctx);
	if (rc)
		return rc;
	vdev->cfg = *cfg;
	vdev->cfg.features &= RPMSG_VIRTIO_SUPPORTED_FEATURES;
	/* The host never asks for what the peer must not be granted; what
	 * a remote offers is its transport's (rpmsg_peer_features()). */
	if (cfg->role == RPMSG_VIRTIO_HOST)
		vdev->cfg.features =
			rpmsg_peer_features(cfg->peer, vdev->cfg.features);
	vdev->rvq_index = cfg->role == RPMSG_VIRTIO_HOST ? 0 : 1;
	vdev->svq_index = 1 - vdev->rvq_index;
	return 0;
}

int rpmsg_virtio_start(struct rpmsg_virtio_device *vdev, uint32_t timeout_ms)
{
	bool started;
	int rc;

	if (!vdev || !vdev->bus.os)
		return -EINVAL;
	if (vdev->started)
		return -EALREADY;
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
	if (IS_HOST(vdev))
		rc = rpmsg_virtio_host_start(vdev);
	else
		rc = rpmsg_virtio_remote_start(vdev, timeout_ms);
#elif RPMSG_CFG_HOST_ROLE
	(void)timeout_ms;
	rc = rpmsg_virtio_host_start(vdev);
#else
	rc = rpmsg_virtio_remote_start(vdev, timeout_ms);
#endif
	if (rc)
		return rc;
	rc = rpmsg_device_ready(&vdev->bus,
				(vdev->features >> RPMSG_VIRTIO_RPMSG_F_NS) & 1u,
				(vdev->features >> RPMSG_VIRTIO_F_VERSION_1) &
					1u);
	if (rc) {
		/* Do not leave a link that sends but never delivers. */
		rpmsg_virtio_stop(vdev);
		return rc;
	}
	rpmsg_bus_lock(&vdev->bus);
	/* Stopped meanwhile (the peer left during start): stay stopped. */
	started = vdev->started;
	vdev->delivering = started;
	rpmsg_bus_unlock(&vdev->bus);
	if (!started)
		return -EPIPE;
	/* Messages that arrived before we were ready wait in the ring. */
	rc = rpmsg_virtio_poll(vdev);
	return rc < 0 ? rc : 0;
}

static int process_rx(struct rpmsg_virtio_device *vdev)
{
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
	return IS_HOST(vdev) ? rpmsg_virtio_host_rx(vdev)
			     : rpmsg_virtio_remote_rx(vdev);
#elif RPMSG_CFG_HOST_ROLE
	return rpmsg_virtio_host_rx(vdev);
#else
	return rpmsg_virtio_remote_rx(vdev);
#endif
}

static void wake_senders(struct rpmsg_virtio_device *vdev)
{
	rpmsg_bus_lock(&vdev->bus);
	if (vdev->tx_sleepers)
		rpmsg_bus_wake(&vdev->bus);
	rpmsg_bus_unlock(&vdev->bus);
	rpmsg_virtio_tx_ready_check(vdev);
}

int rpmsg_virtio_notified(struct rpmsg_virtio_device *vdev, unsigned int vq)
{
	if (!vdev || !vdev->bus.os || vq > 1)
		return -EINVAL;
	/* Senders may already wait while the device starts (the name
	 * service announces before delivery begins): always wake them. */
	if (vq == vdev->svq_index) {
		wake_senders(vdev);
		return 0;
	}
	/* Nothing is delivered before the bus is ready (the rx functions
	 * check under the lock they take anyway). */
	rpmsg_virtio_tx_ready_check(vdev);
	return process_rx(vdev);
}

int rpmsg_virtio_poll(struct rpmsg_virtio_device *vdev)
{
	if (!vdev || !vdev->bus.os)
		return -EINVAL;
	/* The rx function also wakes senders waiting for a buffer, under
	 * the one lock it takes: an idle poll costs one lock round trip. */
	rpmsg_virtio_tx_ready_check(vdev);
	return process_rx(vdev);
}

int rpmsg_virtio_rx_notify(struct rpmsg_virtio_device *vdev, bool on)
{
	bool pending = false;

	if (!vdev || !vdev->bus.os)
		return -EINVAL;
	rpmsg_bus_lock(&vdev->bus);
	if (!vdev->started) {
		rpmsg_bus_unlock(&vdev->bus);
		return -EINVAL;
	}
	/* Host: the peer interrupts us through the used ring of vq 0;
	 * remote: it kicks us through the avail ring of vq 1. */
	if (IS_HOST(vdev) && on)
		pending = rpmsg_vq_enable_cb(&vdev->rvq);
	else if (IS_HOST(vdev))
		rpmsg_vq_disable_cb(&vdev->rvq);
	else if (on)
		pending = rpmsg_vq_enable_notify(&vdev->rvq);
	else
		rpmsg_vq_disable_notify(&vdev->rvq);
	rpmsg_bus_unlock(&vdev->bus);
	return pending ? 1 : 0;
}

void rpmsg_virtio_config_changed(struct rpmsg_virtio_device *vdev)
{
	bool reset;

	if (!vdev || !vdev->bus.os)
		return;
	rpmsg_bus_lock(&vdev->bus);
	rpmsg_bus_wake(&vdev->bus);
	/* A remote whose host withdrew DRIVER_OK (reset) is no longer
	 * connected: fail its senders and remove its channels. */
	reset = !IS_HOST(vdev) && vdev->started &&
		!(vdev->cfg.link->get_status(vdev->cfg.link_ctx) &
		  RPMSG_VIRTIO_STATUS_DRIVER_OK);
	rpmsg_bus_unlock(&vdev->bus);
	if (reset)
		rpmsg_virtio_stop(vdev);
}

void rpmsg_virtio_stop(struct rpmsg_virtio_device *vdev)
{
	if (!vdev || !vdev->bus.os)
		return;
	rpmsg_device_teardown(&vdev->bus);
	rpmsg_bus_lock(&vdev->bus);
	vdev->started = false;
	vdev->delivering = false;
	rpmsg_bus_unlock(&vdev->bus);
	if (IS_HOST(vdev))
		vdev->cfg.link->set_status(vdev->cfg.link_ctx, 0);
}

uint64_t rpmsg_virtio_features(const struct rpmsg_virtio_device *vdev)
{
	return vdev ? vdev->features : 0;
}
