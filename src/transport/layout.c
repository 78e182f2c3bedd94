// SPDX-License-Identifier: BSD-3-Clause
/*
 * Either role on a described region (rpmsg_layout.h), driven from the
 * caller's loop: the virtio configuration comes from the resource table
 * the description names, or from the description itself when nothing is
 * negotiated; the doorbell is the caller's callback.
 *
 * Freestanding: no allocation, no OS call. The state the link keeps
 * besides the device (started, kicked) is touched by the main loop and,
 * for @kicked and the check of @started, by rpmsg_layout_notified() from
 * an interrupt: both are flags read and written whole (no
 * read-modify-write), so the handler needs no lock of its own.
 * Everything else goes through the core, which takes the OS port's lock.
 *
 * Shared words go through the core's accessors (src/core/shm.h), which
 * need no library on Armv6-M. The status byte is read and written as
 * the aligned 32-bit word that holds it (status, num_of_vrings,
 * reserved[2]); only the host writes that word after the table exists.
 */
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_layout.h>
#include <rpmsg/rpmsg_rsc.h>

#include "../core/shm.h"
#include "layout_internal.h"

#define STATUS_READY                                                         \
	(RPMSG_VIRTIO_STATUS_ACKNOWLEDGE | RPMSG_VIRTIO_STATUS_DRIVER |      \
	 RPMSG_VIRTIO_STATUS_FEATURES_OK | RPMSG_VIRTIO_STATUS_DRIVER_OK)

static const struct rpmsg_layout *desc_of(const struct rpmsg_layout_link *k)
{
	return k->setup.layout;
}

static uint32_t *rsc32(struct rpmsg_layout_link *k, unsigned int off)
{
	return (uint32_t *)(void *)(k->vdev_rsc + off);
}

/* --- the virtio configuration: table or description ---------------------- */

/* The status byte's place in its word: the byte at the lowest address. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define STATUS_SHIFT 24u
#else
#define STATUS_SHIFT 0u
#endif

static uint8_t lk_get_status(void *ctx)
{
	struct rpmsg_layout_link *k = ctx;
	uint32_t *p;
	uint32_t w;

	if (!k->vdev_rsc && k->setup.role == RPMSG_VIRTIO_HOST)
		return k->status;
	if (!k->vdev_rsc)
		return (rpmsg_relaxed_load_bool(&k->kicked) ||
			(desc_of(k)->flags & RPMSG_LAYOUT_F_START_AT_ONCE))
			       ? STATUS_READY
			       : 0;
	p = rsc32(k, RPMSG_RSC_VDEV_STATUS);
	rpmsg_mem_invalidate(&k->mem, p, 4);
	w = rpmsg_shm_load32(p);
	/* Acquire: the rings the host set up before DRIVER_OK. */
	rpmsg_shm_fence();
	return (uint8_t)(w >> STATUS_SHIFT);
}

static void lk_set_status(void *ctx, uint8_t status)
{
	struct rpmsg_layout_link *k = ctx;
	uint32_t *p;
	uint32_t w;

	if (!k->vdev_rsc) {
		k->status = status;
		return;
	}
	p = rsc32(k, RPMSG_RSC_VDEV_STATUS);
	w = rpmsg_shm_load32(p) & ~(0xFFu << STATUS_SHIFT);
	/* Release: the rings before the status that announces them. */
	rpmsg_shm_fence();
	rpmsg_shm_store32(p, w | ((uint32_t)status << STATUS_SHIFT));
	rpmsg_mem_clean(&k->mem, p, 4);
}

static uint64_t lk_read_features(struct rpmsg_layout_link *k, unsigned int off)
{
	uint32_t *p, v;

	if (!k->vdev_rsc)
		return rpmsg_layout_offer(desc_of(k));
	p = rsc32(k, off);
	rpmsg_mem_invalidate(&k->mem, p, 4);
	v = rpmsg_shm_load32(p);
	rpmsg_shm_fence();
	return v;
}

static uint64_t lk_get_device_features(void *ctx)
{
	return lk_read_features(ctx, RPMSG_RSC_VDEV_DFEATURES);
}

