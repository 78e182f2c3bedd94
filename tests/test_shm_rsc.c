// SPDX-License-Identifier: BSD-3-Clause
/*
 * Resource table parser of the shared-memory transport: a good table is
 * accepted, hostile ones are rejected with the right error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_shm.h>

#define REGION (256u * 1024u)
#define VDEV_OFF 20u

static uint8_t table[4096];

static void put32(size_t off, uint32_t v)
{
	memcpy(table + off, &v, sizeof(v));
}

static size_t vring_off(unsigned int i)
{
	return VDEV_OFF + RPMSG_RSC_VDEV_SIZE + i * RPMSG_RSC_VRING_SIZE;
}

/* A table like the one the transport's remote writes. */
static void good_table(void)
{
	unsigned int i;

	memset(table, 0, sizeof(table));
	put32(0, 1);
	put32(4, 1);
	put32(16, VDEV_OFF);
	put32(VDEV_OFF, RPMSG_RSC_VDEV);
	put32(VDEV_OFF + RPMSG_RSC_VDEV_ID, 7);
	put32(VDEV_OFF + RPMSG_RSC_VDEV_DFEATURES, 1u | (1u << 29));
	table[VDEV_OFF + RPMSG_RSC_VDEV_NUM_VRINGS] = 2;
	for (i = 0; i < 2; i++) {
		put32(vring_off(i), 0x2000u + i * 0x4000u);
		put32(vring_off(i) + 4, 4096);
		put32(vring_off(i) + 8, 256);
		put32(vring_off(i) + 12, i + 1);
	}
}

static int parse(size_t len)
{
	struct rpmsg_shm_vdev_info info;

	return rpmsg_shm_parse_rsc_table(table, len, REGION, &info);
}

static void test_good(void **state)
{
	struct rpmsg_shm_vdev_info info;

	(void)state;
	good_table();
	assert_int_equal(rpmsg_shm_parse_rsc_table(table, sizeof(table),
						   REGION, &info),
			 0);
	assert_int_equal(info.vdev_offset, VDEV_OFF);
	assert_int_equal(info.vring_num, 256);
	assert_int_equal(info.vring_align, 4096);
	assert_int_equal(info.vring_da[0], 0x2000);
	assert_int_equal(info.vring_da[1], 0x6000);
	assert_int_equal(info.dfeatures, 1u | (1u << 29));
}

static void test_bad_header(void **state)
{
	(void)state;
	good_table();
	assert_int_equal(parse(8), -EINVAL); /* shorter than a header */
	put32(0, 2);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* version */
	good_table();
	put32(4, 0);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* no entries */
	put32(4, 0xFFFFFFFFu);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* num huge */
	assert_int_equal(rpmsg_shm_parse_rsc_table(NULL, 4096, REGION, NULL),
			 -EINVAL);
}

static void test_bad_offsets(void **state)
{
	(void)state;
	good_table();
	put32(16, 0x7FFFFFF0u);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* beyond table */
	put32(16, 0xFFFFFFFCu);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* wraps */
	put32(16, 4);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* inside header */
	put32(16, VDEV_OFF + 1);
	assert_int_equal(parse(sizeof(table)), -EINVAL); /* unaligned */
	put32(16, VDEV_OFF);
	/* The entry runs past the end of a short table. */
	assert_int_equal(parse(VDEV_OFF + RPMSG_RSC_VDEV_SIZE + 8), -EINVAL);
	/* config_len pushes it past the end. */
	put32(VDEV_OFF + RPMSG_RSC_VDEV_CONFIG_LEN, 0xFFFFFFF0u);
	assert_int_equal(parse(sizeof(table)), -EINVAL);
}

static void test_no_vdev(void **state)
{
	(void)state;
	good_table();
	put32(VDEV_OFF, RPMSG_RSC_CARVEOUT);
	assert_int_equal(parse(sizeof(table)), -ENODEV);
	good_table();
	put32(VDEV_OFF + RPMSG_RSC_VDEV_ID, 3); /* virtio-console */
	assert_int_equal(parse(sizeof(table)), -ENODEV);
}

static void test_bad_vrings(void **state)
{
	(void)state;
	good_table();
	table[VDEV_OFF + RPMSG_RSC_VDEV_NUM_VRINGS] = 1;
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	table[VDEV_OFF + RPMSG_RSC_VDEV_NUM_VRINGS] = 255;
	assert_int_equal(parse(sizeof(table)), -EINVAL);

	good_table();
	put32(vring_off(0) + 8, 0x40000000u); /* num huge */
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	put32(vring_off(0) + 8, 100); /* not a power of two */
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	put32(vring_off(0) + 8, 0);
	assert_int_equal(parse(sizeof(table)), -EINVAL);

	good_table();
	put32(vring_off(1) + 4, 3000); /* align not a power of two */
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	put32(vring_off(1) + 4, 0x80000000u);
	assert_int_equal(parse(sizeof(table)), -EINVAL);

	good_table();
	put32(vring_off(1), REGION - 0x1000u); /* ring runs off the end */
	assert_int_equal(parse(sizeof(table)), -ERANGE);
	put32(vring_off(1), 0xFFFFF000u); /* da far outside */
	assert_int_equal(parse(sizeof(table)), -ERANGE);
	put32(vring_off(1), 0x2008u); /* unaligned */
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	put32(vring_off(1), 0x3000u); /* overlaps vring 0 */
	assert_int_equal(parse(sizeof(table)), -EINVAL);
	put32(vring_off(1), RPMSG_RSC_ADDR_ANY);
	assert_int_equal(parse(sizeof(table)), -EOPNOTSUPP);

	good_table();
	put32(vring_off(1) + 8, 128); /* rings of different sizes */
	assert_int_equal(parse(sizeof(table)), -EOPNOTSUPP);
}

static void test_two_vdevs(void **state)
{
	(void)state;
	good_table();
	put32(4, 2);
	/* The offset array grew, so the first entry now starts inside it. */
	put32(16, VDEV_OFF);
	put32(20, VDEV_OFF);
	assert_int_equal(parse(sizeof(table)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_no_vdev),
		cmocka_unit_test(test_bad_vrings),
		cmocka_unit_test(test_two_vdevs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
