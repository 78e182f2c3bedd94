// SPDX-License-Identifier: BSD-3-Clause
/*
 * Region descriptions (rpmsg_layout.h): their checks, the resource table
 * a remote writes from one, and a host's check that the table found in
 * the region is the described one.
 *
 * Freestanding: no allocation, nothing from the C library but memcpy and
 * memset. All arithmetic on offsets is 64-bit, so that no sum of 32-bit
 * fields can wrap.
 */
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_layout.h>
#include <rpmsg/rpmsg_rsc.h>

#include "layout_internal.h"

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* A span [start, end) of the region, for the overlap checks. */
struct span {
	uint64_t start, end;
};

static bool overlap(const struct span *a, const struct span *b)
{
	return a->start < b->end && b->start < a->end;
}

static int check_ring(const struct rpmsg_layout *l, unsigned int i,
		      struct span *out)
{
	const struct rpmsg_layout_ring *r = &l->ring[i];
	size_t bytes;

	if (!pow2(r->num) || r->num > RPMSG_VRING_MAX_NUM ||
	    !pow2(r->align) || r->align < 4u || r->align > 65536u ||
	    (r->offset & 15u))
		return -EINVAL;
	bytes = rpmsg_vring_size(r->num, r->align);
	if (!bytes || (uint64_t)r->offset + bytes > l->size)
		return -EINVAL;
	out->start = r->offset;
	out->end = (uint64_t)r->offset + bytes;
	return 0;
}

static int check_bufs(const struct rpmsg_layout *l, unsigned int i,
		      struct span *out)
{
	const struct rpmsg_layout_bufs *b = &l->bufs[i];

	if (b->size <= RPMSG_HDR_SIZE || b->size > 0xFFFFu + RPMSG_HDR_SIZE ||
	    !b->count || b->count > l->ring[i].num)
		return -EINVAL;
	out->start = b->offset;
	out->end = (uint64_t)b->offset + (uint64_t)b->count * b->size;
	if (out->end > l->size)
		return -EINVAL;
	return 0;
}

int rpmsg_layout_check(const struct rpmsg_layout *layout,
		       enum rpmsg_virtio_role role)
{
	const struct rpmsg_layout *l = layout;
	struct span s[5], both;
	unsigned int i, j, n = 4;

