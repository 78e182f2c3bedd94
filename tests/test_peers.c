// SPDX-License-Identifier: BSD-3-Clause
/*
 * Our remote against hosts that differ from Linux, and our host against a
 * remote that differs, each peer written here at the level of ring memory
 * (tests/peer_sim.h): the models write descriptors, indices and flags
 * themselves and use none of librpmsg's driver or device code.
 *
 * - An OpenAMP host: rx buffers on vq 0 (WRITE, 512 bytes), sends on vq 1
 *   with descriptor length 512, takes back consumed tx buffers and takes
 *   used.len for their capacity, announces its own endpoint, accepts
 *   EVENT_IDX when offered and never writes its used-event index, kicks
 *   per message and per returned buffer, never sets suppression flags.
 * - An RPMsg-Lite master: all its tx buffers preloaded on vq 1's used ring,
 *   "no interrupt" set on both avail rings for good, tx descriptors WRITE
 *   with length 512, no features; it runs only when our remote rings.
 * - An RPMsg-Lite remote, against our host: writes up to 512 bytes whatever
 *   the descriptor says, returns consumed buffers without a doorbell, rings
 *   whatever the flags say.
 *
 * Everything runs in one thread: a doorbell is a count in the fixture, and
 * a loop hands each one to its side. A side only acts on a doorbell, so a
 * missing one shows as a stall, which the loop reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#include "peer_sim.h"

#define F_NS (1ull << RPMSG_VIRTIO_RPMSG_F_NS)
#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define WRITE RPMSG_VRING_DESC_F_WRITE

#define ECHOES 3000u
#define HOST_ADDR 1024u	  /* the host model's endpoint */
#define REMOTE_ADDR 1025u /* our remote's echo channel */
#define LITE_ADDR 30u	  /* our remote's echo endpoint for RPMsg-Lite */
#define SVC "rpmsg-echo"

/* --- the host models -------------------------------------------------- */

enum host_kind {
	OPENAMP_HOST,
	LITE_MASTER,
	/* A Linux-like pool (nothing preloaded) with RPMsg-Lite's flags:
	 * only for showing that the harness catches a missing doorbell. */
	FLAGS_ONLY_HOST,
};

enum announce_when {
	ANNOUNCE_NEVER,
	ANNOUNCE_BEFORE, /* before our remote starts */
	ANNOUNCE_AFTER,	 /* when our remote's announcement arrives */
};

struct host_model {
	enum host_kind kind;
	struct sim *s;
	enum announce_when announce;
	bool event_idx;	     /* EVENT_IDX accepted */
	uint16_t avail_idx[2];
	uint16_t kicked_idx[2];
	uint16_t last_used[2];
	bool rx_out[SIM_MAX_NUM]; /* rx buffer posted to the remote */
	bool tx_out[SIM_MAX_NUM]; /* tx buffer holding a message */
	unsigned int fresh;	  /* OpenAMP: tx buffers taken from the pool */
	uint32_t remote_addr;	  /* RPMSG_ADDR_ANY until known */
	unsigned int total, sent, echoed, window;
	unsigned int copies; /* echoes per message (our remote's setting) */
	unsigned int got;    /* echo messages received */
	unsigned int kicks[2];
	unsigned int reclaimed;	    /* tx buffers taken back */
	unsigned int empty_returns; /* rx buffers given back with len 0 */
	unsigned int ns_seen;
	char ns_name[RPMSG_NAME_SIZE];
	uint32_t ns_addr, ns_flags;
	unsigned int other;	    /* messages not for the echo check */
	struct sim_hdr other_hdr;
	uint8_t other_data[64];
	char fail[256];
};

static struct host_model *model(struct sim *s)
{
	return s->model;
}

/* Our remote under test: the full one (the fixture's device) or, when
 * set, the minimal profile (include/rpmsg/rpmsg_mini.h), which acts on
 * its receive doorbell only (it never waits for a send buffer). */
static struct rpmsg_mini *mini_dev;

static int remote_notified(struct sim *s, unsigned int vq)
{
	int rc;

	if (!mini_dev)
		return rpmsg_virtio_notified(&s->vdev, vq);
	if (vq != 1)
		return 0;
	rc = rpmsg_mini_poll(mini_dev);
	return rc < 0 ? rc : 0;
}

#define CHECK(m, cond, ...)                                                  \
	do {                                                                 \
		if (!(cond) && !(m)->fail[0])                                \
			snprintf((m)->fail, sizeof((m)->fail), __VA_ARGS__); \
		if (!(cond))                                                 \
			return false;                                        \
	} while (0)

/* The driver's kick rule, as both hosts apply it: the device's event index
 * if negotiated, else its "no notify" flag. */
static void host_kick(struct host_model *m, unsigned int vq)
{
	struct sim *s = m->s;
	uint16_t new_idx = m->avail_idx[vq], old = m->kicked_idx[vq];
	bool need;

	m->kicked_idx[vq] = new_idx;
	if (m->event_idx)
		need = sim_need_event(sim_avail_event(s, vq), new_idx, old);
	else
		need = !(sim_used_flags(s, vq) & RPMSG_VRING_USED_F_NO_NOTIFY);
	if (need) {
		s->to_remote[vq]++;
		m->kicks[vq]++;
	}
}

static void host_publish(struct host_model *m, unsigned int vq, uint16_t id)
{
	sim_set_avail_entry(m->s, vq, m->avail_idx[vq], id);
	m->avail_idx[vq]++;
	sim_set_avail_idx(m->s, vq, m->avail_idx[vq]);
}

static void host_post_rx(struct host_model *m, uint16_t id, uint32_t len)
{
	sim_set_desc(m->s, 0, id, sim_buf_da(m->s, id), len, WRITE);
	m->rx_out[id] = true;
	host_publish(m, 0, id);
}

/* A free tx buffer's descriptor id (buffer num + id), or -1: taken back
 * from vq 1's used ring first, then (OpenAMP) fresh from the pool. */
static int host_take_tx(struct host_model *m, uint16_t need)
{
	struct sim *s = m->s;
	uint32_t id, len;

	if (sim_used_idx(s, 1) != m->last_used[1]) {
		sim_used_entry(s, 1, m->last_used[1], &id, &len);
		m->last_used[1]++;
		CHECK(m, id < s->num && (m->kind == LITE_MASTER ||
					 m->tx_out[id]),
		      "vq 1 used entry %u: id %u was not posted", 
		      (unsigned int)(m->last_used[1] - 1u), id);
		if (m->kind == OPENAMP_HOST) {
			/* Taken for the buffer's capacity. */
			CHECK(m, len == sim_desc_len(s, 1, (uint16_t)id),
			      "vq 1 used.len %u for a descriptor of %u bytes",
			      len, sim_desc_len(s, 1, (uint16_t)id));
			CHECK(m, len >= RPMSG_HDR_SIZE + need,
			      "capacity %u too small for %u bytes", len, need);
		}
		m->tx_out[id] = false;
		m->reclaimed++;
		return (int)id;
	}
	if (m->kind != LITE_MASTER && m->fresh < s->num)
		return (int)m->fresh++;
	return -1;
}

