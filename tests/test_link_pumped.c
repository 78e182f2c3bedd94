// SPDX-License-Identifier: BSD-3-Clause
/*
 * A host and a remote against each other in one thread: an own-loop
 * in-process struct rpmsg_link, doorbells delivered by
 * rpmsg_link_service().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#define F_ALL RPMSG_VIRTIO_SUPPORTED_FEATURES
#define F_NS (1ull << RPMSG_VIRTIO_RPMSG_F_NS)
#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define F_V1 (1ull << RPMSG_VIRTIO_F_VERSION_1)

#define MTU 496u
#define MAX_HELD 64

/* The link under test, destroyed by the teardown even after a failure:
 * an own-loop in-process struct rpmsg_link whose role is the host. */
static struct rpmsg_link *lnk;
static struct rpmsg_device *host;
static struct rpmsg_device *remote;
/* Endpoints outlive a failed test, until the teardown unbinds them. */
static struct rpmsg_endpoint ep[4];

#define HOST_VDEV() rpmsg_link_vdev(lnk)
#define REMOTE_VDEV() rpmsg_link_peer_vdev(lnk)

/* @hf: features the host wants, @rf: those the remote offers (neither
 * may be 0, which a link description reads as "the default"). */
static void link_new(unsigned int num_bufs, unsigned int buf_size,
		     unsigned int vring_num, uint64_t hf, uint64_t rf)
{
	struct rpmsg_link_desc d = {
		.transport = RPMSG_LINK_INPROC,
		.role = RPMSG_VIRTIO_HOST,
		.features = hf,
		.peer_features = rf,
		.num_bufs = num_bufs,
		.buf_size = buf_size,
		.vring_num = vring_num,
		.own_loop = true,
	};

	assert_null(lnk);
	assert_true(hf && rf);
	assert_int_equal(rpmsg_link_create(&lnk, &d), 0);
	host = rpmsg_link_bus(lnk);
	remote = rpmsg_link_peer_bus(lnk);
}

static void link_up(unsigned int num_bufs, unsigned int buf_size,
		    unsigned int vring_num, uint64_t hf, uint64_t rf)
{
	link_new(num_bufs, buf_size, vring_num, hf, rf);
	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
}

static void pump(void)
{
	assert_true(rpmsg_link_service(lnk) >= 0);
}

static struct rpmsg_stats stats(struct rpmsg_device *d)
{
	struct rpmsg_stats st;

	assert_int_equal(rpmsg_get_stats(d, &st), 0);
	return st;
}

/* --- recording callbacks -------------------------------------------------- */

struct rec {
	unsigned int count;
	size_t len;
	uint32_t src;
	uint8_t data[1024];
	bool hold;
	int hold_rc;
	unsigned int nheld;
	void *held[MAX_HELD];
};

static int rec_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, uint32_t src)
{
	struct rec *r = priv;

	if (!r)
		return 0;
	r->count++;
	r->len = len;
	r->src = src;
	if (len <= sizeof(r->data))
		memcpy(r->data, data, len);
	if (r->hold && r->nheld < MAX_HELD) {
		r->hold_rc = rpmsg_hold_rx_buffer(ept, data);
		if (!r->hold_rc)
			r->held[r->nheld++] = data;
	}
	return 0;
}

/* Sends every message back to its sender. */
struct echo {
	unsigned int count;
	int rc;
};

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	struct echo *e = priv;

	e->count++;
	e->rc = rpmsg_sendto(ept, data, len, src);
	return 0;
}

static void fill(uint8_t *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed * 31u + i * 7u + 1u);
}

/* --- drivers on both sides ------------------------------------------------ */

struct drv_log {
	unsigned int probed;
	unsigned int removed;
	unsigned int rx;
	struct rpmsg_channel *ch;
	int probe_send_rc;
	uint32_t rx_src;
	size_t rx_len;
	uint8_t rx_data[16];
};

static struct drv_log hlog, rlog;

static int log_probe(struct drv_log *l, struct rpmsg_channel *ch)
{
	l->probed++;
	l->ch = ch;
	/* Say hello on channels whose peer address is known. */
	l->probe_send_rc = ch->dst != RPMSG_ADDR_ANY
				   ? rpmsg_send(&ch->ept, "hello", 5)
				   : 1;
	return 0;
}

static void log_rx(struct drv_log *l, const void *data, size_t len,
		   uint32_t src)
{
	size_t n = len < sizeof(l->rx_data) ? len : sizeof(l->rx_data);

	l->rx++;
	l->rx_src = src;
	l->rx_len = len;
	memcpy(l->rx_data, data, n);
}

static int h_probe(struct rpmsg_channel *ch)
{
	return log_probe(&hlog, ch);
}

static void h_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	hlog.removed++;
}

static int h_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	log_rx(&hlog, data, len, src);
	return 0;
}

static int r_probe(struct rpmsg_channel *ch)
{
	return log_probe(&rlog, ch);
}

static void r_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	rlog.removed++;
}

static int r_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	log_rx(&rlog, data, len, src);
	return 0;
}

static const struct rpmsg_device_id svc_ids[] = {
	{ "svc-r" }, /* announced by the remote */
	{ "svc-h" }, /* announced by the host */
	{ "" },
};

static const struct rpmsg_driver host_drv = {
	.name = "host-drv",
	.id_table = svc_ids,
	.probe = h_probe,
	.remove = h_remove,
	.callback = h_cb,
};

static const struct rpmsg_driver remote_drv = {
	.name = "remote-drv",
	.id_table = svc_ids,
	.probe = r_probe,
	.remove = r_remove,
	.callback = r_cb,
};

static int setup(void **state)
{
	(void)state;
	lnk = NULL;
	host = NULL;
	remote = NULL;
	memset(&hlog, 0, sizeof(hlog));
	memset(&rlog, 0, sizeof(rlog));
	memset(ep, 0, sizeof(ep));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rpmsg_link_destroy(lnk);
	lnk = NULL;
	return 0;
}

static bool has_ept(struct rpmsg_device *d, uint32_t addr)
{
	struct rpmsg_ept_info info[32];
	int i, n = rpmsg_list_endpoints(d, info, 32);

	assert_true(n >= 0 && n <= 32);
	for (i = 0; i < n; i++)
		if (info[i].addr == addr)
			return true;
	return false;
}

/* The only place in the region holding @pat. */
static uint8_t *find_unique(const void *pat, size_t len)
{
	size_t size, i;
	uint8_t *region = rpmsg_link_region(lnk, &size);
	uint8_t *hit = NULL;

	assert_non_null(region);
	for (i = 0; i + len <= size; i++) {
		if (!memcmp(region + i, pat, len)) {
			assert_null(hit);
			hit = region + i;
		}
	}
	assert_non_null(hit);
	return hit;
}

/* --- receiving without callbacks, tx-ready event ------------------------- */

/* A queued endpoint keeps each message (its buffer held) until
 * rpmsg_recv() takes it, in order; a full queue drops and counts; flush
 * gives the rest back. */
