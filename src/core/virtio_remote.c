// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-virtio, remote role (virtio device).
 *
 * The remote owns no buffers: it sends in the empty buffers the host posts
 * on vq 0 and receives the host's messages on vq 1, returning each buffer
 * on the used ring once its callback is done.
 *
 * What a host gets back (docs/SPEC.md, "Peers"): an rx buffer is returned
 * with used.len = its descriptor's length, never 0 (the spec's "bytes
 * written" is 0 for a buffer only read; Linux ignores the value, an
 * OpenAMP host takes it for the buffer's capacity); a tx buffer only once
 * it holds a message, with used.len = header + payload. A tx buffer taken
 * and then released unsent stays here on a spare list for the next send:
 * given back with any length, a Linux host would parse its stale bytes as
 * a message.
 *
 * The device starts from the used index the driver left (see
 * rpmsg_vq_init_split()), so a master that preloads its tx buffers on the
 * used ring keeps them.
 */
#include "virtio_internal.h"

/* Compiled out by RPMSG_CFG_REMOTE_ROLE = 0 (rpmsg_config.h). */
#if RPMSG_CFG_REMOTE_ROLE

/* vdev->tx_spare: the first kept tx descriptor, chained through
 * svq.slots[].next_free (unused while a slot is busy). */
#define NO_SPARE RPMSG_VIRTIO_NO_SPARE

static size_t remote_mtu(struct rpmsg_device *dev)
{
	return to_vdev(dev)->cfg.buf_size - RPMSG_HDR_SIZE;
}

/* Descriptor id holding the buffer at @hdr on @vq, or -1. Lock held. */
static long find_id(const struct rpmsg_virtqueue *vq, const void *hdr,
		    uint16_t hint)
{
	uint16_t i;

	if (rpmsg_vq_slot_buf(vq, hint) == hdr)
		return hint;
	for (i = 0; i < vq->num; i++)
		if (rpmsg_vq_slot_buf(vq, i) == hdr)
			return i;
	return -1;
}

static void notify_if(struct rpmsg_virtio_device *vdev, bool notify,
		      unsigned int vq)
{
	if (notify)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vq);
}

/* Next empty buffer the host posted on vq 0, or NULL. Lock held. */
static uint8_t *remote_take_tx(struct rpmsg_virtio_device *vdev,
			       uint32_t *cap, int *err)
{
	unsigned int budget;
	uint32_t len;
	uint16_t id;
	void *buf;
	int rc;

	*err = 0;
	if (vdev->tx_spare != NO_SPARE) {
		id = vdev->tx_spare;
		vdev->tx_spare = vdev->svq.slots[id].next_free;
		len = vdev->svq.slots[id].len;
		buf = rpmsg_vq_slot_buf(&vdev->svq, id);
		goto found;
	}
	/* Bounded: each turn takes one avail entry. */
	/*@ loop variant budget; */
	for (budget = vdev->svq.num; budget; budget--) {
		rc = rpmsg_vq_get_avail(&vdev->svq, &id, &buf, &len);
		if (rc == -EAGAIN)
			return NULL;
		if (rc == -EIO) {
			RPMSG_WHY(vdev->bus.why, vdev->svq.why);
			*err = -EIO;
			return NULL;
		}
		/* check: REMOTE-TX-SMALL */
		if (rc == 0 && len > RPMSG_HDR_SIZE)
			goto found;
		/* Rejected by the ring checks (and given back), or too
		 * small to carry a message: give it back unused. */
		if (rc == 0) {
			rpmsg_vq_put_used(&vdev->svq, id, 0);
			vdev->bus.stats.bad++;
			RPMSG_WHY(vdev->bus.why, "the host posted an rx buffer "
				  "too small for a message");
		} else {
			rpmsg_virtio_count_bad(vdev, &vdev->svq);
		}
		vdev->tx_notify |= rpmsg_vq_notify_prepare(&vdev->svq);
	}
	return NULL; /* only unusable entries this time */
found:
	vdev->last_tx_id = id;
	*cap = len < vdev->cfg.buf_size ? len : vdev->cfg.buf_size;
	return buf;
}

/* Whether @id of the tx queue is on the spare list. Lock held. */
static bool is_spare(const struct rpmsg_virtio_device *vdev, uint16_t id)
{
	uint16_t i, n = 0;

	/*@ loop variant vdev->svq.num - n; */
	for (i = vdev->tx_spare; i != NO_SPARE && n < vdev->svq.num; n++) {
		if (i == id)
			return true;
		i = vdev->svq.slots[i].next_free;
	}
	return false;
}

