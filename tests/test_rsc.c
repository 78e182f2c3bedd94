// SPDX-License-Identifier: BSD-3-Clause
/*
 * The resource table module (rpmsg_rsc.h): a table built with a vdev of
 * two vrings, a carveout and a trace is read back field by field; every
 * problem the reader knows is produced once and named; the builder
 * refuses what the reader would; a host's vring address lands in place.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_rsc.h>

static uint8_t buf[1024];
static int off_vdev, off_carve, off_trace;
static uint32_t used;

static void put32(size_t off, uint32_t v)
{
	buf[off] = (uint8_t)v;
	buf[off + 1] = (uint8_t)(v >> 8);
	buf[off + 2] = (uint8_t)(v >> 16);
	buf[off + 3] = (uint8_t)(v >> 24);
}

static uint32_t get32(size_t off)
{
	return buf[off] | (uint32_t)buf[off + 1] << 8 |
	       (uint32_t)buf[off + 2] << 16 | (uint32_t)buf[off + 3] << 24;
}

static const struct rpmsg_rsc_vring rings[2] = {
	{ 0x20000000u, 16, 16, 0, 0 },
	{ 0x20000400u, 16, 16, 1, 0 },
};

/* Three entries: the vdev (with 8 bytes of config space), a carveout,
 * a trace buffer. */
static void build(void)
{
	struct rpmsg_rsc_builder b;

	memset(buf, 0xA5, sizeof(buf));
	assert_int_equal(rpmsg_rsc_build_init(&b, buf, sizeof(buf), 3), 0);
	off_vdev = rpmsg_rsc_add_vdev(&b, 7, 2, 0x5, 8, 2, rings);
	off_carve = rpmsg_rsc_add_carveout(&b, 0x20010000u, 0x20010000u,
					   0x8000, 0, "buffers");
	off_trace = rpmsg_rsc_add_trace(&b, 0x20020000u, 1024,
					"a trace name of more than 32 bytes");
	assert_int_equal(off_vdev, RPMSG_RSC_OFFSET_AT(3));
	assert_int_equal(off_carve, off_vdev + RPMSG_RSC_VDEV_SIZE +
					    2 * RPMSG_RSC_VRING_SIZE + 8);
	assert_int_equal(off_trace, off_carve + RPMSG_RSC_MEM_SIZE);
	assert_int_equal(b.num, 3);
	used = b.used;
	assert_int_equal(used, off_trace + RPMSG_RSC_TRACE_SIZE);
}

static void test_round_trip(void **state)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;

	(void)state;
	build();
	assert_int_equal(get32(0), 1);
	assert_int_equal(get32(4), 3);
	assert_int_equal(get32(8) | get32(12), 0);
	assert_int_equal(rpmsg_rsc_iter_init(&it, buf, used), 0);
	assert_int_equal(it.num, 3);

	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 1);
	assert_int_equal(e.type, RPMSG_RSC_VDEV);
	assert_int_equal(e.offset, off_vdev);
	assert_int_equal(e.vdev.id, 7);
	assert_int_equal(e.vdev.notifyid, 2);
	assert_int_equal(e.vdev.dfeatures, 5);
	assert_int_equal(e.vdev.config_len, 8);
	assert_int_equal(e.vdev.config_offset,
			 off_vdev + RPMSG_RSC_VDEV_SIZE +
				 2 * RPMSG_RSC_VRING_SIZE);
	assert_int_equal(e.vdev.num_vrings, 2);
	assert_memory_equal(e.vdev.vring, rings, sizeof(rings));
	/* The config space is zeroed, not left as the buffer was. */
	assert_int_equal(get32(e.vdev.config_offset), 0);

	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 1);
	assert_int_equal(e.type, RPMSG_RSC_CARVEOUT);
	assert_int_equal(e.mem.da, 0x20010000u);
	assert_int_equal(e.mem.len, 0x8000);
	assert_string_equal(e.mem.name, "buffers");

	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 1);
	assert_int_equal(e.type, RPMSG_RSC_TRACE);
	assert_int_equal(e.trace.da, 0x20020000u);
	assert_int_equal(e.trace.len, 1024);
	assert_int_equal(strlen(e.trace.name), RPMSG_RSC_NAME_LEN);

	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 0);
	assert_int_equal(rpmsg_rsc_check(buf, used, NULL), 3);
	assert_int_equal(rpmsg_rsc_find_vdev(buf, used, 7, &e), 0);
	assert_int_equal(e.offset, off_vdev);
	assert_int_equal(rpmsg_rsc_find_vdev(buf, used, 3, &e), -ENODEV);
}

