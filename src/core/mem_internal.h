/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cache maintenance on the message path. The core calls these on every
 * ring word and message it reads or writes; on coherent memory (no
 * hooks) they must cost a test, not a call. At -Os they call the one
 * out-of-line copy in mem.c instead, for size.
 *
 * @mem is never NULL here: the core checked the configuration.
 */
#ifndef RPMSG_MEM_INTERNAL_H
#define RPMSG_MEM_INTERNAL_H

#include <stddef.h>

#include <rpmsg/rpmsg_mem.h>

#include "mem_linear.h"

static inline void rpmsg_mem_clean_fast(const struct rpmsg_mem *mem,
					const void *va, size_t len)
{
#ifdef __OPTIMIZE_SIZE__
	rpmsg_mem_clean(mem, va, len);
#else
	if (mem->ops->cache_clean)
		mem->ops->cache_clean(mem, va, len);
#endif
}

static inline void rpmsg_mem_invalidate_fast(const struct rpmsg_mem *mem,
					     const void *va, size_t len)
{
#ifdef __OPTIMIZE_SIZE__
	rpmsg_mem_invalidate(mem, va, len);
#else
	if (mem->ops->cache_invalidate)
		mem->ops->cache_invalidate(mem, va, len);
#endif
}

/* Address translation of ring descriptors: inline for a linear region
 * (the common case), through the ops table otherwise. */
static inline void *rpmsg_mem_da_to_va_fast(const struct rpmsg_mem *mem,
					    uint64_t da, size_t len)
{
#ifndef __OPTIMIZE_SIZE__
	if (mem->ops == &rpmsg_mem_linear_ops)
		return linear_da_to_va(mem, da, len);
#endif
	return rpmsg_mem_da_to_va(mem, da, len);
}

static inline int rpmsg_mem_va_to_da_fast(const struct rpmsg_mem *mem,
					  const void *va, size_t len,
					  uint64_t *da)
{
#ifndef __OPTIMIZE_SIZE__
	if (mem->ops == &rpmsg_mem_linear_ops)
		return linear_va_to_da(mem, va, len, da);
#endif
	return rpmsg_mem_va_to_da(mem, va, len, da);
}

#endif /* RPMSG_MEM_INTERNAL_H */