static int remote_post_tx(struct rpmsg_virtio_device *vdev, uint8_t *buf,
			  long tok, size_t len, bool *kick)
{
	int rc = rpmsg_vq_put_used(&vdev->svq, (uint16_t)tok,
				   (uint32_t)(RPMSG_HDR_SIZE + len));

	(void)buf;
	if (!rc) {
		vdev->bus.stats.tx++;
		*kick = rpmsg_vq_notify_prepare(&vdev->svq);
	}
	return rc;
}

/* Keep tx descriptor @tok, taken and not sent, for the next send. Lock
 * held. */
static void remote_untake_tx(struct rpmsg_virtio_device *vdev, long tok)
{
	vdev->svq.slots[tok].next_free = vdev->tx_spare;
	vdev->tx_spare = (uint16_t)tok;
	/* A sender waiting for a buffer can have this one. */
	if (vdev->tx_sleepers)
		rpmsg_bus_wake(&vdev->bus);
}

static int remote_send_nocopy(struct rpmsg_device *dev, uint32_t src,
			      uint32_t dst, void *payload, size_t len)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	uint8_t *buf = (uint8_t *)payload - RPMSG_HDR_SIZE;
	bool notify = false;
	uint32_t cap;
	long id;
	int rc;

	rpmsg_bus_lock(dev);
	id = find_id(&vdev->svq, buf, vdev->last_tx_id);
	if (id < 0 || (vdev->tx_spare != NO_SPARE &&
		       is_spare(vdev, (uint16_t)id))) {
		rpmsg_bus_unlock(dev);
		return -EINVAL;
	}
	cap = vdev->svq.slots[id].len;
	if (cap > vdev->cfg.buf_size)
		cap = vdev->cfg.buf_size;
	if (len > cap - RPMSG_HDR_SIZE) {
		rpmsg_bus_unlock(dev);
		return -EMSGSIZE;
	}
	if (dev->dead) {
		/* Stopped: the rings are the host's again, nothing to give
		 * back to. */
		rpmsg_bus_unlock(dev);
		return -EPIPE;
	}
	rpmsg_virtio_seal(vdev, buf, src, dst, len);
	rc = remote_post_tx(vdev, buf, id, len, &notify);
	rpmsg_bus_unlock(dev);
	notify_if(vdev, notify, vdev->svq_index);
	return rc;
}

/* Keep a tx buffer taken and not sent for the next send. */
static int remote_release_tx(struct rpmsg_device *dev, void *payload)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	int rc = -EINVAL;
	long id;

	rpmsg_bus_lock(dev);
	id = find_id(&vdev->svq, (uint8_t *)payload - RPMSG_HDR_SIZE,
		     vdev->last_tx_id);
	if (id >= 0 && !is_spare(vdev, (uint16_t)id)) {
		remote_untake_tx(vdev, id);
		rc = 0;
	}
	rpmsg_bus_unlock(dev);
	rpmsg_virtio_tx_ready_check(vdev);
	return rc;
}

/* Give rx buffer @id back, used.len = its descriptor's length. Lock held.
 * Return: whether the host wants a doorbell now. */
static bool return_rx(struct rpmsg_virtio_device *vdev, uint16_t id)
{
	return !rpmsg_vq_put_used(&vdev->rvq, id, vdev->rvq.slots[id].len);
}

#if RPMSG_CFG_ZERO_COPY
static int remote_release_rx(struct rpmsg_device *dev, void *payload)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	bool notify = false;
	long id;

	rpmsg_bus_lock(dev);
	id = find_id(&vdev->rvq, (uint8_t *)payload - RPMSG_HDR_SIZE, 0);
	if (id >= 0 && return_rx(vdev, (uint16_t)id))
		notify = rpmsg_vq_notify_prepare(&vdev->rvq);
	rpmsg_bus_unlock(dev);
	notify_if(vdev, notify, vdev->rvq_index);
	return id < 0 ? -EINVAL : 0;
}
#endif

