// SPDX-License-Identifier: BSD-3-Clause
/*
 * Our host against an RPMsg-Lite-like remote written at the level of ring
 * memory (tests/peer_sim.h). Where that remote differs from Linux's view of
 * a device:
 * - it writes messages of up to 512 bytes whatever the descriptor's length
 *   says (so our host must refuse smaller buffers for it);
 * - it gives consumed buffers back without a doorbell (so a sender of ours
 *   waiting for a buffer must look again by itself);
 * - it rings for messages whatever our suppression flags say.
 *
 * One thread: a doorbell is a count in the fixture. The remote model runs
 * only when our host rang it; our host's wait (the fixture's OS port) lets
 * the remote core and our host's interrupt handler run, and returns early
 * only if the core woke it, else at its deadline with the simulated clock
 * moved there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_virtio.h>

#include "peer_sim.h"

#define MESSAGES 3000u
#define HOST_ADDR 1024u
#define LITE_ADDR 30u
#define LITE_BUF 512u /* what the remote assumes every buffer holds */

struct lite_remote {
	struct sim *s;
	bool echo; /* else a sink */
	uint16_t last_avail[2];
	uint16_t used_idx[2];
	unsigned int received;
	unsigned int runs;
	uint32_t min_rx_desc; /* smallest rx descriptor it wrote into */
	uint32_t return_len;  /* used.len of consumed buffers (0: desc's) */
	char fail[256];
};

static struct {
	struct sim *s;
	struct lite_remote r;
	struct rpmsg_endpoint ept;
	unsigned int echoes; /* checked echoes our host received */
	unsigned int flood_posted, flood_total; /* test_remote_keeps_posting */
	char fail[256];
} fx;

#define CHECK(buf, cond, ...)                                                \
	do {                                                                 \
		if (!(cond) && !(buf)[0])                                    \
			snprintf((buf), sizeof(buf), __VA_ARGS__);           \
		if (!(cond))                                                 \
			return false;                                        \
	} while (0)

/* Give buffer @id of @vq back on its used ring; no doorbell. */
static void lite_put_used(struct lite_remote *r, unsigned int vq,
			  uint32_t id, uint32_t len)
{
	sim_set_used_entry(r->s, vq, r->used_idx[vq], id, len);
	r->used_idx[vq]++;
	sim_set_used_idx(r->s, vq, r->used_idx[vq]);
}

/* Echo @len bytes into the next rx buffer our host posted on vq 0, as
 * RPMsg-Lite does: 512 bytes assumed, the descriptor's length unread
 * except here, where the model refuses what would overflow. */
static bool lite_echo(struct lite_remote *r, const uint8_t *payload,
		      uint16_t len)
{
	struct sim *s = r->s;
	uint16_t head = sim_avail_entry(s, 0, r->last_avail[0]);
	uint32_t dlen;
	uint8_t *buf;

	CHECK(r->fail, head < s->num, "vq 0 head %u", head);
	dlen = sim_desc_len(s, 0, head);
	CHECK(r->fail, dlen >= LITE_BUF,
	      "rx descriptor of %u bytes: a %u-byte write would overflow it",
	      dlen, LITE_BUF);
	buf = sim_da_to_va(s, sim_desc_addr(s, 0, head), LITE_BUF);
	CHECK(r->fail, buf, "vq 0 descriptor %u outside the region", head);
	r->last_avail[0]++;
	if (dlen < r->min_rx_desc || !r->min_rx_desc)
		r->min_rx_desc = dlen;
	sim_write_msg(s, buf, LITE_ADDR, HOST_ADDR, payload, len);
	lite_put_used(r, 0, head, RPMSG_HDR_SIZE + len);
	/* Whatever our host's flags say. */
	s->to_host[0]++;
	s->rang_host[0]++;
	return true;
}

/* The remote's interrupt handler: every message our host posted, each
 * checked, echoed (echo mode), and its buffer given back silently. */
