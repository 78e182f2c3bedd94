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

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_VHOST_USER_H */
