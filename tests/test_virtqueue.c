// SPDX-License-Identifier: BSD-3-Clause
/*
 * Unit tests for the split virtqueue and the linear memory port.
 *
 * Both roles are attached to one ring image, so that what one side publishes
 * is what the other side reads. The tests also read and write the image byte
 * by byte: to check the wire layout against the legacy vring definition, and
 * to play a peer that writes whatever it likes into the shared ring.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include <rpmsg/rpmsg_byteorder.h>

#define DA_BASE 0x80000000ull
#define BUF_SIZE 64u
#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define F_VERSION_1 (1ull << RPMSG_VIRTIO_F_VERSION_1)

/**
 * struct pair - one ring image seen by a driver and a device
 * @ring: the image, exactly @ring_size bytes of heap (overruns trip ASan)
 * @pool: the shared buffer region described by @mem
 * @dslots: driver slots, @vslots: device slots, exactly @num of each
 * @avail: offset of the avail ring in @ring
 * @used: offset of the used ring in @ring
 * @le: ring words are little-endian (VERSION_1, or legacy on a LE CPU)
 */
struct pair {
	uint8_t *ring;
	size_t ring_size;
	uint8_t *pool;
	size_t pool_size;
	struct rpmsg_mem mem;
	struct rpmsg_virtqueue drv;
	struct rpmsg_virtqueue dev;
	struct rpmsg_vq_slot *dslots;
	struct rpmsg_vq_slot *vslots;
	unsigned int num;
	size_t avail;
	size_t used;
	bool le;
};

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

/* Store @n bytes of @v at @b + @off in the given byte order. */
static void put_n(uint8_t *b, size_t off, uint64_t v, unsigned int n, bool le)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		b[off + (le ? i : n - 1 - i)] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_n(const uint8_t *b, size_t off, unsigned int n, bool le)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)b[off + (le ? i : n - 1 - i)] << (8 * i);
	return v;
}

/**
 * pair_new() - allocate a ring and attach a driver, then a device, to it
 * @num: ring entries
 * @align: used ring alignment
 * @features: feature bits given to both roles
 * @da: device address of the buffer region
 * @pool_size: size of the buffer region
 */
static struct pair *pair_new(unsigned int num, size_t align,
			     uint64_t features, uint64_t da, size_t pool_size)
{
	struct pair *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->num = num;
	p->dslots = malloc(num * sizeof(*p->dslots));
	p->vslots = malloc(num * sizeof(*p->vslots));
	assert_non_null(p->dslots);
	assert_non_null(p->vslots);
	p->ring_size = rpmsg_vring_size(num, align);
	assert_true(p->ring_size > 0);
	p->ring = malloc(p->ring_size);
	assert_non_null(p->ring);
	assert_int_equal((uintptr_t)p->ring & 15u, 0);
	memset(p->ring, 0xa5, p->ring_size);
	p->pool_size = pool_size;
	p->pool = calloc(1, pool_size);
	assert_non_null(p->pool);
	p->avail = 16u * num;
	p->used = align_up(16u * num + 6u + 2u * num, align);
	p->le = (features & F_VERSION_1) || !RPMSG_CPU_BIG_ENDIAN;

	assert_int_equal(rpmsg_mem_init_linear(&p->mem, p->pool, da,
					       pool_size), 0);
	assert_int_equal(rpmsg_vq_init(&p->drv, RPMSG_VQ_DRIVER, p->ring, num,
				       align, p->dslots, &p->mem, features), 0);
	assert_int_equal(rpmsg_vq_init(&p->dev, RPMSG_VQ_DEVICE, p->ring, num,
				       align, p->vslots, &p->mem, features), 0);
	return p;
}

static void pair_free(struct pair *p)
{
	free(p->ring);
	free(p->pool);
	free(p->dslots);
	free(p->vslots);
	free(p);
}

/* --- ring offsets --------------------------------------------------------- */

static size_t off_desc(const struct pair *p, unsigned int i)
{
	(void)p;
	return 16u * i;
}

static size_t off_avail_flags(const struct pair *p)
{
	return p->avail;
}

static size_t off_avail_idx(const struct pair *p)
{
	return p->avail + 2u;
}

static size_t off_avail_ring(const struct pair *p, unsigned int i)
{
	return p->avail + 4u + 2u * (i % p->num);
}

static size_t off_used_event(const struct pair *p)
{
	return p->avail + 4u + 2u * p->num;
}

static size_t off_used_flags(const struct pair *p)
{
	return p->used;
}

static size_t off_used_idx(const struct pair *p)
{
	return p->used + 2u;
}

static size_t off_used_elem(const struct pair *p, unsigned int i)
{
	return p->used + 4u + 8u * (i % p->num);
}

static size_t off_avail_event(const struct pair *p)
{
	return p->used + 4u + 8u * p->num;
}

/* --- what a peer writes ------------------------------------------------- */

static void w16(struct pair *p, size_t off, uint16_t v)
{
	put_n(p->ring, off, v, 2, p->le);
}

static void w32(struct pair *p, size_t off, uint32_t v)
{
	put_n(p->ring, off, v, 4, p->le);
}

static uint16_t r16(const struct pair *p, size_t off)
{
	return (uint16_t)get_n(p->ring, off, 2, p->le);
}

static uint32_t r32(const struct pair *p, size_t off)
{
	return (uint32_t)get_n(p->ring, off, 4, p->le);
}

static void set_desc(struct pair *p, unsigned int id, uint64_t addr,
		     uint32_t len, uint16_t flags)
{
	size_t d = off_desc(p, id);

	put_n(p->ring, d, addr, 8, p->le);
	w32(p, d + 8, len);
	w16(p, d + 12, flags);
	w16(p, d + 14, 0);
}

static void set_used_elem(struct pair *p, unsigned int i, uint32_t id,
			  uint32_t len)
{
	w32(p, off_used_elem(p, i), id);
	w32(p, off_used_elem(p, i) + 4, len);
}

/* --- layout ------------------------------------------------------------- */

static void test_vring_size(void **state)
{
	(void)state;
	/* Linux: ALIGN(16 * num + 2 * (3 + num), align) + 6 + 8 * num */
	assert_int_equal(rpmsg_vring_size(256, 4096), 10246);
	assert_int_equal(rpmsg_vring_size(256, 4096),
			 align_up(16 * 256 + 6 + 2 * 256, 4096) + 6 + 8 * 256);
	assert_int_equal(rpmsg_vring_size(4, 16), 80 + 6 + 32);
	assert_int_equal(rpmsg_vring_size(8, 64), 192 + 6 + 64);
	assert_int_equal(rpmsg_vring_size(1, 4), 24 + 6 + 8);
	assert_int_equal(rpmsg_vring_size(RPMSG_VRING_MAX_NUM, 4096),
			 align_up(18u * RPMSG_VRING_MAX_NUM + 6, 4096) + 6 +
				 8u * RPMSG_VRING_MAX_NUM);

	assert_int_equal(rpmsg_vring_size(0, 4096), 0);
	assert_int_equal(rpmsg_vring_size(3, 4096), 0);
	assert_int_equal(rpmsg_vring_size(255, 4096), 0);
	assert_int_equal(rpmsg_vring_size(257, 4096), 0);
	assert_int_equal(rpmsg_vring_size(2 * RPMSG_VRING_MAX_NUM, 4096), 0);
	assert_int_equal(rpmsg_vring_size(256, 0), 0);
	assert_int_equal(rpmsg_vring_size(256, 3), 0);
	assert_int_equal(rpmsg_vring_size(256, 4095), 0);
	assert_int_equal(rpmsg_vring_size(256, 4097), 0);
}

