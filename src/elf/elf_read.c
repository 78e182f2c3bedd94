// SPDX-License-Identifier: BSD-3-Clause
/*
 * Checking an ELF image's header, program headers and section headers,
 * and finding its resource table, as Linux remoteproc reads them. The
 * image is untrusted: every offset and size is checked against the
 * image's length before it is used, in 64-bit arithmetic.
 */
#include <string.h>

#include <rpmsg/rpmsg_errno.h>

#include "elf_internal.h"
#include "../rsc/rsc_le.h"

/* ELF header fields (offsets for ELF32 / ELF64). */
#define EI_NIDENT 16u
#define EI_CLASS 4u
#define EI_DATA 5u
#define EI_VERSION 6u
#define ELFCLASS32 1u
#define ELFCLASS64 2u
#define ELFDATA2LSB 1u
#define ET_EXEC 2u
#define EHDR32_SIZE 52u
#define EHDR64_SIZE 64u
#define PHDR32_SIZE 32u
#define PHDR64_SIZE 56u
#define SHDR32_SIZE 40u
#define SHDR64_SIZE 64u
#define SHN_XINDEX 0xFFFFu

int rpmsg_elf_refuse(struct rpmsg_elf *elf, enum rpmsg_elf_problem p, int i)
{
	elf->problem = p;
	elf->bad_index = i;
	return -EINVAL;
}

/* 1 if [off, off + size) is inside an image of @len bytes. */
static int in_image(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= (uint64_t)len - off;
}

/*
 * The @n bytes at @off of the image, or NULL if they are not all in it.
 * Every header and name is read through this (the proof, proof/elf.c,
 * follows a constant @n against the length).
 */
static const uint8_t *at(const struct rpmsg_elf *elf, uint64_t off, uint64_t n)
{
	uint64_t len = elf->len;

	if (n > len || off > len - n)
		return NULL;
	return elf->image + off;
}

static uint64_t word(const struct rpmsg_elf *elf, const uint8_t *p)
{
	return elf->is64 ? rpmsg_le64(p) : rpmsg_le32(p);
}

void rpmsg_elf_read_phdr(const struct rpmsg_elf *elf, uint32_t i,
			 struct rpmsg_elf_segment *seg)
{
	uint64_t n = elf->is64 ? PHDR64_SIZE : PHDR32_SIZE;
	const uint8_t *p = at(elf, elf->phoff + (uint64_t)i * n, n);

	if (!p) { /* not after rpmsg_elf_open() checked the headers */
		memset(seg, 0, sizeof(*seg));
		return;
	}
	if (elf->is64) {
		seg->type = rpmsg_le32(p);
		seg->flags = rpmsg_le32(p + 4);
		seg->offset = rpmsg_le64(p + 8);
		seg->vaddr = rpmsg_le64(p + 16);
		seg->paddr = rpmsg_le64(p + 24);
		seg->filesz = rpmsg_le64(p + 32);
		seg->memsz = rpmsg_le64(p + 40);
	} else {
		seg->type = rpmsg_le32(p);
		seg->offset = rpmsg_le32(p + 4);
		seg->vaddr = rpmsg_le32(p + 8);
		seg->paddr = rpmsg_le32(p + 12);
		seg->filesz = rpmsg_le32(p + 16);
		seg->memsz = rpmsg_le32(p + 20);
		seg->flags = rpmsg_le32(p + 24);
	}
}

int rpmsg_elf_seg_in_file(const struct rpmsg_elf *elf,
			  const struct rpmsg_elf_segment *seg)
{
	return in_image(seg->offset, seg->filesz, elf->len);
}

/* 1 if [a, a + n) does not pass the top of the address space. */
static int range_fits(const struct rpmsg_elf *elf, uint64_t a, uint64_t n)
{
	uint64_t top = elf->is64 ? UINT64_MAX : UINT32_MAX;

	if (a > top)
		return 0;
	return n == 0 || n - 1 <= top - a;
}

static int read_header(struct rpmsg_elf *elf)
{
	const uint8_t *p = elf->image;
	uint32_t ehsize, phentsize;
	uint16_t shentsize;

	if (elf->len < EI_NIDENT)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SHORT, -1);
	if (p[0] != 0x7F || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_MAGIC, -1);
	if (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_CLASS, -1);
	elf->is64 = p[EI_CLASS] == ELFCLASS64;
	ehsize = elf->is64 ? EHDR64_SIZE : EHDR32_SIZE;
	if (elf->len < ehsize)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SHORT, -1);
	if (p[EI_DATA] != ELFDATA2LSB)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_DATA, -1);
	if (p[EI_VERSION] != 1 || rpmsg_le32(p + 20) != 1)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_VERSION, -1);
	if (rpmsg_le16(p + 16) != ET_EXEC)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_TYPE, -1);
	elf->machine = rpmsg_le16(p + 18);
	elf->entry = word(elf, p + 24);
	elf->phoff = word(elf, p + (elf->is64 ? 32 : 28));
	elf->shoff = word(elf, p + (elf->is64 ? 40 : 32));
	p += elf->is64 ? 54 : 42;
	phentsize = rpmsg_le16(p);
	elf->phnum = rpmsg_le16(p + 2);
	shentsize = rpmsg_le16(p + 4);
	elf->shnum = rpmsg_le16(p + 6);
	elf->shstrndx = rpmsg_le16(p + 8);

	if (phentsize != (elf->is64 ? PHDR64_SIZE : PHDR32_SIZE) ||
	    elf->phnum == 0 || elf->phnum > RPMSG_ELF_MAX_PHNUM ||
	    !in_image(elf->phoff, (uint64_t)elf->phnum * phentsize, elf->len))
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_PHDRS, -1);
	elf->shentsize = shentsize;
	return 0;
}

