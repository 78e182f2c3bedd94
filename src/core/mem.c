// SPDX-License-Identifier: BSD-3-Clause
/* Checked address translation for a linearly mapped shared region. */
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>

/*@ requires \valid_read(mem);
    assigns \nothing;
    ensures inside: \result == \null ||
	(mem->da <= da && da - mem->da + len <= mem->size &&
	 (char *)\result == (char *)mem->va + (da - mem->da));
*/
static void *linear_da_to_va(const struct rpmsg_mem *mem, uint64_t da,
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
static int linear_va_to_da(const struct rpmsg_mem *mem, const void *va,
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

const struct rpmsg_mem_ops rpmsg_mem_linear_ops = {
	.da_to_va = linear_da_to_va,
	.va_to_da = linear_va_to_da,
};

int rpmsg_mem_init_linear(struct rpmsg_mem *mem, void *va, uint64_t da,
			  size_t size)
{
	if (!mem || !va || !size)
		return -EINVAL;
	if (da + size - 1 < da)
		return -EINVAL;
	if ((uintptr_t)va + (size - 1) < (uintptr_t)va)
		return -EINVAL;
	mem->ops = &rpmsg_mem_linear_ops;
	mem->va = va;
	mem->da = da;
	mem->size = size;
	mem->priv = NULL;
	return 0;
}

void *rpmsg_mem_da_to_va(const struct rpmsg_mem *mem, uint64_t da, size_t len)
{
	if (!mem || !mem->ops || !mem->ops->da_to_va)
		return NULL;
	return mem->ops->da_to_va(mem, da, len);
}

int rpmsg_mem_va_to_da(const struct rpmsg_mem *mem, const void *va, size_t len,
		       uint64_t *da)
{
	if (!mem || !mem->ops || !mem->ops->va_to_da || !va || !da)
		return -EINVAL;
	return mem->ops->va_to_da(mem, va, len, da);
}

void rpmsg_mem_clean(const struct rpmsg_mem *mem, const void *va, size_t len)
{
	if (mem && mem->ops && mem->ops->cache_clean)
		mem->ops->cache_clean(mem, va, len);
}

void rpmsg_mem_invalidate(const struct rpmsg_mem *mem, const void *va,
			  size_t len)
{
	if (mem && mem->ops && mem->ops->cache_invalidate)
		mem->ops->cache_invalidate(mem, va, len);
}
