// SPDX-License-Identifier: BSD-3-Clause
/*
 * The ELF loader (rpmsg_elf.h): an ELF32 and an ELF64 image built here,
 * with a text segment, a data segment holding the resource table and a
 * bss tail, are opened, their table found and checked, their segments
 * loaded into a host's memory map (file bytes copied, the rest zeroed)
 * and a vring address the host chose written back where the image loads
 * the table. Hostile variants (truncated, wrapping offsets, overlapping
 * segments, a table outside every PT_LOAD or loaded at another address)
 * are each refused with the problem they have.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_elf.h>

#define TEXT_PA 0x10000000u
#define DATA_PA 0x20000000u
#define TEXT_OFF 256u
#define TEXT_SZ 64u
#define DATA_OFF 320u
#define DATA_FILESZ 320u
#define DATA_MEMSZ 512u
#define RSC_IN_DATA 64u
#define STR_OFF 640u
#define SH_OFF 704u

static uint8_t img[1024];
static size_t img_len;
static int is64;

/* Field offsets of the class being built. */
static unsigned int ehsz(void) { return is64 ? 64 : 52; }
static unsigned int phsz(void) { return is64 ? 56 : 32; }
static unsigned int shsz(void) { return is64 ? 64 : 40; }

static void put(size_t off, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		img[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A word-sized (address, offset, size) field. */
static void putw(size_t off, uint64_t v)
{
	put(off, v, is64 ? 8 : 4);
}

enum { P_TYPE, P_OFFSET, P_VADDR, P_PADDR, P_FILESZ, P_MEMSZ };

static size_t ph_field(unsigned int i, int f)
{
	static const unsigned char o32[] = { 0, 4, 8, 12, 16, 20 };
	static const unsigned char o64[] = { 0, 8, 16, 24, 32, 40 };

	return ehsz() + i * phsz() + (is64 ? o64[f] : o32[f]);
}

enum { S_NAME, S_TYPE, S_ADDR, S_OFFSET, S_SIZE };

static size_t sh_field(unsigned int i, int f)
{
	static const unsigned char o32[] = { 0, 4, 12, 16, 20 };
	static const unsigned char o64[] = { 0, 4, 16, 24, 32 };

	return SH_OFF + i * shsz() + (is64 ? o64[f] : o32[f]);
}

static void set_ph(unsigned int i, int f, uint64_t v)
{
	if (f == P_TYPE)
		put(ph_field(i, f), v, 4);
	else
		putw(ph_field(i, f), v);
}

static void set_sh(unsigned int i, int f, uint64_t v)
{
	if (f == S_NAME || f == S_TYPE)
		put(sh_field(i, f), v, 4);
	else
		putw(sh_field(i, f), v);
}

static const char names[] = "\0.text\0.resource_table\0.shstrtab";
#define NAME_TEXT 1u
#define NAME_RSC 7u
#define NAME_STR 23u

static const struct rpmsg_rsc_vring rings[2] = {
	{ RPMSG_RSC_ADDR_ANY, 16, 8, 0, 0 },
	{ RPMSG_RSC_ADDR_ANY, 16, 8, 1, 0 },
};
static uint32_t rsc_used, vdev_off;

static void build(int elf64)
{
	struct rpmsg_rsc_builder b;
	unsigned int i;
	int off;

	is64 = elf64;
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = is64 ? 2 : 1; /* class */
	img[5] = 1; /* little-endian */
	img[6] = 1; /* version */
	put(16, 2, 2); /* ET_EXEC */
	put(18, 40, 2); /* EM_ARM */
	put(20, 1, 4);
	putw(24, TEXT_PA | 1u); /* a Thumb entry point */
	putw(is64 ? 32 : 28, ehsz()); /* e_phoff */
	putw(is64 ? 40 : 32, SH_OFF); /* e_shoff */
	i = is64 ? 52 : 40;
	put(i, ehsz(), 2);
	put(i + 2, phsz(), 2);
	put(i + 4, 2, 2); /* e_phnum */
	put(i + 6, shsz(), 2);
	put(i + 8, 4, 2); /* e_shnum */
	put(i + 10, 3, 2); /* e_shstrndx */

	set_ph(0, P_TYPE, 1);
	set_ph(0, P_OFFSET, TEXT_OFF);
	set_ph(0, P_VADDR, TEXT_PA);
	set_ph(0, P_PADDR, TEXT_PA);
	set_ph(0, P_FILESZ, TEXT_SZ);
	set_ph(0, P_MEMSZ, TEXT_SZ);
	set_ph(1, P_TYPE, 1);
	set_ph(1, P_OFFSET, DATA_OFF);
	set_ph(1, P_VADDR, DATA_PA);
	set_ph(1, P_PADDR, DATA_PA);
	set_ph(1, P_FILESZ, DATA_FILESZ);
	set_ph(1, P_MEMSZ, DATA_MEMSZ);
	for (i = 0; i < TEXT_SZ; i++)
		img[TEXT_OFF + i] = (uint8_t)(0x40 + i);
	for (i = 0; i < DATA_FILESZ; i++)
		img[DATA_OFF + i] = (uint8_t)(0x80 + i);

	assert_int_equal(rpmsg_rsc_build_init(&b, img + DATA_OFF + RSC_IN_DATA,
					      256, 3), 0);
	off = rpmsg_rsc_add_vdev(&b, 7, 2, 1, 0, 2, rings);
	assert_true(off > 0);
	vdev_off = (uint32_t)off;
	assert_true(rpmsg_rsc_add_carveout(&b, RPMSG_RSC_ADDR_ANY, 0, 0x4000,
					   0, "pool") > 0);
	assert_true(rpmsg_rsc_add_trace(&b, DATA_PA + 0x180, 64, "log") > 0);
	rsc_used = b.used;

	memcpy(img + STR_OFF, names, sizeof(names));
	set_sh(1, S_NAME, NAME_TEXT);
	set_sh(1, S_TYPE, 1);
	set_sh(1, S_ADDR, TEXT_PA);
	set_sh(1, S_OFFSET, TEXT_OFF);
	set_sh(1, S_SIZE, TEXT_SZ);
	set_sh(2, S_NAME, NAME_RSC);
	set_sh(2, S_TYPE, 1);
	set_sh(2, S_ADDR, DATA_PA + RSC_IN_DATA);
	set_sh(2, S_OFFSET, DATA_OFF + RSC_IN_DATA);
	set_sh(2, S_SIZE, rsc_used);
	set_sh(3, S_NAME, NAME_STR);
	set_sh(3, S_TYPE, 3);
	set_sh(3, S_OFFSET, STR_OFF);
	set_sh(3, S_SIZE, sizeof(names));
	img_len = SH_OFF + 4 * shsz();
}

/* The host's view of the remote: text at TEXT_PA, RAM at DATA_PA. */
static uint8_t text_mem[256], data_mem[1024];
static int maps;

static void *map(void *ctx, uint64_t da, size_t len)
{
	(void)ctx;
	maps++;
	if (da >= TEXT_PA && da - TEXT_PA <= sizeof(text_mem) &&
	    len <= sizeof(text_mem) - (da - TEXT_PA))
		return text_mem + (da - TEXT_PA);
	if (da >= DATA_PA && da - DATA_PA <= sizeof(data_mem) &&
	    len <= sizeof(data_mem) - (da - DATA_PA))
		return data_mem + (da - DATA_PA);
	return NULL;
}

static const struct rpmsg_elf_ops ops = { map };

static void load_and_start(int elf64)
{
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_rsc_entry e;
	struct rpmsg_elf elf;
	uint8_t table[256];
	unsigned int i;

	build(elf64);
	assert_int_equal(rpmsg_elf_open(&elf, img, img_len), 0);
	assert_int_equal(elf.is64, elf64);
	assert_int_equal(elf.machine, 40);
	assert_int_equal(elf.entry, TEXT_PA | 1u);
	assert_int_equal(elf.phnum, 2);
	assert_int_equal(elf.shnum, 4);

	assert_int_equal(rpmsg_elf_find_rsc(&elf, &rsc), 3);
	assert_int_equal(elf.problem, RPMSG_ELF_OK);
	assert_int_equal(rsc.da, DATA_PA + RSC_IN_DATA);
	assert_int_equal(rsc.offset, DATA_OFF + RSC_IN_DATA);
	assert_int_equal(rsc.size, rsc_used);
	assert_int_equal(rsc.segment, 1);
	assert_ptr_equal(rsc.table, img + DATA_OFF + RSC_IN_DATA);

	memset(text_mem, 0xEE, sizeof(text_mem));
	memset(data_mem, 0xEE, sizeof(data_mem));
	maps = 0;
	assert_int_equal(rpmsg_elf_load(&elf, &ops, NULL), 0);
	assert_int_equal(maps, 2);
	assert_memory_equal(text_mem, img + TEXT_OFF, TEXT_SZ);
	assert_int_equal(text_mem[TEXT_SZ], 0xEE); /* nothing past memsz */
	assert_memory_equal(data_mem, img + DATA_OFF, DATA_FILESZ);
	for (i = DATA_FILESZ; i < DATA_MEMSZ; i++)
		assert_int_equal(data_mem[i], 0);
	assert_int_equal(data_mem[DATA_MEMSZ], 0xEE);

	/* the host allocates the vrings and writes them into its copy */
	memcpy(table, rsc.table, (size_t)rsc.size);
	assert_int_equal(rpmsg_rsc_set_vring(table, (size_t)rsc.size, vdev_off,
					     1, 0x30001000u, 0x80001000u), 0);
	assert_int_equal(rpmsg_elf_write_rsc(&elf, &rsc, &ops, NULL, table,
					     (size_t)rsc.size), 0);
	assert_int_equal(rpmsg_rsc_find_vdev(data_mem + RSC_IN_DATA, rsc_used,
					     7, &e), 0);
	assert_int_equal(e.vdev.vring[1].da, 0x30001000u);
	assert_int_equal(e.vdev.vring[1].pa, 0x80001000u);
	assert_int_equal(e.vdev.vring[0].da, RPMSG_RSC_ADDR_ANY);
}

static void test_elf32(void **state)
{
	(void)state;
	load_and_start(0);
}

static void test_elf64(void **state)
{
	(void)state;
	load_and_start(1);
}

/* Open, then find the table; the first refusal's problem. */
static enum rpmsg_elf_problem first_problem(size_t len)
{
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	int ret;

	enum rpmsg_elf_problem p;

	ret = rpmsg_elf_open(&elf, img, len);
	if (ret) {
		p = elf.problem;
		assert_int_equal(ret, -EINVAL);
		assert_int_not_equal(p, RPMSG_ELF_OK);
		/* not opened: nothing else runs on it */
		assert_int_equal(rpmsg_elf_load(&elf, &ops, NULL), -EINVAL);
		assert_int_equal(rpmsg_elf_find_rsc(&elf, &rsc), -EINVAL);
		return p;
	}
	ret = rpmsg_elf_find_rsc(&elf, &rsc);
	if (ret < 0) {
		assert_int_equal(ret, elf.problem == RPMSG_ELF_E_NO_RSC ?
					      -ENOENT : -EINVAL);
		return elf.problem;
	}
	return RPMSG_ELF_OK;
}

static void hostile(int elf64)
{
	struct rpmsg_elf elf;
	size_t len;

	build(elf64);
	len = img_len;
	assert_int_equal(first_problem(len), RPMSG_ELF_OK);
	assert_int_equal(first_problem(10), RPMSG_ELF_E_SHORT);
	assert_int_equal(first_problem(ehsz() - 1), RPMSG_ELF_E_SHORT);
	/* program headers cut off */
	assert_int_equal(first_problem(ehsz() + phsz()), RPMSG_ELF_E_PHDRS);
	/* the data segment cut off */
	assert_int_equal(first_problem(DATA_OFF + 8), RPMSG_ELF_E_SEG_FILE);

#define EXPECT(patch, problem) do { build(elf64); patch; \
	assert_int_equal(first_problem(len), problem); } while (0)

	EXPECT(img[1] = 'X', RPMSG_ELF_E_MAGIC);
	EXPECT(img[4] = 3, RPMSG_ELF_E_CLASS);
	EXPECT(img[5] = 2, RPMSG_ELF_E_DATA);
	EXPECT(img[6] = 0, RPMSG_ELF_E_VERSION);
	EXPECT(put(16, 3, 2), RPMSG_ELF_E_TYPE);
	EXPECT(put(is64 ? 54 : 42, 20, 2), RPMSG_ELF_E_PHDRS);
	EXPECT(put(is64 ? 56 : 44, 0, 2), RPMSG_ELF_E_PHDRS);
	EXPECT(put(is64 ? 56 : 44, 200, 2), RPMSG_ELF_E_PHDRS);
	EXPECT(putw(is64 ? 32 : 28, (uint64_t)-8), RPMSG_ELF_E_PHDRS);
	/* offsets and sizes that wrap */
	EXPECT(set_ph(1, P_OFFSET, is64 ? (uint64_t)-16 : 0xFFFFFFF0u),
	       RPMSG_ELF_E_SEG_FILE);
	EXPECT((set_ph(1, P_FILESZ, is64 ? (uint64_t)-1 : 0xFFFFFFFFu),
		set_ph(1, P_MEMSZ, is64 ? (uint64_t)-1 : 0xFFFFFFFFu)),
	       RPMSG_ELF_E_SEG_FILE);
	EXPECT(set_ph(1, P_FILESZ, DATA_MEMSZ + 1), RPMSG_ELF_E_SEG_SIZE);
	EXPECT(set_ph(1, P_PADDR, is64 ? (uint64_t)-256 : 0xFFFFFF00u),
	       RPMSG_ELF_E_SEG_WRAPS);
	/* the last byte of the address space is fine, one more is not */
	EXPECT(set_ph(1, P_VADDR, is64 ? (uint64_t)-512 : 0xFFFFFE00u),
	       RPMSG_ELF_OK);
	EXPECT(set_ph(1, P_VADDR, is64 ? (uint64_t)-511 : 0xFFFFFE01u),
	       RPMSG_ELF_E_SEG_WRAPS);
	/* overlapping in memory, by one byte */
	EXPECT(set_ph(1, P_PADDR, TEXT_PA + TEXT_SZ - 1),
	       RPMSG_ELF_E_SEG_OVERLAP);
	EXPECT((set_ph(0, P_TYPE, 0), set_ph(1, P_TYPE, 4)),
	       RPMSG_ELF_E_NO_LOAD);
	EXPECT(putw(24, 0x30000000u), RPMSG_ELF_E_ENTRY);
	/* section headers */
	EXPECT(put(is64 ? 58 : 46, 10, 2), RPMSG_ELF_E_SHDRS);
	EXPECT(putw(is64 ? 40 : 32, (uint64_t)-4), RPMSG_ELF_E_SHDRS);
	EXPECT(put(is64 ? 60 : 48, 0, 2), RPMSG_ELF_E_SHDRS);
	EXPECT(put(is64 ? 62 : 50, 4, 2), RPMSG_ELF_E_SHSTRTAB);
	EXPECT(put(is64 ? 62 : 50, 0xFFFF, 2), RPMSG_ELF_E_SHSTRTAB);
	EXPECT(set_sh(3, S_OFFSET, is64 ? (uint64_t)-2 : 0xFFFFFFFEu),
	       RPMSG_ELF_E_SHSTRTAB);
	/* the table's section */
	EXPECT(set_sh(2, S_NAME, NAME_TEXT), RPMSG_ELF_E_NO_RSC);
	EXPECT(set_sh(2, S_NAME, 0xFFFFFFFFu), RPMSG_ELF_E_NO_RSC);
	/* the name's NUL is past the name table */
	EXPECT(set_sh(3, S_SIZE, NAME_RSC + 15), RPMSG_ELF_E_NO_RSC);
	EXPECT(putw(is64 ? 40 : 32, 0), RPMSG_ELF_E_NO_RSC);
	EXPECT(set_sh(2, S_TYPE, 8), RPMSG_ELF_E_RSC_FILE);
	EXPECT(set_sh(2, S_OFFSET, is64 ? (uint64_t)-8 : 0xFFFFFFF8u),
	       RPMSG_ELF_E_RSC_FILE);
	EXPECT(set_sh(2, S_SIZE, is64 ? (uint64_t)-1 : 0xFFFFFFFFu),
	       RPMSG_ELF_E_RSC_FILE);
	/* outside every PT_LOAD: the data segment's file bytes end before */
	EXPECT(set_ph(1, P_FILESZ, RSC_IN_DATA + 8),
	       RPMSG_ELF_E_RSC_NOT_LOADED);
	EXPECT(set_sh(2, S_OFFSET, 8), RPMSG_ELF_E_RSC_NOT_LOADED);
	/* the section says one address, its segment loads it elsewhere */
	EXPECT(set_sh(2, S_ADDR, DATA_PA + RSC_IN_DATA + 4),
	       RPMSG_ELF_E_RSC_ADDR);
	/* a table in RAM whose load image is in flash (copied at startup):
	 * p_vaddr is the RAM address, p_paddr the flash one */
	EXPECT(set_ph(1, P_PADDR, 0x08000000u), RPMSG_ELF_E_RSC_ADDR);
	EXPECT(put(DATA_OFF + RSC_IN_DATA, 2, 4), RPMSG_ELF_E_RSC_TABLE);
	build(elf64);
	put(DATA_OFF + RSC_IN_DATA, 2, 4);
	assert_int_equal(rpmsg_elf_open(&elf, img, len), 0);
	{
		struct rpmsg_elf_rsc rsc;

		assert_int_equal(rpmsg_elf_find_rsc(&elf, &rsc), -EINVAL);
		assert_int_equal(elf.rsc_problem, RPMSG_RSC_E_VERSION);
		assert_int_equal(elf.bad_index, 2);
	}
#undef EXPECT
}

static void test_hostile32(void **state)
{
	(void)state;
	hostile(0);
}

static void test_hostile64(void **state)
{
	(void)state;
	hostile(1);
}

/* Every single-byte change of the image is refused or loads inside the
 * host's map: never a crash, never a write the map did not give. */
static void test_every_byte(void **state)
{
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	size_t i;
	unsigned int v;

	(void)state;
	for (i = 0; i < SH_OFF + 4 * 40; i++) {
		for (v = 0; v < 256; v += 85) {
			build(0);
			img[i] ^= (uint8_t)(v | 1);
			if (rpmsg_elf_open(&elf, img, img_len))
				continue;
			(void)rpmsg_elf_find_rsc(&elf, &rsc);
			(void)rpmsg_elf_load(&elf, &ops, NULL);
		}
	}
}

static void test_map_refused(void **state)
{
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	uint8_t table[256];

	(void)state;
	build(0);
	set_ph(1, P_PADDR, DATA_PA + 0x300); /* memsz 512 past data_mem */
	set_sh(2, S_ADDR, DATA_PA + 0x300 + RSC_IN_DATA);
	assert_int_equal(rpmsg_elf_open(&elf, img, img_len), 0);
	assert_int_equal(rpmsg_elf_find_rsc(&elf, &rsc), 3);
	assert_int_equal(rpmsg_elf_load(&elf, &ops, NULL), -ERANGE);
	assert_int_equal(elf.problem, RPMSG_ELF_E_MAP);
	assert_int_equal(elf.bad_index, 1);

	/* a table the host broke is not written */
	build(0);
	assert_int_equal(rpmsg_elf_open(&elf, img, img_len), 0);
	assert_int_equal(rpmsg_elf_find_rsc(&elf, &rsc), 3);
	memcpy(table, rsc.table, (size_t)rsc.size);
	table[0] = 9;
	memset(data_mem, 0xEE, sizeof(data_mem));
	assert_int_equal(rpmsg_elf_write_rsc(&elf, &rsc, &ops, NULL, table,
					     (size_t)rsc.size), -EINVAL);
	assert_int_equal(elf.problem, RPMSG_ELF_E_RSC_TABLE);
	assert_int_equal(get32(data_mem + RSC_IN_DATA), 0xEEEEEEEEu);
	/* longer than the section */
	assert_int_equal(rpmsg_elf_write_rsc(&elf, &rsc, &ops, NULL, table,
					     (size_t)rsc.size + 1), -EINVAL);
	assert_int_equal(elf.problem, RPMSG_ELF_E_ARG);
}

static void test_misuse(void **state)
{
	struct rpmsg_elf_segment seg;
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	static const struct rpmsg_elf_ops no_map = { NULL };
	unsigned int p;

	(void)state;
	assert_int_equal(rpmsg_elf_open(NULL, img, 10), -EINVAL);
	assert_int_equal(rpmsg_elf_open(&elf, NULL, 10), -EINVAL);
	assert_int_equal(elf.problem, RPMSG_ELF_E_ARG);
	assert_int_equal(rpmsg_elf_find_rsc(NULL, &rsc), -EINVAL);
	assert_int_equal(rpmsg_elf_load(NULL, &ops, NULL), -EINVAL);
	assert_int_equal(rpmsg_elf_write_rsc(NULL, &rsc, &ops, NULL, img, 4),
			 -EINVAL);
	build(0);
	assert_int_equal(rpmsg_elf_open(&elf, img, img_len), 0);
	assert_int_equal(rpmsg_elf_find_rsc(&elf, NULL), -EINVAL);
	assert_int_equal(rpmsg_elf_load(&elf, NULL, NULL), -EINVAL);
	assert_int_equal(rpmsg_elf_load(&elf, &no_map, NULL), -EINVAL);
	assert_int_equal(rpmsg_elf_segment(&elf, 2, &seg), -EINVAL);
	assert_int_equal(rpmsg_elf_segment(&elf, 1, NULL), -EINVAL);
	assert_int_equal(rpmsg_elf_segment(&elf, 1, &seg), 0);
	assert_int_equal(seg.type, 1);
	assert_int_equal(seg.paddr, DATA_PA);
	assert_int_equal(seg.filesz, DATA_FILESZ);
	assert_int_equal(seg.memsz, DATA_MEMSZ);

	/* every problem has its own words */
	for (p = 0; p < RPMSG_ELF_E_COUNT; p++) {
		const char *s = rpmsg_elf_problem_str(
			(enum rpmsg_elf_problem)p);

		assert_non_null(s);
		assert_string_not_equal(s, "unknown problem");
		if (p)
			assert_string_not_equal(
				s, rpmsg_elf_problem_str(
					   (enum rpmsg_elf_problem)(p - 1)));
	}
	assert_string_equal(rpmsg_elf_problem_str(RPMSG_ELF_E_COUNT),
			    "unknown problem");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf32),
		cmocka_unit_test(test_elf64),
		cmocka_unit_test(test_hostile32),
		cmocka_unit_test(test_hostile64),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_map_refused),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