/* 1 if PT_LOAD segment @s (header @i, memsz not 0) overlaps one before. */
static int overlaps_earlier(const struct rpmsg_elf *elf, uint32_t i,
			    const struct rpmsg_elf_segment *s)
{
	struct rpmsg_elf_segment t;
	uint32_t j;

	/*@ loop invariant 0 <= j <= i;
	    loop variant i - j; */
	for (j = 0; j < i; j++) {
		rpmsg_elf_read_phdr(elf, j, &t);
		if (t.type != ELF_PT_LOAD || t.memsz == 0)
			continue;
		/* last bytes: both ranges checked not to wrap */
		if (s->paddr <= t.paddr + (t.memsz - 1) &&
		    t.paddr <= s->paddr + (s->memsz - 1))
			return 1;
	}
	return 0;
}

static int check_segments(struct rpmsg_elf *elf)
{
	struct rpmsg_elf_segment s;
	int loads = 0, entry_ok = 0;
	uint32_t i, phnum;

	/* The count read once: the walks end (the variants, proven by WP). */
	phnum = elf->phnum;
	/*@ loop invariant 0 <= i <= phnum;
	    loop variant phnum - i; */
	for (i = 0; i < phnum; i++) {
		rpmsg_elf_read_phdr(elf, i, &s);
		if (s.type != ELF_PT_LOAD)
			continue;
		if (!rpmsg_elf_seg_in_file(elf, &s))
			return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SEG_FILE,
						(int)i);
		if (s.filesz > s.memsz)
			return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SEG_SIZE,
						(int)i);
		if (!range_fits(elf, s.paddr, s.memsz) ||
		    !range_fits(elf, s.vaddr, s.memsz))
			return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SEG_WRAPS,
						(int)i);
		if (s.memsz == 0)
			continue;
		loads++;
		if ((elf->entry >= s.vaddr && elf->entry - s.vaddr < s.memsz) ||
		    (elf->entry >= s.paddr && elf->entry - s.paddr < s.memsz))
			entry_ok = 1;
		if (overlaps_earlier(elf, i, &s))
			return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SEG_OVERLAP,
						(int)i);
	}
	if (loads == 0)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_NO_LOAD, -1);
	if (!entry_ok)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_ENTRY, -1);
	return 0;
}

/* Section header @i: name offset, type, address, file offset, size. */
struct shdr {
	uint32_t name;
	uint32_t type;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
};

static void read_shdr(const struct rpmsg_elf *elf, uint32_t i, struct shdr *sh)
{
	uint64_t n = elf->is64 ? SHDR64_SIZE : SHDR32_SIZE;
	const uint8_t *p = at(elf, elf->shoff + (uint64_t)i * n, n);

	if (!p) { /* not after rpmsg_elf_open() checked the headers */
		memset(sh, 0, sizeof(*sh));
		return;
	}
	sh->name = rpmsg_le32(p);
	sh->type = rpmsg_le32(p + 4);
	if (elf->is64) {
		sh->addr = rpmsg_le64(p + 16);
		sh->offset = rpmsg_le64(p + 24);
		sh->size = rpmsg_le64(p + 32);
	} else {
		sh->addr = rpmsg_le32(p + 12);
		sh->offset = rpmsg_le32(p + 16);
		sh->size = rpmsg_le32(p + 20);
	}
}

static int check_sections(struct rpmsg_elf *elf)
{
	struct shdr str;

	if (elf->shoff == 0) {
		elf->shnum = 0;
		return 0;
	}
	/* e_shnum 0 with an offset is the extended count: not for firmware */
	if (elf->shentsize != (elf->is64 ? SHDR64_SIZE : SHDR32_SIZE) ||
	    elf->shnum == 0 || elf->shnum > RPMSG_ELF_MAX_SHNUM ||
	    !in_image(elf->shoff, (uint64_t)elf->shnum * elf->shentsize,
		      elf->len))
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SHDRS, -1);
	if (elf->shstrndx == SHN_XINDEX || elf->shstrndx >= elf->shnum)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SHSTRTAB, -1);
	read_shdr(elf, elf->shstrndx, &str);
	if (str.type == ELF_SHT_NOBITS ||
	    !in_image(str.offset, str.size, elf->len))
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_SHSTRTAB,
					(int)elf->shstrndx);
	return 0;
}

