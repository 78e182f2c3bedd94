// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the resource-table reader (src/rsc/rsc_read.c:
 * rpmsg_rsc_iter_init, rpmsg_rsc_iter_next, rpmsg_rsc_check,
 * rpmsg_rsc_find_vdev, rpmsg_rsc_vring_bytes, rpmsg_rsc_set_vring) and the
 * shared-memory transport's use of it (src/transport/shm_rsc.c:
 * rpmsg_shm_parse_rsc_table).
 *
 * The table is an object of exactly TABLE_LEN bytes (one run per length
 * in .ci/prove.sh), volatile: every read may return any value, whatever
 * was read before. Each function is called with the whole length, so an
 * access outside the table is an access outside the object, which Eva
 * reports; and once more with any shorter length.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_rsc.h>
#include <rpmsg/rpmsg_shm.h>

#ifndef TABLE_LEN
#define TABLE_LEN 64u
#endif

static volatile uint8_t table[TABLE_LEN];

static uint32_t any32(void)
{
	return Frama_C_unsigned_int_interval(0, 0xffffffffu);
}

static void walk(size_t len)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;
	int rc;

	if (rpmsg_rsc_iter_init(&it, (const void *)table, len))
		return;
	/* A bounded walk (rpmsg_rsc_check proves the unbounded one ends). */
	for (unsigned int k = 0; k < 4; k++) {
		rc = rpmsg_rsc_iter_next(&it, &e);
		//@ assert rc_range: -EINVAL <= rc <= 1;
		if (rc <= 0)
			break;
		if (e.type == RPMSG_RSC_VDEV) {
			//@ assert vrings: e.vdev.num_vrings <= RPMSG_RSC_MAX_VRINGS;
			(void)rpmsg_rsc_vring_bytes(e.vdev.vring[0].num,
						    e.vdev.vring[0].align);
		}
	}
}

int main(void)
{
	enum rpmsg_rsc_problem pr;
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_rsc_entry e;
	size_t len;
	int rc;

	/* The whole table, or any shorter length (two runs of the calls). */
	if (Frama_C_nondet(0, 1))
		len = TABLE_LEN;
	else
		len = Frama_C_unsigned_int_interval(0, TABLE_LEN);

	(void)rpmsg_rsc_check((const void *)table, len, &pr);
	rc = rpmsg_rsc_find_vdev((const void *)table, len, any32(), &e);
	//@ assert find_rc: rc == 0 || rc == -EINVAL || rc == -ENODEV;
	if (len == TABLE_LEN)
		(void)rpmsg_shm_parse_rsc_table((const void *)table, len,
						any32(), &info);
	walk(len);
	(void)rpmsg_rsc_vring_bytes(any32(), any32());
	(void)rpmsg_rsc_set_vring((void *)table, len, any32(),
				  Frama_C_unsigned_int_interval(0, 8), any32(),
				  any32());
	return 0;
}