static uint64_t lk_get_driver_features(void *ctx)
{
	return lk_read_features(ctx, RPMSG_RSC_VDEV_GFEATURES);
}

static void lk_set_driver_features(void *ctx, uint64_t features)
{
	struct rpmsg_layout_link *k = ctx;
	uint32_t *p;

	if (!k->vdev_rsc)
		return; /* nothing negotiated: both take the agreed set */
	p = rsc32(k, RPMSG_RSC_VDEV_GFEATURES);
	rpmsg_shm_fence();
	rpmsg_shm_store32(p, (uint32_t)features);
	rpmsg_mem_clean(&k->mem, p, 4);
}

static void lk_notify(void *ctx, unsigned int vq)
{
	struct rpmsg_layout_link *k = ctx;

	k->setup.kick(k->setup.kick_arg, vq);
}

static const struct rpmsg_virtio_link_ops layout_link_ops = {
	.get_status = lk_get_status,
	.set_status = lk_set_status,
	.get_device_features = lk_get_device_features,
	.get_driver_features = lk_get_driver_features,
	.set_driver_features = lk_set_driver_features,
	.notify = lk_notify,
};

/* --- set-up ---------------------------------------------------------------- */

/* The buffers' span: the only device addresses a peer may use. */
static int init_mem(struct rpmsg_layout_link *k)
{
	const struct rpmsg_layout *l = desc_of(k);
	uint64_t lo = l->bufs[0].offset, hi, end1;
	int rc;

	hi = lo + (uint64_t)l->bufs[0].count * l->bufs[0].size;
	end1 = l->bufs[1].offset + (uint64_t)l->bufs[1].count * l->bufs[1].size;
	if (l->bufs[1].offset < lo)
		lo = l->bufs[1].offset;
	if (end1 > hi)
		hi = end1;
	rc = rpmsg_mem_init_linear(&k->mem, (uint8_t *)k->setup.region + lo,
				   l->da + lo, (size_t)(hi - lo));
	if (rc)
		return rc;
	if (k->setup.mem_ops)
		k->mem.ops = k->setup.mem_ops;
	k->mem.priv = k->setup.mem_priv;
	return 0;
}

/* The table: written by a remote that brings it, checked by a host. */
static int init_table(struct rpmsg_layout_link *k)
{
	const struct rpmsg_layout *l = desc_of(k);
	uint8_t *table = (uint8_t *)k->setup.region + l->rsc_offset;
	uint32_t off = RPMSG_RSC_HDR_SIZE + 4u;
	int rc;

	if (l->rsc_offset == RPMSG_LAYOUT_NO_TABLE)
		return 0;
	if (k->setup.role == RPMSG_VIRTIO_REMOTE) {
		if (l->flags & RPMSG_LAYOUT_F_WRITE_TABLE) {
			rc = rpmsg_layout_write_table(l, k->setup.region);
			if (rc)
				return rc;
			rpmsg_mem_clean(&k->mem, table,
					RPMSG_LAYOUT_TABLE_SIZE);
		}
	}
	rpmsg_mem_invalidate(&k->mem, table, l->size - l->rsc_offset);
	rc = rpmsg_layout_find_vdev(l, k->setup.region, &off);
	if (rc)
		return rc;
	k->vdev_rsc = table + off;
	return 0;
}

static void fill_config(struct rpmsg_layout_link *k,
			struct rpmsg_virtio_config *vc)
{
	const struct rpmsg_layout_setup *s = &k->setup;
	const struct rpmsg_layout *l = s->layout;
	uint8_t *region = s->region;