static void test_recv_queue(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rpmsg_rx_msg msgs[3], m;
	struct rpmsg_rx_queue q;
	unsigned int i;
	uint32_t v;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x430, 0x431, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept_queued(r, remote, "r", 0x431, 0x430,
						 &q, msgs, 0), -EINVAL);
	assert_int_equal(rpmsg_create_ept_queued(r, remote, "r", 0x431, 0x430,
						 &q, msgs, 3), 0);
	assert_int_equal(rpmsg_recv(r, &m, 0), -EAGAIN);
	assert_int_equal(rpmsg_recv(h, &m, 0), -EINVAL); /* not queued */
	assert_int_equal(rpmsg_recv(r, NULL, 0), -EINVAL);
	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_trysend(h, &i, sizeof(i)), 0);
	pump();
	for (i = 0; i < 3; i++) {
		assert_int_equal(rpmsg_recv(r, &m, 0), 0);
		assert_int_equal(m.len, sizeof(v));
		assert_int_equal(m.src, 0x430);
		memcpy(&v, m.data, sizeof(v));
		assert_int_equal(v, i);
		assert_int_equal(rpmsg_release_rx_buffer(r, m.data), 0);
	}
	assert_int_equal(rpmsg_recv(r, &m, 0), -EAGAIN);
	/* The fake clock of the pumped port ends a wait at once: a timed
	 * receive of nothing times out. */
	assert_int_equal(rpmsg_recv(r, &m, 5), -ETIMEDOUT);

	/* Four messages, room for three: one dropped and counted. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(h, &i, sizeof(i)), 0);
	pump();
	assert_int_equal(stats(remote).dropped, 1);
	assert_int_equal(rpmsg_recv_flush(r), 3);
	assert_int_equal(rpmsg_recv(r, &m, 0), -EAGAIN);
	/* Every buffer came back: the ring is whole. */
	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_trysend(h, &i, sizeof(i)), 0);
	pump();
	assert_int_equal(rpmsg_recv_flush(r), 3);
	assert_int_equal(rpmsg_destroy_ept(r), 0);
	assert_int_equal(rpmsg_recv(r, &m, 0), -EINVAL);
}

static unsigned int tx_ready_calls;

static void tx_ready_cb(struct rpmsg_device *d, void *priv)
{
	assert_ptr_equal(priv, &tx_ready_calls);
	assert_non_null(d);
	tx_ready_calls++;
}

/* After a try send fails for want of a buffer, the event comes once when
 * the peer gives buffers back, and not before. */
static void test_tx_ready_event(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };
	unsigned int i, round;
	struct rpmsg_device *side[2];

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	side[0] = host;
	side[1] = remote;
	assert_int_equal(rpmsg_set_tx_ready_cb(NULL, tx_ready_cb, NULL),
			 -EINVAL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x440, 0x441, rec_cb,
					  &rrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x441, 0x440,
					  rec_cb, &rrec), 0);
	for (round = 0; round < 2; round++) {
		struct rpmsg_endpoint *e = round ? r : h;

		tx_ready_calls = 0;
		assert_int_equal(rpmsg_set_tx_ready_cb(side[round],
						       tx_ready_cb,
						       &tx_ready_calls), 0);
		for (i = 0; i < 4; i++)
			assert_int_equal(rpmsg_trysend(e, &i, sizeof(i)), 0);
		assert_int_equal(rpmsg_trysend(e, "x", 1), -ENOMEM);
		assert_int_equal(rpmsg_trysend(e, "x", 1), -ENOMEM);
		assert_int_equal(tx_ready_calls, 0);
		pump();
		assert_int_equal(tx_ready_calls, 1);
		pump();
		assert_int_equal(tx_ready_calls, 1); /* once per failure */
		assert_int_equal(rpmsg_trysend(e, "y", 1), 0);
		assert_int_equal(rpmsg_set_tx_ready_cb(side[round], NULL,
						       NULL), 0);
		pump();
	}
}

/* --- start and name service ----------------------------------------------- */

static void test_start(void **state)
{
	(void)state;
	link_new(0, 0, 0, F_ALL, F_ALL);
	assert_false(has_ept(host, RPMSG_NS_ADDR));
	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
	assert_int_equal(rpmsg_virtio_features(HOST_VDEV()),
			 F_ALL);
	assert_int_equal(rpmsg_virtio_features(REMOTE_VDEV()),
			 F_ALL);
	assert_true(has_ept(host, RPMSG_NS_ADDR));
	assert_true(has_ept(remote, RPMSG_NS_ADDR));
	assert_int_equal(rpmsg_virtio_start(HOST_VDEV(), 0),
			 -EALREADY);
	assert_int_equal(rpmsg_virtio_start(REMOTE_VDEV(), 0),
			 -EALREADY);
	assert_int_equal(rpmsg_link_service(lnk), 0);
	assert_int_equal(stats(host).bad, 0);
	assert_int_equal(stats(remote).bad, 0);
}

static void test_ns_remote_to_host(void **state)
{
	struct rpmsg_channel *hch, *rch;
	struct rpmsg_channel_info info;

	(void)state;
	link_new(0, 0, 0, F_ALL, F_ALL);
	assert_int_equal(rpmsg_register_driver(remote, &remote_drv), 0);
	assert_int_equal(rpmsg_create_channel(remote, "svc-r", 0x500,
					      RPMSG_ADDR_ANY, &rch), 0);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	assert_int_equal(rlog.probed, 1);
	assert_int_equal(rpmsg_list_channels(host, NULL, 0), 0);

	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
	pump();
	hch = rpmsg_find_channel(host, "svc-r", 0x500);
	assert_non_null(hch);
	assert_ptr_equal(hch->driver, &host_drv);
	assert_true(hch->src >= RPMSG_RESERVED_ADDRESSES);
	assert_true(hch->src != RPMSG_ADDR_ANY);
	assert_true(hch->ept.bound);
	assert_int_equal(hlog.probed, 1);
	assert_ptr_equal(hlog.ch, hch);
	assert_int_equal(rpmsg_list_channels(host, &info, 1), 1);
	assert_string_equal(info.driver, "host-drv");
	assert_false(info.announce);

	/* The host's probe said hello to the remote's channel. */
	assert_int_equal(hlog.probe_send_rc, 0);
	assert_int_equal(rlog.rx, 1);
	assert_int_equal(rlog.rx_src, hch->src);
	assert_memory_equal(rlog.rx_data, "hello", 5);
	/* And the remote can answer on its default endpoint. */
	assert_int_equal(rpmsg_sendto(&rch->ept, "back", 4, hch->src), 0);
	pump();
	assert_int_equal(hlog.rx, 1);
	assert_int_equal(hlog.rx_src, 0x500);
	assert_memory_equal(hlog.rx_data, "back", 4);

	/* The remote destroys it: the host's channel goes, remove called. */
	assert_int_equal(rpmsg_destroy_channel(rch), 0);
	assert_int_equal(rlog.removed, 1);
	pump();
	assert_null(rpmsg_find_channel(host, "svc-r", 0x500));
	assert_int_equal(hlog.removed, 1);
	assert_int_equal(stats(host).bad, 0);
}