static bool lite_run(struct lite_remote *r)
{
	struct sim *s = r->s;
	uint8_t expect[LITE_BUF];
	struct sim_hdr h;
	uint16_t head;
	uint32_t dlen;
	uint8_t *buf;

	r->runs++;
	while (sim_avail_idx(s, 1) != r->last_avail[1]) {
		/* Echo mode: wait for an rx buffer (our host's repost
		 * rings us). */
		if (r->echo && sim_avail_idx(s, 0) == r->last_avail[0])
			break;
		head = sim_avail_entry(s, 1, r->last_avail[1]);
		CHECK(r->fail, head < s->num, "vq 1 head %u", head);
		dlen = sim_desc_len(s, 1, head);
		buf = sim_da_to_va(s, sim_desc_addr(s, 1, head), dlen);
		CHECK(r->fail, buf && dlen >= RPMSG_HDR_SIZE,
		      "vq 1 descriptor %u: %u bytes", head, dlen);
		h = sim_read_hdr(s, buf);
		CHECK(r->fail, h.len <= dlen - RPMSG_HDR_SIZE &&
				       h.src == HOST_ADDR && h.dst == LITE_ADDR,
		      "message %u: len %u in %u, %u -> %u", r->received, h.len,
		      dlen, h.src, h.dst);
		CHECK(r->fail, h.len == sim_size(r->received),
		      "message %u: %u bytes, expected %u", r->received, h.len,
		      sim_size(r->received));
		sim_fill(expect, h.len, r->received);
		CHECK(r->fail, !memcmp(buf + RPMSG_HDR_SIZE, expect, h.len),
		      "message %u: content differs", r->received);
		r->last_avail[1]++;
		r->received++;
		if (r->echo && !lite_echo(r, buf + RPMSG_HDR_SIZE, h.len))
			return false;
		lite_put_used(r, 1, head, r->return_len ? r->return_len : dlen);
	}
	return true;
}

/* Everything rung so far: the remote core for our host's doorbells, our
 * host's interrupt handler for the remote's. Also what runs while our
 * host's sender waits (it stands for the other core and our interrupt
 * thread). */
static void deliver(struct sim *s)
{
	unsigned int vq;

	if (s->to_remote[0] || s->to_remote[1]) {
		s->to_remote[0] = s->to_remote[1] = 0;
		lite_run(&fx.r);
	}
	for (vq = 2; vq-- > 0;) {
		if (s->to_host[vq]) {
			s->to_host[vq] = 0;
			assert_true(rpmsg_virtio_notified(&s->vdev, vq) >= 0);
		}
	}
}

static void pump(void)
{
	unsigned int steps = 0;

	while (fx.s->to_remote[0] || fx.s->to_remote[1] || fx.s->to_host[0] ||
	       fx.s->to_host[1]) {
		assert_true(steps++ < 100000u);
		deliver(fx.s);
	}
}

/* The remote writes message fx.flood_posted into our next rx buffer. */
static void flood_post(void)
{
	uint8_t msg[LITE_BUF];
	uint16_t len = sim_size(fx.flood_posted);

	sim_fill(msg, len, fx.flood_posted);
	if (lite_echo(&fx.r, msg, len))
		fx.flood_posted++;
}

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	uint8_t expect[LITE_BUF];

	(void)ept;
	(void)priv;
	sim_fill(expect, len, fx.echoes);
	if (!fx.fail[0] && (src != LITE_ADDR || len != sim_size(fx.echoes) ||
			    memcmp(data, expect, len)))
		snprintf(fx.fail, sizeof(fx.fail),
			 "echo %u: %zu bytes from %u", fx.echoes, len, src);
	fx.echoes++;
	/* A remote that keeps posting: the next message at once. */
	if (fx.flood_posted < fx.flood_total)
		flood_post();
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (fx.s && fx.s->vdev.bus.os)
		rpmsg_virtio_stop(&fx.s->vdev);
	sim_free(fx.s);
	fx.s = NULL;
	return 0;
}

