// SPDX-License-Identifier: BSD-3-Clause
/* Checked address translation for a linearly mapped shared region. */
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>

#include "mem_linear.h"

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