	memset(vc, 0, sizeof(*vc));
	vc->role = s->role;
	vc->link = &layout_link_ops;
	vc->link_ctx = k;
	vc->os = s->os;
	vc->os_ctx = s->os_ctx;
	vc->mem = &k->mem;
	vc->vring[0] = region + l->ring[0].offset;
	vc->vring[1] = region + l->ring[1].offset;
	vc->vring_num = l->ring[0].num;
	vc->vring_align = l->ring[0].align;
	vc->slots[0] = s->slots;
	vc->slots[1] = s->slots + l->ring[0].num;
	vc->buf_size = l->bufs[0].size;
	vc->peer = l->peer;
	if (s->role == RPMSG_VIRTIO_HOST) {
		vc->buffers = region + l->bufs[0].offset;
		vc->num_bufs = l->bufs[0].count + l->bufs[1].count;
		vc->tx_buffers = region + l->bufs[1].offset;
		vc->tx_num_bufs = l->bufs[1].count;
		vc->tx_buf_size = l->bufs[1].size;
		vc->buf_state = s->buf_state;
		vc->features = l->features & 0xFFFFFFFFull;
	} else {
		vc->features = rpmsg_layout_offer(l);
	}
}

int rpmsg_layout_init(struct rpmsg_layout_link *link,
		      const struct rpmsg_layout_setup *setup)
{
	struct rpmsg_virtio_config vc;
	int rc;

	if (!link || !setup || !setup->region || !setup->os || !setup->kick ||
	    !setup->slots ||
	    (setup->role == RPMSG_VIRTIO_HOST && !setup->buf_state))
		return -EINVAL;
	rc = rpmsg_layout_check(setup->layout, setup->role);
	if (rc)
		return rc;
	memset(link, 0, sizeof(*link));
	link->setup = *setup;
	rc = init_mem(link);
	if (!rc)
		rc = init_table(link);
	if (rc)
		return rc;
	fill_config(link, &vc);
	return rpmsg_virtio_init(&link->vdev, &vc);
}

/* --- running ----------------------------------------------------------------- */

struct rpmsg_device *rpmsg_layout_bus(struct rpmsg_layout_link *link)
{
	return link ? &link->vdev.bus : NULL;
}

bool rpmsg_layout_started(const struct rpmsg_layout_link *link)
{
	return link && rpmsg_relaxed_load_bool(&link->started);
}

static int end_link(struct rpmsg_layout_link *k, int rc)
{
	/* Only the loop changes @started. */
	bool was = k->started;

	rpmsg_relaxed_store_bool(&k->started, false);
	k->failed = true;
	if (was)
		rpmsg_virtio_stop(&k->vdev);
	return rc;
}

int rpmsg_layout_poll(struct rpmsg_layout_link *link)
{
	int rc;

	if (!link || !link->setup.layout)
		return -EINVAL;
	if (link->failed)
		return -EPIPE;
	if (!link->started) {
		/* Remote: -EAGAIN until the host is ready; the wait is
		 * this loop. */
		rc = rpmsg_virtio_start(&link->vdev, 0);
		if (rc == -EAGAIN)
			return 0;
		if (rc) {
			link->failed = true;
			return rc;
		}
		rpmsg_relaxed_store_bool(&link->started, true);
		/* A doorbell rung during the start found it not yet up. */
		rc = rpmsg_virtio_poll(&link->vdev);
		return rc < 0 ? end_link(link, -EPIPE) : rc;
	}
	/* A host that withdrew DRIVER_OK has reset the device. */
	if (link->setup.role == RPMSG_VIRTIO_REMOTE && link->vdev_rsc &&
	    !(lk_get_status(link) & RPMSG_VIRTIO_STATUS_DRIVER_OK))
		return end_link(link, -EPIPE);
	rc = rpmsg_virtio_poll(&link->vdev);
	return rc < 0 ? end_link(link, -EPIPE) : rc;
}

int rpmsg_layout_notified(struct rpmsg_layout_link *link, unsigned int vq)
{
	if (!link || !link->setup.layout || vq > 1)
		return -EINVAL;
	if (!rpmsg_relaxed_load_bool(&link->started)) {
		/* Only the host rings a remote before it is up. */
		rpmsg_relaxed_store_bool(&link->kicked, true);
		return 0;
	}
	return rpmsg_virtio_notified(&link->vdev, vq);
}

void rpmsg_layout_stop(struct rpmsg_layout_link *link)
{
	if (link && link->setup.layout)
		end_link(link, 0);
}
