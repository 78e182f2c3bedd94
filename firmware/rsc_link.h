/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio link of the example firmware's device: status and features
 * live in its resource table (struct fw_resource_table, rsc_table.h), the
 * host writes them and the remote reads them. Shared by the firmware
 * (remote side) and the hosts beside it (host_sim.c, an521/): each passes
 * the table as the link context and adds its own doorbell (.notify).
 */
#ifndef FIRMWARE_RSC_LINK_H
#define FIRMWARE_RSC_LINK_H

#include <stdint.h>

#include "rsc_table.h"

static inline uint8_t fw_rsc_get_status(void *ctx)
{
	struct fw_resource_table *t = ctx;

	return __atomic_load_n(&t->vdev.status, __ATOMIC_ACQUIRE);
}

static inline void fw_rsc_set_status(void *ctx, uint8_t status)
{
	struct fw_resource_table *t = ctx;

	__atomic_store_n(&t->vdev.status, status, __ATOMIC_RELEASE);
}

static inline uint64_t fw_rsc_get_device_features(void *ctx)
{
	struct fw_resource_table *t = ctx;

	return __atomic_load_n(&t->vdev.dfeatures, __ATOMIC_ACQUIRE);
}

static inline uint64_t fw_rsc_get_driver_features(void *ctx)
{
	struct fw_resource_table *t = ctx;

	return __atomic_load_n(&t->vdev.gfeatures, __ATOMIC_ACQUIRE);
}

static inline void fw_rsc_set_driver_features(void *ctx, uint64_t features)
{
	struct fw_resource_table *t = ctx;

	/* A resource table holds 32 feature bits. */
	__atomic_store_n(&t->vdev.gfeatures, (uint32_t)features,
			 __ATOMIC_RELEASE);
}

/* The host side's ops, with @notify_fn as its doorbell. */
#define FW_RSC_HOST_LINK_OPS(notify_fn)                                      \
	{                                                                    \
		.get_status = fw_rsc_get_status,                             \
		.set_status = fw_rsc_set_status,                             \
		.get_device_features = fw_rsc_get_device_features,           \
		.get_driver_features = fw_rsc_get_driver_features,           \
		.set_driver_features = fw_rsc_set_driver_features,           \
		.notify = (notify_fn),                                       \
	}

#endif /* FIRMWARE_RSC_LINK_H */