/**
 * run_layout() - compare the whole ring image with one built by hand
 *
 * Bytes neither side may write are filled with a pattern first, so a field
 * stored one byte off either clobbers the pattern or leaves the expected
 * value missing. The addresses have eight distinct bytes for the same reason.
 */
static void run_layout(unsigned int num, size_t align, uint64_t features)
{
	static const struct {
		size_t off;
		uint32_t len;
		bool wr;
	} post[3] = {
		{ 0x708, 0x123, true },
		{ 0x100, 0x40, false },
		{ 0x900, 0x80, true },
	};
	const uint64_t da = 0x0102030405060000ull;
	const bool ev = features & F_EVENT_IDX;
	struct pair *p = pair_new(num, align, features, da, 4096);
	uint8_t *r = p->ring, *exp;
	size_t size = p->ring_size, pad = p->avail + 6u + 2u * num, i;
	uint32_t len;
	uint16_t id;
	void *buf;

	/* The driver cleared the ring; attaching the device wrote nothing. */
	for (i = 0; i < size; i++)
		assert_int_equal(r[i], 0);
	assert_int_equal(off_avail_event(p) + 2u, size);
	assert_int_equal(p->used % align, 0);
	assert_true(p->used >= pad);

	memset(r, 0xee, 16u * num);
	memset(r + p->avail + 4u, 0xee, 2u * num);
	memset(r + pad, 0xee, p->used - pad);
	memset(r + p->used + 4u, 0xee, 8u * num);
	exp = malloc(size);
	assert_non_null(exp);
	memcpy(exp, r, size);

	for (i = 0; i < 3; i++) {
		buf = p->pool + post[i].off;
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, buf, post[i].len,
						  post[i].wr), 0);
		put_n(exp, 16u * i, da + post[i].off, 8, p->le);
		put_n(exp, 16u * i + 8u, post[i].len, 4, p->le);
		put_n(exp, 16u * i + 12u, post[i].wr ? 2 : 0, 2, p->le);
		put_n(exp, 16u * i + 14u, 0, 2, p->le);
		put_n(exp, p->avail + 4u + 2u * i, i, 2, p->le);
		put_n(exp, p->avail + 2u, i + 1, 2, p->le);
		assert_memory_equal(r, exp, size);
	}
	if (p->le) {
		static const uint8_t d0[16] = { 0x08, 0x07, 0x06, 0x05,
						0x04, 0x03, 0x02, 0x01,
						0x23, 0x01, 0x00, 0x00,
						0x02, 0x00, 0x00, 0x00 };
		static const uint8_t av[8] = { 0x00, 0x00, 0x03, 0x00,
					       0x00, 0x00, 0x01, 0x00 };

		assert_memory_equal(r, d0, sizeof(d0));
		assert_memory_equal(r + p->avail, av, sizeof(av));
		assert_int_equal(r[p->avail + 8], 0x02);
		assert_int_equal(r[p->avail + 9], 0x00);
	}

	for (i = 0; i < 3; i++) {
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 0);
		assert_int_equal(id, i);
		assert_ptr_equal(buf, p->pool + post[i].off);
		assert_int_equal(len, post[i].len);
		if (ev)
			put_n(exp, off_avail_event(p), i + 1, 2, p->le);
		assert_memory_equal(r, exp, size);
	}

	assert_int_equal(rpmsg_vq_put_used(&p->dev, 2, 0x7f), 0);
	put_n(exp, p->used + 4u, 2, 4, p->le);
	put_n(exp, p->used + 8u, 0x7f, 4, p->le);
	put_n(exp, p->used + 2u, 1, 2, p->le);
	assert_memory_equal(r, exp, size);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0x105), 0);
	put_n(exp, p->used + 12u, 0, 4, p->le);
	put_n(exp, p->used + 16u, 0x105, 4, p->le);
	put_n(exp, p->used + 2u, 2, 2, p->le);
	assert_memory_equal(r, exp, size);
	if (p->le) {
		static const uint8_t u[20] = { 0x00, 0x00, 0x02, 0x00,
					       0x02, 0x00, 0x00, 0x00,
					       0x7f, 0x00, 0x00, 0x00,
					       0x00, 0x00, 0x00, 0x00,
					       0x05, 0x01, 0x00, 0x00 };

		assert_memory_equal(r + p->used, u, sizeof(u));
	}

	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool + 0x900);
	assert_int_equal(len, 0x7f);
	if (ev)
		put_n(exp, off_used_event(p), 1, 2, p->le);
	assert_memory_equal(r, exp, size);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool + 0x708);
	assert_int_equal(len, 0x105);
	if (ev)
		put_n(exp, off_used_event(p), 2, 2, p->le);
	assert_memory_equal(r, exp, size);

	/* Suppression: flags without EVENT_IDX, event indices with it. */
	rpmsg_vq_disable_cb(&p->drv);
	if (ev)
		put_n(exp, off_used_event(p), 1, 2, p->le);
	else
		put_n(exp, off_avail_flags(p), 1, 2, p->le);
	assert_memory_equal(r, exp, size);
	rpmsg_vq_disable_notify(&p->dev);
	if (ev)
		put_n(exp, off_avail_event(p), 2, 2, p->le);
	else
		put_n(exp, off_used_flags(p), 1, 2, p->le);
	assert_memory_equal(r, exp, size);
	assert_false(rpmsg_vq_enable_cb(&p->drv));
	if (ev)
		put_n(exp, off_used_event(p), 2, 2, p->le);
	else
		put_n(exp, off_avail_flags(p), 0, 2, p->le);
	assert_memory_equal(r, exp, size);
	assert_false(rpmsg_vq_enable_notify(&p->dev));
	if (ev)
		put_n(exp, off_avail_event(p), 3, 2, p->le);
	else
		put_n(exp, off_used_flags(p), 0, 2, p->le);
	assert_memory_equal(r, exp, size);

	free(exp);
	pair_free(p);
}

static void test_layout_256_v1(void **state)
{
	(void)state;
	run_layout(256, 4096, F_VERSION_1);
}

static void test_layout_legacy(void **state)
{
	(void)state;
	run_layout(8, 64, 0);
}

static void test_layout_event_idx(void **state)
{
	(void)state;
	run_layout(8, 64, F_EVENT_IDX | F_VERSION_1);
}

/* --- both roles on one ring --------------------------------------------- */

