/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bus seen from below: what a transport calls to run a device.
 * Applications do not need this header.
 */
#ifndef RPMSG_TRANSPORT_H
#define RPMSG_TRANSPORT_H

#include <rpmsg/rpmsg.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * rpmsg_device_init() - prepare a bus instance
 * @dev: the device
 * @ops: the transport's operations
 * @os: OS port (every operation required)
 * @os_ctx: passed to the OS operations
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_device_init(struct rpmsg_device *dev,
		      const struct rpmsg_transport_ops *ops,
		      const struct rpmsg_os_ops *os, void *os_ctx);

/**
 * rpmsg_device_ready() - the link is up with the features negotiated
 * @dev: the device
 * @ns: the name service was negotiated: bind address 53 and announce the
 *      channels that want it
 * @little_endian: VIRTIO_F_VERSION_1 was negotiated
 *
 * Return: 0, or a negative errno from binding the name service.
 */
int rpmsg_device_ready(struct rpmsg_device *dev, bool ns, bool little_endian);

/**
 * rpmsg_device_dispatch() - deliver one inbound message
 * @dev: the device
 * @src: the sender's address, from the message header
 * @dst: the addressed endpoint, from the message header
 * @data: the payload
 * @len: its length
 *
 * Calls the callback of the endpoint bound to @dst without any lock held.
 * The transport must not run two dispatches of one device at once.
 *
 * Return: 1 if the callback held the buffer (the transport must not reuse
 * it until release_rx_buffer), 0 if it may be returned, -ENOENT if no
 * endpoint is bound to @dst (counted as dropped).
 */
int rpmsg_device_dispatch(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
			  void *data, size_t len);

/**
 * rpmsg_device_peer_lost() - the peer has gone, what it sent not yet read
 * @dev: the device
 *
 * Marks the device dead for senders: sends fail with -EPIPE from now on
 * and senders waiting for a buffer wake with -EPIPE. Receiving is not
 * touched: endpoints, channels and dispatch stay, so that a transport can
 * deliver what the peer published before leaving (a callback blocked in
 * a send to the peer is released for that) and then call
 * rpmsg_device_teardown().
 */
void rpmsg_device_peer_lost(struct rpmsg_device *dev);

/**
 * rpmsg_device_teardown() - the link is gone
 * @dev: the device
 *
 * Marks the device dead (sends fail with -EPIPE, waiters wake), removes
 * every channel with its driver's remove callback and unbinds the name
 * service. User endpoints stay bound until destroyed by their owner.
 */
void rpmsg_device_teardown(struct rpmsg_device *dev);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_TRANSPORT_H */
