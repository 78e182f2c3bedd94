// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host and remote over an in-process struct rpmsg_link in threaded mode:
 * each side has a doorbell thread and the callbacks run there. The link's
 * role is the host: rpmsg_link_bus() is the host's bus, rpmsg_link_peer_bus()
 * the remote's; a test that orders the two starts itself uses
 * rpmsg_link_start_role().
 *
 * Threads meet only on the mutex and condition variable below, or by join.
 * Every wait for an expected event is bounded (WAIT_SECONDS) and fails the
 * test when the bound expires; nothing sleeps to let time pass, and nothing
 * depends on how long an operation takes.
 *
 * The OS port of both devices is wrapped so that the tests can count the
 * threads sleeping inside the library: that is how a test knows a sender,
 * rpmsg_destroy_ept() or a remote start is really blocked before it lets
 * it go. The wrapper also turns every deadline into "forever" unless a
 * test asks for real ones: a lost wake-up then hangs (and fails the
 * bounded wait) instead of hiding behind the 15 s default send timeout.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_port_posix.h>

#define WAIT_SECONDS 30

#define ECHO_NAME "rpmsg-echo"
#define ECHO_ADDR 0x400u
#define SINK_ADDR 0x500u
#define SLOW_ADDR 0x700u
#define SELF_ADDR 0x701u
#define CHURN_ADDR 0x702u

#define ECHO_THREADS 4
#define ECHO_COUNT 2000
#define FLOW_THREADS 4
#define FLOW_COUNT 8 /* per sender: more than the pool holds */
#define SMALL_BUFS 8 /* small pool: 4 buffers each way */
#define SMALL_RING 4
#define SMALL_POOL (SMALL_BUFS / 2)
#define MAX_CLIENTS 8
#define CHURN_ROUNDS 500

enum { HOST = 0, REMOTE = 1 };

/* A sending thread, its endpoint, and what arrived from it or for it. */
struct client {
	struct rpmsg_endpoint ept;
	unsigned int id;
	uint32_t dst;
	unsigned int count;
	unsigned int sent;    /* sends that returned 0 */
	int rc;		      /* the failure that stopped it, else 0 */
	unsigned int next_rx; /* next sequence number expected */
};

/* Everything the threads share; all of it under @lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;

static struct {
	struct rpmsg_link *link;
	void *os_ctx[2];
	unsigned int sleeping[2]; /* threads waiting inside each device */
	bool real_deadlines;	  /* else library waits have none */
	bool gate_open[2];	  /* gated callbacks of a side block */
	unsigned int gated[2];	  /* gated callbacks that have started */
	unsigned int errors;	  /* bad or unexpected messages */
	unsigned int completed;	  /* sends that returned 0 */
	unsigned int finished;	  /* sender threads done */
	unsigned int arrived;	  /* good messages received */
	struct client clients[MAX_CLIENTS];
	pthread_t threads[MAX_CLIENTS + 1];
	unsigned int nthreads;
	struct rpmsg_endpoint sink, probe, slow;
	/* the host's driver for the echo channel */
	bool probed;
	uint32_t echo_dst;
	/* endpoint lifetime */
	unsigned int slow_calls;
	bool slow_done;
	bool destroy_returned;
	bool destroy_saw_done;
	int destroy_rc;
	bool self_done;
	int self_rc;
	struct rpmsg_endpoint churn;
	bool churn_bound; /* between create and the return of destroy */
	unsigned int churn_calls;
	unsigned int churn_sent;
	bool churn_done;
	int churn_rc;
	unsigned int nprobed; /* channels bound by the host's gated driver */
	/* remote started before the host */
	bool remote_starting;
	bool remote_start_done;
	int remote_start_rc;
} t;

static struct rpmsg_os_ops traced_os;

/* --- helpers --------------------------------------------------------- */

static struct timespec deadline_in(int seconds)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += seconds;
	return ts;
}

/* Wait until @expr (read under the lock) holds; fail after WAIT_SECONDS.
 * The lock is released before failing, so teardown can take it. */
