/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading a remote processor's ELF image the way Linux remoteproc does,
 * for hosts that are not Linux: check the image, copy every PT_LOAD
 * segment to its physical address, find the section ".resource_table",
 * check the table with the resource-table reader, and write the table
 * (with the vrings the host chose) back to where the image loads it.
 *
 * Freestanding: no allocation, nothing from the C library but memcpy and
 * memset, no global state. The image is untrusted: every offset, size
 * and address is checked for overflow and against the image's length
 * before use, all arithmetic in 64 bits. ELF32 and ELF64, little-endian.
 *
 * A host maps device addresses to its own through a callback
 * (struct rpmsg_elf_ops); the loader never writes anywhere else.
 *
 * Use: rpmsg_elf_open(), rpmsg_elf_find_rsc() (copy the table, set its
 * vrings with rpmsg_rsc_set_vring()), rpmsg_elf_load(),
 * rpmsg_elf_write_rsc(), then start the core at rpmsg_elf.entry.
 */
#ifndef RPMSG_ELF_H
#define RPMSG_ELF_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_rsc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The section remoteproc looks up by name. */
#define RPMSG_ELF_RSC_SECTION ".resource_table"

/* Limits the loader accepts (a firmware image has a few of each). */
#define RPMSG_ELF_MAX_PHNUM 64u
#define RPMSG_ELF_MAX_SHNUM 4096u

/**
 * enum rpmsg_elf_problem - why the loader refused an image
 * @RPMSG_ELF_OK: nothing
 * @RPMSG_ELF_E_ARG: a NULL or otherwise bad argument
 * @RPMSG_ELF_E_SHORT: the image is shorter than its ELF header
 * @RPMSG_ELF_E_MAGIC: not an ELF image
 * @RPMSG_ELF_E_CLASS: neither ELF32 nor ELF64
 * @RPMSG_ELF_E_DATA: not little-endian
 * @RPMSG_ELF_E_VERSION: an ELF version other than 1
 * @RPMSG_ELF_E_TYPE: not an executable (ET_EXEC)
 * @RPMSG_ELF_E_PHDRS: the program headers run past the image, have the
 *	wrong entry size, or are too many (or none)
 * @RPMSG_ELF_E_SEG_FILE: a segment's file bytes run past the image
 * @RPMSG_ELF_E_SEG_SIZE: a segment's file size exceeds its memory size
 * @RPMSG_ELF_E_SEG_WRAPS: a segment's physical range passes the end of
 *	the address space (4 GiB for ELF32)
 * @RPMSG_ELF_E_SEG_OVERLAP: two PT_LOAD segments overlap in memory
 * @RPMSG_ELF_E_NO_LOAD: no PT_LOAD segment with bytes to load
 * @RPMSG_ELF_E_ENTRY: the entry point is in no PT_LOAD segment
 * @RPMSG_ELF_E_SHDRS: the section headers run past the image or have the
 *	wrong entry size
 * @RPMSG_ELF_E_SHSTRTAB: the section-name table is missing or runs past
 *	the image
 * @RPMSG_ELF_E_NO_RSC: no section ".resource_table"
 * @RPMSG_ELF_E_RSC_FILE: the table's bytes run past the image
 * @RPMSG_ELF_E_RSC_NOT_LOADED: the table is in no PT_LOAD segment's file
 *	bytes, so nothing loads it where the section says
 * @RPMSG_ELF_E_RSC_ADDR: the segment holding the table loads it at a
 *	physical address other than the section's address (a table in RAM
 *	whose load image is elsewhere, copied at startup)
 * @RPMSG_ELF_E_RSC_TABLE: the table itself is bad
 *	(rpmsg_elf.rsc_problem says how)
 * @RPMSG_ELF_E_MAP: the host's map callback refused an address range
 * @RPMSG_ELF_E_COUNT: the number of problems (not one)
 */