static bool host_send(struct host_model *m, uint32_t dst, const void *data,
		      uint16_t len, bool *sent)
{
	struct sim *s = m->s;
	int id = host_take_tx(m, len);

	*sent = false;
	if (m->fail[0])
		return false;
	if (id < 0)
		return true; /* no buffer yet: try again on the next event */
	sim_write_msg(s, sim_buf(s, s->num + (unsigned int)id), HOST_ADDR, dst,
		      data, len);
	sim_set_desc(s, 1, (uint16_t)id, sim_buf_da(s, s->num + (unsigned int)id),
		     SIM_BUF, m->kind == LITE_MASTER ? WRITE : 0);
	m->tx_out[id] = true;
	host_publish(m, 1, (uint16_t)id);
	host_kick(m, 1);
	*sent = true;
	return true;
}

static bool host_announce(struct host_model *m)
{
	uint8_t ns[40];
	bool sent;

	sim_ns_msg(m->s, ns, SVC, HOST_ADDR, RPMSG_NS_CREATE);
	if (!host_send(m, RPMSG_NS_ADDR, ns, sizeof(ns), &sent))
		return false;
	CHECK(m, sent, "no tx buffer for the announcement");
	return true;
}

/* The application: keep up to @window echoes outstanding. */
static bool host_app(struct host_model *m)
{
	uint8_t msg[SIM_BUF];
	uint16_t len;
	bool sent;

	while (m->sent < m->total && m->sent - m->echoed < m->window &&
	       m->remote_addr != RPMSG_ADDR_ANY) {
		len = sim_size(m->sent);
		sim_fill(msg, len, m->sent);
		if (!host_send(m, m->remote_addr, msg, len, &sent))
			return false;
		if (!sent)
			break;
		m->sent++;
	}
	return true;
}

static bool host_rx_one(struct host_model *m, const uint8_t *buf,
			uint32_t len)
{
	struct sim *s = m->s;
	struct sim_hdr h;
	uint8_t expect[SIM_BUF];
	unsigned int seq;

	CHECK(m, len >= RPMSG_HDR_SIZE && len <= SIM_BUF,
	      "vq 0 used.len %u", len);
	h = sim_read_hdr(s, buf);
	CHECK(m, len == RPMSG_HDR_SIZE + h.len,
	      "vq 0 used.len %u for a %u-byte message", len, h.len);
	if (h.dst == RPMSG_NS_ADDR) {
		CHECK(m, h.len == 40, "announcement of %u bytes", h.len);
		m->ns_seen++;
		memcpy(m->ns_name, buf + RPMSG_HDR_SIZE, RPMSG_NAME_SIZE);
		m->ns_name[RPMSG_NAME_SIZE - 1] = '\0';
		m->ns_addr = sim_rd32(s, buf + RPMSG_HDR_SIZE + 32);
		m->ns_flags = sim_rd32(s, buf + RPMSG_HDR_SIZE + 36);
		if (!strcmp(m->ns_name, SVC) && m->ns_flags == RPMSG_NS_CREATE) {
			m->remote_addr = m->ns_addr;
			if (m->announce == ANNOUNCE_AFTER)
				return host_announce(m);
		}
		return true;
	}
	if (h.dst == HOST_ADDR && h.src == m->remote_addr &&
	    m->got / m->copies < m->sent) {
		seq = m->got / m->copies;
		CHECK(m, h.len == sim_size(seq), "echo %u: %u bytes, sent %u",
		      seq, h.len, sim_size(seq));
		sim_fill(expect, h.len, seq);
		CHECK(m, !memcmp(buf + RPMSG_HDR_SIZE, expect, h.len),
		      "echo %u: content differs", seq);
		m->got++;
		m->echoed = m->got / m->copies;
		return true;
	}
	m->other++;
	m->other_hdr = h;
	memcpy(m->other_data, buf + RPMSG_HDR_SIZE,
	       h.len < sizeof(m->other_data) ? h.len : sizeof(m->other_data));
	return true;
}

/* Doorbell of vq 0: take every filled rx buffer, give each back (WRITE,
 * 512) with a kick of its own. */
static bool host_rx(struct host_model *m)
{
	struct sim *s = m->s;
	uint32_t id, len;

	while (sim_used_idx(s, 0) != m->last_used[0]) {
		sim_used_entry(s, 0, m->last_used[0], &id, &len);
		m->last_used[0]++;
		CHECK(m, id < s->num && m->rx_out[id],
		      "vq 0 used entry: id %u was not posted", id);
		m->rx_out[id] = false;
		if (len == 0)
			m->empty_returns++;
		else if (!host_rx_one(m, sim_buf(s, id), len))
			return false;
		host_post_rx(m, (uint16_t)id, SIM_BUF);
		host_kick(m, 0);
	}
	return true;
}

/* The host's interrupt handler: runs only for doorbells our remote rang. */
static bool host_irq(struct host_model *m)
{
	struct sim *s = m->s;
	bool rx = s->to_host[0] != 0;

	s->to_host[0] = 0;
	s->to_host[1] = 0; /* tx done: buffers are taken back on demand */
	if (rx && !host_rx(m))
		return false;
	return host_app(m);
}

/* While our remote waits for a buffer, the host core runs on: its
 * interrupt handler for the doorbells already rung, and our remote's
 * doorbell handler for the send queue (which only wakes senders). */
static void remote_idle(struct sim *s)
{
	if (s->to_host[0] || s->to_host[1])
		host_irq(model(s));
	if (s->to_remote[0]) {
		s->to_remote[0] = 0;
		remote_notified(s, 0);
	}
}

