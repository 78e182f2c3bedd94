/* SPDX-License-Identifier: BSD-3-Clause */
/* What the loader's files share: ELF constants and header reads. */
#ifndef RPMSG_ELF_INTERNAL_H
#define RPMSG_ELF_INTERNAL_H

#include <rpmsg/rpmsg_elf.h>

#define ELF_PT_LOAD 1u
#define ELF_SHT_NOBITS 8u

/* Record @p (and the header index @i) in @elf and give -EINVAL. */
int rpmsg_elf_refuse(struct rpmsg_elf *elf, enum rpmsg_elf_problem p, int i);

/* Program header @i of an image whose header was checked. */
void rpmsg_elf_read_phdr(const struct rpmsg_elf *elf, uint32_t i,
			 struct rpmsg_elf_segment *seg);

/* 1 if @seg's file bytes are inside the image. */
int rpmsg_elf_seg_in_file(const struct rpmsg_elf *elf,
			  const struct rpmsg_elf_segment *seg);

#endif /* RPMSG_ELF_INTERNAL_H */
