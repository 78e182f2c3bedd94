// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-virtio, host role (virtio driver).
 *
 * Buffers 0 .. num_bufs - tx_num_bufs - 1 are the rx buffers (buf_size
 * bytes each, from cfg.buffers), posted on vq 0 for the remote to fill;
 * the rest are the tx pool (tx_buf_size bytes each, from cfg.tx_buffers;
 * rpmsg_virtio_init() filled in the defaults). tx buffers are handed out
 * fresh first, then recycled from vq 1's used ring. buf_state records who
 * holds each buffer so that zero-copy calls with a wrong or repeated
 * pointer are refused instead of corrupting the rings.
 */
#include <string.h>

#include "virtio_internal.h"

/* Compiled out by RPMSG_CFG_HOST_ROLE = 0 (rpmsg_config.h). */
#if RPMSG_CFG_HOST_ROLE

enum buf_state {
	BUF_IDLE = 0,	  /* tx: free in the pool; rx: not used */
	BUF_RESERVED = 1, /* tx: handed to a sender */
	BUF_POSTED = 2,	  /* on a ring, owned by the remote */
	BUF_HELD = 3,	  /* rx: kept by a callback */
	BUF_DELIVERING = 4 /* rx: its callback runs */
};

/* Number of rx buffers: the tx pool's first index in buf_state. */
static unsigned int num_rx(const struct rpmsg_virtio_device *vdev)
{
	return vdev->cfg.num_bufs - vdev->cfg.tx_num_bufs;
}

static uint8_t *rx_at(const struct rpmsg_virtio_device *vdev, unsigned int i)
{
	return (uint8_t *)vdev->cfg.buffers + (size_t)i * vdev->cfg.buf_size;
}

/* tx buffer @i of buf_state (i >= num_rx()). */
static uint8_t *tx_at(const struct rpmsg_virtio_device *vdev, unsigned int i)
{
	return (uint8_t *)vdev->cfg.tx_buffers +
	       (size_t)(i - num_rx(vdev)) * vdev->cfg.tx_buf_size;
}

/* Index of the buffer whose payload is @payload among @n buffers of @size
 * bytes from @area, or -1. */
static long area_index(const void *area, unsigned int n, unsigned int size,
		       const void *payload)
{
	uintptr_t base = (uintptr_t)area + RPMSG_HDR_SIZE;
	uintptr_t p = (uintptr_t)payload;
	size_t off;

	if (p < base)
		return -1;
	off = (size_t)(p - base);
	if (off % size || off / size >= n)
		return -1;
	return (long)(off / size);
}

/* buf_state index of the rx buffer whose payload is @payload, or -1. */
static long rx_index_of(const struct rpmsg_virtio_device *vdev,
			const void *payload)
{
	return area_index(vdev->cfg.buffers, num_rx(vdev), vdev->cfg.buf_size,
			  payload);
}

/* buf_state index of the tx buffer whose payload is @payload, or -1. */
static long tx_index_of(const struct rpmsg_virtio_device *vdev,
			const void *payload)
{
	long i = area_index(vdev->cfg.tx_buffers, vdev->cfg.tx_num_bufs,
			    vdev->cfg.tx_buf_size, payload);

	return i < 0 ? -1 : i + (long)num_rx(vdev);
}

static size_t host_mtu(struct rpmsg_device *dev)
{
	return to_vdev(dev)->cfg.tx_buf_size - RPMSG_HDR_SIZE;
}

/* A tx buffer for a sender, or NULL. Lock held. */
static uint8_t *host_take_tx(struct rpmsg_virtio_device *vdev, uint32_t *cap,
			     int *err)
{
	unsigned int i;
	uint32_t len;
	void *buf;
	long idx;
	int rc;

	*err = 0;
	*cap = vdev->cfg.tx_buf_size;
	if (vdev->tx_released) {
		for (i = num_rx(vdev); i < num_rx(vdev) + vdev->tx_fresh; i++) {
			if (vdev->cfg.buf_state[i] == BUF_IDLE) {
				vdev->tx_released--;
				vdev->cfg.buf_state[i] = BUF_RESERVED;
				vdev->last_tx_id = (uint16_t)i;
				return tx_at(vdev, i);
			}
		}
	}
	if (vdev->tx_fresh < vdev->cfg.tx_num_bufs) {
		i = num_rx(vdev) + vdev->tx_fresh++;
		vdev->cfg.buf_state[i] = BUF_RESERVED;
		vdev->last_tx_id = (uint16_t)i;
		return tx_at(vdev, i);
	}
	/* Bounded like the rx loop: each turn takes one used entry. */
	/*@ loop variant i; */
	for (i = vdev->svq.num; i; i--) {
		rc = rpmsg_vq_get_used(&vdev->svq, &buf, &len);
		if (rc == -EAGAIN)
			return NULL;
		if (rc == -EIO) {
			RPMSG_WHY(vdev->bus.why, vdev->svq.why);
			*err = -EIO;
			return NULL;
		}
		if (!buf) { /* an id we never posted: skip it */
			rpmsg_virtio_count_bad(vdev, &vdev->svq);
			continue;
		}
		/* A bad length on a tx buffer is harmless: we reuse it. */
		idx = tx_index_of(vdev, (uint8_t *)buf + RPMSG_HDR_SIZE);
		vdev->cfg.buf_state[idx] = BUF_RESERVED;
		vdev->last_tx_id = (uint16_t)idx;
		return buf;
	}
	return NULL; /* only bad entries: no buffer this time */
}