	if (!l || (role != RPMSG_VIRTIO_HOST && role != RPMSG_VIRTIO_REMOTE) ||
	    !l->size || l->da + l->size - 1 < l->da ||
	    (l->flags & ~RPMSG_LAYOUT_ALL_FLAGS) ||
	    (l->peer & ~RPMSG_PEER_ALL_FLAGS))
		return -EINVAL;
	for (i = 0; i < 2; i++) {
		int rc = check_ring(l, i, &s[i]);
		if (!rc)
			rc = check_bufs(l, i, &s[2 + i]);
		if (rc)
			return rc;
	}
	if (l->rsc_offset != RPMSG_LAYOUT_NO_TABLE) {
		/* Any table with an rpmsg vdev of two vrings is at least
		 * this long. */
		if ((l->rsc_offset & 3u) ||
		    (uint64_t)l->rsc_offset + RPMSG_LAYOUT_TABLE_SIZE > l->size)
			return -EINVAL;
		s[4].start = l->rsc_offset;
		s[4].end = (uint64_t)l->rsc_offset + RPMSG_LAYOUT_TABLE_SIZE;
		n = 5;
	} else if (l->flags & RPMSG_LAYOUT_F_WRITE_TABLE) {
		return -EINVAL;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (overlap(&s[i], &s[j]))
				return -EINVAL;
	/* The link's memory port spans both buffer areas and what lies
	 * between them: no ring and no table may lie there, or a peer's
	 * descriptor could point at one. */
	both.start = s[2].start < s[3].start ? s[2].start : s[3].start;
	both.end = s[2].end > s[3].end ? s[2].end : s[3].end;
	if (overlap(&both, &s[0]) || overlap(&both, &s[1]) ||
	    (n == 5 && overlap(&both, &s[4])))
		return -EINVAL;
	/* What the core builds: one ring size and alignment (each
	 * direction's buffers may differ in count, size and place). */
	if (l->ring[0].num != l->ring[1].num ||
	    l->ring[0].align != l->ring[1].align)
		return -EOPNOTSUPP;
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

uint32_t rpmsg_layout_offer(const struct rpmsg_layout *l)
{
	return (uint32_t)(rpmsg_peer_features(l->peer, l->features) &
			  RPMSG_VIRTIO_SUPPORTED_FEATURES);
}

int rpmsg_layout_write_table(const struct rpmsg_layout *layout, void *region)
{
	const struct rpmsg_layout *l = layout;
	uint8_t *t, *v;
	unsigned int i;

	if (!l || !region || l->rsc_offset == RPMSG_LAYOUT_NO_TABLE ||
	    rpmsg_layout_check(l, RPMSG_VIRTIO_REMOTE))
		return -EINVAL;
	t = (uint8_t *)region + l->rsc_offset;
	v = t + RPMSG_RSC_HDR_SIZE + 4u;
	memset(t, 0, RPMSG_LAYOUT_TABLE_SIZE);
	put32(t, 1u);	  /* ver */
	put32(t + 4, 1u); /* one entry */
	put32(t + RPMSG_RSC_HDR_SIZE, RPMSG_RSC_HDR_SIZE + 4u);
	put32(v, RPMSG_RSC_VDEV);
	put32(v + RPMSG_RSC_VDEV_ID, RPMSG_VIRTIO_ID_RPMSG);
	put32(v + RPMSG_RSC_VDEV_DFEATURES, rpmsg_layout_offer(l));
	v[RPMSG_RSC_VDEV_NUM_VRINGS] = 2;
	for (i = 0; i < 2; i++) {
		uint8_t *vr = v + RPMSG_RSC_VDEV_SIZE +
			      (size_t)i * RPMSG_RSC_VRING_SIZE;
		uint32_t da = (uint32_t)(l->da + l->ring[i].offset);

		put32(vr, da);
		put32(vr + 4, l->ring[i].align);
		put32(vr + 8, l->ring[i].num);
		put32(vr + 12, i); /* notifyid: the vq index */
		put32(vr + 16, da);
	}
	return 0;
}

/* The 32-bit word at @off of the table, read once (the peer may change
 * it), or false when it does not lie inside the region's @size bytes.
 * The callers check their bounds too; this check makes each read safe
 * on its own. */
static bool rd32(const uint8_t *region, uint64_t size, uint64_t off,
		 uint32_t *v)
{
	if (off > size || off + sizeof(*v) > size)
		return false;
	memcpy(v, region + off, sizeof(*v));
	return true;
}

/* Whether the word at @off is there and equals @want. */
static bool word_is(const uint8_t *region, uint64_t size, uint64_t off,
		    uint32_t want)
{
	uint32_t v;

	return rd32(region, size, off, &v) && v == want;
}

/*
 * Find the rpmsg vdev entry of the table in @region and check it against
 * the description. Every word is read once and bounds-checked before it
 * is used; what is kept is only the entry's offset, itself checked.
 */
int rpmsg_layout_find_vdev(const struct rpmsg_layout *l, const void *region,
			   uint32_t *vdev_off)
{
	const uint8_t *r = region;
	uint64_t base = l->rsc_offset, size = l->size, vr;
	uint32_t num, i, k, w;

	if (!word_is(r, size, base, 1u) || !rd32(r, size, base + 4, &w))
		return -ENODEV;
	/* The count is kept in a local whose address is never taken: the
	 * loop's bound cannot change (the variant below, proven by WP). */
	num = w;
	if (!num || base + RPMSG_RSC_HDR_SIZE + 4ull * num > size)
		return -ENODEV;
	/*@ loop invariant 0 <= i <= num;
	    loop variant num - i; */
	for (i = 0; i < num; i++) {
		uint64_t off;

		if (!rd32(r, size, base + RPMSG_RSC_HDR_SIZE + 4ull * i, &w))
			return -ENODEV;
		off = w;
		/* Type and id first, then the whole entry if it is ours. */
		if ((off & 3u) || base + off + 8u > size)
			return -ENODEV;
		if (!word_is(r, size, base + off, RPMSG_RSC_VDEV) ||
		    !word_is(r, size, base + off + RPMSG_RSC_VDEV_ID,
			     RPMSG_VIRTIO_ID_RPMSG))
			continue;
		if (base + off + RPMSG_RSC_VDEV_SIZE +
			    2ull * RPMSG_RSC_VRING_SIZE > size)
			return -ENODEV;
		if (r[base + off + RPMSG_RSC_VDEV_NUM_VRINGS] != 2)
			return -ENODEV;
		for (k = 0; k < 2; k++) {
			vr = base + off + RPMSG_RSC_VDEV_SIZE +
			     (uint64_t)k * RPMSG_RSC_VRING_SIZE;
			if (!word_is(r, size, vr,
				     (uint32_t)(l->da + l->ring[k].offset)) ||
			    !word_is(r, size, vr + 4, l->ring[k].align) ||
			    !word_is(r, size, vr + 8, l->ring[k].num))
				return -ENODEV;
		}
		*vdev_off = (uint32_t)off;
		return 0;
	}
	return -ENODEV;
}
