// SPDX-License-Identifier: BSD-3-Clause
/*
 * Copying an opened image's segments, and the host's resource table, to
 * the remote's memory through the host's map callback.
 */
#include <string.h>

#include <rpmsg/rpmsg_errno.h>

#include "elf_internal.h"

static uint8_t *map(struct rpmsg_elf *elf, const struct rpmsg_elf_ops *ops,
		    void *ctx, uint64_t da, uint64_t len, int index)
{
	uint8_t *p = NULL;

	if (len <= SIZE_MAX)
		p = ops->map(ctx, da, (size_t)len);
	if (!p) {
		elf->problem = RPMSG_ELF_E_MAP;
		elf->bad_index = index;
	}
	return p;
}

int rpmsg_elf_load(struct rpmsg_elf *elf, const struct rpmsg_elf_ops *ops,
		   void *ctx)
{
	struct rpmsg_elf_segment s;
	uint8_t *dst;
	uint32_t i, phnum;

	if (!elf)
		return -EINVAL;
	if (!elf->image || !ops || !ops->map)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_ARG, -1);
	elf->problem = RPMSG_ELF_OK;
	elf->bad_index = -1;
	phnum = elf->phnum; /* read once: the walk ends */
	/*@ loop invariant 0 <= i <= phnum;
	    loop variant phnum - i; */
	for (i = 0; i < phnum; i++) {
		rpmsg_elf_read_phdr(elf, i, &s);
		if (s.type != ELF_PT_LOAD || s.memsz == 0)
			continue;
		/* rpmsg_elf_open() checked these; the image is the same */
		if (!rpmsg_elf_seg_in_file(elf, &s) || s.filesz > s.memsz)
			return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SEG_FILE,
						(int)i);
		dst = map(elf, ops, ctx, s.paddr, s.memsz, (int)i);
		if (!dst)
			return -ERANGE;
		memcpy(dst, elf->image + s.offset, (size_t)s.filesz);
		memset(dst + s.filesz, 0, (size_t)(s.memsz - s.filesz));
	}
	return 0;
}

int rpmsg_elf_write_rsc(struct rpmsg_elf *elf, const struct rpmsg_elf_rsc *rsc,
			const struct rpmsg_elf_ops *ops, void *ctx,
			const void *table, size_t len)
{
	uint8_t *dst;

	if (!elf)
		return -EINVAL;
	if (!elf->image || !rsc || !ops || !ops->map || !table || len == 0 ||
	    len > rsc->size)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_ARG, -1);
	elf->problem = RPMSG_ELF_OK;
	elf->bad_index = -1;
	if (rpmsg_rsc_check(table, len, &elf->rsc_problem) < 0)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_RSC_TABLE, -1);
	dst = map(elf, ops, ctx, rsc->da, len, -1);
	if (!dst)
		return -ERANGE;
	memcpy(dst, table, len);
	return 0;
}
