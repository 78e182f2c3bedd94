// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-virtio: the public entry points (rpmsg_virtio.h). rpmsg_virtio_init()
 * chooses the role table from the configuration; everything after calls
 * the role through it (start, receive) or the common code.
 *
 * Locking as in virtio_common.c: the bus lock covers both virtqueues.
 */
#include <string.h>

#include "virtio_internal.h"

#define IS_HOST(vdev) rpmsg_virtio_is_host(vdev)

/* Refuse with -EINVAL and record @text (in *why, the device's reason). */
#define BAD(text) RPMSG_REFUSE(*why, -EINVAL, text)

/* Whether a buffer of @size bytes holds the 16-byte header and a length
 * the header's 16 bits can state. */
static bool buf_size_ok(unsigned int size)
{
	return size > RPMSG_HDR_SIZE && size <= 0xFFFFu + RPMSG_HDR_SIZE;
}

/* Whether @n buffers of @size bytes from @va lie inside @mem. */
static bool area_in_mem(const struct rpmsg_mem *mem, const void *va,
			unsigned int n, unsigned int size)
{
	size_t bytes = (size_t)n * size;
	uint64_t da;

	return bytes / size == n && !rpmsg_mem_va_to_da(mem, va, bytes, &da);
}

/* Fill in the tx pool's defaults (half of num_bufs, buf_size, right after
 * the rx buffers), so that the checks below and the host role see one
 * description. */
static void host_pool_defaults(struct rpmsg_virtio_config *cfg)
{
	unsigned int rx_n;

	if (!cfg->tx_num_bufs)
		cfg->tx_num_bufs = cfg->num_bufs / 2; /* odd: refused below */
	if (!cfg->tx_buf_size)
		cfg->tx_buf_size = cfg->buf_size;
	rx_n = cfg->num_bufs - cfg->tx_num_bufs;
	if (!cfg->tx_buffers && cfg->buffers)
		cfg->tx_buffers = (uint8_t *)cfg->buffers + (size_t)rx_n *
							    cfg->buf_size;
}

/* What a host needs besides, the buffer pool foremost. */
static int check_host_config(const struct rpmsg_virtio_config *cfg,
			     bool halves, const char **why)
{
	const struct rpmsg_virtio_link_ops *l = cfg->link;
	unsigned int rx_n = cfg->num_bufs - cfg->tx_num_bufs;
	uintptr_t rx = (uintptr_t)cfg->buffers, tx = (uintptr_t)cfg->tx_buffers;

	/* A remote that writes its own buffer size whatever the descriptor
	 * says would write past smaller buffers into their neighbours. */
	if ((cfg->peer & RPMSG_PEER_BUF_512) &&
	    cfg->buf_size < RPMSG_PEER_LITE_BUF_SIZE)
		return BAD("buf_size is below the 512 bytes this peer writes");
	if (!l->set_status || !l->get_device_features ||
	    !l->set_driver_features)
		return BAD("a host's link ops need set_status, "
			   "get_device_features and set_driver_features");
	if (!cfg->buffers || !cfg->buf_state)
		return BAD("a host needs buffers and buf_state");
	if (halves && (cfg->num_bufs < 2 || (cfg->num_bufs & 1u)))
		return BAD("num_bufs must be even and at least 2 (or "
			   "tx_num_bufs set)");
	if (cfg->tx_num_bufs >= cfg->num_bufs || rx_n > cfg->vring_num ||
	    cfg->tx_num_bufs > cfg->vring_num)
		return BAD("each direction needs 1..vring_num of num_bufs");
	if (!buf_size_ok(cfg->tx_buf_size))
		return BAD("tx_buf_size must be 17..65551 (or 0)");
	if (!area_in_mem(cfg->mem, cfg->buffers, rx_n, cfg->buf_size) ||
	    !area_in_mem(cfg->mem, cfg->tx_buffers, cfg->tx_num_bufs,
			 cfg->tx_buf_size))
		return BAD("the buffer pool is not inside mem");
	/* Both areas are inside mem, so these sums cannot wrap. */
	if (rx < tx + (size_t)cfg->tx_num_bufs * cfg->tx_buf_size &&
	    tx < rx + (size_t)rx_n * cfg->buf_size)
		return BAD("tx_buffers overlaps the rx buffers");
	return 0;
}

