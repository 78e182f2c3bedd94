// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reading a resource table (rpmsg_rsc.h): the header once, then one entry
 * at a time, each word read once into the caller's rpmsg_rsc_entry and
 * checked there. Offsets are 64-bit sums of 32-bit fields: none wraps.
 */
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_rsc.h>

#include "rsc_le.h"

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int refuse(struct rpmsg_rsc_iter *it, enum rpmsg_rsc_problem p)
{
	it->problem = p;
	return -EINVAL;
}

int rpmsg_rsc_iter_init(struct rpmsg_rsc_iter *it, const void *table,
			size_t len)
{
	const uint8_t *t = table;

	if (!it)
		return -EINVAL;
	memset(it, 0, sizeof(*it));
	if (!t)
		return refuse(it, RPMSG_RSC_E_SHORT);
	if (len < RPMSG_RSC_HDR_SIZE)
		return refuse(it, RPMSG_RSC_E_SHORT);
	if (rpmsg_le32(t) != RPMSG_RSC_VERSION)
		return refuse(it, RPMSG_RSC_E_VERSION);
	if (rpmsg_le32(t + 8) || rpmsg_le32(t + 12))
		return refuse(it, RPMSG_RSC_E_HDR_RESERVED);
	it->num = rpmsg_le32(t + 4);
	if (RPMSG_RSC_HDR_SIZE + 4ull * it->num > len) {
		it->num = 0;
		return refuse(it, RPMSG_RSC_E_OFFSETS);
	}
	it->table = t;
	it->len = len;
	return 0;
}

uint64_t rpmsg_rsc_vring_bytes(uint32_t num, uint32_t align)
{
	uint64_t avail_end;

	if (!pow2(num) || num > RPMSG_RSC_MAX_VRING_NUM || !pow2(align) ||
	    align > RPMSG_RSC_MAX_VRING_ALIGN)
		return 0;
	/* descriptors, avail ring (flags, idx, ring, used_event), padding
	 * to align, used ring (flags, idx, ring, avail_event) */
	avail_end = 16ull * num + 6u + 2ull * num;
	avail_end = (avail_end + align - 1) & ~(uint64_t)(align - 1);
	return avail_end + 6u + 8ull * num;
}

static void read_name(char *dst, const uint8_t *src)
{
	memcpy(dst, src, RPMSG_RSC_NAME_LEN);
	dst[RPMSG_RSC_NAME_LEN] = '\0';
}

/* A region [da, da + len) must be non-empty and not pass 4 GiB (a da the
 * host chooses, where @any_ok, has no end to check). */
static enum rpmsg_rsc_problem check_span(uint32_t da, uint32_t len,
					 int any_ok)
{
	if (!len)
		return RPMSG_RSC_E_ZERO_SIZE;
	if (!(any_ok && da == RPMSG_RSC_ADDR_ANY) &&
	    (uint64_t)da + len > 0x100000000ull)
		return RPMSG_RSC_E_WRAPS;
	return RPMSG_RSC_OK;
}

static enum rpmsg_rsc_problem read_mem(const uint8_t *p,
				       struct rpmsg_rsc_mem_info *m)
{
	m->da = rpmsg_le32(p + RPMSG_RSC_MEM_DA);
	m->pa = rpmsg_le32(p + RPMSG_RSC_MEM_PA);
	m->len = rpmsg_le32(p + RPMSG_RSC_MEM_LEN);
	m->flags = rpmsg_le32(p + RPMSG_RSC_MEM_FLAGS);
	read_name(m->name, p + RPMSG_RSC_MEM_NAME);
	if (rpmsg_le32(p + RPMSG_RSC_MEM_RESERVED))
		return RPMSG_RSC_E_RESERVED;
	return check_span(m->da, m->len, 1);
}

static enum rpmsg_rsc_problem read_trace(const uint8_t *p,
					 struct rpmsg_rsc_trace_info *tr)
{
	tr->da = rpmsg_le32(p + RPMSG_RSC_TRACE_DA);
	tr->len = rpmsg_le32(p + RPMSG_RSC_TRACE_LEN);
	read_name(tr->name, p + RPMSG_RSC_TRACE_NAME);
	if (rpmsg_le32(p + RPMSG_RSC_TRACE_RESERVED))
		return RPMSG_RSC_E_RESERVED;
	return check_span(tr->da, tr->len, 0); /* the firmware's own buffer */
}

static enum rpmsg_rsc_problem check_vring(const struct rpmsg_rsc_vring *r)
{
	if (!pow2(r->num) || r->num > RPMSG_RSC_MAX_VRING_NUM)
		return RPMSG_RSC_E_VRING_NUM;
	if (!pow2(r->align) || r->align > RPMSG_RSC_MAX_VRING_ALIGN)
		return RPMSG_RSC_E_VRING_ALIGN;
	if (r->da != RPMSG_RSC_ADDR_ANY &&
	    (r->da & (RPMSG_RSC_VRING_DA_ALIGN - 1u)))
		return RPMSG_RSC_E_VRING_DA;
	return RPMSG_RSC_OK;
}

