// SPDX-License-Identifier: BSD-3-Clause
/*
 * The core built for one context per device (RPMSG_CFG_CONCURRENT=0) with
 * debug assertions on; tests/CMakeLists.txt builds the core, the fixture
 * and this file with those definitions. Both devices run in this one
 * thread, the doorbells pumped by hand (tests/pair.c).
 *
 * Checked: an OS port of a wait and a clock is enough (and both are
 * required); the polled no-OS port's lock hooks are never called, whatever
 * the traffic; messages flow both ways in order; a send with no buffer
 * left waits through the port's wait, its idle hook letting the host give
 * buffers back, and times out by the port's clock when none comes; an
 * endpoint destroys itself from its own callback; an rx buffer is held
 * only from the callback of its message and released once.
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

#if RPMSG_CFG_CONCURRENT || !RPMSG_CFG_ASSERT || !RPMSG_CFG_ZERO_COPY
#error "build with RPMSG_CFG_CONCURRENT=0, zero-copy and assertions on"
#endif

#define F_V1 (1ull << RPMSG_VIRTIO_F_VERSION_1)
#define REMOTE_ADDR 0x400u
#define HOST_ADDR 0x401u

static struct pair P;
static struct rpmsg_noos noos[2];
static unsigned int bells[2];
static unsigned int lock_calls;
static uint64_t fake_ns;

static void count_lock(void *arg)
{
	(void)arg;
	lock_calls++;
}

/* The remote's idle hook: the host runs, taking messages and giving the
 * buffers back. */
static void idle_pump(void *arg)
{
	(void)arg;
	assert_true(pair_pump(&P, bells) >= 0);
}

/* The remote's idle hook when the host never answers: time passes. */
static void idle_tick(void *arg)
{
	(void)arg;
	fake_ns += 1000000u;
}

static uint64_t fake_clock(void *arg)
{
	(void)arg;
	return fake_ns;
}

static int start(unsigned int num_bufs)
{
	int rc = pair_init_pumped(&P, noos, bells, num_bufs, F_V1);

	if (!rc)
		rc = rpmsg_virtio_start(&P.host, 0);
	if (!rc)
		rc = rpmsg_virtio_start(&P.remote, 0);
	if (!rc && pair_pump(&P, bells) < 0)
		rc = -EIO;
	return rc;
}

static void stop(void)
{
	rpmsg_virtio_stop(&P.remote);
	rpmsg_virtio_stop(&P.host);
}

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_trysendto(ept, data, len, src);
}

static void test_port_of_wait_and_clock(void **state)
{
	struct rpmsg_os_ops os;
	struct pair_side sd[2];
	int s;

	(void)state;
	/* The polled port compiled for one context: no lock, no wake. */
	assert_null(rpmsg_noos_ops.lock);
	assert_null(rpmsg_noos_ops.unlock);
	assert_null(rpmsg_noos_ops.wake);
	assert_null(rpmsg_noos_ops.thread_id);

	memset(&os, 0, sizeof(os));
	for (s = 0; s < 2; s++) {
		memset(&noos[s], 0, sizeof(noos[s]));
		noos[s].now_ns = fake_clock;
		sd[s] = (struct pair_side){ .os = &os, .os_ctx = &noos[s],
					    .doorbell = pair_bell_ring,
					    .arg = &bells[s] };
	}
	os.now_ns = rpmsg_noos_ops.now_ns;
	assert_int_equal(pair_init(&P, 4, F_V1, &sd[0], &sd[1]), -EINVAL);
	os.now_ns = NULL;
	os.wait = rpmsg_noos_ops.wait;
	assert_int_equal(pair_init(&P, 4, F_V1, &sd[0], &sd[1]), -EINVAL);
	os.now_ns = rpmsg_noos_ops.now_ns;
	assert_int_equal(pair_init(&P, 4, F_V1, &sd[0], &sd[1]), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
	stop();
}

static void test_traffic_without_locks(void **state)
{
	struct rpmsg_endpoint echo;
	struct pair_counter hc;
	uint32_t seq;
	int s;

	(void)state;
	lock_calls = 0;
	assert_int_equal(pair_init_pumped(&P, noos, bells, 8, F_V1), 0);
	for (s = 0; s < 2; s++) {
		noos[s].lock = count_lock;
		noos[s].unlock = count_lock;
	}
	assert_int_equal(rpmsg_create_ept(&echo, &P.remote.bus, "echo",
					  REMOTE_ADDR, RPMSG_ADDR_ANY, echo_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   REMOTE_ADDR), 0);
	for (seq = 0; seq < 100; seq++) {
		assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
		assert_true(pair_pump(&P, bells) >= 0);
	}
	assert_int_equal(hc.count, 100);
	assert_int_equal(hc.bad, 0);
	assert_int_equal(lock_calls, 0);
	assert_int_equal(rpmsg_destroy_ept(&echo), 0);
	stop();
	pair_counter_destroy(&hc);
}

static void test_blocking_send_in_one_context(void **state)
{
	struct rpmsg_endpoint ept;
	struct pair_counter hc;
	uint32_t seq;

	(void)state;
	/* 4 buffers: the host posts 2 for the remote to send in. */
	assert_int_equal(start(4), 0);
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   REMOTE_ADDR), 0);
	assert_int_equal(rpmsg_create_ept(&ept, &P.remote.bus, "sender",
					  REMOTE_ADDR, HOST_ADDR, echo_cb,
					  NULL), 0);
	for (seq = 0; seq < 2; seq++)
		assert_int_equal(rpmsg_trysend(&ept, &seq, sizeof(seq)), 0);
	assert_int_equal(rpmsg_trysend(&ept, &seq, sizeof(seq)), -ENOMEM);

	/* Nobody answers: the wait ends on the clock. */
	fake_ns = 0;
	noos[1].now_ns = fake_clock;
	noos[1].idle = idle_tick;
	assert_int_equal(rpmsg_send_offchannel_timeout(&ept, REMOTE_ADDR,
						       HOST_ADDR, &seq,
						       sizeof(seq), 5),
			 -ETIMEDOUT);
	assert_true(fake_ns >= 5000000u);
	assert_int_equal(hc.count, 0);

	/* The host runs while the remote waits: every send gets through. */
	noos[1].idle = idle_pump;
	for (; seq < 40; seq++)
		assert_int_equal(rpmsg_send(&ept, &seq, sizeof(seq)), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(hc.count, 40);
	assert_int_equal(hc.bad, 0);
	stop();
	pair_counter_destroy(&hc);
}

