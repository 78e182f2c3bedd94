// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the ELF reader (src/elf/elf_read.c, elf_str.c), what
 * `rpmsg firmware` and any host reads of a firmware image it was handed:
 * rpmsg_elf_open (the ELF header, every program header, the section
 * headers and the section-name table), rpmsg_elf_segment, and
 * rpmsg_elf_find_rsc (the section names, the segment holding the table,
 * and rpmsg_rsc_check on the table's bytes), rpmsg_elf_problem_str.
 *
 * The image is an object of exactly IMAGE_LEN bytes (one run per length
 * in .ci/prove.sh) holding any bytes: a read past its end is a read
 * outside the object, which Eva reports. The image is the host's own
 * copy (not volatile); shorter images are the runs with a smaller
 * IMAGE_LEN.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_elf.h>
#include <rpmsg/rpmsg_errno.h>

#ifndef IMAGE_LEN
#define IMAGE_LEN 64u
#endif

static uint8_t image[IMAGE_LEN];

static void read_all(size_t len)
{
	struct rpmsg_elf_segment seg;
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	const char *s;
	int rc;

	rc = rpmsg_elf_open(&elf, image, len);
	//@ assert open_rc: rc == 0 || rc == -EINVAL;
	s = rpmsg_elf_problem_str(elf.problem);
	//@ assert problem_str: \valid_read(s);
	if (rc)
		return;
	//@ assert phnum: 1 <= elf.phnum <= RPMSG_ELF_MAX_PHNUM;
	//@ assert shnum: elf.shnum <= RPMSG_ELF_MAX_SHNUM;
	rc = rpmsg_elf_segment(&elf, Frama_C_unsigned_int_interval(0, 0xffffffffu),
			       &seg);
	//@ assert seg_rc: rc == 0 || rc == -EINVAL;
	rc = rpmsg_elf_find_rsc(&elf, &rsc);
	//@ assert rsc_rc: rc >= 0 || rc == -EINVAL || rc == -ENOENT;
	s = rpmsg_elf_problem_str(elf.problem);
	//@ assert problem_str_rsc: \valid_read(s);
}

int main(void)
{
	Frama_C_make_unknown((char *)image, IMAGE_LEN);
	read_all(IMAGE_LEN);
	(void)rpmsg_elf_problem_str(
		(enum rpmsg_elf_problem)Frama_C_int_interval(-100, 100));
	return 0;
}
