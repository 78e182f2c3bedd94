// SPDX-License-Identifier: BSD-3-Clause
/* The loader's problems in words (a file of its own: firmware that never
 * prints them does not link the strings). */
#include <rpmsg/rpmsg_elf.h>

static const char *const problem_str[RPMSG_ELF_E_COUNT] = {
	[RPMSG_ELF_OK] = "ok",
	[RPMSG_ELF_E_ARG] = "bad argument",
	[RPMSG_ELF_E_SHORT] = "image shorter than its ELF header",
	[RPMSG_ELF_E_MAGIC] = "not an ELF image",
	[RPMSG_ELF_E_CLASS] = "neither ELF32 nor ELF64",
	[RPMSG_ELF_E_DATA] = "not little-endian",
	[RPMSG_ELF_E_VERSION] = "ELF version is not 1",
	[RPMSG_ELF_E_TYPE] = "not an executable (ET_EXEC)",
	[RPMSG_ELF_E_PHDRS] =
		"program headers missing, too many, of the wrong size or past the image",
	[RPMSG_ELF_E_SEG_FILE] = "segment's file bytes run past the image",
	[RPMSG_ELF_E_SEG_SIZE] = "segment's file size exceeds its memory size",
	[RPMSG_ELF_E_SEG_WRAPS] = "segment's address range wraps",
	[RPMSG_ELF_E_SEG_OVERLAP] = "two PT_LOAD segments overlap",
	[RPMSG_ELF_E_NO_LOAD] = "no PT_LOAD segment",
	[RPMSG_ELF_E_ENTRY] = "entry point in no PT_LOAD segment",
	[RPMSG_ELF_E_SHDRS] =
		"section headers of the wrong size or past the image",
	[RPMSG_ELF_E_SHSTRTAB] = "section name table missing or past the image",
	[RPMSG_ELF_E_NO_RSC] = "no .resource_table section",
	[RPMSG_ELF_E_RSC_FILE] = "resource table's bytes are not in the image",
	[RPMSG_ELF_E_RSC_NOT_LOADED] =
		"resource table outside every PT_LOAD segment",
	[RPMSG_ELF_E_RSC_ADDR] =
		"resource table loaded at a physical address (p_paddr) other than its section address",
	[RPMSG_ELF_E_RSC_TABLE] = "resource table is bad",
	[RPMSG_ELF_E_MAP] = "host refused to map a device address range",
};

const char *rpmsg_elf_problem_str(enum rpmsg_elf_problem problem)
{
	if ((unsigned int)problem >= RPMSG_ELF_E_COUNT)
		return "unknown problem";
	return problem_str[problem];
}