/* rpmsg_ns_announce() on a plain endpoint: the host makes and removes a
 * channel as for a channel's own announcement. */
static void test_ns_announce_endpoint(void **state)
{
	struct rpmsg_channel *hch;

	(void)state;
	link_up(0, 0, 0, F_ALL, F_ALL);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	assert_int_equal(rpmsg_create_ept(&ep[0], remote, "plain", 0x600,
					  RPMSG_ADDR_ANY, r_cb, NULL), 0);
	/* Announcements go to channels in this configuration; the
	 * callback only gets what no driver serves. */
	assert_int_equal(rpmsg_ns_set_cb(host, NULL, NULL), 0);
	assert_int_equal(rpmsg_ns_announce(remote, "plain", 0x600, 2),
			 -EINVAL);
	assert_int_equal(rpmsg_ns_announce(remote, "svc-r", 0x600,
					   RPMSG_NS_CREATE), 0);
	pump();
	hch = rpmsg_find_channel(host, "svc-r", 0x600);
	assert_non_null(hch);
	assert_ptr_equal(hch->driver, &host_drv);
	/* The host's probe said hello to the announced address. */
	assert_int_equal(rlog.rx, 1);
	assert_memory_equal(rlog.rx_data, "hello", 5);

	assert_int_equal(rpmsg_ns_announce(remote, "svc-r", 0x600,
					   RPMSG_NS_DESTROY), 0);
	pump();
	assert_null(rpmsg_find_channel(host, "svc-r", 0x600));
	assert_int_equal(hlog.removed, 1);
	assert_int_equal(stats(host).bad, 0);
}

static void test_ns_host_to_remote(void **state)
{
	struct rpmsg_channel *hch, *rch;

	(void)state;
	link_up(0, 0, 0, F_ALL, F_ALL);
	assert_int_equal(rpmsg_register_driver(remote, &remote_drv), 0);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	/* Created after start: announced as soon as it binds. */
	assert_int_equal(rpmsg_create_channel(host, "svc-h", 0x600,
					      RPMSG_ADDR_ANY, &hch), 0);
	assert_int_equal(hlog.probed, 1);
	pump();
	rch = rpmsg_find_channel(remote, "svc-h", 0x600);
	assert_non_null(rch);
	assert_ptr_equal(rch->driver, &remote_drv);
	assert_true(rch->src >= RPMSG_RESERVED_ADDRESSES);
	assert_int_equal(rlog.probed, 1);
	/* The remote's probe said hello to the host's channel. */
	assert_int_equal(rlog.probe_send_rc, 0);
	assert_int_equal(hlog.rx, 1);
	assert_int_equal(hlog.rx_src, rch->src);
	assert_memory_equal(hlog.rx_data, "hello", 5);

	assert_int_equal(rpmsg_destroy_channel(hch), 0);
	assert_int_equal(hlog.removed, 1);
	pump();
	assert_null(rpmsg_find_channel(remote, "svc-h", 0x600));
	assert_int_equal(rlog.removed, 1);
	assert_int_equal(rpmsg_list_channels(remote, NULL, 0), 0);
}

/* --- traffic -------------------------------------------------------------- */

static void echo_all_sizes(uint64_t hf, uint64_t rf)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1], *h2 = &ep[2],
			      *r2 = &ep[3];
	struct rec hrec = { 0 }, rrec = { 0 };
	struct echo recho = { 0 }, hecho = { 0 };
	uint8_t buf[MTU + 1];
	unsigned int n;

	link_up(0, 0, 0, hf, rf);
	assert_int_equal(rpmsg_create_ept(h, host, "h", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x400,
					  RPMSG_ADDR_ANY, echo_cb, &recho), 0);
	for (n = 0; n <= MTU; n++) {
		fill(buf, n, n);
		assert_int_equal(rpmsg_sendto(h, buf, n, 0x400), 0);
		pump();
		assert_int_equal(recho.count, n + 1);
		assert_int_equal(recho.rc, 0);
		assert_int_equal(hrec.count, n + 1);
		assert_int_equal(hrec.len, n);
		assert_int_equal(hrec.src, 0x400);
		assert_memory_equal(hrec.data, buf, n);
	}

	/* The other way round. */
	assert_int_equal(rpmsg_create_ept(r2, remote, "r2", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_create_ept(h2, host, "h2", 0x401,
					  RPMSG_ADDR_ANY, echo_cb, &hecho), 0);
	for (n = 0; n <= MTU; n++) {
		fill(buf, n, n + 1000u);
		assert_int_equal(rpmsg_sendto(r2, buf, n, 0x401), 0);
		pump();
		assert_int_equal(hecho.count, n + 1);
		assert_int_equal(hecho.rc, 0);
		assert_int_equal(rrec.count, n + 1);
		assert_int_equal(rrec.len, n);
		assert_int_equal(rrec.src, 0x401);
		assert_memory_equal(rrec.data, buf, n);
	}
	assert_int_equal(stats(host).rx, 2 * (MTU + 1));
	assert_int_equal(stats(remote).rx, 2 * (MTU + 1));
	assert_int_equal(stats(host).tx, 2 * (MTU + 1));
	assert_int_equal(stats(host).bad + stats(host).dropped, 0);
	assert_int_equal(stats(remote).bad + stats(remote).dropped, 0);
}

static void test_echo_all_features(void **state)
{
	(void)state;
	echo_all_sizes(F_ALL, F_ALL);
}

static void test_echo_no_event_idx(void **state)
{
	(void)state;
	echo_all_sizes(F_ALL & ~F_EVENT_IDX, F_ALL);
}

static void test_echo_no_features(void **state)
{
	(void)state;
	/* Nothing in common: no feature is negotiated. */
	echo_all_sizes(F_EVENT_IDX, F_ALL & ~F_EVENT_IDX);
	assert_int_equal(rpmsg_virtio_features(REMOTE_VDEV()),
			 0);
}