/* The structure layouts are the byte layout. */
static void test_struct_layout(void **state)
{
	struct rpmsg_rsc_vdev v;

	(void)state;
	build();
	memcpy(&v, buf + off_vdev, sizeof(v));
	assert_int_equal(v.type, RPMSG_RSC_VDEV);
	assert_int_equal(v.num_of_vrings, 2);
	assert_int_equal(v.vring[1].da, rings[1].da);
	assert_int_equal(v.vring[1].notifyid, 1);
}

static enum rpmsg_rsc_problem problem(size_t len)
{
	enum rpmsg_rsc_problem p = RPMSG_RSC_OK;
	int rc = rpmsg_rsc_check(buf, len, &p);

	assert_true(rc >= 0 ? p == RPMSG_RSC_OK : p != RPMSG_RSC_OK);
	return p;
}

static void test_header_problems(void **state)
{
	(void)state;
	build();
	assert_int_equal(problem(12), RPMSG_RSC_E_SHORT);
	assert_int_equal(rpmsg_rsc_check(NULL, 64, NULL), -EINVAL);
	put32(0, 2);
	assert_int_equal(problem(used), RPMSG_RSC_E_VERSION);
	build();
	put32(12, 1);
	assert_int_equal(problem(used), RPMSG_RSC_E_HDR_RESERVED);
	build();
	put32(4, 0x40000000u);
	assert_int_equal(problem(used), RPMSG_RSC_E_OFFSETS);
	build();
	put32(4, 0); /* no entries is a valid table */
	assert_int_equal(rpmsg_rsc_check(buf, used, NULL), 0);
}

static void test_entry_problems(void **state)
{
	(void)state;
	build();
	put32(RPMSG_RSC_OFFSET_AT(1), (uint32_t)off_carve + 2);
	assert_int_equal(problem(used), RPMSG_RSC_E_UNALIGNED);
	put32(RPMSG_RSC_OFFSET_AT(1), 8);
	assert_int_equal(problem(used), RPMSG_RSC_E_IN_HEADER);
	put32(RPMSG_RSC_OFFSET_AT(1), 0xFFFFFFFCu);
	assert_int_equal(problem(used), RPMSG_RSC_E_TRUNCATED);
	build();
	/* The trace entry cut by a table that ends inside it. */
	assert_int_equal(problem(used - 4), RPMSG_RSC_E_TRUNCATED);
	put32(off_carve + RPMSG_RSC_MEM_RESERVED, 1);
	assert_int_equal(problem(used), RPMSG_RSC_E_RESERVED);
	build();
	put32(off_carve + RPMSG_RSC_MEM_LEN, 0);
	assert_int_equal(problem(used), RPMSG_RSC_E_ZERO_SIZE);
	put32(off_carve + RPMSG_RSC_MEM_LEN, 0xF0000000u);
	assert_int_equal(problem(used), RPMSG_RSC_E_WRAPS);
	/* A carveout the host places has no end to check. */
	put32(off_carve + RPMSG_RSC_MEM_DA, RPMSG_RSC_ADDR_ANY);
	assert_int_equal(problem(used), RPMSG_RSC_OK);
	build();
	put32(off_trace + RPMSG_RSC_TRACE_LEN, 0);
	assert_int_equal(problem(used), RPMSG_RSC_E_ZERO_SIZE);
	put32(off_trace + RPMSG_RSC_TRACE_LEN, 16);
	put32(off_trace + RPMSG_RSC_TRACE_DA, RPMSG_RSC_ADDR_ANY);
	assert_int_equal(problem(used), RPMSG_RSC_E_WRAPS);
	build();
	put32(off_trace, 200); /* vendor type: skipped, not refused */
	assert_int_equal(problem(used), RPMSG_RSC_OK);
}

