/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-process transport: a host and a remote over one memory region inside
 * one process. For tests, examples and a first demo.
 *
 * Two modes:
 *  - pumped: single-threaded, no-OS port. Doorbells are recorded and
 *    delivered by rpmsg_inproc_pump(); a sender waiting for a buffer pumps
 *    the peer while it waits.
 *  - threaded: POSIX port, one doorbell thread per side delivering
 *    notifications as they are rung. The doorbell that tells a side's
 *    senders buffers came back is handled at once by the thread ringing
 *    it, so that a callback waiting for a buffer is woken.
 */
#ifndef RPMSG_INPROC_H
#define RPMSG_INPROC_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_inproc;

/**
 * struct rpmsg_inproc_config - shape of the link
 * @num_bufs: buffers in the host's pool (0: 512)
 * @buf_size: bytes per buffer (0: 512)
 * @vring_num: entries per ring (0: num_bufs / 2)
 * @host_features: features the host wants
 * @remote_features: features the remote offers
 * @threaded: doorbell threads (true) or rpmsg_inproc_pump() (false)
 */
struct rpmsg_inproc_config {
	unsigned int num_bufs;
	unsigned int buf_size;
	unsigned int vring_num;
	uint64_t host_features;
	uint64_t remote_features;
	bool threaded;
};

/**
 * rpmsg_inproc_create() - allocate the region and both devices
 * @out: set to the new link
 * @cfg: its shape (NULL: Linux defaults, all features, pumped)
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int rpmsg_inproc_create(struct rpmsg_inproc **out,
			const struct rpmsg_inproc_config *cfg);

/**
 * rpmsg_inproc_start() - start the host, then the remote
 * @link: from rpmsg_inproc_create()
 * Return: 0 or the first error of rpmsg_virtio_start().
 */
int rpmsg_inproc_start(struct rpmsg_inproc *link);

/**
 * rpmsg_inproc_start_threads() - threaded mode: start the doorbell threads
 * @link: from rpmsg_inproc_create()
 *
 * For a caller that starts the devices itself with rpmsg_virtio_start()
 * (for instance the remote first, in a thread of its own, waiting for the
 * host). Doorbells rung before a device is started are harmless. Threads
 * already running are left alone; rpmsg_inproc_start() calls this too.
 *
 * Return: 0, -EINVAL (NULL or pumped mode), -ENOMEM.
 */
int rpmsg_inproc_start_threads(struct rpmsg_inproc *link);

/** rpmsg_inproc_host() - the host's bus */
struct rpmsg_device *rpmsg_inproc_host(struct rpmsg_inproc *link);
/** rpmsg_inproc_remote() - the remote's bus */
struct rpmsg_device *rpmsg_inproc_remote(struct rpmsg_inproc *link);
/** rpmsg_inproc_host_vdev() - the host's virtio device */
struct rpmsg_virtio_device *rpmsg_inproc_host_vdev(struct rpmsg_inproc *link);
/** rpmsg_inproc_remote_vdev() - the remote's virtio device */
struct rpmsg_virtio_device *
rpmsg_inproc_remote_vdev(struct rpmsg_inproc *link);

/**
 * rpmsg_inproc_pump() - pumped mode: deliver rung doorbells until quiet
 * @link: from rpmsg_inproc_create()
 * Return: messages delivered, -EIO if a ring broke, -EINVAL in threaded
 * mode.
 */
int rpmsg_inproc_pump(struct rpmsg_inproc *link);

/**
 * rpmsg_inproc_region() - the shared region (for fault tests)
 * @link: from rpmsg_inproc_create()
 * @size: set to its size
 */
void *rpmsg_inproc_region(struct rpmsg_inproc *link, size_t *size);

/**
 * rpmsg_inproc_destroy() - stop both sides, join threads, free everything
 * @link: from rpmsg_inproc_create(), or NULL
 */
void rpmsg_inproc_destroy(struct rpmsg_inproc *link);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_INPROC_H */