/* Our host started against the model; @echo: echo or sink. */
static void host_up(unsigned int num, size_t align, uint32_t peer, bool echo)
{
	struct rpmsg_virtio_config cfg;

	teardown(NULL);
	memset(&fx, 0, sizeof(fx));
	fx.s = sim_new(num, align);
	assert_non_null(fx.s);
	fx.r.s = fx.s;
	fx.r.echo = echo;
	fx.s->idle = deliver;
	fx.s->device_features = 0; /* nothing negotiated */
	cfg = sim_config(fx.s, RPMSG_VIRTIO_HOST, 0, peer);
	assert_int_equal(rpmsg_virtio_init(&fx.s->vdev, &cfg), 0);
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(rpmsg_virtio_features(&fx.s->vdev), 0);
	assert_int_equal(rpmsg_create_ept(&fx.ept, &fx.s->vdev.bus, "host",
					  HOST_ADDR, LITE_ADDR, host_cb, NULL),
			 0);
	pump();
}

static void send_one(unsigned int seq)
{
	uint8_t msg[LITE_BUF];
	uint16_t len = sim_size(seq);

	sim_fill(msg, len, seq);
	assert_int_equal(rpmsg_send(&fx.ept, msg, len), 0);
}

static void expect_no_failure(void)
{
	if (fx.r.fail[0])
		print_message("remote model: %s\n", fx.r.fail);
	if (fx.fail[0])
		print_message("host side: %s\n", fx.fail);
	assert_int_equal(fx.r.fail[0], 0);
	assert_int_equal(fx.fail[0], 0);
}

/* RPMsg-Lite's remote writes 512 bytes into whatever it is given: the
 * profile refuses smaller buffers; without it they are allowed. */
static void test_buf_512_enforced(void **state)
{
	static const unsigned int sizes[] = { 64, 256, 511 };
	struct rpmsg_virtio_config cfg;
	struct rpmsg_virtio_device vdev;
	size_t i;

	(void)state;
	fx.s = sim_new(16, 16);
	assert_non_null(fx.s);
	for (i = 0; i < 3; i++) {
		cfg = sim_config(fx.s, RPMSG_VIRTIO_HOST, 0,
				 RPMSG_PEER_RPMSG_LITE);
		cfg.buf_size = sizes[i];
		assert_int_equal(rpmsg_virtio_init(&vdev, &cfg), -EINVAL);
		cfg.peer = RPMSG_PEER_BUF_512;
		assert_int_equal(rpmsg_virtio_init(&vdev, &cfg), -EINVAL);
		cfg.peer = RPMSG_PEER_LINUX;
		assert_int_equal(rpmsg_virtio_init(&vdev, &cfg), 0);
	}
	cfg = sim_config(fx.s, RPMSG_VIRTIO_HOST, 0, RPMSG_PEER_RPMSG_LITE);
	assert_int_equal(cfg.buf_size, 512);
	assert_int_equal(rpmsg_virtio_init(&vdev, &cfg), 0);
}

/* Echoes with more messages in flight than tx buffers: senders wait,
 * buffers come back silently, the remote rings only for its messages. */
