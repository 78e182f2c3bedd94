/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The remoteproc resource table of the example firmware, in the layout of
 * Linux's include/linux/remoteproc.h (rpmsg_rsc.h): a header, one offset,
 * and one rpmsg vdev entry with its two vrings. Shared by the firmware
 * (which places an instance in section ".resource_table") and by the
 * host-side checker.
 */
#ifndef FIRMWARE_RSC_TABLE_H
#define FIRMWARE_RSC_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_rsc.h>

/* Where the host expects the rings and its buffer pool: a carveout at a
 * fixed device address, seen at the same address by the Cortex-M (da ==
 * va). firmware.ld places the vrings at FW_SHM_DA. */
#ifndef FW_SHM_DA /* a board build sets its own (firmware/an521/) */
#define FW_SHM_DA 0x20040000u
#endif
#ifndef FW_SHM_SIZE
#define FW_SHM_SIZE 0x10000u
#endif

#define FW_VRING_NUM 16u
#define FW_VRING_ALIGN 16u
/* rpmsg_vring_size(16, 16) is 438 bytes; keep a round 512 per ring. */
#define FW_VRING_BYTES 512u
#define FW_VRING0_DA FW_SHM_DA
#define FW_VRING1_DA (FW_SHM_DA + FW_VRING_BYTES)
#define FW_BUF_SIZE 512u

/* The table: header, one offset, the vdev (layouts of rpmsg_rsc.h). */
struct fw_resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[1];
	struct rpmsg_rsc_vdev vdev;
};

_Static_assert(offsetof(struct fw_resource_table, vdev) ==
		       RPMSG_RSC_OFFSET_AT(1),
	       "vdev entry follows the one-entry offset array");

#endif /* FIRMWARE_RSC_TABLE_H */
