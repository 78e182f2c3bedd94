/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared-memory carveout transport: a host and a remote in two processes
 * on one Linux machine, over one memory region laid out like the memory of
 * a remote processor (header page, resource table, vrings, buffer pool).
 *
 * The remote creates the region and listens on an abstract UNIX socket
 * derived from the link name; the host connects, receives the region and
 * its end of the two doorbell sockets (one per virtqueue) with SCM_RIGHTS,
 * validates the resource table and drives the device. Device addresses are
 * offsets into the region.
 */
#ifndef RPMSG_SHM_TRANSPORT_H
#define RPMSG_SHM_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_access.h>
#include <rpmsg/rpmsg_rsc.h>
#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The region's header page (native byte order, 32-bit words). */
#define RPMSG_SHM_MAGIC 0x4d535052u /* "RPSM" */
#define RPMSG_SHM_LAYOUT_VERSION 2u
#define RPMSG_SHM_PAGE 4096u
#define RPMSG_SHM_NAME_MAX 64

/* The resource table's layout and constants: rpmsg_rsc.h. */

/* Largest vring this transport accepts from a table. */
#define RPMSG_SHM_MAX_VRING_NUM 32768u

/**
 * struct rpmsg_shm_vdev_info - what the host takes from a resource table
 * @vdev_offset: byte offset of the vdev entry from the table start
 * @notifyid: the vdev's notify id
 * @dfeatures: device features offered
 * @vring_da: device address (region offset) of vring 0 and vring 1
 * @vring_num: entries per ring (both rings)
 * @vring_align: used-ring alignment (both rings)
 */
struct rpmsg_shm_vdev_info {
	uint32_t vdev_offset;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t vring_da[2];
	uint32_t vring_num;
	uint32_t vring_align;
};

/**
 * rpmsg_shm_parse_rsc_table() - validate an untrusted resource table
 * @table: a private copy of the table (not the shared memory itself)
 * @table_len: bytes in @table
 * @region_size: size of the region every device address must fall in
 * @out: filled on success
 *
 * Checks the version, every entry offset and size, finds the one rpmsg
 * vdev (id 7), and checks both vrings: num and align powers of two, num at
 * most RPMSG_SHM_MAX_VRING_NUM, each ring inside the region, rings not
 * overlapping each other. Both rings must share num and align.
 *
 * Return: 0; -EINVAL for a malformed table; -ENODEV with no rpmsg vdev;
 * -ERANGE for a vring outside the region; -EOPNOTSUPP for valid tables
 * this transport does not handle (FW_RSC_ADDR_ANY, unequal rings).
 */
int rpmsg_shm_parse_rsc_table(const void *table, size_t table_len,
			      uint64_t region_size,
			      struct rpmsg_shm_vdev_info *out);

/**
 * struct rpmsg_shm_config - one side of a link
 * @name: link name (1 to RPMSG_SHM_NAME_MAX characters of [A-Za-z0-9._-]);
 *        the socket is the abstract "@rpmsg-<name>"
 * @vring_num: remote: entries per ring (0: 256)
 * @buf_size: remote: bytes per buffer declared in the header (0: 512)
 * @features: remote: offered; host: wanted (0: NS | EVENT_IDX). A
 *            resource table holds 32 feature bits, so VERSION_1 is never
 *            offered and the byte order is native.
 * @peer: RPMSG_PEER_* behaviours of the other side (rpmsg_virtio.h; 0:
 *        Linux-like); the remote's offer is filtered through
 *        rpmsg_peer_features()
 * @timeout_ms: host: how long rpmsg_shm_host_create() retries connecting
 *              while no remote listens (0: 5000; RPMSG_TIMEOUT_FOREVER)
 * @no_threads: own-loop mode: rpmsg_shm_start() starts no service threads;
 *              the caller drives the link with rpmsg_shm_service(), from a
 *              poll loop over rpmsg_shm_poll_fds() or by spinning on it.
 *              Endpoint callbacks then run in the caller's thread. Nobody
 *              wakes a sender blocked for a buffer while that thread is
 *              the one blocked: send from the loop with a timeout of 0
 *              (rpmsg_trysend() and friends) and retry after servicing,
 *              or send blocking from other threads only.
 * @access: who may be the peer besides our own user and root
 *          (rpmsg_access.h): a remote hangs up on any other host that
 *          connects and goes on waiting; a host refuses a remote of anyone
 *          else (-EACCES)
 */