enum rpmsg_elf_problem {
	RPMSG_ELF_OK = 0,
	RPMSG_ELF_E_ARG,
	RPMSG_ELF_E_SHORT,
	RPMSG_ELF_E_MAGIC,
	RPMSG_ELF_E_CLASS,
	RPMSG_ELF_E_DATA,
	RPMSG_ELF_E_VERSION,
	RPMSG_ELF_E_TYPE,
	RPMSG_ELF_E_PHDRS,
	RPMSG_ELF_E_SEG_FILE,
	RPMSG_ELF_E_SEG_SIZE,
	RPMSG_ELF_E_SEG_WRAPS,
	RPMSG_ELF_E_SEG_OVERLAP,
	RPMSG_ELF_E_NO_LOAD,
	RPMSG_ELF_E_ENTRY,
	RPMSG_ELF_E_SHDRS,
	RPMSG_ELF_E_SHSTRTAB,
	RPMSG_ELF_E_NO_RSC,
	RPMSG_ELF_E_RSC_FILE,
	RPMSG_ELF_E_RSC_NOT_LOADED,
	RPMSG_ELF_E_RSC_ADDR,
	RPMSG_ELF_E_RSC_TABLE,
	RPMSG_ELF_E_MAP,
	RPMSG_ELF_E_COUNT
};

/**
 * struct rpmsg_elf - an image being loaded
 * @image: private
 * @len: private
 * @is64: 1 for ELF64, 0 for ELF32
 * @machine: e_machine (40 is ARM)
 * @entry: the entry point, once rpmsg_elf_open() accepted the image
 * @phoff: private
 * @phnum: program headers
 * @shoff: private
 * @shnum: section headers (0 if the image has none)
 * @shentsize: private
 * @shstrndx: private
 * @problem: why the last call refused (RPMSG_ELF_OK if it did not)
 * @rsc_problem: with RPMSG_ELF_E_RSC_TABLE, what the table reader found
 * @bad_index: the program or section header the problem is in, or -1
 */
struct rpmsg_elf {
	const uint8_t *image;
	size_t len;
	int is64;
	uint16_t machine;
	uint64_t entry;
	uint64_t phoff;
	uint32_t phnum;
	uint64_t shoff;
	uint32_t shnum;
	uint16_t shentsize;
	uint32_t shstrndx;
	enum rpmsg_elf_problem problem;
	enum rpmsg_rsc_problem rsc_problem;
	int bad_index;
};

/**
 * struct rpmsg_elf_segment - one program header as read
 * @type: p_type (1 is PT_LOAD)
 * @flags: p_flags
 * @offset: p_offset, bytes from the image start
 * @vaddr: p_vaddr
 * @paddr: p_paddr, where remoteproc loads it
 * @filesz: bytes in the image
 * @memsz: bytes in memory (the rest zero-filled)
 */
struct rpmsg_elf_segment {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
};

/**
 * struct rpmsg_elf_rsc - where an image's resource table is
 * @offset: bytes from the image start to the table
 * @size: the section's size
 * @da: the section's address, where remoteproc writes the table back
 * @segment: the PT_LOAD segment whose file bytes hold it, or -1
 * @table: the table inside the image (read-only; copy it to change it)
 */
struct rpmsg_elf_rsc {
	uint64_t offset;
	uint64_t size;
	uint64_t da;
	int segment;
	const uint8_t *table;
};

/**
 * struct rpmsg_elf_ops - how the host reaches the remote's memory
 * @map: give a host pointer to @len bytes at device (physical) address
 *       @da of the remote, writable, or NULL if the range is not the
 *       remote's (the loader then refuses with RPMSG_ELF_E_MAP). @ctx is
 *       the pointer given to the loader. @len is never 0.
 */
struct rpmsg_elf_ops {
	void *(*map)(void *ctx, uint64_t da, size_t len);
};

