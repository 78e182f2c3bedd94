/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the two process transports (shared-memory carveout, vhost-user)
 * share once a link is up: two service threads and the peer's departure.
 *
 *  - rx thread: doorbell of the receive queue -> rpmsg_virtio_notified(),
 *    which runs endpoint callbacks;
 *  - control thread: the socket (the transport's @on_socket reads it),
 *    and the doorbell of the send queue -> senders woken.
 * They are separate because a callback may block in a send waiting for a
 * buffer: the doorbell announcing that buffer, and the peer's death, must
 * still be handled then (stopping the device is what releases such a
 * sender with -EPIPE).
 *
 * The peer is gone when its socket closes, when it breaks a ring, or when
 * the transport says so. What it published before leaving is delivered
 * before the device stops: the control thread that sees the socket close
 * fails the senders at once (rpmsg_device_peer_lost(), which releases a
 * callback blocked in a send) and leaves the rest to the rx thread, the
 * only one that delivers, which empties the ring and then stops the
 * device. The device is stopped once, by whoever stops it first; a
 * second thread that gets there waits for that stop to finish.
 * The peer is declared gone, and waiters woken, only after the stop: a
 * caller of rpmsg_link_service_wait_gone() finds the channels removed.
 */
#ifndef RPMSG_LINK_SERVICE_H
#define RPMSG_LINK_SERVICE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg_virtio.h>

#include "peer_fd.h"

/**
 * struct rpmsg_link_service - service threads and peer state of one link
 * @vdev: the device (set before rpmsg_link_service_start())
 * @rx_bell, @tx_bell: descriptors rung by the peer for the receive and
 *                     the send queue
 * @rx_kind, @tx_kind: what they are (peer_fd.h), which says how they are
 *                     read
 * @sock: the connection to the peer (shut down when it is gone)
 * @on_socket: the socket is readable: read it; 0 to go on, non-zero when
 *             the peer has gone or broken the protocol
 * @ctx: argument of @on_socket
 * The other fields are private.
 */
struct rpmsg_link_service {
	struct rpmsg_virtio_device *vdev;
	int rx_bell;
	int tx_bell;
	enum rpmsg_fd_kind rx_kind;
	enum rpmsg_fd_kind tx_kind;
	int sock;
	int (*on_socket)(void *ctx);
	void *ctx;
	int quit_fd;
	int left_fd; /* the control thread saw the peer leave */
	pthread_t rx_thread;
	pthread_t ctl_thread;
	bool rx_running;
	bool ctl_running;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool ready;
	bool device_live; /* vdev may be stopped (initialised) */
	bool gone;
	bool stopped;
	bool stop_done; /* the device's stop has returned */
};

/* Prepare: no threads yet, every descriptor -1. 0 or -errno. */
int rpmsg_link_service_init(struct rpmsg_link_service *s);

/* Start both threads. 0 or -ENOMEM. */
int rpmsg_link_service_start(struct rpmsg_link_service *s);

/* Stop the device once (the link stays until the peer is gone). */
void rpmsg_link_service_stop_device(struct rpmsg_link_service *s);

/* The peer is gone: stop the device once, shut the socket, wake waiters. */
void rpmsg_link_service_peer_gone(struct rpmsg_link_service *s);

/* Wait until the peer is gone: 0, or -ETIMEDOUT. */
int rpmsg_link_service_wait_gone(struct rpmsg_link_service *s,
				 uint32_t timeout_ms);

/* True once the peer is gone. */
bool rpmsg_link_service_is_gone(struct rpmsg_link_service *s);

/* End both threads, stop the device once, free what init took. Does
 * nothing when init failed or never ran (on zeroed memory). */
void rpmsg_link_service_destroy(struct rpmsg_link_service *s);

#endif /* RPMSG_LINK_SERVICE_H */
