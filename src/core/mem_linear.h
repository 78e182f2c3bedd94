/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The checked translation of a linearly mapped region (rpmsg_mem_linear_ops),
 * inline: mem.c builds the ops table from it, and the ring code calls it
 * straight when a region uses that table (mem_internal.h), a test instead
 * of two calls per descriptor. Proven with WP (.ci/prove.sh).
 */
#ifndef RPMSG_MEM_LINEAR_H
#define RPMSG_MEM_LINEAR_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>

/*@ requires \valid_read(mem);
    assigns \nothing;
    ensures inside: \result == \null ||
	(mem->da <= da && da - mem->da + len <= mem->size &&
	 (char *)\result == (char *)mem->va + (da - mem->da));
*/
static inline void *linear_da_to_va(const struct rpmsg_mem *mem, uint64_t da,
				    size_t len)
{
	uint64_t off;

	if (da < mem->da)
		return NULL;
	off = da - mem->da;
	/* Written as two comparisons so that no sum can wrap. */
	/* check: MEM-DA-END */
	if (off > mem->size || len > mem->size - off)
		return NULL;
	return (char *)mem->va + off;
}

/*@ requires \valid_read(mem) && \valid(da) && \separated(mem, da);
    assigns *da;
    ensures inside: \result == 0 ==>
	(uintptr_t)mem->va <= (uintptr_t)va &&
	(uintptr_t)va - (uintptr_t)mem->va + len <= mem->size &&
	*da == (uint64_t)(mem->da + ((uintptr_t)va - (uintptr_t)mem->va));
*/
static inline int linear_va_to_da(const struct rpmsg_mem *mem, const void *va,
				  size_t len, uint64_t *da)
{
	uintptr_t base = (uintptr_t)mem->va;
	uintptr_t p = (uintptr_t)va;
	size_t off;

	if (p < base)
		return -ERANGE;
	off = (size_t)(p - base);
	if (off > mem->size || len > mem->size - off)
		return -ERANGE;
	*da = mem->da + off;
	return 0;
}

#endif /* RPMSG_MEM_LINEAR_H */