static void check_mtu(unsigned int expect)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 }, rrec = { 0 };
	uint8_t buf[1100];
	uint32_t size;
	void *p;

	assert_true(expect + 1 <= sizeof(buf));
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x410, 0x411, rec_cb,
					  &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x411, 0x410,
					  rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_get_mtu(h), (int)expect);
	assert_int_equal(rpmsg_get_mtu(r), (int)expect);
	fill(buf, expect + 1, 7);
	assert_int_equal(rpmsg_send(h, buf, expect + 1), -EMSGSIZE);
	assert_int_equal(rpmsg_trysend(r, buf, expect + 1), -EMSGSIZE);
	assert_int_equal(rpmsg_send(h, buf, expect), 0);
	assert_int_equal(rpmsg_send(r, buf, expect), 0);
	pump();
	assert_int_equal(rrec.count, 1);
	assert_int_equal(rrec.len, expect);
	assert_memory_equal(rrec.data, buf, expect);
	assert_int_equal(hrec.count, 1);
	assert_int_equal(hrec.len, expect);
	assert_memory_equal(hrec.data, buf, expect);
	/* A reserved buffer offers exactly the MTU. */
	assert_int_equal(rpmsg_get_tx_buffer(h, &p, &size, 0), 0);
	assert_int_equal(size, expect);
	assert_int_equal(rpmsg_send_nocopy(h, p, expect + 1), -EMSGSIZE);
	assert_int_equal(rpmsg_release_tx_buffer(h, p), 0);
	assert_int_equal(rpmsg_get_tx_buffer(r, &p, &size, 0), 0);
	assert_int_equal(size, expect);
	assert_int_equal(rpmsg_send_nocopy(r, p, expect + 1), -EMSGSIZE);
	assert_int_equal(rpmsg_release_tx_buffer(r, p), 0);
}

static void test_mtu_default(void **state)
{
	(void)state;
	link_up(0, 0, 0, F_ALL, F_ALL);
	check_mtu(MTU);
}

static void test_mtu_small_buffers(void **state)
{
	(void)state;
	link_up(16, 256, 0, F_ALL, F_ALL);
	check_mtu(256 - 16);
}

static void test_mtu_large_buffers(void **state)
{
	(void)state;
	link_up(8, 1024, 8, F_ALL, F_ALL);
	check_mtu(1024 - 16);
}

/* Where the pool starts: the buffers fill the end of the region. */
static uint8_t *pool_start(unsigned int num_bufs, unsigned int buf_size)
{
	size_t size;
	uint8_t *region = rpmsg_link_region(lnk, &size);

	return region + size - (size_t)num_bufs * buf_size;
}

static void test_wire_format(void **state)
{
	static const char out_msg[] = "wire: host to remote";
	static const char in_msg[] = "wire: remote to host!";
	const size_t olen = sizeof(out_msg) - 1, ilen = sizeof(in_msg) - 1;
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 }, rrec = { 0 };
	uint8_t *pool, *p, *hdr;
	size_t size;

	(void)state;
	link_new(0, 0, 0, F_ALL, F_ALL);
	/* Dirty every byte so that zero fields are really written. */
	p = rpmsg_link_region(lnk, &size);
	memset(p, 0xa5, size);
	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
	assert_true(rpmsg_virtio_features(HOST_VDEV()) &
		    F_V1);
	pool = pool_start(512, 512);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x0a0b0c0d,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x01020304,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);

	assert_int_equal(rpmsg_sendto(h, out_msg, olen, 0x01020304), 0);
	p = find_unique(out_msg, olen);
	hdr = p - 16;
	/* A tx buffer: in the second half of the pool, header first. */
	assert_true(hdr >= pool + 256 * 512);
	assert_true(hdr < pool + 512 * 512);
	assert_int_equal((size_t)(hdr - pool) % 512, 0);
	assert_memory_equal(hdr + 0, "\x0d\x0c\x0b\x0a", 4);
	assert_memory_equal(hdr + 4, "\x04\x03\x02\x01", 4);
	assert_memory_equal(hdr + 8, "\0\0\0\0", 4);
	assert_int_equal(hdr[12], olen);
	assert_int_equal(hdr[13], 0);
	assert_memory_equal(hdr + 14, "\0\0", 2);
	pump();
	assert_int_equal(rrec.count, 1);
	assert_int_equal(rrec.src, 0x0a0b0c0d);
	assert_int_equal(rrec.len, olen);

	assert_int_equal(rpmsg_sendto(r, in_msg, ilen, 0x0a0b0c0d), 0);
	p = find_unique(in_msg, ilen);
	hdr = p - 16;
	/* An rx buffer of the host: first half. */
	assert_true(hdr >= pool);
	assert_true(hdr < pool + 256 * 512);
	assert_int_equal((size_t)(hdr - pool) % 512, 0);
	assert_memory_equal(hdr + 0, "\x04\x03\x02\x01", 4);
	assert_memory_equal(hdr + 4, "\x0d\x0c\x0b\x0a", 4);
	assert_memory_equal(hdr + 8, "\0\0\0\0", 4);
	assert_int_equal(hdr[12], ilen);
	assert_int_equal(hdr[13], 0);
	assert_memory_equal(hdr + 14, "\0\0", 2);
	pump();
	assert_int_equal(hrec.count, 1);
	assert_int_equal(hrec.src, 0x01020304);
	assert_memory_equal(hrec.data, in_msg, ilen);
}

static void test_legacy_native_order(void **state)
{
	static const char msg[] = "legacy byte order";
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 }, rrec = { 0 };
	struct rpmsg_channel *hch;
	uint32_t v32;
	uint16_t v16;
	uint8_t *hdr;

	(void)state;
	/* The remote does not offer VERSION_1: a legacy device. */
	link_new(0, 0, 0, F_ALL, F_ALL & ~F_V1);
	assert_int_equal(rpmsg_register_driver(remote, &remote_drv), 0);
	assert_int_equal(rpmsg_create_channel(remote, "svc-r", 0x0a0b0c0d,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
	assert_int_equal(rpmsg_virtio_features(HOST_VDEV()),
			 F_ALL & ~F_V1);
	assert_int_equal(rpmsg_virtio_features(REMOTE_VDEV()),
			 F_ALL & ~F_V1);
	/* The name service works in native order. */
	hch = rpmsg_find_channel(host, "svc-r", 0x0a0b0c0d);
	assert_non_null(hch);
	assert_ptr_equal(hch->driver, &host_drv);
	assert_int_equal(rlog.rx, 1);

	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x11223344,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x55667788,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_sendto(h, msg, sizeof(msg), 0x55667788), 0);
	hdr = find_unique(msg, sizeof(msg)) - 16;
	memcpy(&v32, hdr, 4);
	assert_int_equal(v32, 0x11223344);
	memcpy(&v32, hdr + 4, 4);
	assert_int_equal(v32, 0x55667788);
	memcpy(&v16, hdr + 12, 2);
	assert_int_equal(v16, sizeof(msg));
	pump();
	assert_int_equal(rrec.count, 1);
	assert_memory_equal(rrec.data, msg, sizeof(msg));
	assert_int_equal(rpmsg_sendto(r, "pong", 4, 0x11223344), 0);
	pump();
	assert_int_equal(hrec.count, 1);
	assert_int_equal(hrec.src, 0x55667788);
}

/* --- buffer exhaustion ---------------------------------------------------- */