/**
 * rpmsg_elf_open() - check an image's headers and segments
 * @elf: filled with what was read
 * @image: the image (read, never written; may not be aligned)
 * @len: its bytes
 *
 * Checks the ELF header (magic, class, little-endian, version, ET_EXEC),
 * the program headers (inside the image, entry size, at most
 * RPMSG_ELF_MAX_PHNUM), every PT_LOAD segment (file bytes inside the
 * image, filesz <= memsz, no wrap of the physical range, no overlap with
 * another PT_LOAD), at least one PT_LOAD with bytes, the entry point in
 * one, and the section headers if there are any (inside the image, entry
 * size, the name table's index and bytes).
 *
 * Return: 0; -EINVAL with @elf->problem (and @elf->bad_index) saying why.
 */
int rpmsg_elf_open(struct rpmsg_elf *elf, const void *image, size_t len);

/**
 * rpmsg_elf_segment() - read one program header of an opened image
 * @elf: an image rpmsg_elf_open() accepted
 * @index: 0 .. @elf->phnum - 1
 * @seg: filled with the header
 *
 * Return: 0; -EINVAL for a bad argument.
 */
int rpmsg_elf_segment(const struct rpmsg_elf *elf, uint32_t index,
		      struct rpmsg_elf_segment *seg);

/**
 * rpmsg_elf_find_rsc() - find and check the resource table
 * @elf: an image rpmsg_elf_open() accepted
 * @rsc: filled with where the table is (as far as it was found, also on
 *       a refusal)
 *
 * Finds the section ".resource_table" by name, checks that its bytes are
 * inside the image, that a PT_LOAD segment's file bytes hold it, that
 * this segment loads it at the section's address (so what the host
 * writes to that address is the table the firmware reads), and checks
 * the table with rpmsg_rsc_check().
 *
 * Return: the number of table entries (>= 0); -ENOENT if the image has
 * no such section (RPMSG_ELF_E_NO_RSC; a firmware may have none);
 * -EINVAL for a bad table or location (@elf->problem says why).
 */
int rpmsg_elf_find_rsc(struct rpmsg_elf *elf, struct rpmsg_elf_rsc *rsc);

/**
 * rpmsg_elf_load() - copy the PT_LOAD segments to the remote's memory
 * @elf: an image rpmsg_elf_open() accepted
 * @ops: the host's map callback
 * @ctx: passed to it
 *
 * Maps each PT_LOAD segment with bytes (memsz > 0) at its p_paddr,
 * copies its file bytes and zero-fills the rest of memsz. Segments of
 * other types are skipped.
 *
 * Return: 0; -EINVAL for a bad argument; -ERANGE if the callback refused
 * a range (RPMSG_ELF_E_MAP, @elf->bad_index the segment; the segments
 * before it are loaded).
 */
int rpmsg_elf_load(struct rpmsg_elf *elf, const struct rpmsg_elf_ops *ops,
		   void *ctx);

/**
 * rpmsg_elf_write_rsc() - write the host's copy of the table back
 * @elf: an image rpmsg_elf_open() accepted
 * @rsc: where its table is, from rpmsg_elf_find_rsc()
 * @ops: the host's map callback
 * @ctx: passed to it
 * @table: the table to write (the host's copy, vrings set)
 * @len: its bytes, at most @rsc->size
 *
 * Checks @table again with rpmsg_rsc_check() (the host may have changed
 * it), then copies it to @rsc->da. Call it after rpmsg_elf_load(), which
 * would overwrite it.
 *
 * Return: 0; -EINVAL for a bad argument or table; -ERANGE if the
 * callback refused the range.
 */
int rpmsg_elf_write_rsc(struct rpmsg_elf *elf, const struct rpmsg_elf_rsc *rsc,
			const struct rpmsg_elf_ops *ops, void *ctx,
			const void *table, size_t len);

/**
 * rpmsg_elf_problem_str() - a loader problem in words
 * @problem: a value of enum rpmsg_elf_problem
 *
 * Return: a static string ("unknown problem" for a value out of range).
 */
const char *rpmsg_elf_problem_str(enum rpmsg_elf_problem problem);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_ELF_H */