static int remote_rx(struct rpmsg_virtio_device *vdev)
{
	struct rpmsg_device *dev = &vdev->bus;
	int rc = 0, delivered = 0;
	unsigned int budget;
	bool returned = false;
	uint32_t len;
	uint16_t id;
	void *buf;

	rpmsg_bus_lock(dev);
	/* Buffers may have come back too: wake senders waiting for one
	 * (rpmsg_virtio_poll() relies on this). */
	if (vdev->tx_sleepers)
		rpmsg_bus_wake(dev);
	if (vdev->rx_busy || !vdev->delivering) {
		rpmsg_bus_unlock(dev);
		return 0;
	}
	vdev->rx_busy = true;
	/* At most one ring's worth of entries per call, as on the host. */
	/* check: REMOTE-RX-BUDGET */
	/*@ loop variant budget; */
	for (budget = vdev->rvq.num; budget; budget--) {
		rc = rpmsg_vq_get_avail(&vdev->rvq, &id, &buf, &len);
		if (rc == -EAGAIN || rc == -EIO)
			break;
		if (rc == -EBADMSG) {
			/* Rejected by the ring checks (and given back when
			 * it could be). */
			rpmsg_virtio_count_bad(vdev, &vdev->rvq);
			returned = true;
			continue;
		}
		rc = rpmsg_virtio_deliver(vdev, buf, len);
		if (rc >= 0)
			delivered++;
		if (rc == 1)
			continue;
		return_rx(vdev, id);
		returned = true;
	}
	if (rc == -EIO)
		RPMSG_WHY(dev->why, vdev->rvq.why);
	vdev->rx_busy = false;
	if (returned)
		returned = rpmsg_vq_notify_prepare(&vdev->rvq);
	rpmsg_bus_unlock(dev);
	notify_if(vdev, returned, vdev->rvq_index);
	return rc == -EIO ? -EIO : delivered;
}

static int remote_start(struct rpmsg_virtio_device *vdev, uint32_t timeout_ms)
{
	const struct rpmsg_virtio_link_ops *l = vdev->cfg.link;
	uint64_t deadline = rpmsg_virtio_deadline(vdev, timeout_ms);
	void *ctx = vdev->cfg.link_ctx;
	unsigned int i;
	int rc = 0;

	rpmsg_bus_lock(&vdev->bus);
	if (!vdev->cfg.vring[0]) {
		/* Deferred rings never given (rpmsg_virtio_set_rings()). */
		rc = RPMSG_REFUSE(vdev->bus.why, -EINVAL,
				  "the rings were deferred and never given "
				  "(rpmsg_virtio_set_rings())");
		goto out;
	}
	/* The rings belong to the host until it says DRIVER_OK. */
	while (!(l->get_status(ctx) & RPMSG_VIRTIO_STATUS_DRIVER_OK)) {
		if (!timeout_ms) {
			rc = -EAGAIN;
			break;
		}
		rc = vdev->bus.os->wait(vdev->bus.os_ctx, deadline);
		if (rc)
			break;
	}
	if (rc)
		goto out;
	vdev->features = l->get_driver_features(ctx);
	/* check: REMOTE-FEATURES */
	if (vdev->features & ~vdev->cfg.features) {
		/* The host accepted something we never offered. */
		rc = RPMSG_REFUSE(vdev->bus.why, -EINVAL,
				  "the host accepted a feature that was not "
				  "offered");
		goto out;
	}
	for (i = 0; i < 2 && !rc; i++)
		rc = rpmsg_virtio_attach_ring(vdev, i, RPMSG_VQ_DEVICE);
	if (!rc) {
		rpmsg_virtio_peer_apply(vdev);
		vdev->tx_spare = NO_SPARE;
		/* Kicks for new empty buffers only while a sender waits. */
		rpmsg_vq_disable_notify(&vdev->svq);
		vdev->started = true;
	}
out:
	rpmsg_bus_unlock(&vdev->bus);
	return rc;
}

const struct rpmsg_virtio_role_ops rpmsg_virtio_remote_role = {
	.bus = {
		.get_mtu = remote_mtu,
		.get_tx_buffer = rpmsg_virtio_get_tx_buffer,
		.send_nocopy = remote_send_nocopy,
#if RPMSG_VIRTIO_ONE_CALL_SEND
		.send = rpmsg_virtio_send,
#endif
		.release_tx_buffer = remote_release_tx,
#if RPMSG_CFG_ZERO_COPY /* else nothing is ever held */
		.release_rx_buffer = remote_release_rx,
#endif
	},
	.start = remote_start,
	.rx = remote_rx,
	.take_tx = remote_take_tx,
#if RPMSG_VIRTIO_ONE_CALL_SEND
	.post_tx = remote_post_tx,
	.untake_tx = remote_untake_tx,
#endif
};

#endif /* RPMSG_CFG_REMOTE_ROLE */