static void host_model_init(struct host_model *m, struct sim *s,
			    enum host_kind kind, uint64_t offered)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->s = s;
	m->remote_addr = RPMSG_ADDR_ANY;
	m->window = 1;
	m->copies = 1;
	s->model = m;
	s->idle = remote_idle;
	s->device_features = offered;
	for (i = 0; i < s->num; i++)
		host_post_rx(m, (uint16_t)i, SIM_BUF);
	if (kind == OPENAMP_HOST) {
		/* Accepts the name service and, if offered, EVENT_IDX. */
		s->driver_features = offered & (F_NS | F_EVENT_IDX);
		m->event_idx = (s->driver_features & F_EVENT_IDX) != 0;
	} else {
		s->driver_features = 0;
		sim_set_avail_flags(s, 0, RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
		sim_set_avail_flags(s, 1, RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (kind == LITE_MASTER) {
		/* Every tx buffer free on the used ring, avail empty. */
		for (i = 0; i < s->num; i++) {
			sim_set_desc(s, 1, (uint16_t)i,
				     sim_buf_da(s, s->num + i), SIM_BUF, WRITE);
			sim_set_used_entry(s, 1, (uint16_t)i, i, SIM_BUF);
		}
		sim_set_used_idx(s, 1, (uint16_t)s->num);
		m->remote_addr = LITE_ADDR;
	}
	if (kind == FLAGS_ONLY_HOST)
		m->remote_addr = LITE_ADDR;
	/* No status byte for RPMsg-Lite: its transport reports the host
	 * ready; OpenAMP's host sets DRIVER_OK. */
	s->status = RPMSG_VIRTIO_STATUS_ACKNOWLEDGE |
		    RPMSG_VIRTIO_STATUS_DRIVER |
		    RPMSG_VIRTIO_STATUS_FEATURES_OK |
		    RPMSG_VIRTIO_STATUS_DRIVER_OK;
}

enum run_result { RUN_DONE, RUN_STALLED, RUN_FAILED, RUN_TOO_LONG };

/*
 * Hand every doorbell to its side until the host has its echoes: the
 * host's handler for what our remote rang, rpmsg_virtio_notified() for
 * what the host rang. No side runs without a doorbell.
 */
static enum run_result run(struct host_model *m, unsigned int max_steps)
{
	struct sim *s = m->s;
	unsigned int steps = 0, k[2], vq;
	int rc;

	while (m->echoed < m->total || s->to_host[0] || s->to_host[1] ||
	       s->to_remote[0] || s->to_remote[1]) {
		if (m->fail[0])
			return RUN_FAILED;
		if (steps++ >= max_steps)
			return RUN_TOO_LONG;
		if (s->to_host[0] || s->to_host[1]) {
			host_irq(m);
			continue;
		}
		if (s->to_remote[0] || s->to_remote[1]) {
			k[0] = s->to_remote[0];
			k[1] = s->to_remote[1];
			s->to_remote[0] = s->to_remote[1] = 0;
			for (vq = 2; vq-- > 0;) {
				if (!k[vq])
					continue;
				rc = remote_notified(s, vq);
				if (rc < 0) {
					snprintf(m->fail, sizeof(m->fail),
						 "notified(vq %u): %d", vq, rc);
					return RUN_FAILED;
				}
			}
			continue;
		}
		return RUN_STALLED;
	}
	return m->fail[0] ? RUN_FAILED : RUN_DONE;
}

static void print_state(const char *what, struct host_model *m)
{
	struct sim *s = m->s;
	unsigned int vq;

	print_message("%s: %u of %u echoes, %u sent; %s\n", what, m->echoed,
		      m->total, m->sent, m->fail[0] ? m->fail : "no failure");
	for (vq = 0; vq < 2; vq++)
		print_message("  vq %u: avail.idx %u flags %#x used_event %u; "
			      "used.idx %u flags %#x avail_event %u; "
			      "remote rang %u, host kicked %u\n",
			      vq, sim_avail_idx(s, vq), sim_avail_flags(s, vq),
			      sim_used_event(s, vq), sim_used_idx(s, vq),
			      sim_used_flags(s, vq), sim_avail_event(s, vq),
			      s->rang_host[vq], m->kicks[vq]);
}

static void expect_done(struct host_model *m, const char *label)
{
	enum run_result r = run(m, 20u * m->total + 1000u);

	if (r != RUN_DONE) {
		print_state(r == RUN_STALLED
				    ? "stalled: nothing rang, nothing to do"
				    : r == RUN_TOO_LONG ? "no end in sight"
							: "failed",
			    m);
		print_message("  configuration: %s\n", label);
	}
	assert_int_equal(r, RUN_DONE);
	assert_int_equal(m->echoed, m->total);
}

/* --- our remote's side ---------------------------------------------------- */

struct remote_app {
	struct rpmsg_endpoint ept;
	unsigned int echoed;
	unsigned int copies; /* sends per message received (0: one) */
	bool hold;	     /* hold the buffer instead of answering */
	void *held;
	int last_rc;
	unsigned int probes, removes, bound_calls;
	uint32_t bound_dst;
	struct rpmsg_channel *ch;
};

static struct remote_app app;

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	unsigned int i;

	(void)priv;
	if (app.hold) {
		app.last_rc = rpmsg_hold_rx_buffer(ept, data);
		app.held = data;
		return 0;
	}
	for (i = 0; i < (app.copies ? app.copies : 1u); i++) {
		app.last_rc = rpmsg_sendto(ept, data, len, src);
		if (!app.last_rc)
			app.echoed++;
	}
	return 0;
}

static int echo_probe(struct rpmsg_channel *ch)
{
	app.probes++;
	app.ch = ch;
	return 0;
}

static void echo_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	app.removes++;
}

static void echo_bound(struct rpmsg_channel *ch, uint32_t dst)
{
	(void)ch;
	app.bound_calls++;
	app.bound_dst = dst;
}

static const struct rpmsg_device_id echo_ids[] = { { SVC }, { "" } };

static const struct rpmsg_driver echo_drv = {
	.name = "echo",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
	.callback = echo_cb,
	.bound = echo_bound,
};

struct fixture {
	struct sim *s;
	struct host_model m;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	memset(&app, 0, sizeof(app));
	mini_dev = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (fx.s && fx.s->vdev.bus.os)
		rpmsg_virtio_stop(&fx.s->vdev);
	mini_dev = NULL;
	sim_free(fx.s);
	fx.s = NULL;
	return 0;
}

/* A fresh region and host model, our remote initialised on it. */
static struct host_model *remote_new(enum host_kind kind, unsigned int num,
				     size_t align, uint64_t offered,
				     uint32_t peer)
{
	struct rpmsg_virtio_config cfg;

	if (fx.s)
		teardown(NULL);
	memset(&app, 0, sizeof(app));
	fx.s = sim_new(num, align);
	assert_non_null(fx.s);
	host_model_init(&fx.m, fx.s, kind, offered);
	cfg = sim_config(fx.s, RPMSG_VIRTIO_REMOTE, offered, peer);
	assert_int_equal(rpmsg_virtio_init(&fx.s->vdev, &cfg), 0);
	return &fx.m;
}

/* An echo channel with a fixed address, announced at start. */
static void remote_echo_channel(void)
{
	struct rpmsg_device *dev = &fx.s->vdev.bus;

	assert_int_equal(rpmsg_register_driver(dev, &echo_drv), 0);
	assert_int_equal(rpmsg_create_channel(dev, SVC, REMOTE_ADDR,
					      RPMSG_ADDR_ANY, NULL),
			 0);
}

static void remote_echo_ept(void)
{
	assert_int_equal(rpmsg_create_ept(&app.ept, &fx.s->vdev.bus, "echo",
					  LITE_ADDR, RPMSG_ADDR_ANY, echo_cb,
					  NULL),
			 0);
}

static struct rpmsg_stats remote_stats(void)
{
	struct rpmsg_stats st;

	assert_int_equal(rpmsg_get_stats(&fx.s->vdev.bus, &st), 0);
	return st;
}

static int channel_count(void)
{
	return rpmsg_list_channels(&fx.s->vdev.bus, NULL, 0);
}

/* --- (a) an OpenAMP host -------------------------------------------------- */