#define WAIT_UNTIL(expr)                                                     \
	do {                                                                 \
		struct timespec wu_dl = deadline_in(WAIT_SECONDS);           \
		bool wu_ok;                                                  \
		int wu_rc = 0;                                               \
                                                                             \
		pthread_mutex_lock(&lock);                                   \
		while (!(expr) && wu_rc != ETIMEDOUT)                        \
			wu_rc = pthread_cond_timedwait(&cond, &lock, &wu_dl); \
		wu_ok = (expr);                                              \
		pthread_mutex_unlock(&lock);                                 \
		if (!wu_ok)                                                  \
			fail_msg("timed out waiting for %s", #expr);         \
	} while (0)

/* Read a shared value under the lock. */
static unsigned int locked_uint(const unsigned int *p)
{
	unsigned int v;

	pthread_mutex_lock(&lock);
	v = *p;
	pthread_mutex_unlock(&lock);
	return v;
}

static bool locked_bool(const bool *p)
{
	bool v;

	pthread_mutex_lock(&lock);
	v = *p;
	pthread_mutex_unlock(&lock);
	return v;
}

static int locked_int(const int *p)
{
	int v;

	pthread_mutex_lock(&lock);
	v = *p;
	pthread_mutex_unlock(&lock);
	return v;
}

static void signal_all(void)
{
	pthread_cond_broadcast(&cond);
}

static struct rpmsg_device *dev_of(int side)
{
	return side == HOST ? rpmsg_link_bus(t.link)
			    : rpmsg_link_peer_bus(t.link);
}

static struct rpmsg_virtio_device *vdev_of(int side)
{
	return side == HOST ? rpmsg_link_vdev(t.link)
			    : rpmsg_link_peer_vdev(t.link);
}

static int side_of(const struct rpmsg_device *dev)
{
	return dev == rpmsg_link_bus(t.link) ? HOST : REMOTE;
}

/* Count the threads sleeping in each device around the real wait. The
 * device lock is held until the real wait releases it, so a thread counted
 * here cannot miss a wake-up sent after the count was seen. */
static int traced_wait(void *ctx, uint64_t deadline_ns)
{
	int side = ctx == t.os_ctx[HOST] ? HOST : REMOTE;
	int rc;

	pthread_mutex_lock(&lock);
	t.sleeping[side]++;
	if (!t.real_deadlines)
		deadline_ns = UINT64_MAX;
	signal_all();
	pthread_mutex_unlock(&lock);
	rc = rpmsg_posix_os_ops.wait(ctx, deadline_ns);
	pthread_mutex_lock(&lock);
	t.sleeping[side]--;
	pthread_mutex_unlock(&lock);
	return rc;
}

/* Lock held. Count the callback, then block while the side's gate is
 * closed. */
static void gate_pass(int side)
{
	t.gated[side]++;
	signal_all();
	while (!t.gate_open[side])
		pthread_cond_wait(&cond, &lock);
}

static void set_gate(int side, bool open)
{
	pthread_mutex_lock(&lock);
	t.gate_open[side] = open;
	signal_all();
	pthread_mutex_unlock(&lock);
}

/* A message: sender id, sequence number, then a pattern of a length that
 * depends on the sequence number. */
static size_t msg_len(unsigned int seq)
{
	return 8 + seq % 120;
}

static uint8_t msg_byte(unsigned int id, unsigned int seq, size_t i)
{
	return (uint8_t)(id * 67u + seq * 13u + i);
}

static size_t make_msg(uint8_t *buf, unsigned int id, unsigned int seq)
{
	uint32_t v[2] = { id, seq };
	size_t i, len = msg_len(seq);

	memcpy(buf, v, sizeof(v));
	for (i = sizeof(v); i < len; i++)
		buf[i] = msg_byte(id, seq, i);
	return len;
}

/* Decode and verify a message; false if it is not one of ours. */
static bool check_msg(const void *data, size_t len, unsigned int *id,
		      unsigned int *seq)
{
	const uint8_t *p = data;
	uint32_t v[2];
	size_t i;

	if (len < sizeof(v))
		return false;
	memcpy(v, p, sizeof(v));
	if (v[0] >= MAX_CLIENTS || len != msg_len(v[1]))
		return false;
	for (i = sizeof(v); i < len; i++)
		if (p[i] != msg_byte(v[0], v[1], i))
			return false;
	*id = v[0];
	*seq = v[1];
	return true;
}

/* Lock held. Account one arrival of @id's message @seq, in order. */
static void arrival(unsigned int id, unsigned int seq)
{
	if (seq != t.clients[id].next_rx) {
		t.errors++;
	} else {
		t.clients[id].next_rx++;
		t.arrived++;
	}
	signal_all();
}

/* Copy the clients and the error count under the lock. */
static unsigned int snapshot(struct client cs[MAX_CLIENTS])
{
	unsigned int errors;

	pthread_mutex_lock(&lock);
	memcpy(cs, t.clients, sizeof(t.clients));
	errors = t.errors;
	pthread_mutex_unlock(&lock);
	return errors;
}

static void spawn(void *(*fn)(void *), void *arg)
{
	assert_true(t.nthreads < MAX_CLIENTS + 1);
	assert_int_equal(pthread_create(&t.threads[t.nthreads], NULL, fn, arg),
			 0);
	t.nthreads++;
}

/* Only once every thread is known to have finished. */
static void join_all(void)
{
	unsigned int i;

	for (i = 0; i < t.nthreads; i++)
		pthread_join(t.threads[i], NULL);
	t.nthreads = 0;
}

/* A threaded link whose devices use the traced OS port. */
static void make_link(unsigned int num_bufs, unsigned int vring_num)
{
	struct rpmsg_link_desc d = {
		.transport = RPMSG_LINK_INPROC,
		.role = RPMSG_VIRTIO_HOST,
		.features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.num_bufs = num_bufs,
		.vring_num = vring_num,
	};
	int side;

	assert_int_equal(rpmsg_link_create(&t.link, &d), 0);
	for (side = HOST; side <= REMOTE; side++) {
		t.os_ctx[side] = dev_of(side)->os_ctx;
		dev_of(side)->os = &traced_os;
	}
}

/* --- callbacks and threads ------------------------------------------- */

static int unexpected_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
			 void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&lock);
	t.errors++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Remote: the echo service. */
