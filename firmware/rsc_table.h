/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The remoteproc resource table of the example firmware, in the layout of
 * Linux's include/linux/remoteproc.h: a header, one offset, and one rpmsg
 * vdev entry with its two vrings. Shared by the firmware (which places an
 * instance in section ".resource_table") and by the host-side checker.
 */
#ifndef FIRMWARE_RSC_TABLE_H
#define FIRMWARE_RSC_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Where the host expects the rings and its buffer pool: a carveout at a
 * fixed device address, seen at the same address by the Cortex-M (da ==
 * va). firmware.ld places the vrings at FW_SHM_DA. */
#define FW_SHM_DA 0x20040000u
#define FW_SHM_SIZE 0x10000u

#define FW_VRING_NUM 16u
#define FW_VRING_ALIGN 16u
/* rpmsg_vring_size(16, 16) is 438 bytes; keep a round 512 per ring. */
#define FW_VRING_BYTES 512u
#define FW_VRING0_DA FW_SHM_DA
#define FW_VRING1_DA (FW_SHM_DA + FW_VRING_BYTES)
#define FW_BUF_SIZE 512u

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
};

struct fw_rsc_vdev {
	uint32_t type; /* 3: RSC_VDEV */
	uint32_t id;   /* 7: VIRTIO_ID_RPMSG */
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures; /* written by the host */
	uint32_t config_len;
	uint8_t status; /* written by the host */
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[2];
};

struct fw_resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[1];
	struct fw_rsc_vdev vdev;
};

_Static_assert(offsetof(struct fw_rsc_vdev, vring) == 28,
	       "vdev entry header is 28 bytes");
_Static_assert(sizeof(struct fw_rsc_vdev) == 28 + 2 * 20,
	       "vdev entry with two vrings");
_Static_assert(offsetof(struct fw_resource_table, vdev) == 20,
	       "vdev entry follows the one-entry offset array");

#endif /* FIRMWARE_RSC_TABLE_H */