static void test_roundtrip(void **state)
{
	struct pair *p = pair_new(8, 4096, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	void *buf = (void *)p;
	uint16_t ids[8], id;
	uint32_t len = 77, i;
	uint8_t *b;

	(void)state;
	assert_false(rpmsg_vq_pending(&p->dev));
	assert_false(rpmsg_vq_pending(&p->drv));
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EAGAIN);
	assert_null(buf);
	assert_int_equal(len, 0);
	buf = p;
	len = 77;
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EAGAIN);
	assert_null(buf);
	assert_int_equal(len, 0);

	for (i = 0; i < 8; i++) {
		b = p->pool + i * BUF_SIZE;
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, b, BUF_SIZE - i,
						  i & 1), 0);
		/* WRITE only for buffers the device fills, nothing else. */
		assert_int_equal(r16(p, off_desc(p, i) + 12),
				 (i & 1) ? RPMSG_VRING_DESC_F_WRITE : 0);
		assert_true(get_n(p->ring, off_desc(p, i), 8, p->le) ==
			    DA_BASE + i * BUF_SIZE);
	}
	assert_true(rpmsg_vq_pending(&p->dev));
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, false), -ENOSPC);
	assert_int_equal(r16(p, off_avail_idx(p)), 8);

	for (i = 0; i < 8; i++) {
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &ids[i], &buf,
						    &len), 0);
		assert_ptr_equal(buf, p->pool + i * BUF_SIZE);
		assert_int_equal(len, BUF_SIZE - i);
		assert_ptr_equal(rpmsg_vq_slot_buf(&p->dev, ids[i]), buf);
		memset(buf, (int)(0x10 + i), len);
	}
	assert_false(rpmsg_vq_pending(&p->dev));
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EAGAIN);

	for (i = 0; i < 8; i++)
		assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[i], i + 1), 0);
	assert_null(rpmsg_vq_slot_buf(&p->dev, ids[0]));
	assert_true(rpmsg_vq_pending(&p->drv));
	assert_int_equal(r16(p, off_used_idx(p)), 8);

	for (i = 0; i < 8; i++) {
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
		assert_ptr_equal(buf, p->pool + i * BUF_SIZE);
		assert_int_equal(len, i + 1);
		b = buf;
		assert_int_equal(b[0], 0x10 + i);
	}
	assert_false(rpmsg_vq_pending(&p->drv));
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EAGAIN);

	/* Every descriptor is free again. */
	for (i = 0; i < 8; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 16, true),
				 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 16, true),
			 -ENOSPC);
	pair_free(p);
}

static void test_enospc_reuse(void **state)
{
	struct pair *p = pair_new(4, 16, F_VERSION_1, DA_BASE, 4 * BUF_SIZE);
	uint16_t id;
	uint32_t len, i;
	void *buf;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv,
						  p->pool + i * BUF_SIZE,
						  BUF_SIZE, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, BUF_SIZE, true),
			 -ENOSPC);
	/* A failed add publishes nothing. */
	assert_int_equal(r16(p, off_avail_idx(p)), 4);

	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, id, 3), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, BUF_SIZE, true),
			 -ENOSPC);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_int_equal(len, 3);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, buf, BUF_SIZE, false), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, buf, BUF_SIZE, false),
			 -ENOSPC);
	/* The freed descriptor (0) is the one reused, at avail entry 4. */
	assert_int_equal(r16(p, off_avail_ring(p, 4)), 0);
	assert_int_equal(r16(p, off_desc(p, 0) + 12), 0);
	pair_free(p);
}

/* --- notification suppression ------------------------------------------- */

static void test_notify_flags(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	uint16_t ids[3];
	uint32_t len, i;
	void *buf;

	(void)state;
	assert_false(rpmsg_vq_enable_notify(&p->dev));
	assert_false(rpmsg_vq_enable_cb(&p->drv));

	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_true(rpmsg_vq_kick_prepare(&p->drv));

	rpmsg_vq_disable_notify(&p->dev);
	assert_int_equal(r16(p, off_used_flags(p)),
			 RPMSG_VRING_USED_F_NO_NOTIFY);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE, 8, true),
			 0);
	assert_false(rpmsg_vq_kick_prepare(&p->drv));

	/* Two entries arrived while kicks were off. */
	assert_true(rpmsg_vq_enable_notify(&p->dev));
	assert_int_equal(r16(p, off_used_flags(p)), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 2 * BUF_SIZE, 8,
					  true), 0);
	assert_true(rpmsg_vq_kick_prepare(&p->drv));

	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &ids[i], &buf,
						    &len), 0);
	assert_false(rpmsg_vq_enable_notify(&p->dev));

	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[0], 1), 0);
	assert_true(rpmsg_vq_notify_prepare(&p->dev));

	rpmsg_vq_disable_cb(&p->drv);
	assert_int_equal(r16(p, off_avail_flags(p)),
			 RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[1], 1), 0);
	assert_false(rpmsg_vq_notify_prepare(&p->dev));

	/* Two used entries are waiting. */
	assert_true(rpmsg_vq_enable_cb(&p->drv));
	assert_int_equal(r16(p, off_avail_flags(p)), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[2], 1), 0);
	assert_true(rpmsg_vq_notify_prepare(&p->dev));

	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_false(rpmsg_vq_enable_cb(&p->drv));
	pair_free(p);
}

static void test_kick_event_idx(void **state)
{
	struct pair *p = pair_new(8, 64, F_EVENT_IDX | F_VERSION_1, DA_BASE,
				  8 * BUF_SIZE);
	uint32_t len, i;
	uint16_t id;
	void *buf;

	(void)state;
	/* old 0, new 2: event 2 is not in (0, 2] ... */
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true),
				 0);
	w16(p, off_avail_event(p), 2);
	assert_false(rpmsg_vq_kick_prepare(&p->drv));
	/* ... and old 2, new 4 crosses it. */
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true),
				 0);
	assert_true(rpmsg_vq_kick_prepare(&p->drv));
	/* old 4, new 5, event 3 (already passed): no kick. */
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	w16(p, off_avail_event(p), 3);
	assert_false(rpmsg_vq_kick_prepare(&p->drv));
	/* old 5, new 6, event 5: exactly the edge, kick. */
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	w16(p, off_avail_event(p), 5);
	assert_true(rpmsg_vq_kick_prepare(&p->drv));
	/* Nothing new since the last kick. */
	assert_false(rpmsg_vq_kick_prepare(&p->drv));

	/* The device publishes its position as it consumes. */
	for (i = 0; i < 6; i++) {
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 0);
		assert_int_equal(r16(p, off_avail_event(p)), i + 1);
	}
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 1, 0), 0);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);

	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_true(rpmsg_vq_kick_prepare(&p->drv));

	/* Disabled: avail_event is left behind last_avail. */
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	rpmsg_vq_disable_notify(&p->dev);
	assert_int_equal(r16(p, off_avail_event(p)), 6);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_false(rpmsg_vq_kick_prepare(&p->drv));
	/* A get while disabled does not move the event either. */
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_int_equal(r16(p, off_avail_event(p)), 6);

	assert_int_equal(rpmsg_vq_put_used(&p->dev, 2, 0), 0);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_false(rpmsg_vq_kick_prepare(&p->drv));
	/* One entry is pending when notifications come back on. */
	assert_true(rpmsg_vq_enable_notify(&p->dev));
	assert_int_equal(r16(p, off_avail_event(p)), 8);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_false(rpmsg_vq_enable_notify(&p->dev));
	assert_int_equal(r16(p, off_avail_event(p)), 9);
	/* Flags stay clear when event indices are in use. */
	assert_int_equal(r16(p, off_used_flags(p)), 0);
	assert_int_equal(r16(p, off_avail_flags(p)), 0);
	pair_free(p);
}