static void openamp_echo(enum announce_when when, uint64_t offered,
			 uint32_t peer, unsigned int window)
{
	struct host_model *m = remote_new(OPENAMP_HOST, 256, 4096, offered,
					  peer);

	m->announce = when;
	m->total = ECHOES;
	m->window = window;
	remote_echo_channel();
	if (when == ANNOUNCE_BEFORE)
		assert_true(host_announce(m));
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	expect_done(m, "OpenAMP host");
	print_message("OpenAMP host, window %u, features %#llx: %u echoes; "
		      "remote rang vq0 %u vq1 %u, host kicked vq0 %u vq1 %u\n",
		      window, (unsigned long long)fx.s->driver_features,
		      m->echoed, fx.s->rang_host[0], fx.s->rang_host[1],
		      m->kicks[0], m->kicks[1]);
	assert_int_equal(m->ns_seen, 1);
	assert_int_equal(m->ns_addr, REMOTE_ADDR);
	/* Every tx buffer came back with its descriptor's length (checked
	 * as each was taken back), and was used again. */
	assert_true(m->reclaimed >= ECHOES - 256u);
	assert_int_equal(m->empty_returns, 0);
	assert_int_equal(m->other, 0);
	assert_int_equal(remote_stats().bad, 0);
	/* A kick per message: our remote asked for every one (with the
	 * event index, only for those sent while it was idle). */
	if (!m->event_idx)
		assert_int_equal(m->kicks[1],
				 m->sent + (when != ANNOUNCE_NEVER));
	/* No sender of ours waited: the host's returns of rx buffers were
	 * not asked to ring. */
	assert_int_equal(m->kicks[0], 0);
	/* One channel, one probe, bound to the host's announced address. */
	assert_int_equal(app.probes, 1);
	assert_int_equal(channel_count(), 1);
	assert_int_equal(app.ch->dst, HOST_ADDR);
}

static void test_openamp_echo_announce_after(void **state)
{
	(void)state;
	openamp_echo(ANNOUNCE_AFTER, rpmsg_peer_features(RPMSG_PEER_OPENAMP,
							 F_NS | F_EVENT_IDX),
		     RPMSG_PEER_OPENAMP, 1);
	assert_false(fx.s->driver_features & F_EVENT_IDX);
}

static void test_openamp_echo_announce_before(void **state)
{
	(void)state;
	openamp_echo(ANNOUNCE_BEFORE, F_NS, RPMSG_PEER_OPENAMP, 16);
}

/* The transport offered EVENT_IDX anyway: the host accepts it, never
 * writes its used-event index, and still gets every doorbell. */
static void test_openamp_event_idx_granted(void **state)
{
	(void)state;
	openamp_echo(ANNOUNCE_AFTER, F_NS | F_EVENT_IDX, RPMSG_PEER_OPENAMP,
		     1);
	assert_true(fx.s->driver_features & F_EVENT_IDX);
	assert_int_equal(sim_used_event(fx.s, 0), 0);
	assert_int_equal(sim_used_event(fx.s, 1), 0);
	/* At least one doorbell per echo (and per batch of returns). */
	assert_true(fx.s->rang_host[0] >= ECHOES);
}

/* The same host with a Linux profile: its stale used-event index silences
 * our remote after the first doorbell. The harness must see the stall
 * (this is why the profile exists, and proof that a missing doorbell
 * cannot pass unnoticed). */
static void test_openamp_event_idx_linux_profile_stalls(void **state)
{
	struct host_model *m;

	(void)state;
	m = remote_new(OPENAMP_HOST, 16, 16, F_NS | F_EVENT_IDX,
		       RPMSG_PEER_LINUX);
	m->announce = ANNOUNCE_AFTER;
	m->total = 100;
	remote_echo_channel();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(run(m, 10000), RUN_STALLED);
	assert_true(m->echoed < 3);
	assert_int_equal(m->fail[0], 0);
}

/* --- (b) an RPMsg-Lite master --------------------------------------------- */

static void lite_echo(unsigned int num, size_t align, uint32_t peer)
{
	char label[96];
	struct host_model *m = remote_new(LITE_MASTER, num, align, F_NS, peer);

	snprintf(label, sizeof(label), "RPMsg-Lite master, %u buffers, "
		 "align %zu, peer %#x", num, align, (unsigned int)peer);
	m->total = ECHOES;
	m->window = num < 8 ? num : 8;
	remote_echo_ept();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(rpmsg_virtio_features(&fx.s->vdev), 0);
	/* The host runs only when rung: start it by hand, as its
	 * application would after init. */
	assert_true(host_app(m));
	expect_done(m, label);
	print_message("%s: %u echoes; remote rang vq0 %u vq1 %u, host "
		      "kicked vq0 %u vq1 %u\n", label, m->echoed,
		      fx.s->rang_host[0], fx.s->rang_host[1], m->kicks[0],
		      m->kicks[1]);
	assert_int_equal(app.echoed, ECHOES);
	assert_int_equal(remote_stats().bad, 0);
	assert_int_equal(m->other, 0);
	/* Our remote continued the used index the master left (num), one
	 * entry per message it consumed. */
	assert_int_equal(sim_used_idx(fx.s, 1), (uint16_t)(num + ECHOES));
	/* The flags were never cleared, and the doorbells came anyway. */
	assert_int_equal(sim_avail_flags(fx.s, 0),
			 RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(sim_avail_flags(fx.s, 1),
			 RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
	assert_true(fx.s->rang_host[0] >= ECHOES / m->window);
}

static const unsigned int lite_nums[] = { 2, 16, 256 };
static const size_t lite_aligns[] = { 16, 4096 };

static void test_lite_master_profile(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 2; j++)
			lite_echo(lite_nums[i], lite_aligns[j],
				  RPMSG_PEER_RPMSG_LITE);
}

/* No profile: recognised from the preloaded used ring. */
static void test_lite_master_recognised(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 2; j++)
			lite_echo(lite_nums[i], lite_aligns[j], 0);
}

/* Both indices of both rings wrap at 2^16 on the way: a master left used
 * index 65530 + 16 (16 free buffers from 65530 on), and its avail index
 * and ours pass 65535 after 65536 messages. */
static void test_lite_index_wrap(void **state)
{
	struct host_model *m;
	unsigned int i;

	(void)state;
	m = remote_new(LITE_MASTER, 16, 16, 0, 0);
	m->last_used[1] = 65530u;
	for (i = 0; i < 16; i++)
		sim_set_used_entry(fx.s, 1, (uint16_t)(65530u + i), i, SIM_BUF);
	sim_set_used_idx(fx.s, 1, (uint16_t)(65530u + 16u));
	m->total = 70000u;
	m->window = 8;
	remote_echo_ept();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_true(host_app(m));
	expect_done(m, "indices wrapping");
	assert_int_equal(sim_used_idx(fx.s, 1),
			 (uint16_t)(65530u + 16u + 70000u));
	assert_int_equal(sim_avail_idx(fx.s, 1), (uint16_t)70000u);
	assert_int_equal(remote_stats().bad, 0);
}