static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	if (rpmsg_sendto(ept, data, len, src)) {
		pthread_mutex_lock(&lock);
		t.errors++;
		signal_all();
		pthread_mutex_unlock(&lock);
	}
	return 0;
}

/* Host: an echo reply for the client in @priv. */
static int reply_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	struct client *c = priv;
	unsigned int id, seq;

	(void)ept;
	pthread_mutex_lock(&lock);
	if (src != t.echo_dst || !check_msg(data, len, &id, &seq) ||
	    id != c->id) {
		t.errors++;
		signal_all();
	} else {
		arrival(id, seq);
	}
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Either side: a gated sink for the flow-control tests. */
static int sink_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	unsigned int id, seq;

	(void)priv;
	(void)src;
	pthread_mutex_lock(&lock);
	gate_pass(side_of(ept->dev));
	if (check_msg(data, len, &id, &seq))
		arrival(id, seq);
	else
		t.errors++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Host: a callback that blocks on the gate, and says when it is done. */
static int slow_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&lock);
	t.slow_calls++;
	gate_pass(HOST);
	t.slow_done = true;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Host: a callback that destroys and frees its own endpoint. */
static int self_destroy_cb(struct rpmsg_endpoint *ept, void *data,
			   size_t len, void *priv, uint32_t src)
{
	int rc;

	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	rc = rpmsg_destroy_ept(ept);
	free(ept);
	pthread_mutex_lock(&lock);
	t.self_rc = rc;
	t.self_done = true;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Host: must only run while its endpoint is bound. */
static int churn_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&lock);
	if (!t.churn_bound)
		t.errors++;
	t.churn_calls++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

static const struct rpmsg_device_id echo_ids[] = { { ECHO_NAME }, { "" } };

static const struct rpmsg_driver echo_driver = {
	.name = "echo-server",
	.id_table = echo_ids,
	.callback = echo_cb,
};

static int client_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&lock);
	t.echo_dst = ch->dst;
	t.probed = true;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

static const struct rpmsg_driver client_driver = {
	.name = "echo-client",
	.id_table = echo_ids,
	.probe = client_probe,
	.callback = unexpected_cb,
};

/* More services than the small pool has buffers in one direction. */
#define MANY_CHANNELS 6
static const struct rpmsg_device_id many_ids[] = {
	{ "svc-0" }, { "svc-1" }, { "svc-2" }, { "svc-3" },
	{ "svc-4" }, { "svc-5" }, { "" }
};

static const struct rpmsg_driver many_server = {
	.name = "many-server",
	.id_table = many_ids,
	.callback = unexpected_cb,
};

/* Host: binds each channel once the host's gate is open. */
static int gated_probe(struct rpmsg_channel *ch)
{
	(void)ch;
	pthread_mutex_lock(&lock);
	gate_pass(HOST);
	t.nprobed++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return 0;
}