static void test_notify_event_idx(void **state)
{
	struct pair *p = pair_new(8, 64, F_EVENT_IDX | F_VERSION_1, DA_BASE,
				  8 * BUF_SIZE);
	uint16_t ids[8];
	uint32_t len, i;
	void *buf;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv,
						  p->pool + i * BUF_SIZE,
						  BUF_SIZE, true), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &ids[i], &buf,
						    &len), 0);

	/* old 0, new 2, event 2: not crossed. */
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[0], 0), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[1], 0), 0);
	w16(p, off_used_event(p), 2);
	assert_false(rpmsg_vq_notify_prepare(&p->dev));
	/* old 2, new 4: crossed. */
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[2], 0), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[3], 0), 0);
	assert_true(rpmsg_vq_notify_prepare(&p->dev));
	/* old 4, new 5, event 3: already passed. */
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[4], 0), 0);
	w16(p, off_used_event(p), 3);
	assert_false(rpmsg_vq_notify_prepare(&p->dev));
	/* old 5, new 6, event 5: the edge. */
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[5], 0), 0);
	w16(p, off_used_event(p), 5);
	assert_true(rpmsg_vq_notify_prepare(&p->dev));
	assert_false(rpmsg_vq_notify_prepare(&p->dev));

	for (i = 0; i < 6; i++) {
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
		assert_int_equal(r16(p, off_used_event(p)), i + 1);
	}

	rpmsg_vq_disable_cb(&p->drv);
	assert_int_equal(r16(p, off_used_event(p)), 5);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[6], 0), 0);
	assert_false(rpmsg_vq_notify_prepare(&p->dev));
	assert_true(rpmsg_vq_enable_cb(&p->drv));
	assert_int_equal(r16(p, off_used_event(p)), 6);
	/* Taking a buffer while disabled leaves the event behind. */
	rpmsg_vq_disable_cb(&p->drv);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_int_equal(r16(p, off_used_event(p)), 5);
	assert_false(rpmsg_vq_enable_cb(&p->drv));
	assert_int_equal(r16(p, off_used_event(p)), 7);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[7], 0), 0);
	assert_true(rpmsg_vq_notify_prepare(&p->dev));
	pair_free(p);
}

/* --- hostile driver (device side reads it) ------------------------------ */

static void test_hostile_avail_idx(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	void *buf = p;
	uint32_t len = 5;
	uint16_t id;

	(void)state;
	w16(p, off_avail_idx(p), 9);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EIO);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_true(rpmsg_vq_is_broken(&p->dev));
	assert_false(rpmsg_vq_is_broken(&p->drv));
	/* Broken for good, even once the index looks sane again. */
	w16(p, off_avail_idx(p), 0);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EIO);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EIO);
	assert_false(rpmsg_vq_pending(&p->dev));
	assert_false(rpmsg_vq_enable_notify(&p->dev));
	/* Nothing was returned on the used ring. */
	assert_int_equal(r16(p, off_used_idx(p)), 0);
	pair_free(p);

	/* Held buffers count: one in flight plus num offered is too many. */
	p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	w16(p, off_avail_idx(p), 1 + 8);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EIO);
	assert_true(rpmsg_vq_is_broken(&p->dev));
	pair_free(p);

	/* ... but num - 1 more is within what the driver could own. */
	p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	w16(p, off_avail_idx(p), 1 + 7);
	/* Entry 1 names head 0, which is in flight. */
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
			 -EBADMSG);
	assert_false(rpmsg_vq_is_broken(&p->dev));
	pair_free(p);
}

static void test_hostile_head_range(void **state)
{
	static const uint16_t bad[] = { 8, 9, 0x8000, 0xffff };
	struct pair *p;
	uint32_t len;
	uint16_t id;
	unsigned int i;
	void *buf;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true),
				 0);
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE,
						  16, true), 0);
		w16(p, off_avail_ring(p, 0), bad[i]);
		buf = p;
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 -EBADMSG);
		assert_null(buf);
		/* Skipped: nothing to return for a head that names nothing. */
		assert_int_equal(r16(p, off_used_idx(p)), 0);
		assert_false(rpmsg_vq_is_broken(&p->dev));
		/* The next entry is still served. */
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 0);
		assert_int_equal(id, 1);
		assert_ptr_equal(buf, p->pool + BUF_SIZE);
		assert_int_equal(len, 16);
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 -EAGAIN);
		/* The skipped entry is not counted as held: one held plus
		 * seven offered is still within the ring. The next entry
		 * (left zero) names descriptor 0, which was never taken. */
		w16(p, off_avail_idx(p), 2 + 7);
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 0);
		assert_int_equal(id, 0);
		assert_ptr_equal(buf, p->pool);
		assert_false(rpmsg_vq_is_broken(&p->dev));
		pair_free(p);
	}
}

static void test_hostile_head_twice(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	uint32_t len;
	uint16_t id;
	void *buf;

	(void)state;
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 32, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE, 32,
					  true), 0);
	w16(p, off_avail_ring(p, 1), 0);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_int_equal(id, 0);
	buf = p;
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
			 -EBADMSG);
	assert_null(buf);
	assert_int_equal(r16(p, off_used_idx(p)), 0);
	/* The first taking is intact. */
	assert_ptr_equal(rpmsg_vq_slot_buf(&p->dev, 0), p->pool);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 32), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0), -EINVAL);

	/* Once returned, the same head may legitimately come back. */
	w16(p, off_avail_ring(p, 2), 0);
	w16(p, off_avail_idx(p), 3);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_int_equal(id, 0);
	assert_ptr_equal(buf, p->pool);
	pair_free(p);
}

/**
 * struct bad_desc - one malformed descriptor
 * @off: address as an offset from the region's device address (wraps)
 * @len: descriptor length
 * @flags: descriptor flags
 * @ok: the descriptor is in fact acceptable (boundary control)
 */
struct bad_desc {
	uint64_t off;
	uint32_t len;
	uint16_t flags;
	bool ok;
};

static void test_hostile_descriptor(void **state)
{
	const uint64_t size = 8 * BUF_SIZE;
	const struct bad_desc cases[] = {
		{ 0, 16, RPMSG_VRING_DESC_F_NEXT, false },
		{ 0, 16, RPMSG_VRING_DESC_F_INDIRECT, false },
		{ 0, 16, RPMSG_VRING_DESC_F_NEXT | RPMSG_VRING_DESC_F_WRITE,
		  false },
		{ 0, 0, 0, false },
		{ size, 1, 0, false },
		{ size - 8, 16, 0, false },
		{ size - 15, 16, 0, false },
		{ 16, 0xffffffffu, 0, false },
		{ (uint64_t)-1, 16, 0, false },
		{ (uint64_t)-16, 16, 0, false },
		{ 0 - DA_BASE, 16, 0, false },
		{ (uint64_t)-1 - DA_BASE - 7, 16, 0, false },
		{ (uint64_t)-1 - DA_BASE, 1, 0, false },
		{ 0x100000000ull, 16, 0, false },
		{ 0, 16, 0, true },
		{ 0, (uint32_t)size, 0, true },
		{ size - 16, 16, RPMSG_VRING_DESC_F_WRITE, true },
		{ size - 1, 1, 0, true },
	};
	struct pair *p;
	unsigned int i;
	uint32_t len;
	uint16_t id;
	void *buf;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_desc *c = &cases[i];

		p = pair_new(8, 64, F_VERSION_1, DA_BASE, (size_t)size);
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, BUF_SIZE,
						  true), 0);
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE,
						  BUF_SIZE, true), 0);
		set_desc(p, 1, DA_BASE + c->off, c->len, c->flags);
		/* Garbage where the device is to write. */
		set_used_elem(p, 0, 0xdeadbeef, 0xdeadbeef);
		set_used_elem(p, 1, 0xdeadbeef, 0xdeadbeef);

		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 0);
		assert_int_equal(id, 0);
		buf = p;
		len = 99;
		id = 99;
		if (c->ok) {
			assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf,
							    &len), 0);
			assert_int_equal(id, 1);
			assert_ptr_equal(buf, p->pool + c->off);
			assert_int_equal(len, c->len);
			assert_int_equal(r16(p, off_used_idx(p)), 0);
			pair_free(p);
			continue;
		}
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 -EBADMSG);
		assert_null(buf);
		assert_int_equal(len, 0);
		assert_false(rpmsg_vq_is_broken(&p->dev));
		/* Handed straight back, unused. */
		assert_int_equal(r16(p, off_used_idx(p)), 1);
		assert_int_equal(r32(p, off_used_elem(p, 0)), 1);
		assert_int_equal(r32(p, off_used_elem(p, 0) + 4), 0);
		assert_null(rpmsg_vq_slot_buf(&p->dev, 1));
		assert_int_equal(rpmsg_vq_put_used(&p->dev, 1, 0), -EINVAL);
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 -EAGAIN);
		/* The driver gets its buffer back with nothing in it. */
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
		assert_ptr_equal(buf, p->pool + BUF_SIZE);
		assert_int_equal(len, 0);
		/* The device still holds descriptor 0 and can return it. */
		assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 4), 0);
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
		assert_ptr_equal(buf, p->pool);
		assert_int_equal(len, 4);
		pair_free(p);
	}
}

