/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte order of values in shared memory, for the core and for code that
 * reads or writes rings itself (peers in tests, custom layouts).
 *
 * A legacy virtio device uses the CPU's native order; with VIRTIO_F_VERSION_1
 * everything is little-endian. Callers pass the flag negotiated for the
 * device; on a little-endian CPU both cases compile to nothing.
 */
#ifndef RPMSG_BYTEORDER_H
#define RPMSG_BYTEORDER_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define RPMSG_CPU_BIG_ENDIAN 1
#else
#define RPMSG_CPU_BIG_ENDIAN 0
#endif

/**
 * rpmsg_swab16() - reverse the bytes of a 16-bit value
 * @v: the value
 *
 * Return: @v with its two bytes swapped.
 */
static inline uint16_t rpmsg_swab16(uint16_t v)
{
	return (uint16_t)((v >> 8) | (v << 8));
}

/**
 * rpmsg_swab32() - reverse the bytes of a 32-bit value
 * @v: the value
 *
 * Return: @v with its four bytes in the opposite order.
 */
static inline uint32_t rpmsg_swab32(uint32_t v)
{
	return ((v & 0xffu) << 24) | ((v & 0xff00u) << 8) |
	       ((v >> 8) & 0xff00u) | (v >> 24);
}

/**
 * rpmsg_dev16() - convert a 16-bit value between CPU and device order
 * @le: whether the device is little-endian (VIRTIO_F_VERSION_1 negotiated)
 * @v: the value in one order
 *
 * The conversion is its own inverse: the same call reads and writes.
 *
 * Return: @v in the other order.
 */
static inline uint16_t rpmsg_dev16(bool le, uint16_t v)
{
	return (le && RPMSG_CPU_BIG_ENDIAN) ? rpmsg_swab16(v) : v;
}

/**
 * rpmsg_dev32() - convert a 32-bit value between CPU and device order
 * @le: whether the device is little-endian (VIRTIO_F_VERSION_1 negotiated)
 * @v: the value in one order
 *
 * Return: @v in the other order (the conversion is its own inverse).
 */
static inline uint32_t rpmsg_dev32(bool le, uint32_t v)
{
	return (le && RPMSG_CPU_BIG_ENDIAN) ? rpmsg_swab32(v) : v;
}

#endif /* RPMSG_BYTEORDER_H */
