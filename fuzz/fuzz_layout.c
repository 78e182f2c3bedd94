// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: region descriptions (rpmsg_layout.h) and the resource
 * table a hostile remote leaves in a described region.
 *
 * The first 72 bytes are the description's fields (little-endian 32-bit
 * words: size, rsc_offset, ring[0] offset/num/align, ring[1], bufs[0]
 * offset/count/size, bufs[1], features, peer, flags, da); the rest is
 * copied into the region at the table's offset. What rpmsg_layout_check()
 * accepts must hold, checked here independently: every ring and buffer
 * area inside the region, apart from each other and from the table. A
 * host then initialises on the region; if it accepts the table, the vdev
 * entry it keeps must lie inside the region with both vrings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_layout.h>
#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_shm.h>

#define HDR 72u
#define MAX_REGION 0x20000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t word(const uint8_t *d, unsigned int i)
{
	const uint8_t *p = d + 4u * i;

	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

struct span {
	uint64_t start, end;
};

/* The invariants of an accepted description, recomputed. */
static void check_accepted(const struct rpmsg_layout *l)
{
	struct span s[5];
	unsigned int i, j, n = 4;

	for (i = 0; i < 2; i++) {
		const struct rpmsg_layout_ring *r = &l->ring[i];
		const struct rpmsg_layout_bufs *b = &l->bufs[i];
		size_t bytes = rpmsg_vring_size(r->num, r->align);

		if (!bytes || (r->offset & 15u) || r->align < 4u ||
		    b->size <= 16u || !b->count || b->count > r->num)
			abort();
		s[i].start = r->offset;
		s[i].end = (uint64_t)r->offset + bytes;
		s[2 + i].start = b->offset;
		s[2 + i].end = b->offset + (uint64_t)b->count * b->size;
	}
	if (l->rsc_offset != RPMSG_LAYOUT_NO_TABLE) {
		s[4].start = l->rsc_offset;
		s[4].end = (uint64_t)l->rsc_offset + RPMSG_LAYOUT_TABLE_SIZE;
		n = 5;
	}
	for (i = 0; i < n; i++) {
		if (s[i].end > l->size)
			abort();
		for (j = i + 1; j < n; j++)
			if (s[i].start < s[j].end && s[j].start < s[i].end)
				abort();
	}
}

/* Starting is not fuzzed here: nothing kicks. */
static void no_kick(void *arg, unsigned int vq)
{
	(void)arg;
	(void)vq;
	abort();
}

static void host_on(const struct rpmsg_layout *l, const uint8_t *table,
		    size_t len)
{
	static struct rpmsg_layout_link link;
	struct rpmsg_layout_setup setup;
	struct rpmsg_posix_os os;
	struct rpmsg_vq_slot *slots;
	uint8_t *region, *buf_state;
	uintptr_t end;

	region = calloc(1, l->size);
	slots = calloc(l->ring[0].num + l->ring[1].num, sizeof(*slots));
	buf_state = calloc(l->bufs[0].count + l->bufs[1].count, 1);
	if (!region || !slots || !buf_state || rpmsg_posix_os_init(&os))
		goto out;
	if (len > l->size - l->rsc_offset)
		len = l->size - l->rsc_offset;
	memcpy(region + l->rsc_offset, table, len);
	memset(&setup, 0, sizeof(setup));
	setup.role = RPMSG_VIRTIO_HOST;
	setup.layout = l;
	setup.region = region;
	setup.os = &rpmsg_posix_os_ops;
	setup.os_ctx = &os;
	setup.kick = no_kick;
	setup.slots = slots;
	setup.buf_state = buf_state;
	if (!rpmsg_layout_init(&link, &setup)) {
		end = (uintptr_t)link.vdev_rsc + RPMSG_RSC_VDEV_SIZE +
		      2u * RPMSG_RSC_VRING_SIZE;
		if (!link.vdev_rsc || link.vdev_rsc < region ||
		    end > (uintptr_t)region + l->size)
			abort();
	}
	rpmsg_posix_os_destroy(&os);
out:
	free(region);
	free(slots);
	free(buf_state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_layout l;
	unsigned int i;

	if (size < HDR)
		return 0;
	memset(&l, 0, sizeof(l));
	l.size = word(data, 0) % MAX_REGION;
	l.rsc_offset = word(data, 1);
	for (i = 0; i < 2; i++) {
		l.ring[i].offset = word(data, 2 + 3 * i);
		l.ring[i].num = word(data, 3 + 3 * i);
		l.ring[i].align = word(data, 4 + 3 * i);
		l.bufs[i].offset = word(data, 8 + 3 * i);
		l.bufs[i].count = word(data, 9 + 3 * i);
		l.bufs[i].size = word(data, 10 + 3 * i);
	}
	l.features = word(data, 14);
	l.peer = word(data, 15);
	l.flags = word(data, 16);
	l.da = word(data, 17);
	if (!rpmsg_layout_check(&l, RPMSG_VIRTIO_REMOTE))
		check_accepted(&l);
	if (rpmsg_layout_check(&l, RPMSG_VIRTIO_HOST))
		return 0;
	check_accepted(&l);
	if (l.rsc_offset != RPMSG_LAYOUT_NO_TABLE)
		host_on(&l, data + HDR, size - HDR);
	return 0;
}