static void *held_data;
static struct rpmsg_endpoint *held_ept;

static int self_destroy_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
			   void *priv, uint32_t src)
{
	int *calls = priv;

	(void)data;
	(void)len;
	(void)src;
	(*calls)++;
	return rpmsg_destroy_ept(ept);
}

static int hold_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)len;
	(void)priv;
	(void)src;
	/* Only this message's buffer can be held from here. */
	assert_int_equal(rpmsg_hold_rx_buffer(ept, (char *)data + 1), -EINVAL);
	assert_int_equal(rpmsg_hold_rx_buffer(ept, data), 0);
	held_ept = ept;
	held_data = data;
	return 0;
}

static void test_destroy_and_hold_in_callback(void **state)
{
	struct rpmsg_endpoint once, holder, to;
	struct rpmsg_stats st;
	uint32_t v = 7;
	int calls = 0;

	(void)state;
	assert_int_equal(start(8), 0);
	assert_int_equal(rpmsg_create_ept(&to, &P.host.bus, "to", HOST_ADDR,
					  REMOTE_ADDR, echo_cb, NULL), 0);
	assert_int_equal(rpmsg_create_ept(&once, &P.remote.bus, "once",
					  REMOTE_ADDR, RPMSG_ADDR_ANY,
					  self_destroy_cb, &calls), 0);
	assert_int_equal(rpmsg_create_ept(&holder, &P.remote.bus, "holder",
					  REMOTE_ADDR + 1, RPMSG_ADDR_ANY,
					  hold_cb, NULL), 0);

	/* The first message destroys its endpoint, the second is dropped. */
	assert_int_equal(rpmsg_trysend(&to, &v, sizeof(v)), 0);
	assert_int_equal(rpmsg_trysend(&to, &v, sizeof(v)), 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_int_equal(calls, 1);
	assert_int_equal(rpmsg_get_stats(&P.remote.bus, &st), 0);
	assert_int_equal(st.dropped, 1);
	assert_int_equal(rpmsg_destroy_ept(&once), -EINVAL);

	/* Held in the callback, then refused outside it, released once. */
	assert_int_equal(rpmsg_trysendto(&to, &v, sizeof(v), REMOTE_ADDR + 1),
			 0);
	assert_true(pair_pump(&P, bells) >= 0);
	assert_ptr_equal(held_ept, &holder);
	assert_int_equal(rpmsg_hold_rx_buffer(&holder, held_data), -EINVAL);
	assert_int_equal(memcmp(held_data, &v, sizeof(v)), 0);
	assert_int_equal(rpmsg_release_rx_buffer(&holder, held_data), 0);
	assert_int_equal(rpmsg_release_rx_buffer(&holder, held_data), -EINVAL);
	assert_int_equal(rpmsg_destroy_ept(&holder), 0);
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_of_wait_and_clock),
		cmocka_unit_test(test_traffic_without_locks),
		cmocka_unit_test(test_blocking_send_in_one_context),
		cmocka_unit_test(test_destroy_and_hold_in_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
