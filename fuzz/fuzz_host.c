// SPDX-License-Identifier: BSD-3-Clause
/*
 * The hostile host's tools, shared by the ring fuzz targets (fuzz_host.h).
 */
#include <string.h>

#include "fuzz_host.h"

int fuzz_take(struct fuzz_prog *pr, void *out, size_t len)
{
	if (pr->n < len)
		return -1;
	memcpy(out, pr->p, len);
	pr->p += len;
	pr->n -= len;
	return 0;
}

uint8_t fuzz_u8(struct fuzz_prog *pr, int *err)
{
	uint8_t b = 0;

	*err |= fuzz_take(pr, &b, 1);
	return b;
}

uint16_t fuzz_u16(struct fuzz_prog *pr, int *err)
{
	uint8_t b[2] = { 0 };

	*err |= fuzz_take(pr, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

uint32_t fuzz_u32(struct fuzz_prog *pr, int *err)
{
	uint8_t b[4] = { 0 };

	*err |= fuzz_take(pr, b, 4);
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

void fuzz_st16(volatile uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void fuzz_st32(volatile uint8_t *p, uint32_t v)
{
	fuzz_st16(p, (uint16_t)v);
	fuzz_st16(p + 2, (uint16_t)(v >> 16));
}

void fuzz_ring_desc(struct fuzz_ring *r, uint16_t idx, uint64_t addr,
		    uint32_t len, uint16_t flags, uint16_t next)
{
	volatile uint8_t *d = r->desc + 16u * (idx & (r->num - 1u));

	fuzz_st32(d, (uint32_t)addr);
	fuzz_st32(d + 4, (uint32_t)(addr >> 32));
	fuzz_st32(d + 8, len);
	fuzz_st16(d + 12, flags);
	fuzz_st16(d + 14, next);
}

void fuzz_ring_set_idx(struct fuzz_ring *r, uint16_t idx)
{
	r->avail_idx = idx;
	fuzz_st16(r->avail + 2, idx);
}

void fuzz_ring_push(struct fuzz_ring *r, uint16_t head)
{
	fuzz_st16(r->avail + 4 + 2u * (r->avail_idx & (r->num - 1u)), head);
	fuzz_ring_set_idx(r, (uint16_t)(r->avail_idx + 1u));
}

void fuzz_write_region(uint8_t *region, size_t size, uint32_t off,
		       const uint8_t *src, size_t n)
{
	off %= size;
	if (n > size - off)
		n = size - off;
	memcpy(region + off, src, n);
}