static void test_host_tx_exhaustion(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };
	unsigned int i, round;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x420, 0x421, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x421, 0x420,
					  rec_cb, &rrec), 0);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 4; i++)
			assert_int_equal(rpmsg_trysend(h, &i, sizeof(i)), 0);
		assert_int_equal(rpmsg_trysend(h, "x", 1), -ENOMEM);
		assert_int_equal(rpmsg_trysendto(h, "x", 1, 0x421), -ENOMEM);
		assert_int_equal(rrec.count, round * 4);
		pump();
		assert_int_equal(rrec.count, round * 4 + 4);
		assert_memory_equal(rrec.data, &(unsigned int){ 3 },
				    sizeof(unsigned int));
	}
	/* A blocking sender lets the peer run until a buffer comes back. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(h, "y", 1), 0);
	assert_int_equal(rpmsg_send(h, "z", 1), 0);
	pump();
	assert_int_equal(rrec.count, 17);
	assert_memory_equal(rrec.data, "z", 1);
}

static void test_host_send_timeout(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { .hold = true };
	unsigned int i;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x420, 0x421, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x421, 0x420,
					  rec_cb, &rrec), 0);
	/* The remote keeps every buffer it gets. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(h, "held", 4), 0);
	pump();
	assert_int_equal(rrec.count, 4);
	assert_int_equal(rrec.nheld, 4);
	assert_int_equal(rrec.hold_rc, 0);
	assert_int_equal(rpmsg_send_offchannel_timeout(h, 0x420, 0x421, "t", 1,
						       10), -ETIMEDOUT);
	assert_int_equal(rpmsg_set_timeout(h, 10), 0);
	assert_int_equal(rpmsg_send(h, "t", 1), -ETIMEDOUT);
	assert_int_equal(rpmsg_trysend(h, "t", 1), -ENOMEM);
	assert_int_equal(rrec.count, 4);

	/* Holding is only possible inside the callback. */
	assert_int_equal(rpmsg_hold_rx_buffer(r, rrec.held[0]), -EINVAL);
	/* Give them back: traffic resumes. */
	rrec.hold = false;
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_release_rx_buffer(r, rrec.held[i]), 0);
	assert_int_equal(rpmsg_release_rx_buffer(r, rrec.held[0]), -EINVAL);
	pump();
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(h, "again", 5), 0);
	assert_int_equal(rpmsg_send(h, "more", 4), 0);
	pump();
	assert_int_equal(rrec.count, 9);
	assert_memory_equal(rrec.data, "more", 4);
	assert_int_equal(stats(remote).bad, 0);
}

static void test_remote_tx_exhaustion(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 };
	unsigned int i;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x420, 0x421, rec_cb,
					  &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x421, 0x420,
					  rec_cb, NULL), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(r, "r", 1), 0);
	assert_int_equal(rpmsg_trysend(r, "x", 1), -ENOMEM);
	pump();
	assert_int_equal(hrec.count, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(r, "s", 1), 0);
	assert_int_equal(rpmsg_trysend(r, "x", 1), -ENOMEM);
	/* A blocking sender pumps the host, which gives buffers back. */
	assert_int_equal(rpmsg_send(r, "w", 1), 0);
	pump();
	assert_int_equal(hrec.count, 9);
	assert_memory_equal(hrec.data, "w", 1);

	/* Now the host keeps every buffer. */
	hrec.hold = true;
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(r, "held", 4), 0);
	pump();
	assert_int_equal(hrec.count, 13);
	assert_int_equal(hrec.nheld, 4);
	assert_int_equal(rpmsg_send_offchannel_timeout(r, 0x421, 0x420, "t", 1,
						       10), -ETIMEDOUT);
	assert_int_equal(rpmsg_trysend(r, "t", 1), -ENOMEM);
	hrec.hold = false;
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_release_rx_buffer(h, hrec.held[i]), 0);
	assert_int_equal(rpmsg_release_rx_buffer(h, hrec.held[3]), -EINVAL);
	pump();
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(r, "again", 5), 0);
	assert_int_equal(rpmsg_send(r, "more", 4), 0);
	pump();
	assert_int_equal(hrec.count, 18);
	assert_memory_equal(hrec.data, "more", 4);
	assert_int_equal(stats(host).bad, 0);
}

/* --- zero copy ------------------------------------------------------------ */

/* @a sends to @b's endpoint without copying. */
static void zero_copy(struct rpmsg_endpoint *a, struct rec *brec,
		      bool from_host)
{
	uint8_t local[32], pattern[MTU];
	void *p, *q[5];
	uint32_t size;
	unsigned int i;

	fill(pattern, MTU, 99);
	assert_int_equal(rpmsg_get_tx_buffer(a, &p, &size, 0), 0);
	assert_int_equal(size, MTU);
	memcpy(p, pattern, MTU);
	assert_int_equal(rpmsg_send_nocopy(a, p, MTU), 0);
	pump();
	assert_int_equal(brec->count, 1);
	assert_int_equal(brec->len, MTU);
	assert_int_equal(brec->src, a->addr);
	assert_memory_equal(brec->data, pattern, MTU);

	/* Give one back unsent; once only. */
	assert_int_equal(rpmsg_get_tx_buffer(a, &p, &size, 0), 0);
	assert_int_equal(rpmsg_send_nocopy(a, (uint8_t *)p + 1, 1), -EINVAL);
	assert_int_equal(rpmsg_release_tx_buffer(a, p), 0);
	assert_int_equal(rpmsg_release_tx_buffer(a, p), -EINVAL);
	assert_int_equal(rpmsg_send_nocopy(a, p, 1), -EINVAL);
	/* Not from rpmsg_get_tx_buffer at all. */
	assert_int_equal(rpmsg_send_nocopy(a, local, 1), -EINVAL);
	assert_int_equal(rpmsg_release_tx_buffer(a, local), -EINVAL);
	pump();

	/* Four buffers each way: all reserved, then one released is the
	 * next one handed out. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_get_tx_buffer(a, &q[i], &size, 0), 0);
	assert_int_equal(rpmsg_get_tx_buffer(a, &q[4], &size, 0), -ENOMEM);
	assert_int_equal(rpmsg_trysend(a, "x", 1), -ENOMEM);
	assert_int_equal(rpmsg_release_tx_buffer(a, q[2]), 0);
	pump();
	assert_int_equal(rpmsg_get_tx_buffer(a, &q[4], &size, 0), 0);
	if (from_host)
		assert_ptr_equal(q[4], q[2]);
	assert_int_equal(rpmsg_get_tx_buffer(a, &p, &size, 0), -ENOMEM);
	memcpy(q[4], "fifth", 5);
	assert_int_equal(rpmsg_send_nocopy(a, q[4], 5), 0);
	for (i = 0; i < 4; i++)
		if (i != 2)
			assert_int_equal(rpmsg_release_tx_buffer(a, q[i]), 0);
	pump();
	assert_int_equal(brec->count, 2);
	assert_memory_equal(brec->data, "fifth", 5);
	/* Nothing was lost: four sends in a row fit again. */
	for (i = 0; i < 4; i++)
		assert_int_equal(rpmsg_trysend(a, "ok", 2), 0);
	pump();
	assert_int_equal(brec->count, 6);
}

static void test_zero_copy_host(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x430, 0x431, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x431,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);
	zero_copy(h, &rrec, true);
	assert_int_equal(stats(remote).bad, 0);
}

