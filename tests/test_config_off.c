// SPDX-License-Identifier: BSD-3-Clause
/*
 * The core built with its optional features compiled out
 * (RPMSG_CFG_NS=0, RPMSG_CFG_ZERO_COPY=0, RPMSG_CFG_EVENT_IDX=0) and debug
 * assertions on (RPMSG_CFG_ASSERT=1); tests/CMakeLists.txt builds the core,
 * the fixture and this file with those definitions.
 *
 * Checked: the feature bits leave RPMSG_VIRTIO_SUPPORTED_FEATURES and asking
 * for them fails with -ENOTSUP; the zero-copy entry points return -ENOTSUP;
 * without them a host and a remote still exchange messages both ways at
 * known addresses, and a channel with a fixed address is not announced.
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

#if RPMSG_CFG_NS || RPMSG_CFG_ZERO_COPY || RPMSG_CFG_EVENT_IDX ||          \
	!RPMSG_CFG_ASSERT
#error "build with the features off and assertions on"
#endif

#define F_NS (1ull << RPMSG_VIRTIO_RPMSG_F_NS)
#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define F_V1 (1ull << RPMSG_VIRTIO_F_VERSION_1)
#define HOST_ADDR 0x401u
#define REMOTE_ADDR 0x400u

static struct pair P;
static struct rpmsg_noos noos[2];
static unsigned int bells[2];
static struct pair_counter hc, rc_; /* host's and remote's counters */

static int init(uint64_t features)
{
	return pair_init_pumped(&P, noos, bells, 16, features);
}

static void test_features_refused(void **state)
{
	(void)state;
	assert_int_equal(RPMSG_VIRTIO_SUPPORTED_FEATURES, F_V1);
	assert_int_equal(init(F_NS), -ENOTSUP);
	assert_int_equal(init(F_EVENT_IDX), -ENOTSUP);
	assert_int_equal(init(RPMSG_VIRTIO_SUPPORTED_FEATURES), 0);
}

static int drop_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	return 0;
}

static const struct rpmsg_device_id ids[] = { { "svc" }, { "" } };
static const struct rpmsg_driver drv = {
	.name = "svc",
	.id_table = ids,
	.callback = drop_cb,
};

static void test_link_without_features(void **state)
{
	const uint64_t features[] = { 0, F_V1 };
	struct rpmsg_stats st;
	struct rpmsg_channel *ch;
	void *payload = NULL;
	uint32_t size = 0, seq;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		assert_int_equal(init(features[i]), 0);
		assert_int_equal(pair_counter_init(&hc, &P.host.bus,
						   HOST_ADDR, REMOTE_ADDR), 0);
		assert_int_equal(pair_counter_init(&rc_, &P.remote.bus,
						   REMOTE_ADDR, HOST_ADDR), 0);
		assert_int_equal(rpmsg_register_driver(&P.remote.bus, &drv),
				 0);
		assert_int_equal(rpmsg_create_channel(&P.remote.bus, "svc",
						      0x500, RPMSG_ADDR_ANY,
						      &ch), 0);
		assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
		assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
		assert_true(pair_pump(&P, bells) >= 0);
		assert_int_equal(rpmsg_virtio_features(&P.host), features[i]);

		for (seq = 0; seq < 100; seq++) {
			assert_int_equal(rpmsg_trysend(&hc.ept, &seq,
						       sizeof(seq)), 0);
			assert_int_equal(rpmsg_trysend(&rc_.ept, &seq,
						       sizeof(seq)), 0);
			assert_true(pair_pump(&P, bells) >= 0);
		}
		assert_int_equal(hc.count, 100);
		assert_int_equal(rc_.count, 100);
		assert_int_equal(hc.bad + rc_.bad, 0);
		/* No announcement reached the host. */
		assert_int_equal(rpmsg_get_stats(&P.host.bus, &st), 0);
		assert_int_equal(st.dropped, 0);
		assert_null(rpmsg_find_channel(&P.host.bus, "svc",
					       RPMSG_ADDR_ANY));

		/* Zero copy is compiled out. */
		assert_int_equal(rpmsg_get_tx_buffer(&hc.ept, &payload, &size,
						     0), -ENOTSUP);
		assert_int_equal(rpmsg_send_nocopy(&hc.ept, &seq, 4),
				 -ENOTSUP);
		assert_int_equal(rpmsg_sendto_nocopy(&hc.ept, &seq, 4,
						     REMOTE_ADDR), -ENOTSUP);
		assert_int_equal(rpmsg_release_tx_buffer(&hc.ept, &seq),
				 -ENOTSUP);
		assert_int_equal(rpmsg_hold_rx_buffer(&hc.ept, &seq),
				 -ENOTSUP);
		assert_int_equal(rpmsg_release_rx_buffer(&hc.ept, &seq),
				 -ENOTSUP);

		rpmsg_virtio_stop(&P.host);
		rpmsg_virtio_stop(&P.remote);
		pair_counter_destroy(&hc);
		pair_counter_destroy(&rc_);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features_refused),
		cmocka_unit_test(test_link_without_features),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