/* A host with the master's flags but nothing preloaded cannot be
 * recognised: with no profile our remote honours "no interrupt" and the
 * harness reports the stall; with RING_ALWAYS the echoes flow. */
static void test_flags_only_host(void **state)
{
	struct host_model *m;

	(void)state;
	m = remote_new(FLAGS_ONLY_HOST, 16, 16, 0, 0);
	m->total = 50;
	remote_echo_ept();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_true(host_app(m));
	assert_int_equal(run(m, 10000), RUN_STALLED);
	assert_int_equal(m->echoed, 0);
	assert_int_equal(app.echoed, 1);

	m = remote_new(FLAGS_ONLY_HOST, 16, 16, 0, RPMSG_PEER_RING_ALWAYS);
	m->total = ECHOES;
	remote_echo_ept();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_true(host_app(m));
	expect_done(m, "flags-only host, RING_ALWAYS");
}

/*
 * Our remote answers every message twice, so that with the host's whole
 * pool in flight its senders run out of buffers and wait. The host gives
 * buffers back only from its interrupt handler and kicks only as our
 * flags ask: every wait must be ended by that kick, none by its timeout.
 */
static void blocked_sender(enum host_kind kind, unsigned int num,
			   uint32_t peer)
{
	struct host_model *m = remote_new(kind, num, 16, F_NS, peer);

	m->total = ECHOES;
	m->window = num;
	m->copies = 2;
	app.copies = 2;
	if (kind == OPENAMP_HOST) {
		m->announce = ANNOUNCE_AFTER;
		remote_echo_channel();
	} else {
		remote_echo_ept();
	}
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_true(host_app(m));
	expect_done(m, "senders waiting for buffers");
	assert_int_equal(m->got, 2 * ECHOES);
	assert_true(fx.s->waits > 0);
	assert_int_equal(fx.s->timeouts, 0);
	assert_int_equal(fx.s->now_ns, 0);
	assert_int_equal(remote_stats().bad, 0);
}

static void test_blocked_sender_lite(void **state)
{
	(void)state;
	blocked_sender(LITE_MASTER, 2, RPMSG_PEER_RPMSG_LITE);
	blocked_sender(LITE_MASTER, 16, 0);
}

static void test_blocked_sender_openamp(void **state)
{
	(void)state;
	blocked_sender(OPENAMP_HOST, 16, RPMSG_PEER_OPENAMP);
}

/* --- (d) hostile hosts ------------------------------------------------------ */

/* An rx buffer of 16 bytes cannot carry a message: skipped, counted, and
 * given back untouched with used.len 0. */
static void test_small_buffer_skipped(void **state)
{
	struct host_model *m;
	uint8_t before[SIM_BUF];
	uint32_t id, len;

	(void)state;
	m = remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
	/* Before start, rewrite the first rx descriptor: 16 bytes. */
	sim_set_desc(fx.s, 0, 0, sim_buf_da(fx.s, 0), RPMSG_HDR_SIZE, WRITE);
	memcpy(before, sim_buf(fx.s, 0), SIM_BUF);
	m->announce = ANNOUNCE_AFTER;
	m->total = 100;
	remote_echo_channel();
	/* The announcement at start skips it and takes the next one. */
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(remote_stats().bad, 1);
	sim_used_entry(fx.s, 0, 0, &id, &len);
	assert_int_equal(id, 0);
	assert_int_equal(len, 0);
	sim_used_entry(fx.s, 0, 1, &id, &len);
	assert_int_equal(id, 1);
	assert_int_equal(len, RPMSG_HDR_SIZE + 40);
	assert_memory_equal(before, sim_buf(fx.s, 0), SIM_BUF);
	expect_done(m, "16-byte rx buffer");
	assert_int_equal(remote_stats().bad, 1);
	assert_non_null(strstr(rpmsg_device_why(&fx.s->vdev.bus), "too small"));
	assert_int_equal(m->empty_returns, 1);
}

static void test_features_not_offered(void **state)
{
	static const uint64_t extra[] = { F_EVENT_IDX, 1ull << 40 };
	uint8_t *snap;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
		fx.s->driver_features = F_NS | extra[i];
		snap = malloc(fx.s->size);
		assert_non_null(snap);
		memcpy(snap, fx.s->region, fx.s->size);
		assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), -EINVAL);
		/* Refused before touching the rings or ringing. */
		assert_memory_equal(snap, fx.s->region, fx.s->size);
		assert_int_equal(fx.s->rang_host[0] + fx.s->rang_host[1], 0);
		free(snap);
	}
}

/* Descriptors a host may write: each refused (counted, returned with
 * used.len 0, nothing delivered), none read outside the region (which is
 * exactly allocated: ASan would see it), and the link still works. */
static void test_garbage_descriptors(void **state)
{
	struct host_model *m;
	struct sim *s;
	uint64_t end;
	struct {
		uint64_t da;
		uint32_t len;
		uint16_t flags;
	} bad[8];
	unsigned int i, n = 0;
	uint32_t id, len;
	uint8_t msg[8] = "garbage";

	(void)state;
	m = remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
	s = fx.s;
	end = SIM_DA + s->size;
	bad[n].da = SIM_DA - 16; bad[n].len = 64; bad[n++].flags = 0;
	bad[n].da = end - 8; bad[n].len = 64; bad[n++].flags = 0;
	bad[n].da = end; bad[n].len = 16; bad[n++].flags = 0;
	bad[n].da = SIM_DA; bad[n].len = 0xFFFFFFFFu; bad[n++].flags = 0;
	bad[n].da = 0xFFFFFFFFFFFFFFF0ull; bad[n].len = 64; bad[n++].flags = 0;
	bad[n].da = sim_buf_da(s, s->num); bad[n].len = 0; bad[n++].flags = 0;
	bad[n].da = sim_buf_da(s, s->num); bad[n].len = 64;
	bad[n++].flags = RPMSG_VRING_DESC_F_NEXT;
	bad[n].da = sim_buf_da(s, s->num); bad[n].len = 64;
	bad[n++].flags = RPMSG_VRING_DESC_F_INDIRECT;

	m->announce = ANNOUNCE_AFTER;
	m->total = 10;
	remote_echo_channel();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	/* Let the announcements pass, nothing else. */
	m->window = 0;
	assert_int_equal(run(m, 1000), RUN_STALLED);
	assert_int_equal(m->remote_addr, REMOTE_ADDR);

	for (i = 0; i < n; i++) {
		/* A real message in the pool, a lying descriptor for it. */
		sim_write_msg(s, sim_buf(s, s->num + 2 + i), HOST_ADDR,
			      REMOTE_ADDR, msg, sizeof(msg));
		sim_set_desc(s, 1, (uint16_t)(2 + i), bad[i].da, bad[i].len,
			     bad[i].flags);
		m->fresh = 2 + i + 1;
		m->tx_out[2 + i] = true;
		host_publish(m, 1, (uint16_t)(2 + i));
	}
	/* A head that is no descriptor at all. */
	host_publish(m, 1, (uint16_t)s->num);
	s->to_remote[1]++;
	assert_true(rpmsg_virtio_notified(&s->vdev, 1) >= 0);
	assert_int_equal(app.echoed, 0);
	assert_int_equal(remote_stats().bad, n + 1);
	assert_int_equal(remote_stats().rx, 1); /* the host's announcement */
	/* Each refused descriptor came back untouched, used.len 0. */
	for (i = 0; i < n; i++) {
		sim_used_entry(s, 1, (uint16_t)(1 + i), &id, &len);
		assert_int_equal(id, 2 + i);
		assert_int_equal(len, 0);
		m->tx_out[2 + i] = false;
	}
	m->last_used[1] = (uint16_t)(1 + n);
	s->to_remote[1] = 0;

	/* The link still works. */
	m->window = 1;
	m->total = 10;
	assert_true(host_app(m));
	expect_done(m, "after garbage");

	/* Indices that claim more buffers than the ring has: the ring is
	 * broken for good, reported, nothing read. */
	sim_set_avail_idx(s, 1, (uint16_t)(m->avail_idx[1] + s->num + 1));
	assert_int_equal(rpmsg_virtio_notified(&s->vdev, 1), -EIO);
	assert_int_equal(rpmsg_virtio_notified(&s->vdev, 1), -EIO);
	assert_non_null(strstr(rpmsg_device_why(&s->vdev.bus), "avail index"));
}

