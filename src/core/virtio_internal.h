/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the host and remote halves of rpmsg-virtio. */
#ifndef RPMSG_VIRTIO_INTERNAL_H
#define RPMSG_VIRTIO_INTERNAL_H

#include <rpmsg/rpmsg_transport.h>
#include <rpmsg/rpmsg_virtio.h>

#include "bus_internal.h"
#include "mem_internal.h"

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

/* Take a free tx buffer (and its capacity in @len) or return NULL; sets
 * *@err for a broken ring. Lock held. */
typedef uint8_t *(*rpmsg_virtio_take_fn)(struct rpmsg_virtio_device *vdev,
					 uint32_t *len, int *err);

uint8_t *rpmsg_virtio_host_take_tx(struct rpmsg_virtio_device *vdev,
				   uint32_t *cap, int *err);
uint8_t *rpmsg_virtio_remote_take_tx(struct rpmsg_virtio_device *vdev,
				     uint32_t *cap, int *err);

/* Transport op: reserve a tx buffer, waiting up to @timeout_ms (0: not at
 * all) for the peer to give one back. */
int rpmsg_virtio_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			       uint32_t *size, uint32_t timeout_ms);

/* Deliver one received message; called and returns with the lock held. */
int rpmsg_virtio_deliver(struct rpmsg_virtio_device *vdev, void *buf,
			 uint32_t avail);

extern const struct rpmsg_transport_ops rpmsg_virtio_host_ops;
extern const struct rpmsg_transport_ops rpmsg_virtio_remote_ops;

/* Attach virtqueue @i (0 or 1) to its ring in @role; bus lock held. */
int rpmsg_virtio_attach_ring(struct rpmsg_virtio_device *vdev, unsigned int i,
			     enum rpmsg_vq_role role);
int rpmsg_virtio_host_start(struct rpmsg_virtio_device *vdev);
int rpmsg_virtio_host_rx(struct rpmsg_virtio_device *vdev);
int rpmsg_virtio_remote_start(struct rpmsg_virtio_device *vdev,
			      uint32_t timeout_ms);
int rpmsg_virtio_remote_rx(struct rpmsg_virtio_device *vdev);

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
