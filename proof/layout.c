// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: region descriptions and the resource table found in a
 * described region (src/transport/layout_check.c: rpmsg_layout_check,
 * rpmsg_layout_write_table, rpmsg_layout_find_vdev).
 *
 * Every field of the description is any value (the size at most the
 * region's); the region, where the remote writes the table, is volatile:
 * every read of it may return any value.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_layout.h>
#include <rpmsg/rpmsg_shm.h>

#include "layout_internal.h"

#define REGION_SIZE 0x20000u

static volatile uint8_t region[REGION_SIZE] __attribute__((aligned(16)));

static uint32_t any32(void)
{
	return Frama_C_unsigned_int_interval(0, 0xffffffffu);
}

static uint64_t any64(void)
{
	return ((uint64_t)any32() << 32) | any32();
}

int main(void)
{
	struct rpmsg_layout l;
	uint32_t off = 0;
	unsigned int i;
	int rc;

	l.size = Frama_C_unsigned_int_interval(0, REGION_SIZE);
	l.da = any64();
	l.rsc_offset = any32();
	for (i = 0; i < 2; i++) {
		l.ring[i].offset = any32();
		l.ring[i].num = any32();
		l.ring[i].align = any32();
		l.bufs[i].offset = any32();
		l.bufs[i].count = any32();
		l.bufs[i].size = any32();
	}
	l.features = any64();
	l.peer = any32();
	l.flags = any32();

	rc = rpmsg_layout_check(&l, Frama_C_nondet(RPMSG_VIRTIO_HOST,
						   RPMSG_VIRTIO_REMOTE));
	if (rc || l.rsc_offset == RPMSG_LAYOUT_NO_TABLE)
		return 0;
	if (Frama_C_nondet(0, 1))
		(void)rpmsg_layout_write_table(&l, (void *)region);
	rc = rpmsg_layout_find_vdev(&l, (const void *)region, &off);
	//@ assert result: rc == 0 || rc == -ENODEV;
	return 0;
}