/* An OpenAMP host with the name service exchanged, nothing else sent. */
static struct host_model *openamp_up(void)
{
	struct host_model *m;

	m = remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
	m->announce = ANNOUNCE_AFTER;
	remote_echo_channel();
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(m->remote_addr, REMOTE_ADDR);
	assert_non_null(app.ch);
	return m;
}

/* --- a host that keeps posting ------------------------------------------- */

#define FLOOD_ADDR 0x777u

/* Each message delivered makes the host post the next one at once, as a
 * host on another core that never pauses would: the rx loop must still
 * return after one ring's worth, in order, nothing lost. */
static struct {
	struct host_model *m;
	struct rpmsg_endpoint ept;
	unsigned int seen, posted, total;
	bool out_of_order;
} flood;

static void flood_post(void)
{
	uint32_t seq = flood.posted;
	bool sent = false;

	assert_true(host_send(flood.m, FLOOD_ADDR, &seq, sizeof(seq), &sent));
	assert_true(sent);
	flood.posted++;
}

static int flood_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	uint32_t seq;

	(void)ept;
	(void)priv;
	(void)src;
	memcpy(&seq, data, sizeof(seq));
	if (len != sizeof(seq) || seq != flood.seen)
		flood.out_of_order = true;
	flood.seen++;
	if (flood.posted < flood.total)
		flood_post();
	return 0;
}

static void test_host_keeps_posting(void **state)
{
	struct sim *s;
	unsigned int calls = 0;
	int rc;

	(void)state;
	memset(&flood, 0, sizeof(flood));
	flood.m = openamp_up();
	s = fx.s;
	flood.total = 3u * s->num + 5u;
	assert_int_equal(rpmsg_create_ept(&flood.ept, &s->vdev.bus, "flood",
					  FLOOD_ADDR, RPMSG_ADDR_ANY, flood_cb,
					  NULL),
			 0);
	flood_post();
	/* Each call takes exactly one ring's worth while more is posted. */
	while (flood.seen < flood.total) {
		assert_true(++calls <= 8u);
		rc = rpmsg_virtio_notified(&s->vdev, 1);
		if (flood.seen < flood.total) {
			assert_int_equal(rc, (int)s->num);
			assert_int_equal(rpmsg_virtio_rx_pending(&s->vdev), 1);
		}
	}
	assert_int_equal(calls, 4);
	assert_int_equal(flood.seen, flood.total);
	assert_false(flood.out_of_order);
	assert_int_equal(rpmsg_virtio_rx_pending(&s->vdev), 0);
	assert_int_equal(rpmsg_virtio_notified(&s->vdev, 1), 0);
	assert_int_equal(rpmsg_virtio_rx_pending(NULL), -EINVAL);
	rpmsg_destroy_ept(&flood.ept);
}


/* A held rx buffer goes back only on release, with its descriptor's
 * length; the host offering the held descriptor again is refused. */
static void test_held_rx_buffer(void **state)
{
	struct host_model *m;
	struct sim *s;
	uint32_t id, len;
	bool sent;

	(void)state;
	m = openamp_up();
	s = fx.s;
	app.hold = true;
	assert_true(host_send(m, REMOTE_ADDR, "held", 4, &sent));
	assert_true(sent);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(app.last_rc, 0);
	assert_non_null(app.held);
	/* Only the announcement's buffer came back. */
	assert_int_equal(sim_used_idx(s, 1), 1);

	/* The same descriptor offered again while we hold it. */
	host_publish(m, 1, 0);
	s->to_remote[1]++;
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(remote_stats().bad, 1);
	assert_int_equal(sim_used_idx(s, 1), 1);

	assert_int_equal(rpmsg_release_rx_buffer(&app.ch->ept, app.held), 0);
	assert_int_equal(sim_used_idx(s, 1), 2);
	sim_used_entry(s, 1, 1, &id, &len);
	assert_int_equal(id, 0);
	assert_int_equal(len, SIM_BUF);
	assert_int_equal(rpmsg_release_rx_buffer(&app.ch->ept, app.held),
			 -EINVAL);
	assert_true(s->to_host[1] > 0);
}

/* A tx buffer reserved and released unsent stays with our remote: the
 * host never sees it (its stale bytes would pass for a message), and the
 * next send fills that very buffer. */
static void test_released_tx_kept(void **state)
{
	struct sim *s;
	void *payload;
	uint32_t size, id, len, rang;
	struct host_model *m;

	(void)state;
	m = openamp_up();
	s = fx.s;
	assert_int_equal(sim_used_idx(s, 0), 1);
	rang = s->rang_host[0];
	assert_int_equal(rpmsg_get_tx_buffer(&app.ch->ept, &payload, &size, 0),
			 0);
	assert_int_equal(size, SIM_BUF - RPMSG_HDR_SIZE);
	memset(payload, 0x5A, size);
	assert_int_equal(rpmsg_release_tx_buffer(&app.ch->ept, payload), 0);
	assert_int_equal(rpmsg_release_tx_buffer(&app.ch->ept, payload),
			 -EINVAL);
	assert_int_equal(rpmsg_sendto_nocopy(&app.ch->ept, payload, 1,
					     HOST_ADDR),
			 -EINVAL);
	assert_int_equal(sim_used_idx(s, 0), 1);
	assert_int_equal(s->rang_host[0], rang);

	assert_int_equal(rpmsg_send(&app.ch->ept, "x", 1), 0);
	assert_int_equal(sim_used_idx(s, 0), 2);
	sim_used_entry(s, 0, 1, &id, &len);
	assert_ptr_equal(sim_buf(s, id) + RPMSG_HDR_SIZE, payload);
	assert_int_equal(len, RPMSG_HDR_SIZE + 1);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(m->other, 1);
	assert_int_equal(m->other_hdr.len, 1);
	assert_memory_equal(m->other_data, "x", 1);
}