static int rings_overlap(const struct rpmsg_rsc_vring *a,
			 const struct rpmsg_rsc_vring *b)
{
	uint64_t a_end = a->da + rpmsg_rsc_vring_bytes(a->num, a->align);
	uint64_t b_end = b->da + rpmsg_rsc_vring_bytes(b->num, b->align);

	if (a->da == RPMSG_RSC_ADDR_ANY || b->da == RPMSG_RSC_ADDR_ANY)
		return 0;
	return a->da < b_end && b->da < a_end;
}

/* The fixed part, at @off of @t, is inside the table's @len bytes; the
 * vrings and the config space are checked here. */
static enum rpmsg_rsc_problem read_vdev(const uint8_t *t, uint64_t len,
					uint64_t off,
					struct rpmsg_rsc_entry *e)
{
	struct rpmsg_rsc_vdev_info *v = &e->vdev;
	const uint8_t *p = t + off;
	enum rpmsg_rsc_problem pr;
	uint64_t size;
	unsigned int i, nvr;

	v->id = rpmsg_le32(p + RPMSG_RSC_VDEV_ID);
	v->notifyid = rpmsg_le32(p + RPMSG_RSC_VDEV_NOTIFYID);
	v->dfeatures = rpmsg_le32(p + RPMSG_RSC_VDEV_DFEATURES);
	v->gfeatures = rpmsg_le32(p + RPMSG_RSC_VDEV_GFEATURES);
	v->config_len = rpmsg_le32(p + RPMSG_RSC_VDEV_CONFIG_LEN);
	v->status = p[RPMSG_RSC_VDEV_STATUS];
	nvr = p[RPMSG_RSC_VDEV_NUM_VRINGS];
	if (p[RPMSG_RSC_VDEV_RESERVED] || p[RPMSG_RSC_VDEV_RESERVED + 1])
		return RPMSG_RSC_E_RESERVED;
	if (nvr > RPMSG_RSC_MAX_VRINGS)
		return RPMSG_RSC_E_VRINGS;
	size = RPMSG_RSC_VDEV_SIZE + (uint64_t)nvr * RPMSG_RSC_VRING_SIZE;
	if (off + size > len)
		return RPMSG_RSC_E_TRUNCATED;
	v->num_vrings = (uint8_t)nvr;
	/*@ loop invariant 0 <= i <= nvr;
	    loop variant nvr - i; */
	for (i = 0; i < nvr; i++) {
		uint64_t at = off + RPMSG_RSC_VDEV_SIZE +
			      (uint64_t)i * RPMSG_RSC_VRING_SIZE;
		const uint8_t *r;

		/* Implied by the check of size above; checked again next to
		 * the read so that each read is inside on its own. */
		if (at + RPMSG_RSC_VRING_SIZE > len)
			return RPMSG_RSC_E_TRUNCATED;
		r = t + at;

		v->vring[i].da = rpmsg_le32(r + RPMSG_RSC_VRING_DA);
		v->vring[i].align = rpmsg_le32(r + RPMSG_RSC_VRING_ALIGN);
		v->vring[i].num = rpmsg_le32(r + RPMSG_RSC_VRING_NUM);
		v->vring[i].notifyid = rpmsg_le32(r + RPMSG_RSC_VRING_NOTIFYID);
		v->vring[i].pa = rpmsg_le32(r + RPMSG_RSC_VRING_PA);
	}
	v->config_offset = (uint32_t)(off + size);
	if (off + size + v->config_len > len)
		return RPMSG_RSC_E_CONFIG;
	e->size = (uint32_t)(size + v->config_len);
	/*@ loop invariant 0 <= i <= nvr;
	    loop variant nvr - i; */
	for (i = 0; i < nvr; i++) {
		pr = check_vring(&v->vring[i]);
		if (pr)
			return pr;
	}
	if (nvr == 2 && rings_overlap(&v->vring[0], &v->vring[1]))
		return RPMSG_RSC_E_VRING_OVERLAP;
	return RPMSG_RSC_OK;
}