static void test_vdev_problems(void **state)
{
	size_t vr1;

	(void)state;
	build();
	vr1 = (size_t)off_vdev + RPMSG_RSC_VDEV_SIZE + RPMSG_RSC_VRING_SIZE;
	buf[off_vdev + RPMSG_RSC_VDEV_RESERVED + 1] = 1;
	assert_int_equal(problem(used), RPMSG_RSC_E_RESERVED);
	build();
	buf[off_vdev + RPMSG_RSC_VDEV_NUM_VRINGS] = 3;
	assert_int_equal(problem(used), RPMSG_RSC_E_VRINGS);
	build();
	put32(off_vdev + RPMSG_RSC_VDEV_CONFIG_LEN, 0xFFFFFFF0u);
	assert_int_equal(problem(used), RPMSG_RSC_E_CONFIG);
	build();
	/* The vrings themselves past the end of a table cut short. */
	assert_int_equal(problem((size_t)off_vdev + RPMSG_RSC_VDEV_SIZE + 4),
			 RPMSG_RSC_E_TRUNCATED);
	put32(vr1 + RPMSG_RSC_VRING_NUM, 0);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_NUM);
	put32(vr1 + RPMSG_RSC_VRING_NUM, 24);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_NUM);
	put32(vr1 + RPMSG_RSC_VRING_NUM, 65536);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_NUM);
	build();
	put32(vr1 + RPMSG_RSC_VRING_ALIGN, 0);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_ALIGN);
	put32(vr1 + RPMSG_RSC_VRING_ALIGN, 48);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_ALIGN);
	put32(vr1 + RPMSG_RSC_VRING_ALIGN, 1u << 17);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_ALIGN);
	build();
	put32(vr1 + RPMSG_RSC_VRING_DA, rings[1].da + 8);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_DA);
	put32(vr1 + RPMSG_RSC_VRING_DA, rings[0].da + 0x100);
	assert_int_equal(problem(used), RPMSG_RSC_E_VRING_OVERLAP);
	put32(vr1 + RPMSG_RSC_VRING_DA, RPMSG_RSC_ADDR_ANY);
	assert_int_equal(problem(used), RPMSG_RSC_OK);
}

/* A walk goes on past a bad entry, so all problems can be told. */
static void test_walk_continues(void **state)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;

	(void)state;
	build();
	put32(off_vdev + RPMSG_RSC_VDEV_SIZE + RPMSG_RSC_VRING_NUM, 3);
	put32(off_carve + RPMSG_RSC_MEM_LEN, 0);
	assert_int_equal(rpmsg_rsc_iter_init(&it, buf, used), 0);
	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), -EINVAL);
	assert_int_equal(it.problem, RPMSG_RSC_E_VRING_NUM);
	assert_int_equal(e.type, RPMSG_RSC_VDEV);
	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), -EINVAL);
	assert_int_equal(it.problem, RPMSG_RSC_E_ZERO_SIZE);
	assert_int_equal(e.offset, off_carve);
	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 1);
	assert_int_equal(e.type, RPMSG_RSC_TRACE);
	assert_int_equal(rpmsg_rsc_iter_next(&it, &e), 0);
	/* find_vdev refuses a table with any bad entry. */
	assert_int_equal(rpmsg_rsc_find_vdev(buf, used, 7, &e), -EINVAL);
}

