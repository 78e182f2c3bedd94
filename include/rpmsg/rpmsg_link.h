/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One handle for "a transport with a host or a remote on it".
 *
 * A struct rpmsg_link is created from a description (which transport,
 * which role, the peer's profile, the shape of the rings and pool, who
 * may be the peer), started, used through its bus (the rpmsg_* API of
 * rpmsg.h on rpmsg_link_bus()), and destroyed. The same calls work over
 * every hosted transport:
 *
 *   RPMSG_LINK_INPROC      both roles in this process over one heap region
 *                          (the link holds both; rpmsg_link_peer_bus() is
 *                          the other role's bus)
 *   RPMSG_LINK_SHM         the shared-memory carveout of rpmsg_shm.h:
 *                          remote creates it, host maps it (by name)
 *   RPMSG_LINK_VHOST_USER  vhost-user (rpmsg_vhost_user.h): the remote is
 *                          a backend listening on a socket path, the host
 *                          a frontend connecting to one
 *   RPMSG_LINK_KERNEL      Linux only: a remote the kernel manages, through
 *                          its char devices (/dev/rpmsg_ctrlN, /dev/rpmsgN,
 *                          the channels in sysfs; docs/KERNEL.md): the
 *                          kernel's channels are announced to the bus,
 *                          a channel a driver takes and every endpoint
 *                          with a destination get an endpoint device
 *
 * A link either runs on threads of its own (the default: callbacks run
 * in them) or, with @own_loop, is driven by the caller: rpmsg_link_service()
 * whenever one of rpmsg_link_poll_fds() is readable, or in a busy loop.
 * Everything a transport needs beyond this stays reachable through its
 * own header (rpmsg_link_vdev() for the rings).
 */
#ifndef RPMSG_LINK_H
#define RPMSG_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_access.h>
#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum rpmsg_link_transport - what carries the rings
 * @RPMSG_LINK_INPROC: both roles in this process (rpmsg_inproc.h)
 * @RPMSG_LINK_SHM: a shared-memory carveout between two processes
 *                  (rpmsg_shm.h)
 * @RPMSG_LINK_VHOST_USER: vhost-user, remote = backend, host = frontend
 *                         (rpmsg_vhost_user.h)
 * @RPMSG_LINK_KERNEL: the kernel's rpmsg char devices (Linux only; host
 *                     role only: the kernel is the remote's host)
 */
enum rpmsg_link_transport {
	RPMSG_LINK_INPROC,
	RPMSG_LINK_SHM,
	RPMSG_LINK_VHOST_USER,
	RPMSG_LINK_KERNEL,
};

/**
 * struct rpmsg_link_desc - what to build (zero it, then set what matters)
 * @transport: which transport
 * @role: RPMSG_VIRTIO_HOST or RPMSG_VIRTIO_REMOTE: the side this process
 *        is (RPMSG_LINK_INPROC: the side rpmsg_link_bus() returns)
 * @name: RPMSG_LINK_SHM: the carveout's name; RPMSG_LINK_VHOST_USER: the
 *        socket path ("@name" for an abstract one); RPMSG_LINK_KERNEL:
 *        the control device (NULL: the first /dev/rpmsg_ctrlN); unused
 *        for inproc
 * @peer: RPMSG_PEER_* behaviours of the other side (0: Linux-like);
 *        unused for inproc and kernel (so are the fields below, but
 *        @own_loop, for the kernel)
 * @features: remote: offered; host: wanted (0: the transport's default)
 * @peer_features: RPMSG_LINK_INPROC: those of the other role (0: the
 *                 same as @features); unused otherwise
 * @num_bufs: buffers in the host's pool (0: the transport's default;
 *            unused for shm, whose pool follows @vring_num)
 * @buf_size: bytes per buffer, header included (0: 512)
 * @vring_num: entries per ring (0: the transport's default)
 * @connect_timeout_ms: RPMSG_LINK_SHM host: how long rpmsg_link_create()
 *                      retries to reach a remote that is not up yet
 * @own_loop: no threads of the link's own: the caller calls
 *            rpmsg_link_service() (not for vhost-user, -EINVAL)
 * @access: who may be the peer besides our own user and root
 *          (rpmsg_access.h); unused for inproc
 */
struct rpmsg_link_desc {
	enum rpmsg_link_transport transport;
	enum rpmsg_virtio_role role;
	const char *name;
	uint32_t peer;
	uint64_t features;
	uint64_t peer_features;
	unsigned int num_bufs;
	unsigned int buf_size;
	unsigned int vring_num;
	uint32_t connect_timeout_ms;
	bool own_loop;
	struct rpmsg_access access;
};

struct rpmsg_link;

/**
 * rpmsg_link_create() - build a link from its description
 * @out: set to the new link
 * @desc: what to build (copied; @desc->name too)
 *
 * Nothing flows until rpmsg_link_start(): register drivers, bind
 * endpoints and create channels on rpmsg_link_bus() first. A shm remote
 * has its carveout named and a vhost-user backend its socket listening
 * when this returns; a shm host has mapped and checked the remote's.
 *
 * Return: 0; -EINVAL for a bad @desc (unknown transport or role, no
 * @name where one is needed, @own_loop over vhost-user, the remote role
 * over the kernel); -EOPNOTSUPP (RPMSG_LINK_KERNEL off Linux); or the
 * error of the transport's create call (rpmsg_shm_host_create() and the
 * others).
 */
int rpmsg_link_create(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc);

/**
 * rpmsg_link_start() - bring the link up
 * @link: from rpmsg_link_create()
 * @timeout_ms: a remote: how long to wait for a host; a vhost-user
 *              frontend: how long to retry connecting and to wait for each
 *              reply; inproc: unused (RPMSG_TIMEOUT_FOREVER allowed)
 *
 * After a failed start, destroy the link. One peer per link: once it has
 * gone, destroy the link and create another for the next.
 * Kernel: finds the control device, announces the kernel's channels to
 * the bus (drivers registered before probe now) and gives the endpoints
 * bound before their endpoint devices (one the kernel refuses fails the
 * start; bound later, rpmsg_create_ept() fails instead); @timeout_ms
 * (0: 5000) bounds each later wait for a channel's device node.
 *
 * Return: 0; -EINVAL; -ETIMEDOUT; -EPIPE (the peer left meanwhile);
 * -ENODEV (kernel: no control device, rpmsg_link_why() says why); or the
 * transport's start error.
 */
int rpmsg_link_start(struct rpmsg_link *link, uint32_t timeout_ms);

/**
 * rpmsg_link_start_role() - start one role of the link
 * @link: from rpmsg_link_create()
 * @role: RPMSG_VIRTIO_HOST or RPMSG_VIRTIO_REMOTE
 * @timeout_ms: as rpmsg_virtio_start(): how long a remote waits for its
 *              host's DRIVER_OK (RPMSG_TIMEOUT_FOREVER allowed)
 *
 * An inproc link holds both roles, and rpmsg_link_start() starts the
 * host, then the remote. This starts the device of @role alone (after
 * the doorbell threads of a threaded link), so that the remote can start
 * first, in a thread of its own that waits for the host, or one side be
 * held back. Start each role once. Own loop: nothing is delivered here;
 * start the host first and call rpmsg_link_service() after.
 * Other transports have one role in this process: with the link's own
 * @role this is rpmsg_link_start().
 *
 * Return: 0; -EINVAL (NULL @link, an unknown @role, or the role that is
 * not in this process); -ENOMEM (a doorbell thread); or the error of
 * rpmsg_virtio_start() (-ETIMEDOUT, ...) or rpmsg_link_start().
 */
int rpmsg_link_start_role(struct rpmsg_link *link,
			  enum rpmsg_virtio_role role, uint32_t timeout_ms);

/**
 * rpmsg_link_bus() - the bus of this side (for the rpmsg_* API)
 * @link: the link
 *
 * Return: the device, or NULL for a NULL @link.
 */
struct rpmsg_device *rpmsg_link_bus(struct rpmsg_link *link);

/**
 * rpmsg_link_peer_bus() - the other role's bus, when it is in this process
 * @link: the link
 *
 * Return: the peer's device for RPMSG_LINK_INPROC, NULL otherwise.
 */
struct rpmsg_device *rpmsg_link_peer_bus(struct rpmsg_link *link);

/**
 * rpmsg_link_vdev() - the rpmsg-virtio device of this side
 * @link: the link
 *
 * For rpmsg_virtio_poll() and rpmsg_virtio_rx_notify() in a busy loop.
 *
 * Return: the device, or NULL (also for a kernel link: no rings here).
 */
struct rpmsg_virtio_device *rpmsg_link_vdev(struct rpmsg_link *link);

/**
 * rpmsg_link_peer_vdev() - the other role's rpmsg-virtio device, when it
 * is in this process
 * @link: the link
 *
 * For a thread that busy-polls the peer of an inproc link.
 *
 * Return: the peer's device for RPMSG_LINK_INPROC, NULL otherwise.
 */
struct rpmsg_virtio_device *rpmsg_link_peer_vdev(struct rpmsg_link *link);

/**
 * rpmsg_link_region() - the memory the rings and buffers live in
 * @link: the link
 * @size: if not NULL, set to its size in bytes
 *
 * For tests that inspect or damage what the peer reads: the heap region
 * of an inproc link, the mapped carveout of a shm link.
 *
 * Return: its start, or NULL (NULL @link, vhost-user).
 */
void *rpmsg_link_region(struct rpmsg_link *link, size_t *size);

/**
 * rpmsg_link_why() - why the link's transport last failed, as a sentence
 * @link: the link
 *
 * Kernel: what is missing and what to do (no control device, a node the
 * user may not open with its owner, group and mode, a channel that got no
 * device node); the others: rpmsg_device_why() of rpmsg_link_bus().
 *
 * Return: the text, or NULL when nothing failed yet (or @link is NULL).
 */
const char *rpmsg_link_why(struct rpmsg_link *link);

/**
 * rpmsg_link_service() - own-loop: deliver what is pending, no blocking
 * @link: a started own-loop link
 *
 * Inproc: delivers the doorbells both sides rang until none is left.
 * Shm: drains doorbells and the control socket and delivers every
 * pending message (rpmsg_shm_service()). Kernel: reads what the endpoint
 * devices have and follows the kernel's channels coming and going
 * (without waiting; rpmsg_link_vdev() is NULL, nothing is left pending
 * for a next call but what its epoll descriptor shows). Callbacks run in
 * the caller's thread; call it from one thread at a time. Each call reads
 * at most one ring's worth: before sleeping in poll(), a caller looks at
 * rpmsg_virtio_rx_pending(rpmsg_link_vdev(link)) and on 1 calls again.
 *
 * Return: messages delivered (0 if none); -EPIPE once the peer is gone;
 * -EIO if a ring broke (inproc); -EINVAL if @link is not an own-loop link.
 */
int rpmsg_link_service(struct rpmsg_link *link);

/**
 * rpmsg_link_poll_fds() - the fds an own-loop caller polls for POLLIN
 * @link: a started own-loop link
 * @fds: filled with up to @max fds
 * @max: room in @fds (RPMSG_LINK_MAX_FDS is enough)
 *
 * Call rpmsg_link_service() whenever one of them is readable (or has
 * POLLHUP/POLLERR). An inproc link has no fds: its doorbells are rung
 * by the caller's own sends, so service it after each.
 *
 * Kernel: one epoll descriptor holding the endpoint devices and the
 * kernel's device events.
 *
 * Return: the number of fds written (0 for inproc), or -EINVAL.
 */
int rpmsg_link_poll_fds(struct rpmsg_link *link, int *fds, size_t max);

/* Enough room for rpmsg_link_poll_fds() on every transport. */
#define RPMSG_LINK_MAX_FDS 3u

/**
 * rpmsg_link_peer_gone() - the peer has left
 * @link: the link
 *
 * Return: true once the peer disconnected, reset the device or broke a
 * ring (kernel: its control device went away with the remote's virtio
 * device) (the device is stopped then: channels removed, sends fail with
 * -EPIPE); false before, for an inproc link not stopped, and for NULL.
 */
bool rpmsg_link_peer_gone(struct rpmsg_link *link);

/**
 * rpmsg_link_wait_peer_gone() - sleep until the peer has left
 * @link: a started link with threads of its own
 * @timeout_ms: how long (RPMSG_TIMEOUT_FOREVER allowed)
 *
 * An own-loop link notices a departure only in rpmsg_link_service().
 *
 * Return: 0 once gone; -ETIMEDOUT; -EINVAL (NULL, or an inproc link,
 * whose peer cannot leave by itself).
 */
int rpmsg_link_wait_peer_gone(struct rpmsg_link *link, uint32_t timeout_ms);

/**
 * rpmsg_link_get_stats() - the counters of this side's device
 * @link: the link
 * @out: set to the counters (rpmsg_get_stats() of rpmsg_link_bus())
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_link_get_stats(struct rpmsg_link *link, struct rpmsg_stats *out);

/**
 * rpmsg_link_transport_of() - the transport a link was built on
 * @link: the link (not NULL)
 *
 * Return: its @desc->transport.
 */
enum rpmsg_link_transport rpmsg_link_transport_of(const struct rpmsg_link *link);

/**
 * rpmsg_link_stop() - stop the device(s) of the link
 * @link: the link, or NULL
 *
 * Channels are removed (drivers' remove called) and sends fail with
 * -EPIPE; a host also resets the device status, which a remote sees as
 * the host leaving. The link's threads and fds stay until
 * rpmsg_link_destroy(). Stopping twice is harmless.
 */
void rpmsg_link_stop(struct rpmsg_link *link);

/**
 * rpmsg_link_destroy() - stop, join the link's threads, free everything
 * @link: the link, or NULL
 *
 * A vhost-user backend removes its socket file; a shm remote frees its
 * name for the next remote at once.
 */
void rpmsg_link_destroy(struct rpmsg_link *link);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_LINK_H */
