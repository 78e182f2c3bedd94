/* SPDX-License-Identifier: BSD-3-Clause */
/* Little-endian words of a resource table or an ELF image, at any
 * alignment, each read with one access. */
#ifndef RPMSG_RSC_LE_H
#define RPMSG_RSC_LE_H

#include <stdint.h>
#include <string.h>

static inline uint32_t rpmsg_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline void rpmsg_put_le32(uint8_t *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	memcpy(p, &v, sizeof(v));
}

static inline uint16_t rpmsg_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint64_t rpmsg_le64(const uint8_t *p)
{
	return rpmsg_le32(p) | (uint64_t)rpmsg_le32(p + 4) << 32;
}

#endif /* RPMSG_RSC_LE_H */