/* --- hostile device (driver side reads it) ------------------------------ */

static void test_hostile_used_idx(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	uint32_t len = 5;
	void *buf = p;

	(void)state;
	/* Nothing posted: a single used entry is already a lie. */
	w16(p, off_used_idx(p), 1);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EIO);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_true(rpmsg_vq_is_broken(&p->drv));
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), -EIO);
	w16(p, off_used_idx(p), 0);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EIO);
	assert_false(rpmsg_vq_pending(&p->drv));
	assert_false(rpmsg_vq_enable_cb(&p->drv));
	assert_int_equal(r16(p, off_avail_idx(p)), 0);
	pair_free(p);

	/* Two posted: three returned is one too many, two is fine. */
	p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE, 8, true),
			 0);
	set_used_elem(p, 0, 1, 2);
	set_used_elem(p, 1, 0, 3);
	w16(p, off_used_idx(p), 3);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EIO);
	assert_true(rpmsg_vq_is_broken(&p->drv));
	pair_free(p);

	p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE, 8, true),
			 0);
	set_used_elem(p, 0, 1, 2);
	set_used_elem(p, 1, 0, 3);
	w16(p, off_used_idx(p), 2);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool + BUF_SIZE);
	assert_int_equal(len, 2);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_int_equal(len, 3);
	/* Going backwards is a jump of 65535. */
	w16(p, off_used_idx(p), 1);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EIO);
	pair_free(p);
}

static void test_hostile_used_id(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	static const uint32_t bad[] = { 8, 5, 0x10000, 0xffffffffu };
	uint32_t len, i;
	void *buf;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv,
						  p->pool + i * BUF_SIZE,
						  BUF_SIZE, true), 0);
	for (i = 0; i < 4; i++) {
		set_used_elem(p, i, bad[i], 0);
		w16(p, off_used_idx(p), (uint16_t)(i + 1));
		buf = p;
		len = 7;
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len),
				 -EBADMSG);
		assert_null(buf);
		assert_int_equal(len, 0);
		assert_false(rpmsg_vq_is_broken(&p->drv));
	}
	/* Nothing was freed: the three posted buffers still fill three. */
	for (i = 0; i < 5; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, false),
				 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, false),
			 -ENOSPC);

	/* A real return, then the same id again: no longer posted. */
	set_used_elem(p, 4, 0, 9);
	set_used_elem(p, 5, 0, 9);
	w16(p, off_used_idx(p), 6);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_int_equal(len, 9);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EBADMSG);
	assert_null(buf);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EAGAIN);
	pair_free(p);
}

/* Used id == num, one past the ring: refused by its value, not by what the
 * memory after the slots holds. The driver gets one slot more than the
 * ring, made to look posted, so a bound off by one would return it. */
static void test_hostile_used_id_num(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	struct rpmsg_vq_slot *slots;
	uint32_t len;
	void *buf;

	(void)state;
	slots = calloc(p->num + 1, sizeof(*slots));
	assert_non_null(slots);
	assert_int_equal(rpmsg_vq_init(&p->drv, RPMSG_VQ_DRIVER, p->ring,
				       p->num, 64, slots, &p->mem,
				       F_VERSION_1), 0);
	slots[p->num].buf = p->pool + BUF_SIZE;
	slots[p->num].len = BUF_SIZE;
	slots[p->num].busy = 1;
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, BUF_SIZE, true),
			 0);
	set_used_elem(p, 0, p->num, 4);
	w16(p, off_used_idx(p), 1);
	buf = p;
	len = 7;
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EBADMSG);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_int_equal(slots[p->num].busy, 1);
	/* The one posted buffer is still posted, and comes back. */
	set_used_elem(p, 1, 0, 4);
	w16(p, off_used_idx(p), 2);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_int_equal(len, 4);
	free(slots);
	pair_free(p);
}

static void test_hostile_used_len(void **state)
{
	static const uint32_t bad[] = { 33, 0x10000, 0xffffffffu };
	struct pair *p = pair_new(4, 16, F_VERSION_1, DA_BASE, 4 * BUF_SIZE);
	uint32_t len, i;
	void *buf;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 32, true),
				 0);
		set_used_elem(p, i, 0, bad[i]);
		w16(p, off_used_idx(p), (uint16_t)(i + 1));
		buf = NULL;
		len = 7;
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len),
				 -EBADMSG);
		/* Given back so that it can be posted again. */
		assert_ptr_equal(buf, p->pool);
		assert_int_equal(len, 0);
		assert_false(rpmsg_vq_is_broken(&p->drv));
	}
	/* The descriptor was freed each time: all four are available. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 32, true),
				 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 32, true),
			 -ENOSPC);
	/* Exactly the posted length is fine. */
	set_used_elem(p, 3, 0, 32);
	w16(p, off_used_idx(p), 4);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_int_equal(len, 32);
	pair_free(p);
}

static void test_put_used_invalid(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 8 * BUF_SIZE);
	uint32_t len;
	uint16_t id;
	void *buf;

	(void)state;
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 48, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + BUF_SIZE, 48,
					  true), 0);
	/* Published but not taken yet: not held. */
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_int_equal(id, 0);

	assert_int_equal(rpmsg_vq_put_used(&p->dev, 1, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 7, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 8, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0xffff, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 49), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0xffffffffu), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(NULL, 0, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_put_used(&p->drv, 0, 0), -EINVAL);
	assert_int_equal(r16(p, off_used_idx(p)), 0);

	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 48), 0);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, 0, 0), -EINVAL);
	assert_int_equal(r16(p, off_used_idx(p)), 1);
	pair_free(p);
}

/* --- argument checking -------------------------------------------------- */

static void test_init_args(void **state)
{
	struct rpmsg_vq_slot slots[8];
	size_t size = rpmsg_vring_size(8, 64);
	struct rpmsg_virtqueue vq;
	struct rpmsg_mem mem;
	uint8_t pool[64], *raw;
	unsigned int i;

	(void)state;
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, DA_BASE,
					       sizeof(pool)), 0);
	raw = malloc(size + 16);
	assert_non_null(raw);
	assert_int_equal((uintptr_t)raw & 15u, 0);
	memset(raw, 0xa5, size + 16);

	assert_int_equal(rpmsg_vq_init(NULL, RPMSG_VQ_DRIVER, raw, 8, 64, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, NULL, 8, 64, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 64, NULL,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 64, slots,
				       NULL, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 0, 64, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 6, 64, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 65536, 64,
				       slots, &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 0, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 48, slots,
				       &mem, 0), -EINVAL);
	/* Too little alignment for the used ring's 32-bit words. */
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 1, slots,
				       &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw, 8, 2, slots,
				       &mem, 0), -EINVAL);
	for (i = 1; i < 16; i++)
		assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw + i, 8,
					       64, slots, &mem, 0), -EINVAL);
	assert_int_equal(rpmsg_vq_init(&vq, (enum rpmsg_vq_role)2, raw, 8, 64,
				       slots, &mem, 0), -EINVAL);
	/* Nothing was written by a rejected call. */
	for (i = 0; i < size + 16; i++)
		assert_int_equal(raw[i], 0xa5);

	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, raw + 16, 8, 64,
				       slots, &mem, 0), 0);
	assert_int_equal(rpmsg_vq_init(&vq, RPMSG_VQ_DEVICE, raw, 8, 4, slots,
				       &mem, 0), 0);
	free(raw);
}