int rpmsg_elf_open(struct rpmsg_elf *elf, const void *image, size_t len)
{
	int err;

	if (!elf)
		return -EINVAL;
	memset(elf, 0, sizeof(*elf));
	elf->bad_index = -1;
	if (!image)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_ARG, -1);
	elf->image = image;
	elf->len = len;
	err = read_header(elf);
	if (!err)
		err = check_segments(elf);
	if (!err)
		err = check_sections(elf);
	if (err)
		elf->image = NULL; /* not opened: every other call refuses */
	return err;
}

int rpmsg_elf_segment(const struct rpmsg_elf *elf, uint32_t index,
		      struct rpmsg_elf_segment *seg)
{
	if (!elf || !elf->image || !seg || index >= elf->phnum)
		return -EINVAL;
	rpmsg_elf_read_phdr(elf, index, seg);
	return 0;
}

/* 1 if section @sh is named ".resource_table". */
static int is_rsc(const struct rpmsg_elf *elf, const struct shdr *sh)
{
	static const char name[] = RPMSG_ELF_RSC_SECTION;
	const uint8_t *p;
	struct shdr str;
	size_t i;

	read_shdr(elf, elf->shstrndx, &str);
	/* the name and its NUL inside the (checked) name table */
	if (sh->name > str.size || sizeof(name) > str.size - sh->name)
		return 0;
	p = at(elf, str.offset + sh->name, sizeof(name));
	if (!p)
		return 0;
	for (i = 0; i < sizeof(name); i++)
		if (p[i] != (uint8_t)name[i])
			return 0;
	return 1;
}

/* The PT_LOAD segment whose file bytes hold @sh, or -1. */
static int holding_segment(const struct rpmsg_elf *elf, const struct shdr *sh,
			   struct rpmsg_elf_segment *seg)
{
	uint32_t i, phnum = elf->phnum;

	/*@ loop invariant 0 <= i <= phnum;
	    loop variant phnum - i; */
	for (i = 0; i < phnum; i++) {
		rpmsg_elf_read_phdr(elf, i, seg);
		/* open checked offset + filesz inside the image */
		if (seg->type == ELF_PT_LOAD && sh->offset >= seg->offset &&
		    sh->offset + sh->size <= seg->offset + seg->filesz)
			return (int)i;
	}
	return -1;
}

/* rpmsg_rsc_check() of the image's bytes [off, off + size). */
static int check_table(struct rpmsg_elf *elf, uint64_t off, uint64_t size)
{
	if (size > elf->len)
		return -EINVAL;
	/* for the proof: one state per size, each offset bounded by it */
	/*@ split size; */
	if (off > elf->len - size)
		return -EINVAL;
	return rpmsg_rsc_check(elf->image + off, (size_t)size,
			       &elf->rsc_problem);
}

int rpmsg_elf_find_rsc(struct rpmsg_elf *elf, struct rpmsg_elf_rsc *rsc)
{
	struct rpmsg_elf_segment seg;
	const uint8_t *table;
	struct shdr sh;
	uint32_t i, shnum;
	int n;

	if (!elf || !elf->image || !rsc) {
		if (elf)
			elf->problem = RPMSG_ELF_E_ARG;
		return -EINVAL;
	}
	memset(rsc, 0, sizeof(*rsc));
	rsc->segment = -1;
	elf->problem = RPMSG_ELF_OK;
	elf->rsc_problem = RPMSG_RSC_OK;
	elf->bad_index = -1;
	shnum = elf->shnum; /* read once: the walk ends (WP) */
	/*@ loop invariant 0 <= i <= shnum;
	    loop variant shnum - i; */
	for (i = 0;; i++) {
		if (i == shnum) {
			rpmsg_elf_refuse(elf, RPMSG_ELF_E_NO_RSC, -1);
			return -ENOENT;
		}
		read_shdr(elf, i, &sh);
		if (is_rsc(elf, &sh))
			break;
	}
	rsc->offset = sh.offset;
	rsc->size = sh.size;
	rsc->da = sh.addr;
	table = at(elf, sh.offset, sh.size);
	if (sh.type == ELF_SHT_NOBITS || !table)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_RSC_FILE, (int)i);
	rsc->table = table;
	rsc->segment = holding_segment(elf, &sh, &seg);
	if (rsc->segment < 0)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_RSC_NOT_LOADED,
					(int)i);
	if (seg.paddr + (sh.offset - seg.offset) != sh.addr)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_RSC_ADDR, (int)i);
	n = check_table(elf, sh.offset, sh.size);
	if (n < 0)
		return rpmsg_elf_refuse(elf, RPMSG_ELF_E_RSC_TABLE, (int)i);
	return n;
}
