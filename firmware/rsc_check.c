// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host-side check of the firmware's resource table: reads the bytes of the
 * ".resource_table" section (objcopy -O binary --only-section) and runs
 * them through the parser the host side of the shared-memory transport
 * uses, rpmsg_shm_parse_rsc_table(). Device addresses are checked against
 * [0, FW_SHM_DA + FW_SHM_SIZE) by the parser, then against the carveout
 * and the values the firmware declares. The example's table (vdev,
 * carveout, trace) and the minimal profile's (vdev alone) are accepted;
 * the carveout and trace entries must be the ones rsc_table.h declares.
 *
 *   rsc_check resource_table.bin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_rsc.h>
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

/* The carveout (the shared window) and the trace buffer inside it. */
static int check_entries(const char *path, const void *table, size_t len)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;
	unsigned int carveouts = 0, traces = 0;
	uint32_t k, num;
	int rc;

	CHECK(rpmsg_rsc_iter_init(&it, table, len) == 0);
	/* At most the header's count, read once: the walk ends (WP). */
	num = it.num;
	rc = 0;
	/*@ loop invariant 0 <= k <= num;
	    loop variant num - k; */
	for (k = 0; k < num; k++) {
		rc = rpmsg_rsc_iter_next(&it, &e);
		if (rc <= 0)
			break;
		if (e.type == RPMSG_RSC_CARVEOUT) {
			CHECK(e.mem.da == FW_SHM_DA && e.mem.len == FW_SHM_SIZE);
			CHECK(!strcmp(e.mem.name, FW_CARVEOUT_NAME));
			carveouts++;
		} else if (e.type == RPMSG_RSC_TRACE) {
			CHECK(e.trace.da == FW_TRACE_DA &&
			      e.trace.len == FW_TRACE_SIZE);
			CHECK(e.trace.da >= FW_SHM_DA &&
			      e.trace.da + e.trace.len <= FW_SHM_DA + FW_SHM_SIZE);
			CHECK(!strcmp(e.trace.name, FW_TRACE_NAME));
			traces++;
		}
	}
	if (rc > 0) /* all num entries read: the next is past the last, 0 */
		rc = rpmsg_rsc_iter_next(&it, &e);
	CHECK(rc == 0 && carveouts == 1 && traces == 1);
	return 0;
}

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
	/* The minimal profile's table: the header, one offset, the vdev. */
	CHECK(len == sizeof(struct fw_resource_table) ||
	      len == RPMSG_RSC_OFFSET_AT(1) + sizeof(struct rpmsg_rsc_vdev));

	rc = rpmsg_shm_parse_rsc_table(buf, len,
				       (uint64_t)FW_SHM_DA + FW_SHM_SIZE,
				       &info);
	if (rc) {
		fprintf(stderr, "rsc_check: %s: parse error %d\n", path, rc);
		return 1;
	}
	if (len == sizeof(struct fw_resource_table)) {
		CHECK(info.vdev_offset ==
		      offsetof(struct fw_resource_table, vdev));
		CHECK(check_entries(path, buf, len) == 0);
	} else {
		CHECK(info.vdev_offset == RPMSG_RSC_OFFSET_AT(1));
	}
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