/* Index of a tx buffer reserved by a sender, else -1. Lock held. */
static long tx_index(struct rpmsg_virtio_device *vdev, const void *payload)
{
	long idx = tx_index_of(vdev, payload);

	if (idx < 0 || vdev->cfg.buf_state[idx] != BUF_RESERVED)
		return -1;
	return idx;
}

/* Tx buffer @tok back to the pool unsent. Lock held. */
static void host_untake_tx(struct rpmsg_virtio_device *vdev, long tok)
{
	vdev->cfg.buf_state[tok] = BUF_IDLE;
	vdev->tx_released++;
	/* A sender may be waiting for exactly this buffer. */
	if (vdev->tx_sleepers)
		rpmsg_bus_wake(&vdev->bus);
}

static int host_post_tx(struct rpmsg_virtio_device *vdev, uint8_t *buf,
			long tok, size_t len, bool *kick)
{
	int rc = rpmsg_vq_add_buf(&vdev->svq, buf,
				  (uint32_t)(RPMSG_HDR_SIZE + len), false);

	if (rc) {
		/* Not sent (broken ring): the buffer returns to the pool. */
		host_untake_tx(vdev, tok);
		return rc;
	}
	vdev->cfg.buf_state[tok] = BUF_POSTED;
	vdev->bus.stats.tx++;
	*kick = rpmsg_vq_kick_prepare(&vdev->svq);
	return 0;
}

static int host_send_nocopy(struct rpmsg_device *dev, uint32_t src,
			    uint32_t dst, void *payload, size_t len)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	bool kick = false;
	uint8_t *buf;
	long idx;
	int rc;

	if (len > host_mtu(dev))
		return -EMSGSIZE;
	rpmsg_bus_lock(dev);
	idx = tx_index(vdev, payload);
	if (idx < 0) {
		rpmsg_bus_unlock(dev);
		return -EINVAL;
	}
	if (dev->dead) {
		/* The buffer goes back to the pool, not to a dead peer. */
		host_untake_tx(vdev, idx);
		rpmsg_bus_unlock(dev);
		return -EPIPE;
	}
	buf = (uint8_t *)payload - RPMSG_HDR_SIZE;
	rpmsg_virtio_seal(vdev, buf, src, dst, len);
	rc = host_post_tx(vdev, buf, idx, len, &kick);
	rpmsg_bus_unlock(dev);
	if (kick)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->svq_index);
	return rc;
}

static int host_release_tx(struct rpmsg_device *dev, void *payload)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	long idx;

	rpmsg_bus_lock(dev);
	idx = tx_index(vdev, payload);
	if (idx >= 0)
		host_untake_tx(vdev, idx);
	rpmsg_bus_unlock(dev);
	rpmsg_virtio_tx_ready_check(vdev);
	return idx < 0 ? -EINVAL : 0;
}

/* Put rx buffer @i back on vq 0. Lock held. Return: whether to kick. */
static bool repost_rx(struct rpmsg_virtio_device *vdev, long i)
{
	if (rpmsg_vq_add_buf(&vdev->rvq, rx_at(vdev, (unsigned int)i),
			     vdev->cfg.buf_size, true))
		return false;
	vdev->cfg.buf_state[i] = BUF_POSTED;
	return true;
}

static int host_release_rx(struct rpmsg_device *dev, void *payload)
{
	struct rpmsg_virtio_device *vdev = to_vdev(dev);
	bool kick = false;
	long idx;

	rpmsg_bus_lock(dev);
	idx = rx_index_of(vdev, payload);
	if (idx < 0 || vdev->cfg.buf_state[idx] != BUF_HELD) {
		rpmsg_bus_unlock(dev);
		return -EINVAL;
	}
	if (repost_rx(vdev, idx))
		kick = rpmsg_vq_kick_prepare(&vdev->rvq);
	rpmsg_bus_unlock(dev);
	if (kick)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->rvq_index);
	return 0;
}