static void test_driver_args(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 4 * BUF_SIZE);
	uint8_t outside[32], *snap;
	uint32_t len;
	void *buf;

	(void)state;
	snap = malloc(p->ring_size);
	assert_non_null(snap);
	memcpy(snap, p->ring, p->ring_size);

	assert_int_equal(rpmsg_vq_add_buf(NULL, p->pool, 8, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, NULL, 8, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 0, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->dev, p->pool, 8, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, outside, 8, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 4 * BUF_SIZE - 8,
					  9, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 8,
					  4 * BUF_SIZE, true), -EINVAL);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 8, 0xffffffffu,
					  true), -EINVAL);

	assert_int_equal(rpmsg_vq_get_used(NULL, &buf, &len), -EINVAL);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, NULL, &len), -EINVAL);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, NULL), -EINVAL);
	assert_int_equal(rpmsg_vq_get_used(&p->dev, &buf, &len), -EINVAL);

	assert_false(rpmsg_vq_kick_prepare(NULL));
	assert_false(rpmsg_vq_kick_prepare(&p->dev));
	assert_false(rpmsg_vq_enable_cb(NULL));
	assert_false(rpmsg_vq_enable_cb(&p->dev));
	rpmsg_vq_disable_cb(NULL);
	rpmsg_vq_disable_cb(&p->dev);
	assert_false(rpmsg_vq_pending(NULL));
	assert_true(rpmsg_vq_is_broken(NULL));

	/* Nothing above touched the ring. */
	assert_memory_equal(p->ring, snap, p->ring_size);
	assert_false(rpmsg_vq_is_broken(&p->drv));

	/* The region's last bytes are fine. */
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 4 * BUF_SIZE - 8,
					  8, true), 0);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 4 * BUF_SIZE,
					  true), 0);
	free(snap);
	pair_free(p);
}

static void test_device_args(void **state)
{
	struct pair *p = pair_new(8, 64, F_VERSION_1, DA_BASE, 4 * BUF_SIZE);
	uint8_t *snap;
	uint32_t len;
	uint16_t id;
	void *buf;

	(void)state;
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool, 8, true), 0);
	snap = malloc(p->ring_size);
	assert_non_null(snap);
	memcpy(snap, p->ring, p->ring_size);

	assert_int_equal(rpmsg_vq_get_avail(NULL, &id, &buf, &len), -EINVAL);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, NULL, &buf, &len),
			 -EINVAL);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, NULL, &len), -EINVAL);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, NULL), -EINVAL);
	assert_int_equal(rpmsg_vq_get_avail(&p->drv, &id, &buf, &len), -EINVAL);

	assert_false(rpmsg_vq_notify_prepare(NULL));
	assert_false(rpmsg_vq_notify_prepare(&p->drv));
	assert_false(rpmsg_vq_enable_notify(NULL));
	assert_false(rpmsg_vq_enable_notify(&p->drv));
	rpmsg_vq_disable_notify(NULL);
	rpmsg_vq_disable_notify(&p->drv);
	assert_null(rpmsg_vq_slot_buf(NULL, 0));
	assert_null(rpmsg_vq_slot_buf(&p->dev, 0));
	assert_null(rpmsg_vq_slot_buf(&p->dev, 8));
	assert_null(rpmsg_vq_slot_buf(&p->drv, 0));
	assert_memory_equal(p->ring, snap, p->ring_size);

	/* The rejected calls consumed nothing. */
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_ptr_equal(buf, p->pool);
	assert_ptr_equal(rpmsg_vq_slot_buf(&p->dev, id), p->pool);
	assert_null(rpmsg_vq_slot_buf(&p->dev, 0xffff));
	free(snap);
	pair_free(p);
}

/* --- memory port -------------------------------------------------------- */

static void test_mem_init(void **state)
{
	struct rpmsg_mem mem;
	uint8_t pool[64];

	(void)state;
	assert_int_equal(rpmsg_mem_init_linear(NULL, pool, DA_BASE, 64),
			 -EINVAL);
	assert_int_equal(rpmsg_mem_init_linear(&mem, NULL, DA_BASE, 64),
			 -EINVAL);
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, DA_BASE, 0),
			 -EINVAL);
	/* Ending exactly at 2^64 is allowed, one byte further wraps. */
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool,
					       0xfffffffffffff000ull, 0x1000),
			 0);
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool,
					       0xfffffffffffff000ull, 0x1001),
			 -EINVAL);
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, UINT64_MAX, 2),
			 -EINVAL);
	assert_int_equal(rpmsg_mem_init_linear(&mem,
					       (void *)(UINTPTR_MAX - 15u), 0,
					       32), -EINVAL);

	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, DA_BASE, 64), 0);
	assert_ptr_equal(mem.ops, &rpmsg_mem_linear_ops);
	assert_ptr_equal(mem.va, pool);
	assert_true(mem.da == DA_BASE);
	assert_int_equal(mem.size, 64);
}

static void test_mem_da_to_va(void **state)
{
	struct rpmsg_mem mem, none;
	uint8_t pool[256];

	(void)state;
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, DA_BASE,
					       sizeof(pool)), 0);
	assert_ptr_equal(rpmsg_mem_da_to_va(&mem, DA_BASE, 256), pool);
	assert_ptr_equal(rpmsg_mem_da_to_va(&mem, DA_BASE + 255, 1),
			 pool + 255);
	assert_ptr_equal(rpmsg_mem_da_to_va(&mem, DA_BASE + 16, 240),
			 pool + 16);
	/* Exact end with nothing in it is fine. */
	assert_ptr_equal(rpmsg_mem_da_to_va(&mem, DA_BASE + 256, 0),
			 pool + 256);

	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE, 257));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE + 16, 241));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE + 256, 1));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE + 257, 0));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE - 1, 1));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE - 1, 16));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE - 1, 0));
	assert_null(rpmsg_mem_da_to_va(&mem, 0, 16));
	assert_null(rpmsg_mem_da_to_va(&mem, UINT64_MAX, 2));
	assert_null(rpmsg_mem_da_to_va(&mem, UINT64_MAX - 7, 16));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE + 16, SIZE_MAX));
	assert_null(rpmsg_mem_da_to_va(&mem, DA_BASE + 0x100000000ull, 1));

	assert_null(rpmsg_mem_da_to_va(NULL, DA_BASE, 1));
	none = mem;
	none.ops = NULL;
	assert_null(rpmsg_mem_da_to_va(&none, DA_BASE, 1));
}

