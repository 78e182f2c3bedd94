/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte order of values in shared memory.
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

static inline uint16_t rpmsg_swab16(uint16_t v)
{
	return (uint16_t)((v >> 8) | (v << 8));
}

static inline uint32_t rpmsg_swab32(uint32_t v)
{
	return ((v & 0xffu) << 24) | ((v & 0xff00u) << 8) |
	       ((v >> 8) & 0xff00u) | (v >> 24);
}

/* Convert between CPU order and the device's order (an involution). */
static inline uint16_t rpmsg_dev16(bool le, uint16_t v)
{
	return (le && RPMSG_CPU_BIG_ENDIAN) ? rpmsg_swab16(v) : v;
}

static inline uint32_t rpmsg_dev32(bool le, uint32_t v)
{
	return (le && RPMSG_CPU_BIG_ENDIAN) ? rpmsg_swab32(v) : v;
}

#endif /* RPMSG_BYTEORDER_H */
