// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: an ELF image a host is asked to load (rpmsg_elf.h). The
 * input is the image, in a buffer of exactly its length so that any read
 * past the end is caught. What the loader accepts must hold what it
 * promises: every PT_LOAD segment's file bytes inside the image and no
 * larger than its memory size, the resource table inside the image and
 * inside the file bytes of the segment it names, loaded at the section's
 * address. The image is then loaded through a map callback that hands
 * out one buffer of exactly the length asked for, and the table written
 * back, so that any write past what the map gave is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_elf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *mapped;

static void *map(void *ctx, uint64_t da, size_t len)
{
	(void)ctx;
	(void)da;
	if (len > 1u << 20)
		return NULL; /* a host has only so much memory */
	free(mapped);
	mapped = malloc(len);
	return mapped;
}

static const struct rpmsg_elf_ops ops = { map };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_elf_segment seg;
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	uint8_t *image, *table;
	uint32_t i;
	int n;

	image = malloc(size ? size : 1);
	if (!image)
		return 0;
	memcpy(image, data, size);
	if (rpmsg_elf_open(&elf, image, size)) {
		if (elf.problem == RPMSG_ELF_OK)
			abort();
		goto out;
	}
	for (i = 0; i < elf.phnum; i++) {
		if (rpmsg_elf_segment(&elf, i, &seg))
			abort();
		if (seg.type == 1 &&
		    (seg.offset > size || seg.filesz > size - seg.offset ||
		     seg.filesz > seg.memsz))
			abort();
	}
	n = rpmsg_elf_find_rsc(&elf, &rsc);
	if (n >= 0) {
		if (rsc.offset > size || rsc.size > size - rsc.offset ||
		    rsc.segment < 0 ||
		    rpmsg_elf_segment(&elf, (uint32_t)rsc.segment, &seg) ||
		    rsc.offset < seg.offset ||
		    rsc.offset + rsc.size > seg.offset + seg.filesz ||
		    seg.paddr + (rsc.offset - seg.offset) != rsc.da)
			abort();
	}
	(void)rpmsg_elf_load(&elf, &ops, NULL);
	if (n >= 0 && rsc.size > 0) {
		table = malloc((size_t)rsc.size);
		if (table) {
			memcpy(table, rsc.table, (size_t)rsc.size);
			if (rpmsg_elf_write_rsc(&elf, &rsc, &ops, NULL, table,
						(size_t)rsc.size))
				abort(); /* the table it checked */
			free(table);
		}
	}
out:
	free(mapped);
	mapped = NULL;
	free(image);
	return 0;
}
