// SPDX-License-Identifier: BSD-3-Clause
/*
 * A region laid out as OpenAMP's Linux demo lays out its shared memory,
 * described in one struct, both roles run on it (layout_pair.c).
 *
 *   0x00000  resource table: one rpmsg vdev (id 7) offering NS; its entry
 *            at 0x14, the status byte at 0x2C
 *   0x04000  vring 0 (remote -> host), 256 entries, aligned to 4 KiB
 *   0x08000  vring 1 (host -> remote)
 *   0x10000  256 buffers of 512 bytes: the host's rx half, then its tx
 *            half
 *
 * The remote announces "rpmsg-openamp-demo-channel" at 0x400; the host
 * binds it by the announcement and echoes are checked.
 */
#include <string.h>

#include <rpmsg/rpmsg_layout.h>

#include "layout_pair.h"

static const struct rpmsg_layout openamp_demo = {
	.size = 0x80000,
	.da = 0,
	.rsc_offset = 0,
	.ring = { { .offset = 0x4000, .num = 256, .align = 0x1000 },
		  { .offset = 0x8000, .num = 256, .align = 0x1000 } },
	.bufs = { { .offset = 0x10000, .count = 128, .size = 512 },
		  { .offset = 0x10000 + 128 * 512, .count = 128, .size = 512 } },
	.features = 1u << RPMSG_VIRTIO_RPMSG_F_NS,
	.peer = RPMSG_PEER_OPENAMP,
	.flags = RPMSG_LAYOUT_F_WRITE_TABLE,
};

/* Where OpenAMP's host looks: the vdev entry at 0x14 (type 3, id 7),
 * gfeatures (0x24) granting NS, the status byte (0x2C) with DRIVER_OK,
 * vring 0's device address (0x30) 0x4000. */
static int check_table(const uint8_t *region)
{
	uint32_t type, id, gfeatures, da0;

	memcpy(&type, region + 0x14, 4);
	memcpy(&id, region + 0x18, 4);
	memcpy(&gfeatures, region + 0x24, 4);
	memcpy(&da0, region + 0x30, 4);
	return type != 3 || id != 7 || gfeatures != 1 ||
	       !(region[0x2C] & RPMSG_VIRTIO_STATUS_DRIVER_OK) || da0 != 0x4000;
}

int main(void)
{
	static const struct layout_app app = {
		.name = "layout-openamp",
		.layout = &openamp_demo,
		.channel = "rpmsg-openamp-demo-channel",
		.remote_addr = 0x400,
		.messages = 2000,
		.check = check_table,
	};

	return layout_pair_run(&app);
}