static const struct rpmsg_driver many_client = {
	.name = "many-client",
	.id_table = many_ids,
	.probe = gated_probe,
	.callback = unexpected_cb,
};

/* Send the client's messages in order; stop at the first failure. */
static void *sender_main(void *arg)
{
	struct client *c = arg;
	uint8_t buf[256];
	unsigned int seq;
	size_t len;
	int rc = 0;

	for (seq = 0; seq < c->count && !rc; seq++) {
		len = make_msg(buf, c->id, seq);
		rc = rpmsg_sendto(&c->ept, buf, len, c->dst);
		pthread_mutex_lock(&lock);
		if (rc) {
			c->rc = rc;
		} else {
			c->sent++;
			t.completed++;
		}
		signal_all();
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	t.finished++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* @n clients on @side, each on its own endpoint (callback @cb, send
 * timeout @timeout_ms), @count messages each to @dst. The threads start
 * once every endpoint exists. */
static void start_senders(int side, uint32_t dst, unsigned int n,
			  unsigned int count, rpmsg_rx_cb_t cb,
			  uint32_t timeout_ms)
{
	struct client *c;
	unsigned int i;

	for (i = 0; i < n; i++) {
		c = &t.clients[i];
		c->id = i;
		c->dst = dst;
		c->count = count;
		assert_int_equal(rpmsg_create_ept(&c->ept, dev_of(side),
						  "sender", RPMSG_ADDR_ANY,
						  RPMSG_ADDR_ANY, cb, c),
				 0);
		if (timeout_ms != RPMSG_TIMEOUT_DEFAULT)
			assert_int_equal(rpmsg_set_timeout(&c->ept, timeout_ms),
					 0);
	}
	for (i = 0; i < n; i++)
		spawn(sender_main, &t.clients[i]);
}

static void *destroyer_main(void *arg)
{
	int rc;

	(void)arg;
	rc = rpmsg_destroy_ept(&t.slow);
	pthread_mutex_lock(&lock);
	t.destroy_rc = rc;
	t.destroy_saw_done = t.slow_done;
	t.destroy_returned = true;
	signal_all();
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Bind the churn endpoint, let one message at least reach it, unbind;
 * over and over. */
static void *churner_main(void *arg)
{
	struct timespec dl = deadline_in(WAIT_SECONDS);
	unsigned int i, calls;
	int rc = 0;

	(void)arg;
	for (i = 0; i < CHURN_ROUNDS && !rc; i++) {
		pthread_mutex_lock(&lock);
		t.churn_bound = true;
		calls = t.churn_calls;
		pthread_mutex_unlock(&lock);
		rc = rpmsg_create_ept(&t.churn, dev_of(HOST), "churn",
				      CHURN_ADDR, RPMSG_ADDR_ANY, churn_cb,
				      NULL);
		if (rc)
			break;
		pthread_mutex_lock(&lock);
		while (t.churn_calls == calls && !rc)
			rc = -pthread_cond_timedwait(&cond, &lock, &dl);
		pthread_mutex_unlock(&lock);
		if (!rc)
			rc = rpmsg_destroy_ept(&t.churn);
		pthread_mutex_lock(&lock);
		t.churn_bound = false;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	t.churn_rc = rc;
	t.churn_done = true;
	t.finished++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Remote: stream messages to the churn address until the churn ends. */
static void *churn_sender_main(void *arg)
{
	struct client *c = arg;
	uint8_t buf[256];
	bool done = false;
	int rc = 0;

	while (!done && !rc) {
		rc = rpmsg_sendto(&c->ept, buf, make_msg(buf, c->id, 0),
				  CHURN_ADDR);
		pthread_mutex_lock(&lock);
		if (rc)
			c->rc = rc;
		else
			t.churn_sent++;
		done = t.churn_done;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	t.finished++;
	signal_all();
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *remote_starter_main(void *arg)
{
	int rc;

	(void)arg;
	rc = rpmsg_link_start_role(t.link, RPMSG_VIRTIO_REMOTE,
				   RPMSG_TIMEOUT_FOREVER);
	pthread_mutex_lock(&lock);
	t.remote_start_rc = rc;
	t.remote_start_done = true;
	signal_all();
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* --- fixture --------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	t.gate_open[HOST] = true;
	t.gate_open[REMOTE] = true;
	return 0;
}

/* Also after a failure: release every gate and every blocked thread, then
 * join them and free the link. */
static int teardown(void **state)
{
	bool start_host;

	(void)state;
	set_gate(HOST, true);
	set_gate(REMOTE, true);
	if (t.link) {
		pthread_mutex_lock(&lock);
		start_host = t.remote_starting && !t.remote_start_done;
		pthread_mutex_unlock(&lock);
		/* The host's device alone: the doorbell threads may be
		 * being started by the remote's start in its thread. */
		if (start_host)
			rpmsg_virtio_start(vdev_of(HOST), 0);
		rpmsg_link_stop(t.link); /* both devices */
	}
	join_all();
	rpmsg_link_destroy(t.link);
	t.link = NULL;
	return 0;
}

/* The remote serves the echo channel; the host's driver binds it when the
 * name service announces it. */
static void echo_setup(void)
{
	assert_int_equal(rpmsg_register_driver(dev_of(REMOTE), &echo_driver),
			 0);
	assert_int_equal(rpmsg_create_channel(dev_of(REMOTE), ECHO_NAME,
					      ECHO_ADDR, RPMSG_ADDR_ANY, NULL),
			 0);
	assert_int_equal(rpmsg_register_driver(dev_of(HOST), &client_driver),
			 0);
}

/* Run @n echo clients of @count messages each and check every reply. */
static void echo_run(unsigned int n, unsigned int count)
{
	struct client cs[MAX_CLIENTS];
	struct rpmsg_stats hs, rs;
	uint32_t dst;
	unsigned int i;

	WAIT_UNTIL(t.probed);
	pthread_mutex_lock(&lock);
	dst = t.echo_dst;
	pthread_mutex_unlock(&lock);
	assert_int_equal(dst, ECHO_ADDR);
	start_senders(HOST, dst, n, count, reply_cb, RPMSG_TIMEOUT_DEFAULT);
	WAIT_UNTIL(t.errors ||
		   (t.finished == n && t.arrived == n * count));
	join_all();

	assert_int_equal(snapshot(cs), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(cs[i].rc, 0);
		assert_int_equal(cs[i].sent, count);
		assert_int_equal(cs[i].next_rx, count);
	}
	/* Exactly once: the remote echoed each message once, plus its name
	 * service announcement; the host got those and nothing else. */
	assert_int_equal(rpmsg_get_stats(dev_of(HOST), &hs), 0);
	assert_int_equal(rpmsg_get_stats(dev_of(REMOTE), &rs), 0);
	assert_int_equal(rs.rx, n * count);
	assert_int_equal(rs.tx, n * count + 1);
	assert_int_equal(hs.tx, n * count);
	assert_int_equal(hs.rx, n * count + 1);
	assert_int_equal(hs.dropped + hs.bad + rs.dropped + rs.bad, 0);
}

/* --- tests ----------------------------------------------------------- */

/* Several host threads, one endpoint each, echoed by the remote. */
static void test_echo_many_threads(void **state)
{
	(void)state;
	make_link(0, 0);
	echo_setup();
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);
	echo_run(ECHO_THREADS, ECHO_COUNT);
}

/* Senders on @from exhaust the buffers while the other side's callback
 * is held; they block, and all complete once it is let go. */
static void blocked_senders_complete(int from)
{
	struct client cs[MAX_CLIENTS];
	int to = 1 - from;
	uint8_t buf[256];
	unsigned int i;
	size_t len;

	make_link(SMALL_BUFS, SMALL_RING);
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(to), "sink",
					  SINK_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.probe, dev_of(from), "probe",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	set_gate(to, false);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);
	start_senders(from, SINK_ADDR, FLOW_THREADS, FLOW_COUNT,
		      unexpected_cb, RPMSG_TIMEOUT_FOREVER);

	/* The pool is used up, the first message is held in the gated
	 * callback, and every sender sleeps waiting for a buffer. */
	WAIT_UNTIL(t.completed == SMALL_POOL &&
		   t.sleeping[from] == FLOW_THREADS && t.gated[to] == 1);
	len = make_msg(buf, MAX_CLIENTS - 1, 0);
	assert_int_equal(rpmsg_trysendto(&t.probe, buf, len, SINK_ADDR),
			 -ENOMEM);
	assert_int_equal(locked_uint(&t.completed), SMALL_POOL);
	assert_int_equal(locked_uint(&t.arrived), 0);

	set_gate(to, true);
	WAIT_UNTIL(t.errors || (t.finished == FLOW_THREADS &&
				t.arrived == FLOW_THREADS * FLOW_COUNT));
	join_all();
	assert_int_equal(snapshot(cs), 0);
	for (i = 0; i < FLOW_THREADS; i++) {
		assert_int_equal(cs[i].rc, 0);
		assert_int_equal(cs[i].sent, FLOW_COUNT);
		assert_int_equal(cs[i].next_rx, FLOW_COUNT);
	}
}

static void test_host_senders_wait_for_tx_buffers(void **state)
{
	(void)state;
	blocked_senders_complete(HOST);
}

static void test_remote_senders_wait_for_rx_buffers(void **state)
{
	(void)state;
	blocked_senders_complete(REMOTE);
}

/* With the pool used up and the peer stalled, a timed send times out;
 * the link works again once the peer moves. */
static void send_times_out(int from)
{
	int to = 1 - from;
	uint8_t buf[256];
	unsigned int seq;
	size_t len;

	make_link(SMALL_BUFS, SMALL_RING);
	pthread_mutex_lock(&lock);
	t.real_deadlines = true;
	pthread_mutex_unlock(&lock);
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(to), "sink",
					  SINK_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.probe, dev_of(from), "probe",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	set_gate(to, false);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);

	for (seq = 0; seq < SMALL_POOL; seq++) {
		len = make_msg(buf, 0, seq);
		assert_int_equal(rpmsg_trysendto(&t.probe, buf, len,
						 SINK_ADDR),
				 0);
	}
	WAIT_UNTIL(t.gated[to] == 1);
	len = make_msg(buf, 0, seq);
	assert_int_equal(rpmsg_trysendto(&t.probe, buf, len, SINK_ADDR),
			 -ENOMEM);
	assert_int_equal(rpmsg_send_offchannel_timeout(&t.probe, t.probe.addr,
						       SINK_ADDR, buf, len,
						       20),
			 -ETIMEDOUT);

	set_gate(to, true);
	WAIT_UNTIL(t.errors || t.arrived == SMALL_POOL);
	assert_int_equal(rpmsg_send_offchannel_timeout(&t.probe, t.probe.addr,
						       SINK_ADDR, buf, len,
						       RPMSG_TIMEOUT_FOREVER),
			 0);
	WAIT_UNTIL(t.errors || t.arrived == SMALL_POOL + 1);
	assert_int_equal(locked_uint(&t.errors), 0);
}

static void test_host_send_times_out(void **state)
{
	(void)state;
	send_times_out(HOST);
}

static void test_remote_send_times_out(void **state)
{
	(void)state;
	send_times_out(REMOTE);
}

/* rpmsg_destroy_ept() from another thread waits for the running callback. */
static void test_destroy_waits_for_callback(void **state)
{
	struct rpmsg_ept_info info[8];
	struct rpmsg_stats hs;
	uint8_t buf[256];
	int i, n;

	(void)state;
	make_link(0, 0);
	assert_int_equal(rpmsg_create_ept(&t.slow, dev_of(HOST), "slow",
					  SLOW_ADDR, RPMSG_ADDR_ANY, slow_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(HOST), "sink",
					  SINK_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.probe, dev_of(REMOTE), "probe",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	set_gate(HOST, false);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);

	assert_int_equal(rpmsg_sendto(&t.probe, "a", 1, SLOW_ADDR), 0);
	WAIT_UNTIL(t.slow_calls == 1);
	spawn(destroyer_main, NULL);
	/* The destroyer sleeps in the library, the callback still runs. */
	WAIT_UNTIL(t.sleeping[HOST] == 1);
	assert_false(locked_bool(&t.destroy_returned));
	assert_false(locked_bool(&t.slow_done));

	set_gate(HOST, true);
	WAIT_UNTIL(t.destroy_returned);
	join_all();
	assert_int_equal(t.destroy_rc, 0);
	assert_true(t.destroy_saw_done);

	n = rpmsg_list_endpoints(dev_of(HOST), info, 8);
	assert_true(n > 0 && n <= 8);
	for (i = 0; i < n; i++)
		assert_int_not_equal(info[i].addr, SLOW_ADDR);

	/* A message for the destroyed address is dropped; one sent after
	 * it to another endpoint shows that it has been handled. */
	assert_int_equal(rpmsg_sendto(&t.probe, "b", 1, SLOW_ADDR), 0);
	assert_int_equal(rpmsg_sendto(&t.probe, buf, make_msg(buf, 0, 0),
				      SINK_ADDR),
			 0);
	WAIT_UNTIL(t.errors || t.arrived == 1);
	assert_int_equal(locked_uint(&t.errors), 0);
	assert_int_equal(locked_uint(&t.slow_calls), 1);
	assert_int_equal(rpmsg_get_stats(dev_of(HOST), &hs), 0);
	assert_int_equal(hs.dropped, 1);
}

/* A callback may destroy (and free) its own endpoint. */
static void test_callback_destroys_own_endpoint(void **state)
{
	struct rpmsg_endpoint *ept = malloc(sizeof(*ept));
	uint8_t buf[256];

	(void)state;
	assert_non_null(ept);
	make_link(0, 0);
	assert_int_equal(rpmsg_create_ept(ept, dev_of(HOST), "self", SELF_ADDR,
					  RPMSG_ADDR_ANY, self_destroy_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.probe, dev_of(REMOTE), "probe",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);

	assert_int_equal(rpmsg_sendto(&t.probe, "a", 1, SELF_ADDR), 0);
	WAIT_UNTIL(t.self_done);
	assert_int_equal(locked_int(&t.self_rc), 0);

	/* The address is free again and the link still delivers. */
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(HOST), "sink",
					  SELF_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_sendto(&t.probe, buf, make_msg(buf, 0, 0),
				      SELF_ADDR),
			 0);
	WAIT_UNTIL(t.errors || t.arrived == 1);
	assert_int_equal(locked_uint(&t.errors), 0);
}

/* An endpoint created and destroyed over and over while messages for it
 * stream in: its callback never runs outside create..destroy, and every
 * message is either delivered or dropped. */
static void test_endpoint_churn(void **state)
{
	struct rpmsg_stats hs;
	struct client *c = &t.clients[0];
	uint8_t buf[256];

	(void)state;
	make_link(0, 0);
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(HOST), "sink",
					  SINK_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&c->ept, dev_of(REMOTE), "stream",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);

	spawn(churner_main, NULL);
	spawn(churn_sender_main, c);
	WAIT_UNTIL(t.finished == 2);
	join_all();
	assert_int_equal(t.churn_rc, 0);
	assert_int_equal(t.clients[0].rc, 0);

	/* Messages are handled in ring order: once this one is in, all
	 * the others have been delivered or dropped. */
	assert_int_equal(rpmsg_sendto(&c->ept, buf,
				      make_msg(buf, MAX_CLIENTS - 1, 0),
				      SINK_ADDR),
			 0);
	WAIT_UNTIL(t.errors || t.arrived == 1);
	assert_int_equal(locked_uint(&t.errors), 0);
	assert_true(locked_uint(&t.churn_calls) >= CHURN_ROUNDS);
	assert_int_equal(rpmsg_get_stats(dev_of(HOST), &hs), 0);
	assert_int_equal(hs.rx, locked_uint(&t.churn_calls) + 1);
	assert_int_equal(hs.rx + hs.dropped, locked_uint(&t.churn_sent) + 1);
}

/* Stopping a device fails its blocked senders with -EPIPE. */
static void stop_fails_blocked_senders(int from)
{
	struct client cs[MAX_CLIENTS];
	int to = 1 - from;
	unsigned int i, sent = 0;
	uint8_t buf[256];

	make_link(SMALL_BUFS, SMALL_RING);
	assert_int_equal(rpmsg_create_ept(&t.sink, dev_of(to), "sink",
					  SINK_ADDR, RPMSG_ADDR_ANY, sink_cb,
					  NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&t.probe, dev_of(from), "probe",
					  RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  unexpected_cb, NULL),
			 0);
	set_gate(to, false);
	assert_int_equal(rpmsg_link_start(t.link, 0), 0);
	start_senders(from, SINK_ADDR, FLOW_THREADS, FLOW_COUNT,
		      unexpected_cb, RPMSG_TIMEOUT_FOREVER);
	WAIT_UNTIL(t.completed == SMALL_POOL &&
		   t.sleeping[from] == FLOW_THREADS);

	rpmsg_virtio_stop(vdev_of(from));
	WAIT_UNTIL(t.finished == FLOW_THREADS);
	join_all();
	assert_int_equal(snapshot(cs), 0);
	for (i = 0; i < FLOW_THREADS; i++) {
		assert_int_equal(cs[i].rc, -EPIPE);
		sent += cs[i].sent;
	}
	assert_int_equal(sent, SMALL_POOL);
	assert_int_equal(rpmsg_trysendto(&t.probe, buf, make_msg(buf, 0, 0),
					 SINK_ADDR),
			 -EPIPE);

	set_gate(to, true);
	if (from == HOST) {
		/* A host stop resets the device: the rings are taken from
		 * the remote, which stopped with it (as virtio asks), so
		 * its sends fail and what it had not taken is discarded. */
		assert_int_equal(rpmsg_trysendto(&t.sink, buf,
						 make_msg(buf, 0, 0),
						 t.probe.addr),
				 -EPIPE);
		assert_true(locked_uint(&t.arrived) <= SMALL_POOL);
	} else {
		/* The remote stopping does not take the rings from the
		 * host: what was sent before the stop still arrives. */
		WAIT_UNTIL(t.errors || t.arrived == SMALL_POOL);
	}
	assert_int_equal(locked_uint(&t.errors), 0);
}

static void test_host_stop_fails_blocked_senders(void **state)
{
	(void)state;
	stop_fails_blocked_senders(HOST);
}

static void test_remote_stop_fails_blocked_senders(void **state)
{
	(void)state;
	stop_fails_blocked_senders(REMOTE);
}

/* The remote starts first (its start also starts the link's doorbell
 * threads) and waits for the host's DRIVER_OK; the host's start, seen
 * only once the remote sleeps, finds the threads running. */
static void test_remote_waits_for_host(void **state)
{
	(void)state;
	make_link(0, 0);
	echo_setup();
	pthread_mutex_lock(&lock);
	t.remote_starting = true;
	pthread_mutex_unlock(&lock);
	spawn(remote_starter_main, NULL);

	WAIT_UNTIL(t.sleeping[REMOTE] == 1);
	assert_false(locked_bool(&t.remote_start_done));

	assert_int_equal(rpmsg_link_start_role(t.link, RPMSG_VIRTIO_HOST, 0),
			 0);
	WAIT_UNTIL(t.remote_start_done);
	join_all();
	assert_int_equal(t.remote_start_rc, 0);

	echo_run(1, 100);
}

/* The remote announces, while it starts, more channels than the host has
 * rx buffers, and the host is slow to take them: the announcer waits for
 * a buffer before the remote delivers anything, and must still be woken
 * when the host gives buffers back. */
static void test_remote_start_waits_for_announce_buffers(void **state)
{
	unsigned int i;

	(void)state;
	make_link(SMALL_BUFS, SMALL_RING);
	assert_int_equal(rpmsg_register_driver(dev_of(REMOTE), &many_server),
			 0);
	for (i = 0; i < MANY_CHANNELS; i++)
		assert_int_equal(rpmsg_create_channel(dev_of(REMOTE),
						      many_ids[i].name,
						      ECHO_ADDR + i,
						      RPMSG_ADDR_ANY, NULL),
				 0);
	assert_int_equal(rpmsg_register_driver(dev_of(HOST), &many_client),
			 0);
	set_gate(HOST, false);
	assert_int_equal(rpmsg_link_start_role(t.link, RPMSG_VIRTIO_HOST, 0),
			 0);
	pthread_mutex_lock(&lock);
	t.remote_starting = true;
	pthread_mutex_unlock(&lock);
	spawn(remote_starter_main, NULL);

	/* The host holds its first announcement, the remote has used up
	 * the host's rx buffers and waits inside its start. */
	WAIT_UNTIL(t.gated[HOST] == 1 && t.sleeping[REMOTE] == 1);
	assert_false(locked_bool(&t.remote_start_done));

	set_gate(HOST, true);
	WAIT_UNTIL(t.remote_start_done && t.nprobed == MANY_CHANNELS);
	join_all();
	assert_int_equal(t.remote_start_rc, 0);
	assert_int_equal(rpmsg_list_channels(dev_of(HOST), NULL, 0),
			 MANY_CHANNELS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_echo_many_threads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_host_senders_wait_for_tx_buffers, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_remote_senders_wait_for_rx_buffers, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_host_send_times_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_remote_send_times_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_destroy_waits_for_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_callback_destroys_own_endpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_churn, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_host_stop_fails_blocked_senders, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_remote_stop_fails_blocked_senders, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_remote_waits_for_host,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_remote_start_waits_for_announce_buffers, setup,
			teardown),
	};
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cond, &attr);
	pthread_condattr_destroy(&attr);
	traced_os = rpmsg_posix_os_ops;
	traced_os.wait = traced_wait;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
