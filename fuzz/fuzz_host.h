/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the hostile-host fuzz targets share (fuzz_remote_rx, fuzz_mini_rx):
 * reading the input as a program of little-endian operands, and the
 * driver's half of a split ring (descriptors, avail entries, the avail
 * index), written little endian into memory the device under test reads.
 */
#ifndef RPMSG_FUZZ_HOST_H
#define RPMSG_FUZZ_HOST_H

#include <stddef.h>
#include <stdint.h>

/* The input, consumed from the front. */
struct fuzz_prog {
	const uint8_t *p;
	size_t n;
};

/* Copy the next @len bytes to @out: 0, or -1 (nothing consumed) when the
 * input is shorter. */
int fuzz_take(struct fuzz_prog *pr, void *out, size_t len);

/* The next operand; past the end of the input it reads as 0 and sets
 * *@err. */
uint8_t fuzz_u8(struct fuzz_prog *pr, int *err);
uint16_t fuzz_u16(struct fuzz_prog *pr, int *err);
uint32_t fuzz_u32(struct fuzz_prog *pr, int *err);

/* Little-endian stores into shared memory. */
void fuzz_st16(volatile uint8_t *p, uint16_t v);
void fuzz_st32(volatile uint8_t *p, uint32_t v);

/* The driver's side of one ring: @num entries (a power of two), the
 * descriptor table at @desc, the avail ring at @avail, and the next avail
 * index the driver publishes. */
struct fuzz_ring {
	volatile uint8_t *desc;
	volatile uint8_t *avail;
	uint16_t num;
	uint16_t avail_idx;
};

/* Write descriptor @idx (modulo num). */
void fuzz_ring_desc(struct fuzz_ring *r, uint16_t idx, uint64_t addr,
		    uint32_t len, uint16_t flags, uint16_t next);

/* Publish @head as the next avail entry and store the new avail index. */
void fuzz_ring_push(struct fuzz_ring *r, uint16_t head);

/* Store @idx as the avail index as it is (any value, for the device to
 * check). */
void fuzz_ring_set_idx(struct fuzz_ring *r, uint16_t idx);

/* Copy @n bytes to offset @off (modulo @size) of a region of @size bytes,
 * cut at its end. */
void fuzz_write_region(uint8_t *region, size_t size, uint32_t off,
		       const uint8_t *src, size_t n);

#endif /* RPMSG_FUZZ_HOST_H */