static void test_zero_copy_remote(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 };

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x430,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x431, 0x430,
					  rec_cb, NULL), 0);
	zero_copy(r, &hrec, false);
	assert_int_equal(stats(host).bad, 0);
}

/* --- faults --------------------------------------------------------------- */

/* @a can have exactly @n messages in flight: none of its buffers is lost. */
static void check_capacity(struct rpmsg_endpoint *a, unsigned int n,
			   struct rec *brec)
{
	unsigned int i, before = brec->count;

	for (i = 0; i < n; i++)
		assert_int_equal(rpmsg_trysend(a, "cap", 3), 0);
	assert_int_equal(rpmsg_trysend(a, "cap", 3), -ENOMEM);
	pump();
	assert_int_equal(brec->count, before + n);
}

static void test_dropped_unbound(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 }, rrec = { 0 };
	unsigned int i;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x440, 0x441, rec_cb,
					  &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x441, 0x440,
					  rec_cb, &rrec), 0);
	/* Three times as many messages as either side has buffers. */
	for (i = 0; i < 24; i++) {
		assert_int_equal(rpmsg_sendto(h, "lost", 4, 0xdead), 0);
		pump();
	}
	assert_int_equal(stats(remote).dropped, 24);
	assert_int_equal(stats(remote).rx, 0);
	assert_int_equal(rrec.count, 0);
	assert_int_equal(rpmsg_send(h, "found", 5), 0);
	pump();
	assert_int_equal(rrec.count, 1);
	check_capacity(h, 4, &rrec);

	for (i = 0; i < 24; i++) {
		assert_int_equal(rpmsg_sendto(r, "lost", 4, 0xbeef), 0);
		pump();
	}
	assert_int_equal(stats(host).dropped, 24);
	assert_int_equal(stats(host).rx, 0);
	assert_int_equal(rpmsg_send(r, "found", 5), 0);
	pump();
	assert_int_equal(hrec.count, 1);
	check_capacity(r, 4, &hrec);
	assert_int_equal(stats(host).bad + stats(remote).bad, 0);
}

/* Set the rpmsg len field (little-endian) of the header before @payload. */
static void set_hdr_len(uint8_t *payload, uint16_t len)
{
	payload[-4] = (uint8_t)len;
	payload[-3] = (uint8_t)(len >> 8);
}

static void test_corrupt_len_from_remote(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 };
	unsigned int i;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x450,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x451, 0x450,
					  rec_cb, NULL), 0);

	/* Far beyond what the remote wrote. */
	assert_int_equal(rpmsg_send(r, "corrupt-me-first", 16), 0);
	set_hdr_len(find_unique("corrupt-me-first", 16), 0xffff);
	pump();
	assert_int_equal(stats(host).bad, 1);
	assert_int_equal(hrec.count, 0);

	/* One byte beyond. */
	assert_int_equal(rpmsg_send(r, "corrupt-me-again", 16), 0);
	set_hdr_len(find_unique("corrupt-me-again", 16), 17);
	pump();
	assert_int_equal(stats(host).bad, 2);
	assert_int_equal(hrec.count, 0);

	/* Shorter than written is fine: the rest is ignored. */
	assert_int_equal(rpmsg_send(r, "shortened-by-one", 16), 0);
	set_hdr_len(find_unique("shortened-by-one", 16), 15);
	pump();
	assert_int_equal(stats(host).bad, 2);
	assert_int_equal(hrec.count, 1);
	assert_int_equal(hrec.len, 15);

	/* Every rx buffer came back: three rounds of them still flow. */
	for (i = 0; i < 12; i++) {
		assert_int_equal(rpmsg_trysend(r, &i, sizeof(i)), 0);
		pump();
	}
	assert_int_equal(hrec.count, 13);
	assert_memory_equal(hrec.data, &(unsigned int){ 11 },
			    sizeof(unsigned int));
	check_capacity(r, 4, &hrec);
	assert_int_equal(stats(host).bad, 2);
}

static void test_corrupt_len_from_host(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };
	unsigned int i;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x450, 0x451, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x451,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_send(h, "corrupt-me-first", 16), 0);
	set_hdr_len(find_unique("corrupt-me-first", 16), 0xffff);
	pump();
	assert_int_equal(stats(remote).bad, 1);
	assert_int_equal(rrec.count, 0);
	/* The tx buffer came back to the host all the same. */
	for (i = 0; i < 12; i++) {
		assert_int_equal(rpmsg_trysend(h, &i, sizeof(i)), 0);
		pump();
	}
	assert_int_equal(rrec.count, 12);
	check_capacity(h, 4, &rrec);
	assert_int_equal(stats(remote).bad, 1);
}

/* Layout of the inproc region: vring 0, vring 1, each rounded to 4096. */
static uint8_t *vring_at(unsigned int vq, unsigned int num)
{
	size_t size = rpmsg_vring_size(num, 4096);
	uint8_t *region = rpmsg_link_region(lnk, NULL);

	size = (size + 4095) & ~(size_t)4095;
	return region + vq * size;
}

static uint8_t *used_ring(unsigned int vq, unsigned int num)
{
	return vring_at(vq, num) + rpmsg_vring_size(num, 4096) - 4 - 8 * num -
	       2;
}

static uint16_t le16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The used length of the entry the remote published last on vq 0. */
static void set_last_used_len(uint32_t len)
{
	uint8_t *used = used_ring(0, 4);
	uint16_t idx = le16_at(used + 2);

	put_le32(used + 4 + 8 * ((idx - 1u) % 4u) + 4, len);
}

/* The descriptor the host published last on vq 1. */
static uint8_t *last_tx_desc(void)
{
	uint8_t *ring = vring_at(1, 4);
	uint8_t *avail = ring + 16 * 4;
	uint16_t idx = le16_at(avail + 2);
	uint16_t head = le16_at(avail + 4 + 2 * ((idx - 1u) % 4u));

	assert_true(head < 4);
	return ring + 16 * head;
}

static void test_corrupt_used_len(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 };

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x490,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x491, 0x490,
					  rec_cb, NULL), 0);
	/* Shorter than a header. */
	assert_int_equal(rpmsg_send(r, "short", 5), 0);
	set_last_used_len(8);
	pump();
	assert_int_equal(stats(host).bad, 1);
	/* Longer than the buffer. */
	assert_int_equal(rpmsg_send(r, "long", 4), 0);
	set_last_used_len(100000);
	pump();
	assert_int_equal(stats(host).bad, 2);
	/* Long enough for the header, not for the payload. */
	assert_int_equal(rpmsg_send(r, "cut", 3), 0);
	set_last_used_len(17);
	pump();
	assert_int_equal(stats(host).bad, 3);
	assert_int_equal(hrec.count, 0);
	check_capacity(r, 4, &hrec);
	assert_int_equal(stats(host).bad, 3);
}