static void test_mem_va_to_da(void **state)
{
	struct rpmsg_mem mem, none;
	uint8_t pool[512], *r = pool + 128;
	uint64_t da;

	(void)state;
	/* The region is the middle of @pool, so both sides are addressable. */
	assert_int_equal(rpmsg_mem_init_linear(&mem, r, DA_BASE, 256), 0);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r, 256, &da), 0);
	assert_true(da == DA_BASE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 200, 56, &da), 0);
	assert_true(da == DA_BASE + 200);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 256, 0, &da), 0);
	assert_true(da == DA_BASE + 256);

	da = 42;
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r - 1, 1, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r - 1, 16, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, pool, 8, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 255, 2, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 256, 1, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 300, 1, &da), -ERANGE);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r + 16, SIZE_MAX, &da),
			 -ERANGE);
	assert_true(da == 42);

	assert_int_equal(rpmsg_mem_va_to_da(NULL, r, 1, &da), -EINVAL);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, NULL, 1, &da), -EINVAL);
	assert_int_equal(rpmsg_mem_va_to_da(&mem, r, 1, NULL), -EINVAL);
	none = mem;
	none.ops = NULL;
	assert_int_equal(rpmsg_mem_va_to_da(&none, r, 1, &da), -EINVAL);
	assert_true(da == 42);
}

/**
 * struct tracker - which ring bytes went through cache maintenance
 * @ring: the ring being watched (other ranges are ignored)
 * @cleaned: one flag per ring byte written back
 * @invalidated: one flag per ring byte invalidated
 */
struct tracker {
	const uint8_t *ring;
	size_t size;
	uint8_t *cleaned;
	uint8_t *invalidated;
};

static struct tracker trk;

static void trk_mark(uint8_t *map, const void *va, size_t len)
{
	uintptr_t p = (uintptr_t)va, base = (uintptr_t)trk.ring;
	size_t i;

	for (i = 0; i < len; i++)
		if (p + i >= base && p + i < base + trk.size)
			map[p + i - base] = 1;
}

static void trk_clean(const struct rpmsg_mem *mem, const void *va, size_t len)
{
	(void)mem;
	trk_mark(trk.cleaned, va, len);
}

static void trk_invalidate(const struct rpmsg_mem *mem, const void *va,
			   size_t len)
{
	(void)mem;
	trk_mark(trk.invalidated, va, len);
}

static void assert_range(const uint8_t *map, size_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		assert_int_equal(map[off + i], 1);
}

/* Every ring byte one side changes is cleaned; what it reads, invalidated. */
static void test_mem_cache_maintenance(void **state)
{
	struct pair *p = pair_new(8, 64, F_EVENT_IDX | F_VERSION_1, DA_BASE,
				  8 * BUF_SIZE);
	struct rpmsg_mem_ops ops = rpmsg_mem_linear_ops;
	uint8_t *snap;
	uint32_t len;
	uint16_t id;
	size_t i;
	void *buf;

	(void)state;
	ops.cache_clean = trk_clean;
	ops.cache_invalidate = trk_invalidate;
	p->mem.ops = &ops;
	trk.ring = p->ring;
	trk.size = p->ring_size;
	trk.cleaned = calloc(1, p->ring_size);
	trk.invalidated = calloc(1, p->ring_size);
	snap = malloc(p->ring_size);
	assert_non_null(trk.cleaned);
	assert_non_null(trk.invalidated);
	assert_non_null(snap);

	/* Dispatch, and no harm without hooks. */
	rpmsg_mem_clean(&p->mem, p->ring + 3, 2);
	assert_int_equal(trk.cleaned[3] + trk.cleaned[4], 2);
	rpmsg_mem_invalidate(&p->mem, p->ring + 5, 1);
	assert_int_equal(trk.invalidated[5], 1);
	rpmsg_mem_clean(NULL, p->ring, 1);
	rpmsg_mem_invalidate(NULL, p->ring, 1);
	memset(trk.cleaned, 0, p->ring_size);
	memset(trk.invalidated, 0, p->ring_size);

	memcpy(snap, p->ring, p->ring_size);
	assert_int_equal(rpmsg_vq_add_buf(&p->drv, p->pool + 16, 40, true), 0);
	for (i = 0; i < p->ring_size; i++)
		if (snap[i] != p->ring[i])
			assert_int_equal(trk.cleaned[i], 1);
	assert_range(trk.cleaned, off_desc(p, 0), 16);
	assert_range(trk.cleaned, off_avail_ring(p, 0), 2);
	assert_range(trk.cleaned, off_avail_idx(p), 2);

	memcpy(snap, p->ring, p->ring_size);
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), 0);
	assert_range(trk.invalidated, off_avail_idx(p), 2);
	assert_range(trk.invalidated, off_avail_ring(p, 0), 2);
	assert_range(trk.invalidated, off_desc(p, 0), 14);
	assert_int_equal(rpmsg_vq_put_used(&p->dev, id, 20), 0);
	for (i = 0; i < p->ring_size; i++)
		if (snap[i] != p->ring[i])
			assert_int_equal(trk.cleaned[i], 1);
	assert_range(trk.cleaned, off_used_elem(p, 0), 8);
	assert_range(trk.cleaned, off_used_idx(p), 2);
	assert_range(trk.cleaned, off_avail_event(p), 2);

	memcpy(snap, p->ring, p->ring_size);
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), 0);
	assert_int_equal(len, 20);
	assert_range(trk.invalidated, off_used_idx(p), 2);
	assert_range(trk.invalidated, off_used_elem(p, 0), 8);
	assert_range(trk.cleaned, off_used_event(p), 2);
	(void)rpmsg_vq_kick_prepare(&p->drv);
	assert_range(trk.invalidated, off_avail_event(p), 2);
	(void)rpmsg_vq_notify_prepare(&p->dev);
	assert_range(trk.invalidated, off_used_event(p), 2);

	free(snap);
	free(trk.cleaned);
	free(trk.invalidated);
	pair_free(p);
}

/* --- free-running indices ----------------------------------------------- */

/**
 * run_wrap() - push more than 2^16 buffers through a ring of four
 *
 * Batches of one to four, returned in reverse order so that the free list
 * is reshuffled, with suppression re-armed every round so that the event
 * index arithmetic is exercised across the 16-bit wrap.
 */
static void run_wrap(uint64_t features)
{
	struct pair *p = pair_new(4, 16, features, DA_BASE, 4 * BUF_SIZE);
	const bool ev = features & F_EVENT_IDX;
	unsigned int round, j, batch, total = 0;
	uint32_t plen[4], ulen[4], len;
	uint16_t ids[4], id;
	void *posted[4], *buf;

	for (round = 0; round < 70000; round++) {
		batch = 1 + round % 4;
		for (j = 0; j < batch; j++) {
			posted[j] = p->pool + ((round + j) % 4) * BUF_SIZE;
			plen[j] = 1 + (round * 7 + j) % BUF_SIZE;
			assert_int_equal(rpmsg_vq_add_buf(&p->drv, posted[j],
							  plen[j], j & 1), 0);
		}
		if (batch == 4)
			assert_int_equal(rpmsg_vq_add_buf(&p->drv, posted[0],
							  1, true), -ENOSPC);
		assert_true(rpmsg_vq_kick_prepare(&p->drv));
		if (ev)
			assert_false(rpmsg_vq_kick_prepare(&p->drv));

		for (j = 0; j < batch; j++) {
			assert_int_equal(rpmsg_vq_get_avail(&p->dev, &ids[j],
							    &buf, &len), 0);
			assert_ptr_equal(buf, posted[j]);
			assert_int_equal(len, plen[j]);
		}
		assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len),
				 -EAGAIN);
		assert_false(rpmsg_vq_enable_notify(&p->dev));

		for (j = batch; j-- > 0;) {
			ulen[j] = (round + j) % (plen[j] + 1);
			assert_int_equal(rpmsg_vq_put_used(&p->dev, ids[j],
							   ulen[j]), 0);
		}
		assert_true(rpmsg_vq_notify_prepare(&p->dev));
		if (ev)
			assert_false(rpmsg_vq_notify_prepare(&p->dev));

		for (j = batch; j-- > 0;) {
			assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len),
					 0);
			assert_ptr_equal(buf, posted[j]);
			assert_int_equal(len, ulen[j]);
		}
		assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len),
				 -EAGAIN);
		assert_false(rpmsg_vq_enable_cb(&p->drv));

		total += batch;
		assert_int_equal(r16(p, off_avail_idx(p)), (uint16_t)total);
		assert_int_equal(r16(p, off_used_idx(p)), (uint16_t)total);
		if (ev) {
			assert_int_equal(r16(p, off_avail_event(p)),
					 (uint16_t)total);
			assert_int_equal(r16(p, off_used_event(p)),
					 (uint16_t)total);
		}
	}
	assert_true(total > 2u * 65536u);
	assert_false(rpmsg_vq_is_broken(&p->drv));
	assert_false(rpmsg_vq_is_broken(&p->dev));

	/* The sanity checks still hold past the wrap. */
	w16(p, off_avail_idx(p), (uint16_t)(total + 5));
	assert_int_equal(rpmsg_vq_get_avail(&p->dev, &id, &buf, &len), -EIO);
	w16(p, off_used_idx(p), (uint16_t)(total + 1));
	assert_int_equal(rpmsg_vq_get_used(&p->drv, &buf, &len), -EIO);
	pair_free(p);
}

