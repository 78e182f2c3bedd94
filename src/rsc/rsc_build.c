// SPDX-License-Identifier: BSD-3-Clause
/*
 * Building a resource table (rpmsg_rsc.h): the offset array is sized for
 * the most entries asked for, each entry follows the last, word aligned.
 * An entry the reader would refuse is not written.
 */
#include <stddef.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_rsc.h>

#include "rsc_le.h"

/* The structures are the byte layout on a little-endian CPU. */
_Static_assert(sizeof(struct rpmsg_rsc_vring) == RPMSG_RSC_VRING_SIZE,
	       "vring layout");
_Static_assert(offsetof(struct rpmsg_rsc_vdev, status) ==
		       RPMSG_RSC_VDEV_STATUS &&
		       offsetof(struct rpmsg_rsc_vdev, vring) ==
			       RPMSG_RSC_VDEV_SIZE,
	       "vdev layout");
_Static_assert(offsetof(struct rpmsg_rsc_carveout, name) ==
			       RPMSG_RSC_MEM_NAME &&
		       sizeof(struct rpmsg_rsc_carveout) == RPMSG_RSC_MEM_SIZE,
	       "carveout layout");
_Static_assert(offsetof(struct rpmsg_rsc_trace, name) ==
			       RPMSG_RSC_TRACE_NAME &&
		       sizeof(struct rpmsg_rsc_trace) == RPMSG_RSC_TRACE_SIZE,
	       "trace layout");

#define MAX_TABLE (1u << 20)
#define MAX_ENTRIES 64u

int rpmsg_rsc_build_init(struct rpmsg_rsc_builder *b, void *buf, size_t size,
			 uint32_t max_entries)
{
	uint32_t head = RPMSG_RSC_OFFSET_AT(max_entries);

	if (!b || !buf || size > MAX_TABLE || !max_entries ||
	    max_entries > MAX_ENTRIES || head > size)
		return -EINVAL;
	b->buf = buf;
	b->size = size;
	b->max = max_entries;
	b->num = 0;
	b->used = head;
	memset(buf, 0, head);
	rpmsg_put_le32(b->buf, RPMSG_RSC_VERSION);
	return 0;
}

/* Room for an entry of @size bytes: its offset recorded, its bytes
 * zeroed; the caller fills it in. */
static int reserve(struct rpmsg_rsc_builder *b, uint32_t type, uint64_t size,
		   uint8_t **p)
{
	uint32_t off;

	if (!b || !b->buf)
		return -EINVAL;
	if (b->num >= b->max || b->used + size > b->size)
		return -ENOSPC;
	off = b->used;
	*p = b->buf + off;
	memset(*p, 0, (size_t)size);
	rpmsg_put_le32(*p, type);
	rpmsg_put_le32(b->buf + RPMSG_RSC_OFFSET_AT(b->num), off);
	b->num++;
	rpmsg_put_le32(b->buf + 4, b->num);
	b->used = (uint32_t)((off + size + 3u) & ~(uint64_t)3u);
	if (b->used > b->size)
		b->used = (uint32_t)b->size;
	return (int)off;
}

/* The entry just written at @off, read back as a host would: kept if the
 * reader takes it, else taken out again (so the checks live in one
 * place, the reader). */
static int commit(struct rpmsg_rsc_builder *b, int off)
{
	struct rpmsg_rsc_iter it = {
		.table = b->buf,
		.len = b->size,
		.num = b->num,
		.index = b->num - 1u,
	};
	struct rpmsg_rsc_entry e;

	if (rpmsg_rsc_iter_next(&it, &e) == 1)
		return off;
	b->num--;
	b->used = (uint32_t)off;
	rpmsg_put_le32(b->buf + 4, b->num);
	rpmsg_put_le32(b->buf + RPMSG_RSC_OFFSET_AT(b->num), 0);
	return -EINVAL;
}

static void put_name(uint8_t *dst, const char *name)
{
	size_t n = 0;

	if (!name)
		return;
	while (n < RPMSG_RSC_NAME_LEN && name[n])
		n++;
	memcpy(dst, name, n);
}