struct rpmsg_shm_config {
	const char *name;
	unsigned int vring_num;
	unsigned int buf_size;
	uint64_t features;
	uint32_t peer;
	uint32_t timeout_ms;
	bool no_threads;
	struct rpmsg_access access;
};

struct rpmsg_shm;

/**
 * rpmsg_shm_remote_create() - create the region, table and socket
 * @out: set to the new link
 * @cfg: configuration (name required)
 *
 * Register drivers and create channels on rpmsg_shm_bus() before
 * rpmsg_shm_start().
 *
 * Return: 0, -EINVAL, -EADDRINUSE (a remote with that name runs), -ENOMEM
 * or another negative errno from the system.
 */
int rpmsg_shm_remote_create(struct rpmsg_shm **out,
			    const struct rpmsg_shm_config *cfg);

/**
 * rpmsg_shm_host_create() - connect to a remote and map its region
 * @out: set to the new link
 * @cfg: configuration (name required)
 *
 * Retries connecting until @cfg->timeout_ms has passed, so the host may be
 * started before the remote. Validates the region header and resource
 * table, then prepares the host device (nothing is written yet).
 *
 * Return: 0; -ETIMEDOUT (no remote); -EACCES (the remote is a process of
 * a user @cfg->access does not admit); -EPROTO/-EINVAL/-ERANGE/-ENODEV for
 * a region, table or descriptor that fails validation; another negative
 * errno.
 */
int rpmsg_shm_host_create(struct rpmsg_shm **out,
			  const struct rpmsg_shm_config *cfg);

/**
 * rpmsg_shm_start() - bring the link up and start the service threads
 * @link: the link
 * @timeout_ms: remote: how long to wait for a host to connect and set
 *              DRIVER_OK (RPMSG_TIMEOUT_FOREVER allowed); host: unused
 *
 * The remote waits for DRIVER_OK by reading the socket itself, so this
 * works the same in own-loop mode (@no_threads), where no thread is
 * started and the link is serviced by rpmsg_shm_service() afterwards.
 *
 * A remote accepts one host per link; after the host has gone, destroy
 * the link and create a new one (the name is free again at once) to serve
 * the next host. After a failed start, destroy the link.
 *
 * A host that connected has 5 s (or what is left of @timeout_ms, if
 * less) to set DRIVER_OK: one that connects and never gets there ends
 * this start with -ECONNABORTED rather than keeping the remote from the
 * next host.
 *
 * Return: 0; -ETIMEDOUT; -EPIPE if the peer went away meanwhile;
 * -ECONNABORTED if it connected and stalled; or an error of
 * rpmsg_virtio_start().
 */
int rpmsg_shm_start(struct rpmsg_shm *link, uint32_t timeout_ms);

/** rpmsg_shm_bus() - the link's rpmsg bus */
struct rpmsg_device *rpmsg_shm_bus(struct rpmsg_shm *link);

/** rpmsg_shm_vdev() - the link's virtio device */
struct rpmsg_virtio_device *rpmsg_shm_vdev(struct rpmsg_shm *link);