/* --- the name service with an OpenAMP host -------------------------------- */

/* The host's CREATE for a name our remote has a channel for (dst ANY)
 * binds that channel: one probe, no second channel, replies to the
 * announced address. Then DESTROY unbinds it and the channel stays. */
static void ns_bind(enum announce_when when)
{
	struct host_model *m;
	struct rpmsg_channel *ch;

	m = remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
	m->announce = when;
	m->total = 0;
	remote_echo_channel();
	if (when == ANNOUNCE_BEFORE)
		assert_true(host_announce(m));
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(m->ns_seen, 1);
	assert_int_equal(app.probes, 1);
	assert_int_equal(channel_count(), 1);
	ch = app.ch;
	assert_non_null(ch);
	assert_int_equal(ch->dst, HOST_ADDR);
	assert_int_equal(ch->src, REMOTE_ADDR);
	assert_int_equal(app.bound_calls, 1);
	assert_int_equal(app.bound_dst, HOST_ADDR);

	/* The channel's default destination is the announced address. */
	assert_int_equal(rpmsg_send(&ch->ept, "hi", 2), 0);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(m->other, 1);
	assert_int_equal(m->other_hdr.src, REMOTE_ADDR);
	assert_int_equal(m->other_hdr.dst, HOST_ADDR);
	assert_memory_equal(m->other_data, "hi", 2);

	/* The same announcement again changes nothing. */
	assert_true(host_announce(m));
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(app.probes, 1);
	assert_int_equal(channel_count(), 1);
	assert_int_equal(app.bound_calls, 1);

	/* DESTROY: the local channel stays, unbound from the host. */
	{
		uint8_t ns[40];
		bool sent;

		sim_ns_msg(fx.s, ns, SVC, HOST_ADDR, RPMSG_NS_DESTROY);
		assert_true(host_send(m, RPMSG_NS_ADDR, ns, sizeof(ns), &sent));
		assert_true(sent);
	}
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(channel_count(), 1);
	assert_int_equal(app.removes, 0);
	assert_int_equal(ch->dst, RPMSG_ADDR_ANY);
	assert_int_equal(app.bound_calls, 2);
	assert_int_equal(app.bound_dst, RPMSG_ADDR_ANY);
}

static void test_ns_host_announces_after(void **state)
{
	(void)state;
	ns_bind(ANNOUNCE_AFTER);
}

static void test_ns_host_announces_before(void **state)
{
	(void)state;
	ns_bind(ANNOUNCE_BEFORE);
}

/* The host announced before our remote created its channel: the channel
 * made for the announcement becomes the local one (one probe). */
static void test_ns_local_channel_later(void **state)
{
	struct host_model *m;
	struct rpmsg_device *dev;
	struct rpmsg_channel *ch = NULL;

	(void)state;
	m = remote_new(OPENAMP_HOST, 16, 16, F_NS, RPMSG_PEER_OPENAMP);
	dev = &fx.s->vdev.bus;
	assert_int_equal(rpmsg_register_driver(dev, &echo_drv), 0);
	assert_true(host_announce(m));
	assert_int_equal(rpmsg_virtio_start(&fx.s->vdev, 0), 0);
	assert_int_equal(run(m, 1000), RUN_DONE);
	assert_int_equal(app.probes, 1);
	assert_int_equal(channel_count(), 1);
	assert_int_equal(rpmsg_create_channel(dev, SVC, REMOTE_ADDR,
					      RPMSG_ADDR_ANY, &ch),
			 0);
	assert_int_equal(app.probes, 1);
	assert_int_equal(channel_count(), 1);
	assert_non_null(ch);
	assert_int_equal(ch->dst, HOST_ADDR);
	assert_int_equal(ch->src, REMOTE_ADDR);
	/* Echoes through it. */
	assert_int_equal(run(m, 1000), RUN_DONE);
	m->remote_addr = REMOTE_ADDR;
	m->total = 100;
	assert_true(host_app(m));
	expect_done(m, "channel adopted");
}

/* --- (c) the minimal remote profile against the same hosts --------------- */

static struct rpmsg_mini mini;
static struct rpmsg_mini_ept mini_ept;

static int mini_echo_cb(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
			void *data, uint32_t len, uint32_t src)
{
	app.last_rc = rpmsg_mini_send(m, ept->addr, src, data, len);
	if (!app.last_rc)
		app.echoed++;
	return 0;
}

/* A fresh region and host model, the minimal remote on it with one echo
 * endpoint at @addr, announced as SVC. */
static struct host_model *mini_new(enum host_kind kind, unsigned int num,
				   size_t align, uint32_t addr)
{
	struct rpmsg_mini_config cfg;

	if (fx.s)
		teardown(NULL);
	memset(&app, 0, sizeof(app));
	fx.s = sim_new(num, align);
	assert_non_null(fx.s);
	host_model_init(&fx.m, fx.s, kind, F_NS);
	memset(&cfg, 0, sizeof(cfg));
	cfg.link = &sim_remote_link;
	cfg.link_ctx = fx.s;
	cfg.vring[0] = fx.s->ring[0].desc;
	cfg.vring[1] = fx.s->ring[1].desc;
	cfg.num = num;
	cfg.align = (uint32_t)align;
	cfg.shm = fx.s->region;
	cfg.shm_da = SIM_DA;
	cfg.shm_size = (uint32_t)fx.s->size;
	assert_int_equal(rpmsg_mini_init(&mini, &cfg), 0);
	memset(&mini_ept, 0, sizeof(mini_ept));
	mini_ept.name = SVC;
	mini_ept.addr = addr;
	mini_ept.cb = mini_echo_cb;
	assert_int_equal(rpmsg_mini_add_ept(&mini, &mini_ept), 0);
	/* The same address twice is refused. */
	assert_int_equal(rpmsg_mini_add_ept(&mini, &mini_ept), -EINVAL);
	mini_dev = &mini;
	return &fx.m;
}

static void test_mini_openamp(void **state)
{
	static const enum announce_when whens[] = { ANNOUNCE_AFTER,
						    ANNOUNCE_BEFORE };
	struct host_model *m;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		m = mini_new(OPENAMP_HOST, 256, 4096, REMOTE_ADDR);
		m->announce = whens[i];
		m->total = ECHOES;
		m->window = 16;
		if (whens[i] == ANNOUNCE_BEFORE)
			assert_true(host_announce(m));
		/* Up: adopts the rings and announces SVC. */
		assert_true(rpmsg_mini_poll(&mini) >= 0);
		expect_done(m, "OpenAMP host, minimal remote");
		assert_int_equal(m->ns_seen, 1);
		assert_int_equal(m->ns_addr, REMOTE_ADDR);
		assert_int_equal(app.echoed, ECHOES);
		assert_int_equal(m->empty_returns, 0);
		/* The host's announcement went to no endpoint: dropped. */
		assert_int_equal(m->other, 0);
		assert_true(m->reclaimed >= ECHOES - 256u);
	}
}