static int add_mem(struct rpmsg_rsc_builder *b, uint32_t type, uint32_t da,
		   uint32_t pa, uint32_t len, uint32_t flags, const char *name)
{
	uint8_t *p;
	int off;

	off = reserve(b, type, RPMSG_RSC_MEM_SIZE, &p);
	if (off < 0)
		return off;
	rpmsg_put_le32(p + RPMSG_RSC_MEM_DA, da);
	rpmsg_put_le32(p + RPMSG_RSC_MEM_PA, pa);
	rpmsg_put_le32(p + RPMSG_RSC_MEM_LEN, len);
	rpmsg_put_le32(p + RPMSG_RSC_MEM_FLAGS, flags);
	put_name(p + RPMSG_RSC_MEM_NAME, name);
	return commit(b, off);
}

int rpmsg_rsc_add_carveout(struct rpmsg_rsc_builder *b, uint32_t da,
			   uint32_t pa, uint32_t len, uint32_t flags,
			   const char *name)
{
	return add_mem(b, RPMSG_RSC_CARVEOUT, da, pa, len, flags, name);
}

int rpmsg_rsc_add_devmem(struct rpmsg_rsc_builder *b, uint32_t da,
			 uint32_t pa, uint32_t len, uint32_t flags,
			 const char *name)
{
	return add_mem(b, RPMSG_RSC_DEVMEM, da, pa, len, flags, name);
}

int rpmsg_rsc_add_trace(struct rpmsg_rsc_builder *b, uint32_t da,
			uint32_t len, const char *name)
{
	uint8_t *p;
	int off;

	off = reserve(b, RPMSG_RSC_TRACE, RPMSG_RSC_TRACE_SIZE, &p);
	if (off < 0)
		return off;
	rpmsg_put_le32(p + RPMSG_RSC_TRACE_DA, da);
	rpmsg_put_le32(p + RPMSG_RSC_TRACE_LEN, len);
	put_name(p + RPMSG_RSC_TRACE_NAME, name);
	return commit(b, off);
}

int rpmsg_rsc_add_vdev(struct rpmsg_rsc_builder *b, uint32_t id,
		       uint32_t notifyid, uint32_t dfeatures,
		       uint32_t config_len, unsigned int num_vrings,
		       const struct rpmsg_rsc_vring *vrings)
{
	uint64_t size = RPMSG_RSC_VDEV_SIZE +
			(uint64_t)num_vrings * RPMSG_RSC_VRING_SIZE;
	unsigned int i;
	uint8_t *p;
	int off;

	if (num_vrings > RPMSG_RSC_MAX_VRINGS || (num_vrings && !vrings) ||
	    config_len > MAX_TABLE)
		return -EINVAL;
	off = reserve(b, RPMSG_RSC_VDEV, size + config_len, &p);
	if (off < 0)
		return off;
	rpmsg_put_le32(p + RPMSG_RSC_VDEV_ID, id);
	rpmsg_put_le32(p + RPMSG_RSC_VDEV_NOTIFYID, notifyid);
	rpmsg_put_le32(p + RPMSG_RSC_VDEV_DFEATURES, dfeatures);
	rpmsg_put_le32(p + RPMSG_RSC_VDEV_CONFIG_LEN, config_len);
	p[RPMSG_RSC_VDEV_NUM_VRINGS] = (uint8_t)num_vrings;
	for (i = 0; i < num_vrings; i++) {
		uint8_t *r = p + RPMSG_RSC_VDEV_SIZE +
			     (size_t)i * RPMSG_RSC_VRING_SIZE;

		rpmsg_put_le32(r + RPMSG_RSC_VRING_DA, vrings[i].da);
		rpmsg_put_le32(r + RPMSG_RSC_VRING_ALIGN, vrings[i].align);
		rpmsg_put_le32(r + RPMSG_RSC_VRING_NUM, vrings[i].num);
		rpmsg_put_le32(r + RPMSG_RSC_VRING_NOTIFYID,
			       vrings[i].notifyid);
		rpmsg_put_le32(r + RPMSG_RSC_VRING_PA, vrings[i].pa);
	}
	return commit(b, off);
}