static void test_corrupt_tx_desc(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };
	uint8_t *d;

	(void)state;
	link_up(8, 0, 4, F_ALL, F_ALL);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x490, 0x491, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x491,
					  RPMSG_ADDR_ANY, rec_cb, &rrec), 0);
	/* A descriptor too short for a header. */
	assert_int_equal(rpmsg_send(h, "short", 5), 0);
	d = last_tx_desc();
	put_le32(d + 8, 8);
	pump();
	assert_int_equal(stats(remote).bad, 1);
	/* A descriptor pointing outside the shared region. */
	assert_int_equal(rpmsg_send(h, "away", 4), 0);
	d = last_tx_desc();
	put_le32(d, 0x1000);
	put_le32(d + 4, 0);
	pump();
	assert_int_equal(stats(remote).bad, 2);
	assert_int_equal(rrec.count, 0);
	/* Both buffers came back to the host. */
	check_capacity(h, 4, &rrec);
	assert_int_equal(stats(remote).bad, 2);
}

/* --- features and start-up ------------------------------------------------ */

static void check_no_ns(void)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec rrec = { 0 };

	assert_int_equal(rpmsg_virtio_features(HOST_VDEV()) &
				 F_NS, 0);
	assert_int_equal(rpmsg_virtio_features(REMOTE_VDEV()) &
				 F_NS, 0);
	assert_false(has_ept(host, RPMSG_NS_ADDR));
	assert_false(has_ept(remote, RPMSG_NS_ADDR));
	/* A channel with a fixed address is not announced. */
	assert_int_equal(rpmsg_register_driver(remote, &remote_drv), 0);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	assert_int_equal(rpmsg_create_channel(remote, "svc-r", 0x500,
					      RPMSG_ADDR_ANY, NULL), 0);
	pump();
	assert_int_equal(rpmsg_list_channels(host, NULL, 0), 0);
	/* A message to 53 finds nobody. */
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x460, 0x461, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_sendto(h, "name-service?", 13, RPMSG_NS_ADDR),
			 0);
	pump();
	assert_int_equal(stats(remote).dropped, 1);
	/* Plain traffic works. */
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x461, 0x460,
					  rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_send(h, "plain", 5), 0);
	pump();
	assert_int_equal(rrec.count, 1);
}

static void test_host_without_ns(void **state)
{
	(void)state;
	link_up(0, 0, 0, F_ALL & ~F_NS, F_ALL);
	check_no_ns();
}

static void test_remote_without_ns(void **state)
{
	(void)state;
	link_up(0, 0, 0, F_ALL, F_ALL & ~F_NS);
	check_no_ns();
}

static void test_remote_before_host(void **state)
{
	struct rpmsg_virtio_device *hv, *rv;
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 };

	(void)state;
	link_new(0, 0, 0, F_ALL, F_ALL);
	hv = HOST_VDEV();
	rv = REMOTE_VDEV();
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x470,
					  RPMSG_ADDR_ANY, rec_cb, &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x471, 0x470,
					  rec_cb, NULL), 0);
	assert_int_equal(rpmsg_virtio_start(rv, 0), -EAGAIN);
	assert_int_equal(rpmsg_virtio_start(rv, 10), -ETIMEDOUT);
	/* Not started: nothing can be sent. */
	assert_int_equal(rpmsg_trysend(r, "early", 5), -EPIPE);
	assert_false(has_ept(remote, RPMSG_NS_ADDR));

	assert_int_equal(rpmsg_virtio_start(hv, 0), 0);
	assert_int_equal(rpmsg_virtio_start(rv, 0), 0);
	pump();
	assert_int_equal(rpmsg_virtio_start(hv, 0), -EALREADY);
	assert_int_equal(rpmsg_virtio_start(rv, 0), -EALREADY);
	assert_true(has_ept(remote, RPMSG_NS_ADDR));
	assert_int_equal(rpmsg_send(r, "late", 4), 0);
	pump();
	assert_int_equal(hrec.count, 1);
	assert_memory_equal(hrec.data, "late", 4);
}

static uint8_t dummy_get_status(void *ctx)
{
	(void)ctx;
	return 0;
}

static void dummy_set_status(void *ctx, uint8_t status)
{
	(void)ctx;
	(void)status;
}

static uint64_t dummy_get_features(void *ctx)
{
	(void)ctx;
	return 0;
}

static void dummy_set_features(void *ctx, uint64_t f)
{
	(void)ctx;
	(void)f;
}

static void dummy_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	(void)vq;
}

static const struct rpmsg_virtio_link_ops dummy_link = {
	.get_status = dummy_get_status,
	.set_status = dummy_set_status,
	.get_device_features = dummy_get_features,
	.get_driver_features = dummy_get_features,
	.set_driver_features = dummy_set_features,
	.notify = dummy_notify,
};

static uint64_t zero_clock(void *arg)
{
	(void)arg;
	return 0;
}

static void test_init_bad_configs(void **state)
{
	static _Alignas(4096) uint8_t area[1024];
	static struct rpmsg_virtio_device vdev;
	struct rpmsg_vq_slot slots[2][4];
	struct rpmsg_noos noos = { .now_ns = zero_clock };
	struct rpmsg_virtio_config good, c;
	struct rpmsg_mem mem, small;
	uint8_t buf_state[8];

	(void)state;
	/* Two rings of 4 (128 bytes each at align 16), then 8 x 64 bytes. */
	assert_true(rpmsg_vring_size(4, 16) <= 128);
	assert_int_equal(rpmsg_mem_init_linear(&mem, area, 0x1000,
					       sizeof(area)), 0);
	assert_int_equal(rpmsg_mem_init_linear(&small, area, 0x1000, 600), 0);
	memset(&good, 0, sizeof(good));
	good.role = RPMSG_VIRTIO_HOST;
	good.link = &dummy_link;
	good.os = &rpmsg_noos_ops;
	good.os_ctx = &noos;
	good.mem = &mem;
	good.vring[0] = area;
	good.vring[1] = area + 128;
	good.vring_num = 4;
	good.vring_align = 16;
	good.slots[0] = slots[0];
	good.slots[1] = slots[1];
	good.buffers = area + 256;
	good.num_bufs = 8;
	good.buf_size = 64;
	good.buf_state = buf_state;
	good.features = F_ALL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &good), 0);
	assert_int_equal(rpmsg_virtio_init(NULL, &good), -EINVAL);
	assert_int_equal(rpmsg_virtio_init(&vdev, NULL), -EINVAL);

	c = good;
	c.link = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.num_bufs = 7;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.num_bufs = 0;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.num_bufs = 10; /* 5 per direction on a ring of 4 */
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buf_size = 16;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buf_size = 0;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.mem = &small; /* the pool runs past the region */
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buffers = area + 768; /* 512 bytes from here overflow it */
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buffers = buf_state; /* not in the region at all */
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buffers = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.buf_state = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.vring_num = 3;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.slots[1] = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.os = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c = good;
	c.role = (enum rpmsg_virtio_role)5;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);

	/* The remote needs no pool. */
	c = good;
	c.role = RPMSG_VIRTIO_REMOTE;
	c.buffers = NULL;
	c.buf_state = NULL;
	c.num_bufs = 0;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), 0);
	c.buf_size = 16;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
	c.buf_size = 64;
	c.link = NULL;
	assert_int_equal(rpmsg_virtio_init(&vdev, &c), -EINVAL);
}

