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

/*
 * FW_RSC_TRACE (default 1): besides the vdev, the table declares the
 * shared window as a carveout (the host must reserve and map it: the
 * rings, its buffers and the trace buffer are in it) and a trace buffer
 * that the firmware writes its log into (fw_trace.h; what Linux shows as
 * remoteproc's debugfs trace0). The minimal remote profile's example
 * builds with FW_RSC_TRACE=0, the vdev alone.
 */
#ifndef FW_RSC_TRACE
#define FW_RSC_TRACE 1
#endif

/* The trace buffer: the last 8 KiB but one page of the shared window
 * (the host's pool is below, a board's own words may use the last page). */
#define FW_TRACE_SIZE 0x1000u
#define FW_TRACE_DA (FW_SHM_DA + FW_SHM_SIZE - 2u * FW_TRACE_SIZE)
#define FW_CARVEOUT_NAME "rpmsg-shm"
#define FW_TRACE_NAME "fw-log"

/* The table: header, offsets, the vdev (layouts of rpmsg_rsc.h), then
 * the carveout and the trace entry. */
#if FW_RSC_TRACE
#define FW_RSC_ENTRIES 3
#else
#define FW_RSC_ENTRIES 1
#endif

struct fw_resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[FW_RSC_ENTRIES];
	struct rpmsg_rsc_vdev vdev;
#if FW_RSC_TRACE
	struct rpmsg_rsc_carveout carveout;
	struct rpmsg_rsc_trace trace;
#endif
};

_Static_assert(offsetof(struct fw_resource_table, vdev) ==
		       RPMSG_RSC_OFFSET_AT(FW_RSC_ENTRIES),
	       "vdev entry follows the offset array");

#endif /* FIRMWARE_RSC_TABLE_H */