static int check_config(const struct rpmsg_virtio_config *cfg, bool halves,
			const char **why)
{
	const struct rpmsg_virtio_link_ops *l = cfg->link;
	bool split = cfg->vring_avail[0] || cfg->vring_avail[1] ||
		     cfg->vring_used[0] || cfg->vring_used[1];

	if (cfg->role != RPMSG_VIRTIO_HOST && cfg->role != RPMSG_VIRTIO_REMOTE)
		return BAD("role is neither host nor remote");
	if ((!RPMSG_CFG_HOST_ROLE && cfg->role == RPMSG_VIRTIO_HOST) ||
	    (!RPMSG_CFG_REMOTE_ROLE && cfg->role == RPMSG_VIRTIO_REMOTE))
		return BAD("this role is compiled out (RPMSG_CFG_HOST_ROLE, "
			   "RPMSG_CFG_REMOTE_ROLE)");
	if (cfg->features & RPMSG_VIRTIO_COMPILED_OUT_FEATURES)
		return RPMSG_REFUSE(*why, -ENOTSUP,
				    "features asks for what is compiled out "
				    "(RPMSG_CFG_NS, RPMSG_CFG_EVENT_IDX)");
	if (!l || !l->get_status || !l->get_driver_features || !l->notify)
		return BAD("link ops need get_status, get_driver_features "
			   "and notify");
	if (cfg->role == RPMSG_VIRTIO_REMOTE && !cfg->mem && !cfg->vring[0] &&
	    !cfg->vring[1] && !cfg->slots[0] && !cfg->slots[1] && !split &&
	    !cfg->vring_num)
		goto checked_rings; /* rpmsg_virtio_set_rings() before start */
	if (!cfg->mem || !cfg->vring[0] || !cfg->vring[1] || !cfg->slots[0] ||
	    !cfg->slots[1])
		return BAD("mem, both vring and both slots are needed (a "
			   "remote may leave all of them for later)");
	if (split && (!cfg->vring_avail[0] || !cfg->vring_avail[1] ||
		      !cfg->vring_used[0] || !cfg->vring_used[1]))
		return BAD("split rings need vring_avail and vring_used of "
			   "both queues");
	if (!rpmsg_vring_size(cfg->vring_num, split ? 4u : cfg->vring_align))
		return BAD("vring_num is not a power of two up to "
			   "RPMSG_VRING_MAX_NUM, or vring_align is not a "
			   "power of two");
checked_rings:
	if (!buf_size_ok(cfg->buf_size))
		return BAD("buf_size must be 17..65551 (a 16-byte header and "
			   "a 16-bit length)");
	if (cfg->peer & ~RPMSG_PEER_ALL_FLAGS)
		return BAD("peer has flags this version does not know");
	/* With the host role compiled out the role is the remote here. */
	if (!RPMSG_CFG_HOST_ROLE || cfg->role == RPMSG_VIRTIO_REMOTE)
		return 0;
	return check_host_config(cfg, halves, why);
}

#undef BAD

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
	const struct rpmsg_virtio_role_ops *role;
	bool halves;
	int rc;

	if (!vdev || !cfg)
		return -EINVAL;
	/* Zeroed first, so that a refusal's reason has a place to stay.
	 * A host's copy is checked, with its pool's defaults filled in;
	 * a remote's own (the same fields, closer at hand on small cores). */
	memset(vdev, 0, sizeof(*vdev));
	vdev->cfg = *cfg;
	halves = !cfg->tx_num_bufs;
	if (RPMSG_CFG_HOST_ROLE && cfg->role == RPMSG_VIRTIO_HOST) {
		host_pool_defaults(&vdev->cfg);
		cfg = &vdev->cfg;
	}
	rc = check_config(cfg, halves, &vdev->bus.why);
	if (rc)
		return rc;
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
	role = cfg->role == RPMSG_VIRTIO_HOST ? &rpmsg_virtio_host_role
					      : &rpmsg_virtio_remote_role;
#elif RPMSG_CFG_HOST_ROLE
	role = &rpmsg_virtio_host_role;
#else
	role = &rpmsg_virtio_remote_role;
#endif
	rc = rpmsg_device_init(&vdev->bus, &role->bus, cfg->os, cfg->os_ctx);
	if (rc)
		return rc;
	vdev->cfg.features &= RPMSG_VIRTIO_SUPPORTED_FEATURES;
	/* The host never asks for what the peer must not be granted; what
	 * a remote offers is its transport's (rpmsg_peer_features()). */
	if (IS_HOST(vdev))
		vdev->cfg.features =
			rpmsg_peer_features(cfg->peer, vdev->cfg.features);
	vdev->rvq_index = IS_HOST(vdev) ? 0 : 1;
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
	rc = rpmsg_virtio_role_of(vdev)->start(vdev, timeout_ms);
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
	return rpmsg_virtio_role_of(vdev)->rx(vdev);
}

int rpmsg_virtio_poll(struct rpmsg_virtio_device *vdev)
{
	if (!vdev || !vdev->bus.os)
		return -EINVAL;
	/* The rx function also wakes senders waiting for a buffer, under
	 * the one lock it takes: an idle poll costs one lock round trip. */
	rpmsg_virtio_tx_ready_check(vdev);
	return rpmsg_virtio_role_of(vdev)->rx(vdev);
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

int rpmsg_virtio_rx_pending(struct rpmsg_virtio_device *vdev)
{
	bool pending;

	if (!vdev || !vdev->bus.os)
		return -EINVAL;
	rpmsg_bus_lock(&vdev->bus);
	pending = vdev->started && vdev->delivering &&
		  rpmsg_vq_pending(&vdev->rvq);
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