static void test_wrap_flags(void **state)
{
	(void)state;
	run_wrap(F_VERSION_1);
}

static void test_wrap_event_idx(void **state)
{
	(void)state;
	run_wrap(F_EVENT_IDX | F_VERSION_1);
}

/*
 * Parts placed apart (virtio 1.x, as a vhost-user frontend gives them): each
 * part is its own heap block, so a write outside any of them trips ASan, and
 * the indices land exactly at the start of the avail and used parts.
 */
static void test_split_parts(void **state)
{
	enum { NUM = 8 };
	static _Alignas(16) uint8_t legacy[8192];
	struct rpmsg_vq_slot dslots[NUM], vslots[NUM];
	struct rpmsg_virtqueue drv, dev;
	struct rpmsg_vring_parts parts, bad;
	struct rpmsg_mem mem;
	uint8_t pool[NUM * 64], *avail, *used;
	uint32_t len;
	uint16_t id;
	void *buf;
	unsigned int i;

	(void)state;
	parts.desc = aligned_alloc(16, 16u * NUM);
	parts.avail = avail = malloc(rpmsg_vring_avail_size(NUM));
	parts.used = used = malloc(64 + rpmsg_vring_used_size(NUM));
	parts.num = NUM;
	assert_non_null(parts.desc);
	assert_non_null(avail);
	assert_non_null(used);
	parts.used = used = used + 64; /* not where a legacy layout puts it */
	assert_int_equal(rpmsg_vring_avail_size(NUM), 6u + 2u * NUM);
	assert_int_equal(rpmsg_vring_used_size(NUM), 6u + 8u * NUM);
	assert_int_equal(rpmsg_mem_init_linear(&mem, pool, 0x8000, sizeof(pool)),
			 0);

	/* Misplaced or missing parts are refused. */
	bad = parts;
	bad.desc = (uint8_t *)parts.desc + 8;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.avail = avail + 1;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.used = used + 2;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.num = 6;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.used = NULL;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	/* Parts sharing memory: the used index over the avail index (a
	 * device's rx loop would never see the ring empty), or over the
	 * descriptors; refused in both roles. */
	bad = parts;
	bad.used = avail;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DEVICE, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.avail = (uint8_t *)parts.desc + 16u * NUM - 2u;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	bad = parts;
	bad.used = (uint8_t *)parts.desc;
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DEVICE, &bad,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, NULL,
					     dslots, &mem, F_VERSION_1),
			 -EINVAL);

	memset(used - 64, 0x5a, 64);
	assert_int_equal(rpmsg_vq_init_split(&drv, RPMSG_VQ_DRIVER, &parts,
					     dslots, &mem, F_VERSION_1),
			 0);
	assert_int_equal(rpmsg_vq_init_split(&dev, RPMSG_VQ_DEVICE, &parts,
					     vslots, &mem, F_VERSION_1),
			 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_vq_add_buf(&drv, pool + 64 * i, 64,
						  true),
				 0);
	assert_int_equal(get_n(avail, 2, 2, true), 3);
	assert_int_equal(get_n(parts.desc, 16, 8, true), 0x8040);
	for (i = 0; i < 3; i++) {
		assert_int_equal(rpmsg_vq_get_avail(&dev, &id, &buf, &len), 0);
		assert_ptr_equal(buf, pool + 64 * i);
		memset(buf, (int)i + 1, 10);
		assert_int_equal(rpmsg_vq_put_used(&dev, id, 10), 0);
	}
	assert_int_equal(get_n(used, 2, 2, true), 3);
	assert_int_equal(get_n(used, 4 + 8 * 2 + 4, 4, true), 10);
	for (i = 0; i < 3; i++) {
		assert_int_equal(rpmsg_vq_get_used(&drv, &buf, &len), 0);
		assert_ptr_equal(buf, pool + 64 * i);
		assert_int_equal(len, 10);
		assert_int_equal(((uint8_t *)buf)[9], i + 1);
	}
	/* The bytes in front of the used part were never touched. */
	for (i = 0; i < 64; i++)
		assert_int_equal(used[(int)i - 64], 0x5a);

	/* The legacy helper places the parts as rpmsg_vring_size() counts. */
	assert_true(rpmsg_vring_size(NUM, 4096) <= sizeof(legacy));
	assert_int_equal(rpmsg_vring_parts_legacy(&bad, legacy, NUM, 4096), 0);
	assert_ptr_equal(bad.avail, legacy + 16 * NUM);
	assert_ptr_equal((uint8_t *)bad.used + rpmsg_vring_used_size(NUM),
			 legacy + rpmsg_vring_size(NUM, 4096));
	assert_int_equal(rpmsg_vring_parts_legacy(&bad, legacy + 4, NUM, 4096),
			 -EINVAL);
	assert_int_equal(rpmsg_vring_parts_legacy(&bad, legacy, NUM, 2),
			 -EINVAL);

	free(parts.desc);
	free(avail);
	free(used - 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vring_size),
		cmocka_unit_test(test_split_parts),
		cmocka_unit_test(test_layout_256_v1),
		cmocka_unit_test(test_layout_legacy),
		cmocka_unit_test(test_layout_event_idx),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_enospc_reuse),
		cmocka_unit_test(test_notify_flags),
		cmocka_unit_test(test_kick_event_idx),
		cmocka_unit_test(test_notify_event_idx),
		cmocka_unit_test(test_hostile_avail_idx),
		cmocka_unit_test(test_hostile_head_range),
		cmocka_unit_test(test_hostile_head_twice),
		cmocka_unit_test(test_hostile_descriptor),
		cmocka_unit_test(test_hostile_used_idx),
		cmocka_unit_test(test_hostile_used_id),
		cmocka_unit_test(test_hostile_used_id_num),
		cmocka_unit_test(test_hostile_used_len),
		cmocka_unit_test(test_put_used_invalid),
		cmocka_unit_test(test_init_args),
		cmocka_unit_test(test_driver_args),
		cmocka_unit_test(test_device_args),
		cmocka_unit_test(test_mem_init),
		cmocka_unit_test(test_mem_da_to_va),
		cmocka_unit_test(test_mem_va_to_da),
		cmocka_unit_test(test_mem_cache_maintenance),
		cmocka_unit_test(test_wrap_flags),
		cmocka_unit_test(test_wrap_event_idx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