static void test_builder_refuses(void **state)
{
	struct rpmsg_rsc_vring bad[2];
	struct rpmsg_rsc_builder b;
	uint8_t small[40];

	(void)state;
	assert_int_equal(rpmsg_rsc_build_init(&b, small, sizeof(small), 7),
			 -EINVAL); /* no room for 7 offsets */
	assert_int_equal(rpmsg_rsc_build_init(&b, small, sizeof(small), 0),
			 -EINVAL);
	assert_int_equal(rpmsg_rsc_build_init(NULL, small, 40, 1), -EINVAL);
	assert_int_equal(rpmsg_rsc_build_init(&b, small, sizeof(small), 1),
			 0);
	assert_int_equal(rpmsg_rsc_add_vdev(&b, 7, 0, 0, 0, 2, rings),
			 -ENOSPC);
	assert_int_equal(rpmsg_rsc_add_trace(&b, 0, 16, NULL), -ENOSPC);

	assert_int_equal(rpmsg_rsc_build_init(&b, buf, sizeof(buf), 2), 0);
	memcpy(bad, rings, sizeof(bad));
	bad[1].num = 12;
	assert_int_equal(rpmsg_rsc_add_vdev(&b, 7, 0, 0, 0, 2, bad), -EINVAL);
	bad[1] = rings[0]; /* both rings in one place */
	assert_int_equal(rpmsg_rsc_add_vdev(&b, 7, 0, 0, 0, 2, bad), -EINVAL);
	assert_int_equal(rpmsg_rsc_add_vdev(&b, 7, 0, 0, 0, 3, rings),
			 -EINVAL);
	assert_int_equal(rpmsg_rsc_add_carveout(&b, 0, 0, 0, 0, "x"),
			 -EINVAL);
	assert_int_equal(rpmsg_rsc_add_trace(&b, 0xFFFFFF00u, 0x200, "x"),
			 -EINVAL);
	/* Nothing refused stayed in the table. */
	assert_int_equal(b.num, 0);
	assert_int_equal(get32(4), 0);
	assert_int_equal(b.used, RPMSG_RSC_OFFSET_AT(2));
	assert_int_equal(rpmsg_rsc_add_devmem(&b, 0x40000000u, 0x40000000u,
					      0x1000, 0, "mhu"),
			 RPMSG_RSC_OFFSET_AT(2));
	assert_int_equal(rpmsg_rsc_check(buf, b.used, NULL), 1);
}

static void test_set_vring(void **state)
{
	struct rpmsg_rsc_entry e;

	(void)state;
	build();
	assert_int_equal(rpmsg_rsc_set_vring(buf, used, (uint32_t)off_vdev, 1,
					     0x30000000u, 0x60000000u),
			 0);
	assert_int_equal(rpmsg_rsc_find_vdev(buf, used, 7, &e), 0);
	assert_int_equal(e.vdev.vring[1].da, 0x30000000u);
	assert_int_equal(e.vdev.vring[1].pa, 0x60000000u);
	assert_int_equal(e.vdev.vring[0].da, rings[0].da);
	assert_int_equal(rpmsg_rsc_set_vring(buf, used, (uint32_t)off_vdev, 2,
					     0x30000000u, 0),
			 -EINVAL);
	assert_int_equal(rpmsg_rsc_set_vring(buf, used, (uint32_t)off_vdev, 0,
					     0x30000008u, 0),
			 -EINVAL);
	assert_int_equal(rpmsg_rsc_set_vring(buf, 40, (uint32_t)off_vdev, 0,
					     0x30000000u, 0),
			 -EINVAL);
}

static void test_problem_str(void **state)
{
	int p;

	(void)state;
	for (p = 0; p < RPMSG_RSC_E_COUNT; p++) {
		const char *str = rpmsg_rsc_problem_str(p);

		assert_non_null(str);
		assert_true(strlen(str) > 1);
		assert_string_not_equal(str, "unknown problem");
	}
	assert_string_equal(rpmsg_rsc_problem_str(RPMSG_RSC_E_COUNT),
			    "unknown problem");
	assert_int_equal(rpmsg_rsc_vring_bytes(16, 16), 438);
	assert_int_equal(rpmsg_rsc_vring_bytes(256, 4096), 8192 + 6 + 2048);
	assert_int_equal(rpmsg_rsc_vring_bytes(3, 16), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_struct_layout),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_entry_problems),
		cmocka_unit_test(test_vdev_problems),
		cmocka_unit_test(test_walk_continues),
		cmocka_unit_test(test_builder_refuses),
		cmocka_unit_test(test_set_vring),
		cmocka_unit_test(test_problem_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