static int host_rx(struct rpmsg_virtio_device *vdev)
{
	struct rpmsg_device *dev = &vdev->bus;
	bool posted = false, kick = false;
	int rc = 0, delivered = 0;
	unsigned int budget;
	uint32_t len;
	void *buf;
	long idx;

	rpmsg_bus_lock(dev);
	/* Buffers may have come back too: wake senders waiting for one
	 * (rpmsg_virtio_poll() relies on this). */
	if (vdev->tx_sleepers)
		rpmsg_bus_wake(dev);
	/* One deliverer at a time keeps messages in ring order; a second
	 * caller leaves: the first one reads the ring until it is empty. */
	if (vdev->rx_busy || !vdev->delivering) {
		rpmsg_bus_unlock(dev);
		return 0;
	}
	vdev->rx_busy = true;
	/* At most one ring's worth of entries per call: a peer that keeps
	 * posting cannot keep the caller here (rpmsg_virtio_rx_pending()). */
	/* check: HOST-RX-BUDGET */
	/*@ loop variant budget; */
	for (budget = vdev->rvq.num; budget; budget--) {
		rc = rpmsg_vq_get_used(&vdev->rvq, &buf, &len);
		if (rc == -EAGAIN || rc == -EIO)
			break;
		if (!buf) {
			rpmsg_virtio_count_bad(vdev, &vdev->rvq);
			continue;
		}
		idx = rx_index_of(vdev, (uint8_t *)buf + RPMSG_HDR_SIZE);
		if (rc == 0 && len) {
			vdev->cfg.buf_state[idx] = BUF_DELIVERING;
			rc = rpmsg_virtio_deliver(vdev, buf, len);
			if (rc >= 0)
				delivered++;
			if (rc == 1) {
				vdev->cfg.buf_state[idx] = BUF_HELD;
				continue;
			}
		} else if (rc) {
			rpmsg_virtio_count_bad(vdev, &vdev->rvq);
		}
		posted |= repost_rx(vdev, idx);
	}
	if (rc == -EIO)
		RPMSG_WHY(dev->why, vdev->rvq.why);
	vdev->rx_busy = false;
	if (posted)
		kick = rpmsg_vq_kick_prepare(&vdev->rvq);
	rpmsg_bus_unlock(dev);
	if (kick)
		vdev->cfg.link->notify(vdev->cfg.link_ctx, vdev->rvq_index);
	return rc == -EIO ? -EIO : delivered;
}

static int host_start(struct rpmsg_virtio_device *vdev, uint32_t timeout_ms)
{
	const struct rpmsg_virtio_link_ops *l = vdev->cfg.link;
	void *ctx = vdev->cfg.link_ctx;
	uint8_t status = 0;
	unsigned int i;
	bool kick;
	int rc;

	(void)timeout_ms; /* the host does not wait for its peer */
	l->set_status(ctx, 0);
	status |= RPMSG_VIRTIO_STATUS_ACKNOWLEDGE;
	l->set_status(ctx, status);
	status |= RPMSG_VIRTIO_STATUS_DRIVER;
	l->set_status(ctx, status);
	vdev->features = l->get_device_features(ctx) & vdev->cfg.features;
	l->set_driver_features(ctx, vdev->features);
	status |= RPMSG_VIRTIO_STATUS_FEATURES_OK;
	l->set_status(ctx, status);
	if (!(l->get_status(ctx) & RPMSG_VIRTIO_STATUS_FEATURES_OK)) {
		l->set_status(ctx, RPMSG_VIRTIO_STATUS_FAILED);
		return RPMSG_REFUSE(vdev->bus.why, -EIO,
				    "the device refused the features "
				    "(FEATURES_OK not kept)");
	}

	rpmsg_bus_lock(&vdev->bus);
	for (i = 0; i < 2; i++) {
		rc = rpmsg_virtio_attach_ring(vdev, i, RPMSG_VQ_DRIVER);
		if (rc)
			goto fail;
	}
	rpmsg_virtio_peer_apply(vdev);
	memset(vdev->cfg.buf_state, BUF_IDLE, vdev->cfg.num_bufs);
	vdev->tx_fresh = 0;
	vdev->tx_released = 0;
	for (i = 0; i < num_rx(vdev); i++)
		repost_rx(vdev, (long)i);
	/* tx-complete notifications stay off until a sender waits. */
	rpmsg_vq_disable_cb(&vdev->svq);
	kick = rpmsg_vq_kick_prepare(&vdev->rvq);
	vdev->started = true;
	rpmsg_bus_unlock(&vdev->bus);

	l->set_status(ctx, status | RPMSG_VIRTIO_STATUS_DRIVER_OK);
	if (kick)
		l->notify(ctx, vdev->rvq_index);
	return 0;

fail:
	rpmsg_bus_unlock(&vdev->bus);
	l->set_status(ctx, RPMSG_VIRTIO_STATUS_FAILED);
	return rc;
}

const struct rpmsg_virtio_role_ops rpmsg_virtio_host_role = {
	.bus = {
		.get_mtu = host_mtu,
		.get_tx_buffer = rpmsg_virtio_get_tx_buffer,
		.send_nocopy = host_send_nocopy,
#if RPMSG_VIRTIO_ONE_CALL_SEND
		.send = rpmsg_virtio_send,
#endif
		.release_tx_buffer = host_release_tx,
		.release_rx_buffer = host_release_rx,
	},
	.start = host_start,
	.rx = host_rx,
	.take_tx = host_take_tx,
#if RPMSG_VIRTIO_ONE_CALL_SEND
	.post_tx = host_post_tx,
	.untake_tx = host_untake_tx,
#endif
};

#endif /* RPMSG_CFG_HOST_ROLE */