int rpmsg_rsc_iter_next(struct rpmsg_rsc_iter *it, struct rpmsg_rsc_entry *e)
{
	enum rpmsg_rsc_problem pr = RPMSG_RSC_OK;
	uint64_t at, off;
	const uint8_t *p;

	if (!it || !e || !it->table)
		return -EINVAL;
	if (it->index >= it->num)
		return 0;
	memset(e, 0, sizeof(*e));
	/* Implied by rpmsg_rsc_iter_init()'s check of num; checked again
	 * next to the read so that it is inside on its own. */
	at = RPMSG_RSC_HDR_SIZE + 4ull * it->index;
	if (at + 4u > it->len)
		return refuse(it, RPMSG_RSC_E_OFFSETS);
	off = rpmsg_le32(it->table + at);
	it->index++;
	e->offset = (uint32_t)off;
	if (off & 3u)
		return refuse(it, RPMSG_RSC_E_UNALIGNED);
	if (off < RPMSG_RSC_HDR_SIZE + 4ull * it->num)
		return refuse(it, RPMSG_RSC_E_IN_HEADER);
	if (off + 4u > it->len)
		return refuse(it, RPMSG_RSC_E_TRUNCATED);
	p = it->table + off;
	e->type = rpmsg_le32(p);
	e->size = 4u;
	switch (e->type) {
	case RPMSG_RSC_CARVEOUT:
	case RPMSG_RSC_DEVMEM:
		if (off + RPMSG_RSC_MEM_SIZE > it->len)
			return refuse(it, RPMSG_RSC_E_TRUNCATED);
		e->size = RPMSG_RSC_MEM_SIZE;
		pr = read_mem(p, &e->mem);
		break;
	case RPMSG_RSC_TRACE:
		if (off + RPMSG_RSC_TRACE_SIZE > it->len)
			return refuse(it, RPMSG_RSC_E_TRUNCATED);
		e->size = RPMSG_RSC_TRACE_SIZE;
		pr = read_trace(p, &e->trace);
		break;
	case RPMSG_RSC_VDEV:
		if (off + RPMSG_RSC_VDEV_SIZE > it->len)
			return refuse(it, RPMSG_RSC_E_TRUNCATED);
		e->size = RPMSG_RSC_VDEV_SIZE;
		pr = read_vdev(it->table, it->len, off, e);
		break;
	default:
		break; /* vendor or unknown: the host skips it */
	}
	if (pr)
		return refuse(it, pr);
	return 1;
}

int rpmsg_rsc_check(const void *table, size_t len,
		    enum rpmsg_rsc_problem *problem)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;
	uint32_t i, num;
	int rc;

	rc = rpmsg_rsc_iter_init(&it, table, len);
	/* At most num entries, num read once by rpmsg_rsc_iter_init() and
	 * kept in a local: the walk ends (the variant, proven by WP). */
	num = it.num;
	/*@ loop invariant 0 <= i <= num;
	    loop variant num - i; */
	for (i = 0; !rc && i < num; i++) {
		rc = rpmsg_rsc_iter_next(&it, &e);
		if (rc > 0)
			rc = 0; /* one more entry, good */
		else if (!rc)
			break; /* the walk's end: not before num entries */
	}
	if (problem)
		*problem = it.problem;
	return rc < 0 ? rc : (int)it.num;
}

int rpmsg_rsc_find_vdev(const void *table, size_t len, uint32_t id,
			struct rpmsg_rsc_entry *e)
{
	struct rpmsg_rsc_entry cur;
	struct rpmsg_rsc_iter it;
	uint32_t i, num;
	int rc, found = 0;

	if (!e)
		return -EINVAL;
	memset(e, 0, sizeof(*e)); /* nothing stale when none is found */
	rc = rpmsg_rsc_iter_init(&it, table, len);
	if (rc)
		return rc;
	num = it.num; /* bounds the walk, as in rpmsg_rsc_check() */
	/*@ loop invariant 0 <= i <= num;
	    loop variant num - i; */
	for (i = 0; i < num; i++) {
		rc = rpmsg_rsc_iter_next(&it, &cur);
		if (rc < 0)
			return rc;
		if (!rc)
			break;
		if (cur.type != RPMSG_RSC_VDEV || cur.vdev.id != id)
			continue;
		if (found)
			return -EINVAL;
		*e = cur;
		found = 1;
	}
	return found ? 0 : -ENODEV;
}

int rpmsg_rsc_set_vring(void *table, size_t len, uint32_t vdev_offset,
			unsigned int index, uint32_t da, uint32_t pa)
{
	uint64_t off = (uint64_t)vdev_offset + RPMSG_RSC_VDEV_SIZE +
		       (uint64_t)index * RPMSG_RSC_VRING_SIZE;
	uint8_t *r;

	if (!table || index >= RPMSG_RSC_MAX_VRINGS || (vdev_offset & 3u) ||
	    off + RPMSG_RSC_VRING_SIZE > len ||
	    (da & (RPMSG_RSC_VRING_DA_ALIGN - 1u)))
		return -EINVAL;
	r = (uint8_t *)table + off;
	rpmsg_put_le32(r + RPMSG_RSC_VRING_DA, da);
	rpmsg_put_le32(r + RPMSG_RSC_VRING_PA, pa);
	return 0;
}
