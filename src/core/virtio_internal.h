/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the host and remote halves of rpmsg-virtio. */
#ifndef RPMSG_VIRTIO_INTERNAL_H
#define RPMSG_VIRTIO_INTERNAL_H

#include <rpmsg/rpmsg_transport.h>
#include <rpmsg/rpmsg_virtio.h>

#include "bus_internal.h"
#include "mem_internal.h"
#include "diag.h"

/* The bus is the first member of the device, so the pointers are equal;
 * through void * because the device is more aligned than the bus on 32-bit
 * targets (-Wcast-align). */
#define to_vdev(d) ((struct rpmsg_virtio_device *)(void *)(d))

/* The 16-byte rpmsg header, parsed into CPU order. */
struct rpmsg_hdr_fields {
	uint32_t src;
	uint32_t dst;
	uint16_t len;
};

void rpmsg_virtio_write_hdr(struct rpmsg_virtio_device *vdev, void *buf,
			    uint32_t src, uint32_t dst, size_t len);

/* Parse the header of a received buffer of which @avail bytes are valid.
 * Return: 0, or -EBADMSG if the header or its length does not fit. */
int rpmsg_virtio_read_hdr(struct rpmsg_virtio_device *vdev, const void *buf,
			  uint32_t avail, struct rpmsg_hdr_fields *out);

/* Absolute deadline for a timeout in ms (UINT64_MAX for none). */
uint64_t rpmsg_virtio_deadline(struct rpmsg_virtio_device *vdev,
			       uint32_t timeout_ms);

/* Transport op: reserve a tx buffer, waiting up to @timeout_ms (0: not at
 * all) for the peer to give one back. */
int rpmsg_virtio_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			       uint32_t *size, uint32_t timeout_ms);

/*
 * The one-call send (struct rpmsg_transport_ops.send): buffer, header,
 * copy, ring and doorbell decision in one lock section. Only where there
 * is a lock to save (RPMSG_CFG_CONCURRENT): in one context the bus's
 * three calls take no lock, and the code stays smaller.
 */
#define RPMSG_VIRTIO_ONE_CALL_SEND RPMSG_CFG_CONCURRENT
#if RPMSG_VIRTIO_ONE_CALL_SEND
int rpmsg_virtio_send(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
		      const void *data, size_t len, uint32_t timeout_ms);
#endif

/* Write the header of tx buffer @buf and clean it with its @len bytes of
 * payload, for the role's post_tx; lock held. */
static inline void rpmsg_virtio_seal(struct rpmsg_virtio_device *vdev,
				     uint8_t *buf, uint32_t src, uint32_t dst,
				     size_t len)
{
	rpmsg_virtio_write_hdr(vdev, buf, src, dst, len);
	rpmsg_mem_clean_fast(vdev->cfg.mem, buf, RPMSG_HDR_SIZE + len);
}

/* Deliver one received message; called and returns with the lock held. */
int rpmsg_virtio_deliver(struct rpmsg_virtio_device *vdev, void *buf,
			 uint32_t avail);

/* Attach virtqueue @i (0 or 1) to its ring in @role; bus lock held. */
int rpmsg_virtio_attach_ring(struct rpmsg_virtio_device *vdev, unsigned int i,
			     enum rpmsg_vq_role role);

/**
 * struct rpmsg_virtio_role_ops - one role of rpmsg-virtio, as the common code
 * and the public entry points see it (chosen by rpmsg_virtio_init() from
 * the configuration, as Linux's rpmsg core is handed a backend's ops at
 * probe): the common code calls a role only through this table and never
 * names one, so a role calls the common code (downwards) and is never
 * called back by name.
 * @bus: the transport operations the bus calls; first, so that the
 *       device's bus.ops, which points here, finds the whole table
 * @start: attach the rings and run the role's half of the start-up,
 *         waiting up to @timeout_ms where the role waits for the peer
 * @rx: deliver what the peer sent; the number delivered or -EIO
 * @take_tx: a free tx buffer and its capacity, or NULL (with *@err set
 *           for a broken ring); vdev->last_tx_id names it for @post_tx;
 *           lock held
 * @post_tx: put tx buffer @tok (from @take_tx), sealed
 *           (rpmsg_virtio_seal()), on the ring with @len bytes after the
 *           header; 0 or a negative errno (the buffer is then the role's
 *           again); *@kick: the peer wants a doorbell; lock held
 *           (RPMSG_VIRTIO_ONE_CALL_SEND only, like @untake_tx)
 * @untake_tx: take back tx buffer @tok (from @take_tx) unsent, waking a
 *             sender that waits for one; lock held
 */
