// SPDX-License-Identifier: BSD-3-Clause
/*
 * A region laid out as RPMsg-Lite lays out its shared memory on
 * Linux-like platforms, described in one struct, both roles run on it
 * (layout_pair.c).
 *
 *   +0x00000  vring 0 (remote -> host), 256 entries, aligned to 4 KiB
 *   +0x08000  vring 1 (host -> remote), one 32 KiB slot further
 *   +0x10000  256 buffers of 512 bytes the host receives in, then 256 it
 *             sends from
 *
 * Nothing is negotiated: no resource table, no status byte, no
 * features. The remote starts at the host's first doorbell, as an
 * RPMsg-Lite remote does; endpoints have fixed addresses (no name
 * service).
 */
#include <rpmsg/rpmsg_layout.h>

#include "layout_pair.h"

#define LITE_VRING_SLOT 0x8000u
#define LITE_BUFS (2u * LITE_VRING_SLOT)

static const struct rpmsg_layout rpmsg_lite_linux = {
	.size = LITE_BUFS + 2u * 256u * 512u,
	.rsc_offset = RPMSG_LAYOUT_NO_TABLE,
	.ring = { { .offset = 0, .num = 256, .align = 0x1000 },
		  { .offset = LITE_VRING_SLOT, .num = 256, .align = 0x1000 } },
	.bufs = { { .offset = LITE_BUFS, .count = 256, .size = 512 },
		  { .offset = LITE_BUFS + 256u * 512u, .count = 256,
		    .size = 512 } },
	.features = 0,
	.peer = RPMSG_PEER_RPMSG_LITE,
};

int main(void)
{
	static const struct layout_app app = {
		.name = "layout-rpmsg-lite",
		.layout = &rpmsg_lite_linux,
		.host_addr = 0x400,
		.remote_addr = 30,
		.messages = 2000,
	};

	return layout_pair_run(&app);
}
