// SPDX-License-Identifier: BSD-3-Clause
/*
 * The core built without the channel and driver model
 * (RPMSG_CFG_CHANNELS=0) and with debug assertions on; tests/CMakeLists.txt
 * builds the core, the fixture and this file with those definitions.
 *
 * Checked: the channel and driver entry points return -ENOTSUP (find:
 * NULL); rpmsg_ns_announce() checks its arguments and refuses before the
 * name service is up and after a reset; an endpoint announced by hand
 * reaches the peer's rpmsg_ns_set_cb() callback with its name, address and
 * flags, messages flow both ways to it, its destruction is announced, and
 * a malformed announcement is counted as bad without reaching the
 * callback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#include "pair.h"

#if RPMSG_CFG_CHANNELS || !RPMSG_CFG_NS || !RPMSG_CFG_ASSERT
#error "build with RPMSG_CFG_CHANNELS=0, the name service and assertions on"
#endif

#define F_NS (1ull << RPMSG_VIRTIO_RPMSG_F_NS)
#define F_V1 (1ull << RPMSG_VIRTIO_F_VERSION_1)
#define SVC "rpmsg-client-sample"
#define SVC_ADDR 0x400u
#define HOST_ADDR 0x401u

static struct pair P;
static struct rpmsg_noos noos[2];
static unsigned int bells[2];

static int init(uint64_t features)
{
	return pair_init_pumped(&P, noos, bells, 16, features);
}

/* What the host's name-service callback saw. */
struct ns_seen {
	unsigned int calls;
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;
	struct rpmsg_device *dev;
};

static void ns_cb(struct rpmsg_device *dev, const char *name, uint32_t addr,
		  uint32_t flags, void *priv)
{
	struct ns_seen *s = priv;

	s->calls++;
	s->dev = dev;
	strncpy(s->name, name, sizeof(s->name) - 1);
	s->addr = addr;
	s->flags = flags;
}

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_trysendto(ept, data, len, src);
}

static void test_channel_api_off(void **state)
{
	static const struct rpmsg_device_id ids[] = { { SVC }, { "" } };
	static const struct rpmsg_driver drv = { .name = "x", .id_table = ids };
	struct rpmsg_channel_info info;
	struct rpmsg_channel *ch = NULL;
	char longname[RPMSG_NAME_SIZE + 1];

	(void)state;
	assert_int_equal(init(F_V1 | F_NS), 0);
	assert_int_equal(rpmsg_register_driver(&P.remote.bus, &drv), -ENOTSUP);
	assert_int_equal(rpmsg_unregister_driver(&P.remote.bus, &drv),
			 -ENOTSUP);
	assert_int_equal(rpmsg_create_channel(&P.remote.bus, SVC, SVC_ADDR,
					      RPMSG_ADDR_ANY, &ch), -ENOTSUP);
	assert_null(ch);
	assert_int_equal(rpmsg_destroy_channel(ch), -ENOTSUP);
	assert_null(rpmsg_find_channel(&P.remote.bus, SVC, RPMSG_ADDR_ANY));
	assert_int_equal(rpmsg_list_channels(&P.remote.bus, &info, 1),
			 -ENOTSUP);
	/* Still a pure function. */
	assert_true(rpmsg_id_match(ids, SVC));

	assert_int_equal(rpmsg_ns_set_cb(NULL, ns_cb, NULL), -EINVAL);
	/* Arguments, then the state: nothing is started yet. */
	memset(longname, 'a', RPMSG_NAME_SIZE);
	longname[RPMSG_NAME_SIZE] = '\0';
	assert_int_equal(rpmsg_ns_announce(NULL, SVC, SVC_ADDR,
					   RPMSG_NS_CREATE), -EINVAL);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, NULL, SVC_ADDR,
					   RPMSG_NS_CREATE), -EINVAL);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, "", SVC_ADDR,
					   RPMSG_NS_CREATE), -EINVAL);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, longname, SVC_ADDR,
					   RPMSG_NS_CREATE), -EINVAL);
	longname[RPMSG_NAME_SIZE - 1] = '\0'; /* 31 characters: fine */
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, longname, SVC_ADDR,
					   RPMSG_NS_CREATE), -ENOTCONN);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, RPMSG_ADDR_ANY,
					   RPMSG_NS_CREATE), -EINVAL);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR, 2),
			 -EINVAL);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR,
					   RPMSG_NS_CREATE), -ENOTCONN);
}