struct rpmsg_virtio_role_ops {
	struct rpmsg_transport_ops bus;
	int (*start)(struct rpmsg_virtio_device *vdev, uint32_t timeout_ms);
	int (*rx)(struct rpmsg_virtio_device *vdev);
	uint8_t *(*take_tx)(struct rpmsg_virtio_device *vdev, uint32_t *cap,
			    int *err);
#if RPMSG_VIRTIO_ONE_CALL_SEND
	int (*post_tx)(struct rpmsg_virtio_device *vdev, uint8_t *buf,
		       long tok, size_t len, bool *kick);
	void (*untake_tx)(struct rpmsg_virtio_device *vdev, long tok);
#endif
};

/* The tables, named only where rpmsg_virtio_init() chooses one. */
extern const struct rpmsg_virtio_role_ops rpmsg_virtio_host_role;
extern const struct rpmsg_virtio_role_ops rpmsg_virtio_remote_role;

static inline const struct rpmsg_virtio_role_ops *
rpmsg_virtio_role_of(const struct rpmsg_virtio_device *vdev)
{
	/* A pointer to the first member converts to one to the struct. */
	return (const struct rpmsg_virtio_role_ops *)(const void *)vdev->bus.ops;
}

/* Whether @vdev is a host, for what differs in data rather than in code
 * (which ring direction to enable, which counters say a tx buffer is
 * free, which configuration fields must be set): a constant when one role
 * is compiled out (RPMSG_CFG_HOST_ROLE, RPMSG_CFG_REMOTE_ROLE). */
#if RPMSG_CFG_HOST_ROLE && RPMSG_CFG_REMOTE_ROLE
#define rpmsg_virtio_is_host(vdev) ((vdev)->cfg.role == RPMSG_VIRTIO_HOST)
#elif RPMSG_CFG_HOST_ROLE
#define rpmsg_virtio_is_host(vdev) ((void)(vdev), true)
#else
#define rpmsg_virtio_is_host(vdev) ((void)(vdev), false)
#endif

/* Count a message or buffer of the peer's refused by the ring checks of
 * @vq, and keep their reason for rpmsg_device_why(); lock held. */
static inline void rpmsg_virtio_count_bad(struct rpmsg_virtio_device *vdev,
					  const struct rpmsg_virtqueue *vq)
{
	vdev->bus.stats.bad++;
	RPMSG_WHY(vdev->bus.why, vq->why);
}

/* Remote: vdev->tx_spare when no released tx buffer is kept. */
#define RPMSG_VIRTIO_NO_SPARE 0xFFFFu

/* The tx-ready callback to call once the lock is dropped (and *@priv for
 * it), or NULL: fires when armed and a tx buffer can be had. Lock held. */
rpmsg_tx_ready_cb_t rpmsg_virtio_tx_ready(struct rpmsg_virtio_device *vdev,
					  void **priv);

/* Call what rpmsg_virtio_tx_ready() returned; lock not held. */
void rpmsg_virtio_tx_ready_call(struct rpmsg_virtio_device *vdev,
				rpmsg_tx_ready_cb_t cb, void *priv);

/* Fire the tx-ready event if it is armed and due; lock not held. */
void rpmsg_virtio_tx_ready_fire(struct rpmsg_virtio_device *vdev);

/* Armed only after a failed try send: on the fast path one relaxed load,
 * inline, and no lock (armed is written under the lock with single
 * atomic stores). */
static inline void rpmsg_virtio_tx_ready_check(struct rpmsg_virtio_device *vdev)
{
	if (rpmsg_relaxed_load_bool(&vdev->bus.tx_ready_armed))
		rpmsg_virtio_tx_ready_fire(vdev);
}

/* Set up the attached virtqueues for the peer's behaviours; lock held. */
void rpmsg_virtio_peer_apply(struct rpmsg_virtio_device *vdev);

#endif /* RPMSG_VIRTIO_INTERNAL_H */
