/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user transport (Linux): rpmsg between a virtual machine's virtio
 * driver and a process, or between two processes.
 *
 * vhost-user (QEMU docs/interop/vhost-user.rst) splits a virtio device in
 * two over a UNIX stream socket: the frontend (a VMM such as QEMU or User
 * Mode Linux's virtio_uml) owns guest memory and the driver; the backend
 * implements the device. Memory arrives as file descriptors with a table
 * of address ranges, doorbells as eventfds (kick: frontend -> backend,
 * call: backend -> frontend).
 *
 *   backend  = librpmsg's remote role (the virtio device, ID 7). A guest
 *              running Linux's virtio_rpmsg_bus sees it as its remote
 *              processor.
 *   frontend = librpmsg's host role (the virtio driver). It shares a
 *              sealed memfd holding the rings and the buffer pool.
 *
 * Everything the frontend sends is validated before use: message sizes,
 * file descriptors, memory regions (overlap, overflow, file size), ring
 * sizes and every ring part's placement inside one region; descriptor
 * addresses are then checked by the core on every use.
 *
 * Threads: once started, each side runs an rx thread (doorbell of the
 * receive queue -> endpoint callbacks) and a control thread (socket,
 * doorbell of the send queue -> senders woken), for the reason given in
 * rpmsg_shm.h: a callback may block in a send waiting for a buffer.
 */
#ifndef RPMSG_VHOST_USER_H
#define RPMSG_VHOST_USER_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_access.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_vhost_user;

/* Longest socket path accepted (sockaddr_un's sun_path, with its NUL). */
#define RPMSG_VHOST_USER_PATH_MAX 107

/**
 * struct rpmsg_vhost_user_config - how to build one side
 * @path: the socket: a file system path, or "@name" for an abstract one
 * @features: backend: offered; frontend: wanted (0: name service,
 *            EVENT_IDX and VERSION_1)
 * @peer: RPMSG_PEER_* behaviours of the other side (0: Linux-like)
 * @vring_num: frontend: entries per ring (0: 256); backend: the largest
 *             ring a frontend may ask for (0: 1024)
 * @buf_size: bytes per buffer, header included (0: 512); the backend
 *            offers senders at most this much of each host buffer
 * @num_bufs: frontend: buffers in the pool, half rx and half tx
 *            (0: twice @vring_num)
 * @access: who may be the peer besides our own user and root
 *          (rpmsg_access.h): a backend hangs up on any other frontend and
 *          goes on waiting; a frontend refuses a backend of anyone else
 *          (-EACCES). A VMM running as another user needs its group here.
 */
struct rpmsg_vhost_user_config {
	const char *path;
	uint64_t features;
	uint32_t peer;
	unsigned int vring_num;
	unsigned int buf_size;
	unsigned int num_bufs;
	struct rpmsg_access access;
};

/**
 * rpmsg_vhost_user_backend_create() - listen for a frontend
 * @out: set to the new link
 * @cfg: configuration (copied; @path is copied too)
 *
 * The socket listens when this returns, so a VMM may be launched at once.
 * A stale socket file at @path is replaced; any other file is left alone.
 * Register drivers and create channels on rpmsg_vhost_user_bus(), then
 * call rpmsg_vhost_user_start(). One frontend per link: after it leaves,
 * destroy the link and create another to serve the next.
 *
 * Return: 0; -EINVAL for a bad @cfg or path; -EADDRINUSE when something
 * other than a socket is at @path; -ENOMEM; another -errno from socket().
 */
int rpmsg_vhost_user_backend_create(struct rpmsg_vhost_user **out,
				    const struct rpmsg_vhost_user_config *cfg);

/**
 * rpmsg_vhost_user_frontend_create() - prepare the host side
 * @out: set to the new link
 * @cfg: configuration (copied)
 *
 * Allocates the shared memory (rings and pool in one sealed memfd) and the
 * device; nothing is connected until rpmsg_vhost_user_start().
 *
 * Return: 0, -EINVAL for a bad @cfg, -ENOMEM, or another -errno.
 */
int rpmsg_vhost_user_frontend_create(struct rpmsg_vhost_user **out,
				     const struct rpmsg_vhost_user_config *cfg);

/**
 * rpmsg_vhost_user_start() - bring the link up
 * @link: either side
 * @timeout_ms: backend: how long to wait for a frontend to connect and
 *              set up both rings; frontend: how long to keep retrying
 *              connect() while no backend listens, and to wait for each
 *              reply (RPMSG_TIMEOUT_FOREVER allowed)
 *
 * Backend: a frontend that connected has 60 s (or what is left of
 * @timeout_ms, if less) to make both rings live, and 10 s for each of its
 * messages; one that stalls ends this start with -ECONNABORTED rather
 * than keeping the backend from the next frontend.
 *
 * Return: 0; -ETIMEDOUT; -EPIPE (the peer left during set-up);
 * -ECONNABORTED (backend: the frontend stalled in set-up); -EPROTO
 * (the peer broke the protocol; the connection is closed); -EACCES
 * (frontend: the backend is a process of a user the configuration does not
 * admit); -EINVAL; another -errno.
 */
int rpmsg_vhost_user_start(struct rpmsg_vhost_user *link, uint32_t timeout_ms);

/** rpmsg_vhost_user_bus() - the bus of @link (for the rpmsg_* API), or NULL */
struct rpmsg_device *rpmsg_vhost_user_bus(struct rpmsg_vhost_user *link);

/** rpmsg_vhost_user_vdev() - the rpmsg-virtio device of @link, or NULL */
struct rpmsg_virtio_device *rpmsg_vhost_user_vdev(struct rpmsg_vhost_user *link);

/**
 * rpmsg_vhost_user_wait_peer_gone() - wait until the peer leaves
 * @link: the link
 * @timeout_ms: milliseconds, or RPMSG_TIMEOUT_FOREVER
 *
 * The peer is gone when its socket closes, when it stops or disables a
 * ring or resets the device (frontend), or when it breaks a ring. The
 * device is then stopped: channels removed, senders failed with -EPIPE.
 *
 * Return: 0 once gone, -ETIMEDOUT, -EINVAL.
 */
int rpmsg_vhost_user_wait_peer_gone(struct rpmsg_vhost_user *link,
				    uint32_t timeout_ms);

/** rpmsg_vhost_user_peer_gone() - true once the peer has left (or NULL) */
bool rpmsg_vhost_user_peer_gone(struct rpmsg_vhost_user *link);

/**
 * rpmsg_vhost_user_destroy() - stop, join the threads, unmap, close
 * @link: the link, or NULL
 *
 * The backend also removes its socket file. NULL is ignored.
 */
void rpmsg_vhost_user_destroy(struct rpmsg_vhost_user *link);

/*
 * The minimal remote profile (rpmsg_mini.h) as a vhost-user backend, for
 * testing firmware code against a real driver (Linux in a virtual
 * machine): one thread runs everything, as on the firmware. Each time the
 * frontend has set both rings up and enabled them, the device is
 * initialised on them (rpmsg_mini_init(), then the endpoints are added)
 * and DRIVER_OK is set; whatever changes a ring, the memory or the
 * features afterwards clears it until the rings are up again (a guest
 * that unbinds and binds its driver gets a fresh device and a new
 * announcement). The rings must have the legacy contiguous layout, which
 * Linux's virtio drivers use, and the frontend's memory one region of at
 * most 4 GiB; the event index is not offered.
 */

/**
 * rpmsg_vhost_user_mini_create() - listen for a frontend to serve with a
 * minimal remote
 * @out: set to the new link
 * @cfg: @path, @access and @vring_num (largest ring accepted, 0: 1024) as
 *       for rpmsg_vhost_user_backend_create(); @features: offered, of
 *       VIRTIO_RPMSG_F_NS and VIRTIO_F_VERSION_1 (0: both); the other
 *       members are not used
 * @m: the device, initialised by the link at each start
 * @epts: the endpoints to add at each start (each with @addr, @cb and
 *        @name set); they and @m must outlive the link
 * @n_epts: how many
 *
 * The socket listens when this returns. Then call
 * rpmsg_vhost_user_mini_run() until it returns -EPIPE, and
 * rpmsg_vhost_user_destroy(). rpmsg_vhost_user_bus(),
 * rpmsg_vhost_user_vdev() and rpmsg_vhost_user_start() do not apply
 * (NULL, -EINVAL).
 *
 * Return: 0; -EINVAL for a bad @cfg, a missing @m, an endpoint without a
 * callback or two at one address; -EADDRINUSE, -ENOMEM or another -errno
 * as for rpmsg_vhost_user_backend_create().
 */
int rpmsg_vhost_user_mini_create(struct rpmsg_vhost_user **out,
				 const struct rpmsg_vhost_user_config *cfg,
				 struct rpmsg_mini *m,
				 struct rpmsg_mini_ept *const *epts,
				 unsigned int n_epts);

/**
 * rpmsg_vhost_user_mini_run() - serve one round of the frontend's events
 * @link: a link made by rpmsg_vhost_user_mini_create()
 * @timeout_ms: how long to wait for an event (RPMSG_TIMEOUT_FOREVER
 *              allowed); the first call waits that long for the frontend
 *              to connect
 *
 * Answers the frontend's messages, starts the device when the rings are
 * up and, on its doorbells, runs rpmsg_mini_poll(): the endpoints'
 * callbacks run in this call.
 *
 * Return: the messages delivered (0 also when only the frontend's
 * messages or an announcement without a buffer were handled);
 * -ETIMEDOUT when nothing happened; -EPIPE once the frontend has gone;
 * -EPROTO when it broke the vhost-user protocol (the connection is
 * closed, later calls return -EPIPE); -EIO when it broke a ring (the
 * device stays down until the rings are set up again); -EINVAL.
 */
int rpmsg_vhost_user_mini_run(struct rpmsg_vhost_user *link,
			      uint32_t timeout_ms);

/**
 * rpmsg_vhost_user_mini_send() - rpmsg_mini_send(), waiting for a buffer
 * @link: a link made by rpmsg_vhost_user_mini_create()
 * @src: our address
 * @dst: the frontend's address
 * @data: payload
 * @len: its bytes
 * @timeout_ms: how long to wait for the frontend to give a buffer back
 *
 * May be called from an endpoint's callback. While waiting, only the
 * doorbell of the send queue is read: the frontend's messages wait until
 * the next rpmsg_vhost_user_mini_run().
 *
 * Return: as rpmsg_mini_send(); -EAGAIN when no buffer came in time or
 * the device is down.
 */
int rpmsg_vhost_user_mini_send(struct rpmsg_vhost_user *link, uint32_t src,
			       uint32_t dst, const void *data, uint32_t len,
			       uint32_t timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_VHOST_USER_H */