static void test_announce_echo_destroy(void **state)
{
	struct rpmsg_endpoint echo;
	struct pair_counter hc;
	struct ns_seen seen;
	struct rpmsg_stats st;
	uint8_t junk[39];
	uint32_t seq;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	memset(junk, 'x', sizeof(junk));
	assert_int_equal(init(F_V1 | F_NS), 0);
	assert_int_equal(rpmsg_ns_set_cb(&P.host.bus, ns_cb, &seen), 0);
	assert_int_equal(rpmsg_create_ept(&echo, &P.remote.bus, SVC, SVC_ADDR,
					  RPMSG_ADDR_ANY, echo_cb, NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	/* Nothing is announced by itself. */
	assert_int_equal(seen.calls, 0);

	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR,
					   RPMSG_NS_CREATE), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(seen.calls, 1);
	assert_ptr_equal(seen.dev, &P.host.bus);
	assert_string_equal(seen.name, SVC);
	assert_int_equal(seen.addr, SVC_ADDR);
	assert_int_equal(seen.flags, RPMSG_NS_CREATE);

	/* Host to the announced address and back. */
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   seen.addr), 0);
	for (seq = 0; seq < 50; seq++) {
		assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
		assert_true(pair_pump(&P, bells) >= 0);
	}
	assert_int_equal(hc.count, 50);
	assert_int_equal(hc.bad, 0);

	/* A malformed announcement: counted, not passed on. */
	assert_int_equal(rpmsg_trysend_offchannel(&echo, SVC_ADDR,
						  RPMSG_NS_ADDR, junk,
						  sizeof(junk)), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(rpmsg_get_stats(&P.host.bus, &st), 0);
	assert_int_equal(st.bad, 1);
	assert_int_equal(seen.calls, 1);

	/* The service goes away. */
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR,
					   RPMSG_NS_DESTROY), 0);
	assert_int_equal(rpmsg_destroy_ept(&echo), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(seen.calls, 2);
	assert_string_equal(seen.name, SVC);
	assert_int_equal(seen.addr, SVC_ADDR);
	assert_int_equal(seen.flags, RPMSG_NS_DESTROY);
	assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(rpmsg_get_stats(&P.remote.bus, &st), 0);
	assert_int_equal(st.dropped, 1);
	assert_int_equal(hc.count, 50);

	/* Without a callback, announcements are ignored. */
	assert_int_equal(rpmsg_ns_set_cb(&P.host.bus, NULL, NULL), 0);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, "other", 0x402,
					   RPMSG_NS_CREATE), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(seen.calls, 2);

	/* A stopped device announces nothing. */
	rpmsg_virtio_stop(&P.remote);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR,
					   RPMSG_NS_CREATE), -ENOTCONN);
	rpmsg_virtio_stop(&P.host);
	pair_counter_destroy(&hc);
}

static void test_no_name_service(void **state)
{
	struct rpmsg_endpoint echo;

	(void)state;
	assert_int_equal(init(F_V1), 0);
	assert_int_equal(rpmsg_create_ept(&echo, &P.remote.bus, SVC, SVC_ADDR,
					  RPMSG_ADDR_ANY, echo_cb, NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(rpmsg_ns_announce(&P.remote.bus, SVC, SVC_ADDR,
					   RPMSG_NS_CREATE), -ENOTCONN);
	rpmsg_virtio_stop(&P.remote);
	rpmsg_virtio_stop(&P.host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channel_api_off),
		cmocka_unit_test(test_announce_echo_destroy),
		cmocka_unit_test(test_no_name_service),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