static void host_echo(unsigned int num, size_t align)
{
	unsigned int i, burst = num + num / 2;

	host_up(num, align, RPMSG_PEER_RPMSG_LITE, true);
	/* Our host asks for no interrupts on its rx ring: the remote
	 * rings anyway, and is served. */
	assert_int_equal(rpmsg_virtio_rx_notify(&fx.s->vdev, false), 0);
	for (i = 0; i < MESSAGES; i++) {
		send_one(i);
		if (i % burst == burst - 1)
			pump();
		expect_no_failure();
	}
	pump();
	expect_no_failure();
	assert_int_equal(fx.r.received, MESSAGES);
	assert_int_equal(fx.echoes, MESSAGES);
	assert_true(fx.r.min_rx_desc >= LITE_BUF);
	assert_true(sim_avail_flags(fx.s, 0) & RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
	assert_true(fx.s->waits > 0);
}

/* A remote that posts the next message while our host reads the last
 * one: each rx call still returns after one ring's worth (the rest is
 * pending, not lost), in order. */
static void test_remote_keeps_posting(void **state)
{
	unsigned int calls = 0, num = 16;
	int rc;

	(void)state;
	host_up(num, 16, RPMSG_PEER_RPMSG_LITE, false);
	fx.flood_total = 3u * num + 5u;
	flood_post();
	while (fx.echoes < fx.flood_total) {
		assert_true(++calls <= 8u);
		rc = rpmsg_virtio_notified(&fx.s->vdev, 0);
		expect_no_failure();
		if (fx.echoes < fx.flood_total) {
			assert_int_equal(rc, (int)num);
			assert_int_equal(rpmsg_virtio_rx_pending(&fx.s->vdev),
					 1);
		}
	}
	assert_int_equal(calls, 4);
	assert_int_equal(fx.flood_posted, fx.flood_total);
	assert_int_equal(rpmsg_virtio_rx_pending(&fx.s->vdev), 0);
}

static void test_echo_16(void **state)
{
	(void)state;
	host_echo(16, 16);
}

static void test_echo_256(void **state)
{
	(void)state;
	host_echo(256, 4096);
}

/*
 * A sink that gives every buffer back without a doorbell. With the
 * profile, a sender waiting for a buffer looks again after
 * RPMSG_CFG_SILENT_PEER_POLL_MS: the simulated clock only moves in waits
 * that nothing ended early, so it shows exactly how long senders slept.
 * Without the flag each of them sleeps its whole timeout (and finds the
 * buffer only in its last look).
 */
static uint64_t sink(uint32_t peer, uint32_t timeout_ms, uint32_t return_len)
{
	unsigned int i;

	host_up(16, 16, peer, false);
	fx.r.return_len = return_len;
	assert_int_equal(rpmsg_set_timeout(&fx.ept, timeout_ms), 0);
	for (i = 0; i < MESSAGES; i++) {
		send_one(i);
		expect_no_failure();
	}
	pump();
	expect_no_failure();
	assert_int_equal(fx.r.received, MESSAGES);
	assert_int_equal(fx.s->rang_host[0] + fx.s->rang_host[1], 0);
	/* Every 16 messages the pool ran dry. */
	assert_true(fx.s->timeouts >= MESSAGES / 16 - 1);
	return fx.s->now_ns;
}

static void test_silent_returns(void **state)
{
	uint64_t ns;
	unsigned int rounds;

	(void)state;
	ns = sink(RPMSG_PEER_RPMSG_LITE, 1000, 0);
	rounds = fx.s->timeouts;
	assert_int_equal(ns, (uint64_t)rounds *
				     RPMSG_CFG_SILENT_PEER_POLL_MS * 1000000u);

	/* The same peer with only the buffer-size flag. */
	ns = sink(RPMSG_PEER_BUF_512, 1000, 0);
	assert_true(fx.s->timeouts > 0);
	assert_int_equal(ns, (uint64_t)fx.s->timeouts * 1000u * 1000000u);
	assert_true(ns > (uint64_t)rounds * RPMSG_CFG_SILENT_PEER_POLL_MS *
				 1000000u * 100u);
}

/* A remote that gives every consumed buffer back with used.len 512, more
 * than our descriptors of header + payload: harmless on a tx buffer, which
 * our host reuses all the same. */
static void test_returned_len_ignored(void **state)
{
	struct rpmsg_stats st;

	(void)state;
	sink(RPMSG_PEER_RPMSG_LITE, 1000, LITE_BUF);
	assert_int_equal(rpmsg_get_stats(&fx.s->vdev.bus, &st), 0);
	assert_int_equal(st.tx, MESSAGES);
	assert_int_equal(st.bad, 0);
	assert_int_equal(fx.s->now_ns, (uint64_t)fx.s->timeouts *
					       RPMSG_CFG_SILENT_PEER_POLL_MS *
					       1000000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_buf_512_enforced, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_echo_16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_256, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_remote_keeps_posting,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_returns, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_returned_len_ignored, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
