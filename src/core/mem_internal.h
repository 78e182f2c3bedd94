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

#endif /* RPMSG_MEM_INTERNAL_H */