static void test_host_stop(void **state)
{
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1], *late = &ep[2];
	struct rec rrec = { 0 };
	struct rpmsg_virtio_device *hv;
	uint32_t size;
	void *p, *q;

	(void)state;
	link_new(0, 0, 0, F_ALL, F_ALL);
	hv = HOST_VDEV();
	assert_int_equal(rpmsg_register_driver(remote, &remote_drv), 0);
	assert_int_equal(rpmsg_create_channel(remote, "svc-r", 0x500,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(rpmsg_register_driver(host, &host_drv), 0);
	assert_int_equal(rpmsg_link_start(lnk, 0), 0);
	assert_int_equal(hlog.probed, 1);
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x480, 0x481, rec_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x481, 0x480,
					  rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_send(h, "before", 6), 0);
	pump();
	assert_int_equal(rrec.count, 1);
	/* A reserved buffer outlives the stop. */
	assert_int_equal(rpmsg_get_tx_buffer(h, &p, &size, 0), 0);

	rpmsg_virtio_stop(hv);
	assert_int_equal(hlog.removed, 1);
	assert_int_equal(rpmsg_list_channels(host, NULL, 0), 0);
	assert_int_equal(rpmsg_send(h, "after", 5), -EPIPE);
	assert_int_equal(rpmsg_trysend(h, "after", 5), -EPIPE);
	assert_int_equal(rpmsg_sendto(h, "after", 5, 0x481), -EPIPE);
	assert_int_equal(rpmsg_get_tx_buffer(h, &q, &size, 0), -EPIPE);
	assert_int_equal(rpmsg_send_nocopy(h, p, 1), -EPIPE);
	assert_int_equal(rpmsg_create_ept(late, host, "late", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, rec_cb, NULL),
			 -EPIPE);
	pump();
	assert_int_equal(rrec.count, 1);
	/* The host withdrew DRIVER_OK: the remote stopped too, its channel
	 * went through remove and its sends fail rather than wait. */
	assert_int_equal(rlog.removed, 1);
	assert_int_equal(rpmsg_list_channels(remote, NULL, 0), 0);
	assert_int_equal(rpmsg_send(r, "after", 5), -EPIPE);
	/* Stopping again changes nothing. */
	rpmsg_virtio_stop(hv);
	assert_int_equal(hlog.removed, 1);
}

/* --- doorbells off for a polling side ------------------------------------ */

static void rx_notify_case(uint64_t features)
{
	struct rpmsg_virtio_device *hv, *rv;
	struct rpmsg_endpoint *h = &ep[0], *r = &ep[1];
	struct rec hrec = { 0 }, rrec = { 0 };
	unsigned int i;

	link_up(0, 0, 0, features, features);
	hv = HOST_VDEV();
	rv = REMOTE_VDEV();
	assert_int_equal(rpmsg_create_ept(h, host, "h", 0x410, 0x411, rec_cb,
					  &hrec), 0);
	assert_int_equal(rpmsg_create_ept(r, remote, "r", 0x411, 0x410,
					  rec_cb, &rrec), 0);
	assert_int_equal(rpmsg_virtio_rx_notify(rv, false), 0);
	assert_int_equal(rpmsg_virtio_rx_notify(hv, false), 0);

	/* Host -> remote: no doorbell is rung, so a pump delivers nothing;
	 * turning doorbells on reports the waiting messages, a poll takes
	 * them. */
	for (i = 0; i < 3; i++)
		assert_int_equal(rpmsg_send(h, "abc", 3), 0);
	assert_int_equal(rpmsg_link_service(lnk), 0);
	assert_int_equal(rrec.count, 0);
	assert_int_equal(rpmsg_virtio_rx_notify(rv, true), 1);
	assert_int_equal(rpmsg_virtio_poll(rv), 3);
	assert_int_equal(rrec.count, 3);
	assert_int_equal(rpmsg_virtio_rx_notify(rv, true), 0);
	/* On again: a send rings, the pump delivers. */
	assert_int_equal(rpmsg_send(h, "abcd", 4), 0);
	pump();
	assert_int_equal(rrec.count, 4);
	assert_int_equal(rrec.len, 4);

	/* Remote -> host, the same. */
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_send(r, "xy", 2), 0);
	assert_int_equal(rpmsg_link_service(lnk), 0);
	assert_int_equal(hrec.count, 0);
	assert_int_equal(rpmsg_virtio_rx_notify(hv, true), 1);
	assert_int_equal(rpmsg_virtio_poll(hv), 2);
	assert_int_equal(hrec.count, 2);
	assert_int_equal(rpmsg_send(r, "xyz", 3), 0);
	pump();
	assert_int_equal(hrec.count, 3);
	assert_int_equal(hrec.len, 3);
}

static void test_rx_notify_event_idx(void **state)
{
	(void)state;
	rx_notify_case(F_ALL);
}

static void test_rx_notify_flags(void **state)
{
	(void)state;
	rx_notify_case(F_ALL & ~F_EVENT_IDX);
}

static void test_rx_notify_not_started(void **state)
{
	(void)state;
	assert_int_equal(rpmsg_virtio_rx_notify(NULL, false), -EINVAL);
	link_new(0, 0, 0, F_ALL, F_ALL);
	assert_int_equal(rpmsg_virtio_rx_notify(HOST_VDEV(),
						false), -EINVAL);
	assert_int_equal(rpmsg_virtio_rx_notify(REMOTE_VDEV(),
						true), -EINVAL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_start),
		T(test_ns_remote_to_host),
		T(test_ns_host_to_remote),
		T(test_ns_announce_endpoint),
		T(test_echo_all_features),
		T(test_echo_no_event_idx),
		T(test_echo_no_features),
		T(test_mtu_default),
		T(test_mtu_small_buffers),
		T(test_mtu_large_buffers),
		T(test_wire_format),
		T(test_legacy_native_order),
		T(test_recv_queue),
		T(test_tx_ready_event),
		T(test_host_tx_exhaustion),
		T(test_host_send_timeout),
		T(test_remote_tx_exhaustion),
		T(test_zero_copy_host),
		T(test_zero_copy_remote),
		T(test_dropped_unbound),
		T(test_corrupt_len_from_remote),
		T(test_corrupt_len_from_host),
		T(test_corrupt_used_len),
		T(test_corrupt_tx_desc),
		T(test_host_without_ns),
		T(test_remote_without_ns),
		T(test_remote_before_host),
		T(test_init_bad_configs),
		T(test_host_stop),
		T(test_rx_notify_event_idx),
		T(test_rx_notify_flags),
		T(test_rx_notify_not_started),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