static void test_mini_lite_master(void **state)
{
	struct host_model *m;
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 2; j++) {
			m = mini_new(LITE_MASTER, lite_nums[i], lite_aligns[j],
				     LITE_ADDR);
			m->total = ECHOES;
			m->window = lite_nums[i] < 8 ? lite_nums[i] : 8;
			assert_int_equal(rpmsg_mini_poll(&mini), 0);
			assert_true(host_app(m));
			expect_done(m, "RPMsg-Lite master, minimal remote");
			assert_int_equal(app.echoed, ECHOES);
			/* No name service accepted: nothing announced. */
			assert_int_equal(m->ns_seen, 0);
			assert_int_equal(m->other, 0);
			assert_int_equal(sim_used_idx(fx.s, 1),
					 (uint16_t)(lite_nums[i] + ECHOES));
			assert_int_equal(sim_avail_flags(fx.s, 0),
					 RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
		}
	}
}

static int mini_flood_cb(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
			 void *data, uint32_t len, uint32_t src)
{
	(void)m;
	(void)ept;
	return flood_cb(NULL, data, len, NULL, src);
}

/* The minimal remote under a host that keeps posting: num + 1 messages a
 * call, then -EBUSY (call again), in order, nothing lost. */
static void test_mini_host_keeps_posting(void **state)
{
	unsigned int calls = 0, before;
	int rc;

	(void)state;
	memset(&flood, 0, sizeof(flood));
	flood.m = mini_new(OPENAMP_HOST, 16, 16, REMOTE_ADDR);
	mini_ept.cb = mini_flood_cb;
	mini_ept.addr = FLOOD_ADDR;
	assert_int_equal(rpmsg_mini_poll(&mini), 0);
	flood.total = 3u * 16u + 5u;
	flood_post();
	while (flood.seen < flood.total) {
		assert_true(++calls <= 8u);
		before = flood.seen;
		rc = rpmsg_mini_poll(&mini);
		if (flood.seen < flood.total) {
			assert_int_equal(rc, -EBUSY);
			assert_int_equal(flood.seen - before, 17);
		} else {
			assert_int_equal(rc, (int)(flood.seen - before));
		}
	}
	assert_int_equal(calls, 4);
	assert_false(flood.out_of_order);
	assert_int_equal(rpmsg_mini_poll(&mini), 0);
}

/* A host that writes an avail index more than num ahead, or a head out
 * of range, breaks the ring: -EIO until it resets the device, then a
 * fresh start works. */
static void test_mini_broken_ring(void **state)
{
	struct host_model *m;

	(void)state;
	m = mini_new(OPENAMP_HOST, 16, 16, REMOTE_ADDR);
	assert_int_equal(rpmsg_mini_poll(&mini), 0);
	sim_set_avail_idx(fx.s, 1, 17);
	assert_int_equal(rpmsg_mini_poll(&mini), -EIO);
	assert_int_equal(rpmsg_mini_send(&mini, REMOTE_ADDR, HOST_ADDR, "x",
					 1),
			 -EIO);
	fx.s->status = 0;
	assert_int_equal(rpmsg_mini_poll(&mini), 0);
	assert_int_equal(rpmsg_mini_send(&mini, REMOTE_ADDR, HOST_ADDR, "x",
					 1),
			 -EAGAIN);
	sim_set_avail_idx(fx.s, 1, 1);
	sim_set_avail_entry(fx.s, 1, 0, 16); /* head == num */
	fx.s->status = RPMSG_VIRTIO_STATUS_DRIVER_OK;
	assert_int_equal(rpmsg_mini_poll(&mini), -EIO);
	(void)m;
}

/* Descriptors outside the window, wrapping, misaligned, chained, or too
 * short for a header are given back (length 0 for the unusable ones)
 * and nothing is delivered; a header length beyond the buffer too. */
static void test_mini_garbage_descriptors(void **state)
{
	struct host_model *m;
	uint32_t id, len;
	uint8_t *b;

	(void)state;
	m = mini_new(OPENAMP_HOST, 16, 16, REMOTE_ADDR);
	m->announce = ANNOUNCE_NEVER;
	assert_int_equal(rpmsg_mini_poll(&mini), 0);
	/* Each case: descriptor 0 of vq 1 published once. */
	struct {
		uint64_t da;
		uint32_t len;
		uint16_t flags;
		uint32_t used_len;
	} cases[] = {
		{ SIM_DA - 16, 64, 0, 0 },
		{ SIM_DA + fx.s->size - 8, 64, 0, 0 },
		{ SIM_DA + 64, 0xfffffff0u, 0, 0 },
		{ 0xfffffffffffffff0ull, 64, 0, 0 },
		{ sim_buf_da(fx.s, 16) + 2, 64, 0, 0 },
		{ sim_buf_da(fx.s, 16), 64, RPMSG_VRING_DESC_F_NEXT, 0 },
		{ sim_buf_da(fx.s, 16), 64, RPMSG_VRING_DESC_F_INDIRECT, 0 },
		{ sim_buf_da(fx.s, 16), 15, 0, 15 },
		{ sim_buf_da(fx.s, 16), 64, 0, 64 }, /* header len 49 */
	};
	size_t i;

	b = sim_buf(fx.s, 16);
	sim_write_msg(fx.s, b, HOST_ADDR, REMOTE_ADDR, "hello", 5);
	sim_wr16(fx.s, b + 12, 49);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sim_set_desc(fx.s, 1, 0, cases[i].da, cases[i].len,
			     cases[i].flags);
		host_publish(m, 1, 0);
		assert_int_equal(rpmsg_mini_poll(&mini), 0);
		sim_used_entry(fx.s, 1, (uint16_t)(sim_used_idx(fx.s, 1) - 1u),
			       &id, &len);
		assert_int_equal(id, 0);
		assert_int_equal(len, cases[i].used_len);
	}
	assert_int_equal(app.echoed, 0);
	/* A well-formed message is still echoed. */
	sim_write_msg(fx.s, b, HOST_ADDR, REMOTE_ADDR, "hello", 5);
	sim_set_desc(fx.s, 1, 0, sim_buf_da(fx.s, 16), 64, 0);
	host_publish(m, 1, 0);
	assert_int_equal(rpmsg_mini_poll(&mini), 1);
	assert_int_equal(app.echoed, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_openamp_echo_announce_after,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_openamp_echo_announce_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_openamp_event_idx_granted,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_openamp_event_idx_linux_profile_stalls, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_lite_master_profile,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_lite_master_recognised,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_lite_index_wrap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_flags_only_host, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blocked_sender_lite, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blocked_sender_openamp,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_buffer_skipped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_features_not_offered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_descriptors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_held_rx_buffer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_released_tx_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ns_host_announces_after,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ns_host_announces_before,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ns_local_channel_later,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_mini_openamp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mini_lite_master, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_host_keeps_posting, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mini_host_keeps_posting,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_mini_broken_ring, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mini_garbage_descriptors,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
