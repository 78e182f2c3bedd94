/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The librpmsg host beside the example firmware, as both of its hosts use
 * it (host_sim.c on the build machine, an521/an521_host.c on core 0 of a
 * dual-core board): the firmware's resource table parsed, the host's
 * buffer pool in the shared window after the rings, the device set up,
 * and the firmware's log read from the trace buffer its table declares.
 */
#ifndef FIRMWARE_FW_HOST_H
#define FIRMWARE_FW_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#include "rsc_table.h"

/* The host's pool: both directions, 512-byte buffers, from 4 KiB into the
 * shared window (the rings take the first 1 KiB), below the trace. */
#define FW_HOST_NUM_BUFS (2u * FW_VRING_NUM)
#define FW_HOST_POOL_OFFSET 0x1000u

/* The service the example firmware announces, and a driver id table
 * matching it. */
#define FW_SERVICE "rpmsg-client-sample"
extern const struct rpmsg_device_id fw_host_ids[];

/**
 * struct fw_host - the host's device and what it owns
 * @dev: the librpmsg device (host role)
 * @info: what the firmware's table says
 * @slots: virtqueue bookkeeping
 * @buf_state: the pool's
 * @shm: the shared window, identity-mapped (device address = address)
 */
struct fw_host {
	struct rpmsg_virtio_device dev;
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_vq_slot slots[2][FW_VRING_NUM];
	uint8_t buf_state[FW_HOST_NUM_BUFS];
	struct rpmsg_mem shm;
};

/**
 * fw_host_init() - parse the firmware's table and set up the host
 * @h: the host
 * @table: a private copy of the firmware's resource table
 * @len: its bytes
 * @link: status, features and doorbell (rsc_link.h)
 * @link_ctx: the table the firmware reads (its live copy)
 * @os: the OS port
 * @os_ctx: its context
 *
 * Return: 0, or the negative errno of the table parser, the window or
 * rpmsg_virtio_init().
 */
int fw_host_init(struct fw_host *h, const void *table, size_t len,
		 const struct rpmsg_virtio_link_ops *link, void *link_ctx,
		 const struct rpmsg_os_ops *os, void *os_ctx);

/**
 * fw_host_trace() - the firmware's log, as remoteproc shows trace0
 * @table: a private copy of the firmware's resource table
 * @len: its bytes
 * @size: set to the trace buffer's bytes
 *
 * Return: the trace buffer (the text up to its first NUL, never past
 * *@size bytes), or NULL without a trace entry inside the shared window.
 */
const volatile char *fw_host_trace(const void *table, size_t len,
				   uint32_t *size);

/* Does the log hold @line? (a bounded search, NUL or *@size ends it) */
int fw_host_trace_has(const volatile char *log, uint32_t size,
		      const char *line);

#endif /* FIRMWARE_FW_HOST_H */
