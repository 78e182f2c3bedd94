// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the resource table as a hostile remote writes it, read by
 * the resource table reader (rpmsg_rsc.h) and by the shared-memory
 * transport's parser on top of it.
 *
 * The first 4 bytes of the input are the region size (little endian,
 * scaled so that small and large regions are both reached); the rest is
 * the table, given to rpmsg_shm_parse_rsc_table() in a buffer of exactly
 * its length so that any read past the end is caught. On success, what the
 * parser reports must hold: both rings inside the region, not overlapping,
 * num and align powers of two within the documented limits; and every
 * entry the reader returns must lie inside the table, past the offset
 * array, with the checks of rpmsg_rsc_iter_next() holding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_rsc.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtqueue.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static void check_vdev(const struct rpmsg_rsc_entry *e, size_t size)
{
	const struct rpmsg_rsc_vdev_info *v = &e->vdev;
	unsigned int i;

	if (v->num_vrings > RPMSG_RSC_MAX_VRINGS ||
	    v->config_offset != e->offset + RPMSG_RSC_VDEV_SIZE +
					v->num_vrings * RPMSG_RSC_VRING_SIZE ||
	    (uint64_t)v->config_offset + v->config_len > size)
		abort();
	for (i = 0; i < v->num_vrings; i++) {
		const struct rpmsg_rsc_vring *r = &v->vring[i];

		if (!rpmsg_rsc_vring_bytes(r->num, r->align) ||
		    (r->da != RPMSG_RSC_ADDR_ANY && (r->da & 15u)))
			abort();
	}
}

/* Every entry the reader returns is what its checks promise. */
static void walk(const uint8_t *table, size_t size)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;
	uint32_t n = 0;
	int rc;

	if (rpmsg_rsc_iter_init(&it, table, size))
		return;
	if (RPMSG_RSC_HDR_SIZE + 4ull * it.num > size)
		abort();
	while ((rc = rpmsg_rsc_iter_next(&it, &e)) != 0) {
		if (++n > it.num)
			abort(); /* the walk must end */
		if (rc < 0) {
			if (it.problem == RPMSG_RSC_OK)
				abort();
			continue;
		}
		if (e.offset & 3u ||
		    e.offset < RPMSG_RSC_HDR_SIZE + 4ull * it.num ||
		    (uint64_t)e.offset + e.size > size)
			abort();
		if ((e.type == RPMSG_RSC_CARVEOUT || e.type == RPMSG_RSC_DEVMEM) &&
		    (!e.mem.len || e.mem.name[RPMSG_RSC_NAME_LEN]))
			abort();
		if (e.type == RPMSG_RSC_TRACE &&
		    (!e.trace.len ||
		     (uint64_t)e.trace.da + e.trace.len > 0x100000000ull))
			abort();
		if (e.type == RPMSG_RSC_VDEV)
			check_vdev(&e, size);
	}
	if (n != it.num)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_shm_vdev_info info;
	uint64_t region, start[2], len;
	uint8_t *table;
	unsigned int i;
	uint32_t r;

	if (size < 4)
		return 0;
	r = data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	/* Top two bits: shift the size up to reach regions past 4 GiB. */
	region = (uint64_t)(r & 0x3fffffffu) << (8 * (r >> 30));
	data += 4;
	size -= 4;

	table = malloc(size ? size : 1);
	if (!table)
		return 0;
	memcpy(table, data, size);
	walk(table, size);
	if (!rpmsg_shm_parse_rsc_table(table, size, region, &info)) {
		len = rpmsg_vring_size(info.vring_num, info.vring_align);
		if (!len || !pow2(info.vring_num) || !pow2(info.vring_align) ||
		    info.vring_num > RPMSG_SHM_MAX_VRING_NUM)
			abort();
		if (info.vdev_offset + (uint64_t)RPMSG_RSC_VDEV_SIZE > size)
			abort();
		for (i = 0; i < 2; i++) {
			start[i] = info.vring_da[i];
			if (start[i] + len > region || start[i] & 15u)
				abort();
		}
		if (start[0] < start[1] + len && start[1] < start[0] + len)
			abort();
	}
	free(table);
	return 0;
}