/**
 * rpmsg_shm_service() - service a link in own-loop mode, without blocking
 * @link: a link started with @no_threads set
 *
 * Drains the doorbells that were rung, wakes senders waiting for a
 * buffer, delivers every pending inbound message (callbacks run in the
 * caller's thread) and reads the control socket. Messages are picked up
 * from the ring whether or not a doorbell was rung, so calling this in a
 * busy loop without poll() works too (lowest latency, one core busy).
 *
 * When the peer has hung up (or broke a ring), what it published before
 * is delivered first, then the device is stopped as by the control
 * thread: channels are removed and sends fail with -EPIPE.
 *
 * Call it from one thread at a time. Like rpmsg_virtio_poll() it reads
 * at most one ring's worth per call: a caller that sleeps in poll() next
 * uses a timeout of 0 while rpmsg_virtio_rx_pending(rpmsg_shm_vdev(link))
 * returns 1.
 *
 * Return: messages delivered (0 if none); -EPIPE once the peer is gone
 * (on this call and every later one); -EINVAL if @link is not a started
 * own-loop link.
 */
int rpmsg_shm_service(struct rpmsg_shm *link);

/**
 * rpmsg_shm_poll_fds() - the fds an own-loop caller polls for POLLIN
 * @link: a started link
 * @fds: filled with up to @max fds: the doorbell of the receive queue,
 *       the doorbell of the send queue, the control socket
 * @max: room in @fds (3 is enough)
 *
 * Call rpmsg_shm_service() whenever any of them is readable (or has
 * POLLHUP/POLLERR). The fds stay the same for the life of the link.
 *
 * Return: the number of fds written, or -EINVAL before a successful
 * rpmsg_shm_start().
 */
int rpmsg_shm_poll_fds(struct rpmsg_shm *link, int *fds, size_t max);

/**
 * rpmsg_shm_wait_peer_gone() - sleep until the peer disconnects
 * @link: a started link
 * @timeout_ms: how long (RPMSG_TIMEOUT_FOREVER allowed)
 *
 * In own-loop mode, the death is only noticed by rpmsg_shm_service().
 *
 * Return: 0 once the peer is gone (the device is stopped then), or
 * -ETIMEDOUT.
 */
int rpmsg_shm_wait_peer_gone(struct rpmsg_shm *link, uint32_t timeout_ms);

/** rpmsg_shm_peer_gone() - true once the peer disconnected or broke a ring */
bool rpmsg_shm_peer_gone(struct rpmsg_shm *link);

/**
 * rpmsg_shm_doorbell_fd() - this side's end of the doorbell socket of @vq
 * @link: the link
 * @vq: 0 or 1
 *
 * Readable when the peer rang the doorbell of @vq. The service threads
 * started by rpmsg_shm_start() consume it; it is exposed for inspection
 * and tests. To drive the link from an event loop of your own, use
 * own-loop mode (@no_threads) and rpmsg_shm_poll_fds().
 *
 * Return: the fd, or -1.
 */
int rpmsg_shm_doorbell_fd(struct rpmsg_shm *link, unsigned int vq);

/**
 * rpmsg_shm_notify_peer() - ring the peer's doorbell of @vq
 * @link: the link
 * @vq: 0 or 1
 *
 * What the device does after publishing on a ring; exposed for tests and
 * for callers that change a ring themselves. Spurious doorbells are
 * harmless.
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_shm_notify_peer(struct rpmsg_shm *link, unsigned int vq);

/**
 * rpmsg_shm_socket_fd() - the connected control socket (-1 before)
 * @link: the link
 *
 * Hang-up on it means the peer process is gone.
 */
int rpmsg_shm_socket_fd(struct rpmsg_shm *link);

/**
 * rpmsg_shm_region() - the mapped region (for tests)
 * @link: the link
 * @size: set to its size
 */
void *rpmsg_shm_region(struct rpmsg_shm *link, size_t *size);

/**
 * rpmsg_shm_destroy() - stop the device, join threads, unmap, close
 * @link: the link, or NULL
 */
void rpmsg_shm_destroy(struct rpmsg_shm *link);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_SHM_TRANSPORT_H */
