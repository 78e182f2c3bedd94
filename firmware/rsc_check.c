// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host-side check of the firmware's resource table: reads the bytes of the
 * ".resource_table" section (objcopy -O binary --only-section) and runs
 * them through the parser the host side of the shared-memory transport
 * uses, rpmsg_shm_parse_rsc_table(). Device addresses are checked against
 * [0, FW_SHM_DA + FW_SHM_SIZE) by the parser, then against the carveout
 * and the values the firmware declares.
 *
 *   rsc_check resource_table.bin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_shm.h>

#include "rsc_table.h"

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "rsc_check: %s: failed: %s\n",       \
				path, #cond);                                \
			return 1;                                            \
		}                                                            \
	} while (0)

int main(int argc, char **argv)
{
	struct rpmsg_shm_vdev_info info;
	unsigned char buf[4096];
	const char *path;
	size_t len;
	FILE *f;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: rsc_check <section.bin>\n");
		return 2;
	}
	path = argv[1];
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	CHECK(len == sizeof(struct fw_resource_table));

	rc = rpmsg_shm_parse_rsc_table(buf, len,
				       (uint64_t)FW_SHM_DA + FW_SHM_SIZE,
				       &info);
	if (rc) {
		fprintf(stderr, "rsc_check: %s: parse error %d\n", path, rc);
		return 1;
	}
	CHECK(info.vdev_offset == offsetof(struct fw_resource_table, vdev));
	CHECK(info.vring_da[0] == FW_VRING0_DA);
	CHECK(info.vring_da[1] == FW_VRING1_DA);
	CHECK(info.vring_da[0] >= FW_SHM_DA && info.vring_da[1] >= FW_SHM_DA);
	CHECK(info.vring_num == FW_VRING_NUM);
	CHECK(info.vring_align == FW_VRING_ALIGN);
	CHECK(info.dfeatures & (1u << RPMSG_VIRTIO_RPMSG_F_NS));
	CHECK(rpmsg_vring_size(info.vring_num, info.vring_align) <=
	      FW_VRING_BYTES);
	printf("rsc_check: %s: %zu bytes, rpmsg vdev at +%u, notifyid %u, "
	       "features 0x%x, vrings 0x%x 0x%x (num %u, align %u): ok\n",
	       path, len, info.vdev_offset, info.notifyid, info.dfeatures,
	       info.vring_da[0], info.vring_da[1], info.vring_num,
	       info.vring_align);
	return 0;
}
