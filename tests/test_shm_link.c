// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory transport between two real processes (fork): both start
 * orders, echo of every payload size, a peer killed mid-stream on either
 * side, a host refusing a hostile region, own-loop mode (poll loop and
 * busy loop, no service threads) and the name service from the host.
 *
 * Ordering between the processes uses pipes, never sleeps; every wait is
 * bounded so that a bug fails the test instead of hanging it.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

#include "fixture.h"

#define ECHO_NAME "rpmsg-echo"
#define ECHO_ADDR 0x401u
#define MTU (RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE)
#define WAIT_MS 10000u

static char link_name[64];

static void new_name(const char *what)
{
	static unsigned int seq;

	snprintf(link_name, sizeof(link_name), "test-%s-%ld-%u", what,
		 (long)getpid(), seq++);
}

/* --- state shared with the callbacks (reset per test) ----------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct rpmsg_endpoint *client_ept;
static int received;
static bool lost;
static int in_send; /* threads inside guarded_send() */
static size_t last_len;
static unsigned char last[MTU];

static void reset_state(void)
{
	pthread_mutex_lock(&lock);
	client_ept = NULL;
	received = 0;
	lost = false;
	in_send = 0;
	last_len = 0;
	pthread_mutex_unlock(&lock);
}

static void deadline_in(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000u;
	ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static const struct rpmsg_device_id echo_ids[] = { { ECHO_NAME }, { "" } };

/* Remote: echo back. */
static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	pthread_mutex_lock(&lock);
	received++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return rpmsg_sendto(ept, data, len, src);
}

static const struct rpmsg_driver echo_driver = {
	.name = "echo",
	.id_table = echo_ids,
	.callback = echo_cb,
};

/* Remote: take the first message and never return (so the host's tx
 * buffers run out). */
static int stuck_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	for (;;)
		pause();
	return 0;
}

static const struct rpmsg_driver stuck_driver = {
	.name = "stuck",
	.id_table = echo_ids,
	.callback = stuck_cb,
};

/* Host: record echoes. */
static int client_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&lock);
	if (len > sizeof(last))
		len = sizeof(last);
	memcpy(last, data, len);
	last_len = len;
	received++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return 0;
}

static int client_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&lock);
	client_ept = &ch->ept;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return 0;
}

/*
 * The channel goes: as a Linux driver must, make sure nobody uses its
 * endpoint afterwards. Senders blocked for a buffer have already been
 * released with -EPIPE (the device is dead before channels go).
 */
static void client_remove(struct rpmsg_channel *ch)
{
	struct timespec ts;
	int rc = 0;

	(void)ch;
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	lost = true;
	pthread_cond_broadcast(&cond);
	while (in_send && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	pthread_mutex_unlock(&lock);
}

/* rpmsg_send() that never races the channel's removal. */
static int guarded_send(struct rpmsg_endpoint *ept, const void *data,
			size_t len)
{
	int rc;

	pthread_mutex_lock(&lock);
	if (lost) {
		pthread_mutex_unlock(&lock);
		return -EPIPE;
	}
	in_send++;
	pthread_mutex_unlock(&lock);
	rc = rpmsg_send(ept, data, len);
	pthread_mutex_lock(&lock);
	in_send--;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return rc;
}

static const struct rpmsg_driver client_driver = {
	.name = "client",
	.id_table = echo_ids,
	.probe = client_probe,
	.remove = client_remove,
	.callback = client_cb,
};

/* --- helpers ------------------------------------------------------------ */

/* The link of a test: its role, own-loop mode and timeout set per use. */
static struct rpmsg_link_desc shm_desc(bool own_loop)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_SHM,
				     .name = link_name,
				     .own_loop = own_loop };

	return d;
}

static int remote_setup(struct rpmsg_link *link, void *arg)
{
	struct rpmsg_device *bus = rpmsg_link_bus(link);
	int rc = rpmsg_register_driver(bus, arg);

	return rc ? rc : rpmsg_create_channel(bus, ECHO_NAME, ECHO_ADDR,
					      RPMSG_ADDR_ANY, NULL);
}

/* A remote child: listens before this returns, then serves (by default
 * until its host has gone, exit 0 only then). */
static struct fixture_remote remote_of(bool own_loop, fixture_setup_t setup,
				       fixture_serve_t serve, const void *arg)
{
	struct fixture_remote r = {
		.link = shm_desc(own_loop),
		.setup = setup,
		.serve = serve,
		.arg = (void *)arg,
		.start_ms = WAIT_MS,
		.gone_ms = 3 * WAIT_MS,
		.ready = true,
		.watchdog_s = 60, /* never outlive a broken test */
	};

	return r;
}

static pid_t fork_remote(struct fixture_remote r)
{
	pid_t pid = fixture_fork_remote(&r);

	assert_true(pid >= 0);
	return pid;
}

/* The remote process serving @drv's channel until the host leaves. */
static pid_t remote_ready(const struct rpmsg_driver *drv)
{
	return fork_remote(remote_of(false, remote_setup, NULL, drv));
}

/* This process as the remote of @drv's channel, created, not started. */
static struct rpmsg_link *remote_here(const struct rpmsg_driver *drv)
{
	struct rpmsg_link_desc d = shm_desc(false);
	struct rpmsg_link *link = NULL;

	assert_int_equal(fixture_open(&link, &d, RPMSG_VIRTIO_REMOTE,
				      remote_setup, (void *)drv),
			 0);
	return link;
}

static int host_setup(struct rpmsg_link *link, void *arg)
{
	(void)arg;
	return rpmsg_register_driver(rpmsg_link_bus(link), &client_driver);
}

static struct rpmsg_link *host_up_mode(bool own_loop)
{
	struct rpmsg_link_desc d = shm_desc(own_loop);
	struct rpmsg_link *link = NULL;

	assert_int_equal(fixture_host_open(&link, &d, host_setup, NULL,
					   WAIT_MS),
			 0);
	return link;
}

static struct rpmsg_link *host_up(void)
{
	return host_up_mode(false);
}

/* A host child whose @serve runs once its link is up; @ready: it has not
 * tried to reach a remote yet when this returns. */
static pid_t fork_host(fixture_serve_t serve, void *arg, bool ready)
{
	struct fixture_host h = { .link = shm_desc(false),
				  .setup = host_setup,
				  .serve = serve,
				  .arg = arg,
				  .timeout_ms = WAIT_MS,
				  .ready = ready,
				  .watchdog_s = 60 };
	pid_t pid = fixture_fork_host(&h);

	assert_true(pid >= 0);
	return pid;
}

static struct rpmsg_endpoint *try_wait_channel(void)
{
	struct rpmsg_endpoint *ept;
	struct timespec ts;
	int rc = 0;

	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (!client_ept && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	ept = client_ept;
	pthread_mutex_unlock(&lock);
	return ept;
}

static struct rpmsg_endpoint *wait_channel(void)
{
	struct rpmsg_endpoint *ept = try_wait_channel();

	assert_non_null(ept);
	return ept;
}

static int echo_once(struct rpmsg_endpoint *ept, size_t len, unsigned int seed)
{
	unsigned char msg[MTU];
	struct timespec ts;
	int rc, want;
	size_t i;

	for (i = 0; i < len; i++)
		msg[i] = (unsigned char)(seed + i * 13u);
	pthread_mutex_lock(&lock);
	want = received + 1;
	pthread_mutex_unlock(&lock);
	rc = guarded_send(ept, msg, len);
	if (rc)
		return rc;
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (received < want && !lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	if (received < want)
		rc = lost ? -EPIPE : -ETIMEDOUT;
	else if (last_len != len || memcmp(last, msg, len))
		rc = -EBADMSG;
	else
		rc = 0;
	pthread_mutex_unlock(&lock);
	return rc;
}

/* --- tests ---------------------------------------------------------------- */

static void test_remote_first_all_sizes(void **state)
{
	struct rpmsg_link *link;
	struct rpmsg_endpoint *ept;
	pid_t pid;
	size_t len;

	(void)state;
	reset_state();
	new_name("rfirst");
	/* The remote listens before the host even tries. */
	pid = remote_ready(&echo_driver);
	link = host_up();
	ept = wait_channel();
	assert_int_equal(rpmsg_get_mtu(ept), MTU);
	for (len = 0; len <= MTU; len++)
		assert_int_equal(echo_once(ept, len, (unsigned int)len), 0);
	{
		static const unsigned char big[MTU + 1];

		assert_int_equal(rpmsg_send(ept, big, sizeof(big)), -EMSGSIZE);
	}
	rpmsg_link_destroy(link);
	/* The remote saw the host go and exited cleanly. */
	assert_int_equal(fixture_wait_child(pid), 0);
}

/* A host child: 50 echoes, then it leaves. */
static int host_first_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	struct rpmsg_endpoint *ept = try_wait_channel();
	unsigned int i;

	(void)link;
	(void)start_rc;
	(void)arg;
	if (!ept)
		return 21;
	for (i = 0; i < 50; i++)
		if (echo_once(ept, i, i))
			return 20;
	return 0;
}

static void test_host_first(void **state)
{
	struct rpmsg_link *link;
	int rc;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("hfirst");
	/* The host: starts before any remote exists. */
	pid = fork_host(host_first_serve, NULL, true);
	link = remote_here(&echo_driver);
	assert_int_equal(rpmsg_link_start(link, WAIT_MS), 0);
	rc = rpmsg_link_wait_peer_gone(link, 3 * WAIT_MS);
	rpmsg_link_destroy(link);
	assert_int_equal(rc, 0);
	assert_int_equal(fixture_wait_child(pid), 0);
	pthread_mutex_lock(&lock);
	assert_int_equal(received, 50);
	pthread_mutex_unlock(&lock);
}

/* A host child streaming without end, without waiting for echoes. */
static int stream_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	struct rpmsg_endpoint *ept = try_wait_channel();
	char msg[64] = "stream";

	(void)start_rc;
	(void)arg;
	if (!ept)
		return 31;
	for (;;)
		if (guarded_send(ept, msg, sizeof(msg)) &&
		    rpmsg_link_peer_gone(link))
			return 30;
}

static void test_host_killed_mid_stream(void **state)
{
	struct rpmsg_link *link;
	struct timespec ts;
	int rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("hkill");
	/* The remote (this process) listens first. */
	link = remote_here(&echo_driver);
	pid = fork_host(stream_serve, NULL, false);
	assert_int_equal(rpmsg_link_start(link, WAIT_MS), 0);
	/* Mid-stream: once 200 messages have been echoed. */
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (received < 200 && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	pthread_mutex_unlock(&lock);
	assert_int_equal(rc, 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(fixture_wait_child(pid), 128 + SIGKILL);
	/* The remote notices and stops; sends fail, nothing hangs. */
	assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS), 0);
	assert_true(rpmsg_link_peer_gone(link));
	rpmsg_link_destroy(link);
}

struct sender {
	struct rpmsg_endpoint *ept;
	int sent;
	int rc;
};

static void *sender_main(void *arg)
{
	struct sender *s = arg;
	char msg[32] = "fill";
	int rc;

	for (;;) {
		rc = guarded_send(s->ept, msg, sizeof(msg));
		if (rc)
			break;
		pthread_mutex_lock(&lock);
		s->sent++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	s->rc = rc;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void test_remote_killed_senders_epipe(void **state)
{
	struct sender s = { .ept = NULL };
	struct rpmsg_link *link;
	struct timespec ts;
	pthread_t thread;
	int rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("rkill");
	pid = remote_ready(&stuck_driver);
	link = host_up();
	s.ept = wait_channel();
	/* Bounded, but far beyond the test: the wait must end by -EPIPE. */
	assert_int_equal(rpmsg_set_timeout(s.ept, 60000), 0);
	assert_int_equal(pthread_create(&thread, NULL, sender_main, &s), 0);
	/* The remote never returns a buffer: after 256 sends the sender
	 * waits for one. */
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (s.sent < 256 && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	pthread_mutex_unlock(&lock);
	assert_int_equal(rc, 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(fixture_wait_child(pid), 128 + SIGKILL);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_true(s.sent >= 256);
	assert_int_equal(s.rc, -EPIPE);
	assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS), 0);
	pthread_mutex_lock(&lock);
	assert_true(lost); /* the driver's remove ran */
	pthread_mutex_unlock(&lock);
	assert_int_equal(guarded_send(s.ept, "x", 1), -EPIPE);
	rpmsg_link_destroy(link);
}

/* A remote whose table puts vring 1 outside the region. */
static int hostile_setup(struct rpmsg_link *link, void *arg)
{
	uint8_t *region = rpmsg_link_region(link, NULL);
	uint32_t da = 0x7FFFF000u;

	(void)arg;
	memcpy(region + RPMSG_SHM_PAGE + 20 + RPMSG_RSC_VDEV_SIZE +
		       RPMSG_RSC_VRING_SIZE,
	       &da, sizeof(da));
	return 0;
}

/* The host connects, refuses and hangs up. */
static int hostile_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	(void)link;
	(void)arg;
	return start_rc == -EPIPE ? 0 : 41;
}

static void test_hostile_region_rejected(void **state)
{
	struct rpmsg_link_desc d = shm_desc(false);
	struct rpmsg_link *link;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("hostile");
	pid = fork_remote(remote_of(false, hostile_setup, hostile_serve, NULL));
	d.role = RPMSG_VIRTIO_HOST;
	d.connect_timeout_ms = WAIT_MS;
	link = NULL;
	assert_int_equal(rpmsg_link_create(&link, &d), -ERANGE);
	assert_null(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

struct streamer {
	struct rpmsg_endpoint *ept;
	int count;
	int rc;
};

static void *streamer_main(void *arg)
{
	struct streamer *st = arg;
	char msg[100];
	int i, rc = 0;

	memset(msg, 's', sizeof(msg));
	for (i = 0; i < st->count && !rc; i++)
		rc = guarded_send(st->ept, msg, sizeof(msg));
	pthread_mutex_lock(&lock);
	st->rc = rc;
	pthread_mutex_unlock(&lock);
	return NULL;
}

/*
 * Both sides saturated: the host sends without waiting for echoes, so the
 * remote's echo (sent from its rx thread) waits for host rx buffers while
 * the host waits for tx buffers. Every message must still come back.
 */
static void test_stream_saturated(void **state)
{
	struct streamer st = { .count = 5000 };
	struct rpmsg_link *link;
	struct timespec ts;
	pthread_t thread;
	int rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("stream");
	pid = remote_ready(&echo_driver);
	link = host_up();
	st.ept = wait_channel();
	assert_int_equal(pthread_create(&thread, NULL, streamer_main, &st), 0);
	deadline_in(&ts, 3 * WAIT_MS);
	pthread_mutex_lock(&lock);
	while (received < st.count && !lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	pthread_mutex_unlock(&lock);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(st.rc, 0);
	pthread_mutex_lock(&lock);
	assert_int_equal(received, st.count);
	pthread_mutex_unlock(&lock);
	rpmsg_link_destroy(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

/*
 * A remote serves one host after another on the same name: the first host
 * is killed mid-stream, the second attaches to a fresh link and is served.
 */
/* A host child: 20 echoes, then it leaves (@arg set: killed instead). */
static int next_host_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	struct rpmsg_endpoint *ept = try_wait_channel();
	unsigned int i;

	(void)link;
	(void)start_rc;
	if (!ept)
		return 50;
	for (i = 0; i < 20; i++)
		if (echo_once(ept, 32, i))
			return 51;
	if (arg)
		kill(getpid(), SIGKILL);
	return 0;
}

static void test_remote_serves_next_host(void **state)
{
	static int killed_one;
	struct rpmsg_link *link;
	uint32_t gen[2];
	int round, rc;
	pid_t pid;

	(void)state;
	new_name("next");
	for (round = 0; round < 2; round++) {
		reset_state();
		link = remote_here(&echo_driver);
		memcpy(&gen[round], (uint8_t *)rpmsg_link_region(link, NULL) + 8,
		       sizeof(gen[round]));
		pid = fork_host(next_host_serve,
				round == 0 ? &killed_one : NULL, false);
		assert_int_equal(rpmsg_link_start(link, WAIT_MS), 0);
		rc = rpmsg_link_wait_peer_gone(link, 3 * WAIT_MS);
		rpmsg_link_destroy(link);
		assert_int_equal(rc, 0);
		assert_int_equal(fixture_wait_child(pid),
				 round == 0 ? 128 + SIGKILL : 0);
		pthread_mutex_lock(&lock);
		assert_int_equal(received, 20);
		pthread_mutex_unlock(&lock);
	}
	/* Each (re)start of the remote bumps the generation. */
	assert_true(gen[1] > gen[0]);
}

/*
 * The remote dies and a new one comes up under the same name: the host
 * sees the first go, then attaches to the second and is served.
 */
static void test_host_reattaches_to_new_remote(void **state)
{
	struct rpmsg_link *link;
	struct rpmsg_endpoint *ept;
	int round;
	pid_t pid;

	(void)state;
	new_name("reattach");
	for (round = 0; round < 2; round++) {
		reset_state();
		pid = remote_ready(&echo_driver);
		link = host_up();
		ept = wait_channel();
		assert_int_equal(echo_once(ept, 40, 1), 0);
		if (round == 0) {
			assert_int_equal(kill(pid, SIGKILL), 0);
			assert_int_equal(fixture_wait_child(pid), 128 + SIGKILL);
			assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS),
					 0);
			assert_int_equal(guarded_send(ept, "x", 1), -EPIPE);
			rpmsg_link_destroy(link);
		} else {
			rpmsg_link_destroy(link);
			assert_int_equal(fixture_wait_child(pid), 0);
		}
	}
}

/*
 * A remote that breaks a ring: it claims to have returned far more
 * buffers than the host posted. The host marks the ring broken, stops the
 * device and hangs up; the remote sees that.
 */
/* The remote of the test below: on the shm API itself, whose doorbell
 * it rings by hand after damaging the ring. */
static int ring_breaker(void *arg)
{
	struct rpmsg_shm_config cfg = { .name = link_name };
	struct rpmsg_shm *link;
	uint8_t *region;
	int rc;

	(void)arg;
	if (rpmsg_shm_remote_create(&link, &cfg))
		return 60;
	fixture_ready();
	if (rpmsg_shm_start(link, WAIT_MS))
		return 61;
	/* vq 0 at 0x2000, 256 entries, align 4096: its used ring is at
	 * 0x4000, the used index 2 bytes in. */
	region = rpmsg_shm_region(link, NULL);
	__atomic_store_n((uint16_t *)(void *)(region + 0x4002), 1000,
			 __ATOMIC_RELEASE);
	rpmsg_shm_notify_peer(link, 0);
	rc = rpmsg_shm_wait_peer_gone(link, WAIT_MS);
	rpmsg_shm_destroy(link);
	return rc ? 62 : 0;
}

static void test_remote_breaks_ring(void **state)
{
	struct rpmsg_link_desc d = shm_desc(false);
	struct rpmsg_link *link;
	int rc;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("broken");
	pid = fixture_fork(ring_breaker, NULL, 60, true);
	assert_true(pid >= 0);
	d.connect_timeout_ms = WAIT_MS;
	assert_int_equal(fixture_open(&link, &d, RPMSG_VIRTIO_HOST, NULL, NULL),
			 0);
	/* The ring may break while the host is still starting (its start
	 * reads what arrived early): then start fails. */
	rc = rpmsg_link_start(link, 0);
	if (rc)
		assert_int_equal(rc, -EIO);
	else
		assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS), 0);
	rpmsg_link_destroy(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

/* --- own-loop mode -------------------------------------------------------- */

static int echo_failed; /* own-loop echoes that could not be sent */

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Own-loop remote: echo back without ever waiting for a buffer. */
static int try_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		       void *priv, uint32_t src)
{
	int rc;

	(void)priv;
	rc = rpmsg_trysendto(ept, data, len, src);
	pthread_mutex_lock(&lock);
	received++;
	if (rc)
		echo_failed++;
	pthread_mutex_unlock(&lock);
	return 0;
}

static const struct rpmsg_driver try_echo_driver = {
	.name = "try-echo",
	.id_table = echo_ids,
	.callback = try_echo_cb,
};

static bool have_channel(void)
{
	bool r;

	pthread_mutex_lock(&lock);
	r = client_ept != NULL;
	pthread_mutex_unlock(&lock);
	return r;
}

static int received_now(void)
{
	int r;

	pthread_mutex_lock(&lock);
	r = received;
	pthread_mutex_unlock(&lock);
	return r;
}

/*
 * Drive an own-loop link from poll() on its fds until @done() holds (if
 * given) or the peer goes. Return: 0, -EPIPE, -ETIMEDOUT after @ms.
 */
static int loop_poll(struct rpmsg_link *link, bool (*done)(void),
		     unsigned int ms)
{
	uint64_t end = mono_ms() + ms, now;
	struct pollfd pfd[3];
	int fds[3], n, i, rc;

	n = rpmsg_link_poll_fds(link, fds, 3);
	if (n != 3)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
	}
	for (;;) {
		rc = rpmsg_link_service(link);
		if (rc < 0)
			return rc;
		if (done && done())
			return 0;
		now = mono_ms();
		if (now >= end)
			return -ETIMEDOUT;
		/* A service that stopped at its bound: again, no sleep. */
		rc = poll(pfd, (nfds_t)n,
			  rpmsg_virtio_rx_pending(rpmsg_link_vdev(link)) == 1
				  ? 0 : (int)(end - now));
		if (rc < 0 && errno != EINTR)
			return -errno;
	}
}

/* Spin on rpmsg_link_service() (no poll) until @done() holds. */
static int loop_spin(struct rpmsg_link *link, bool (*done)(void),
		     unsigned int ms)
{
	uint64_t end = mono_ms() + ms;
	int rc;

	for (;;) {
		rc = rpmsg_link_service(link);
		if (rc < 0)
			return rc;
		if (done())
			return 0;
		if (mono_ms() >= end)
			return -ETIMEDOUT;
	}
}

/*
 * A remote in own-loop mode, driven by a poll() loop over its fds in a
 * child process, echoes 1000 messages to a host with service threads.
 */
/* The own-loop remote's channel; nothing to service before start. */
static int own_remote_setup(struct rpmsg_link *link, void *arg)
{
	int fds[3];

	(void)arg;
	if (remote_setup(link, (void *)&try_echo_driver))
		return -1;
	if (rpmsg_link_service(link) != -EINVAL ||
	    rpmsg_link_poll_fds(link, fds, 3) != -EINVAL)
		return -1;
	return 0;
}

/* Serve until the host leaves. */
static int own_remote_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	(void)arg;
	if (start_rc)
		return 83;
	if (loop_poll(link, NULL, 3 * WAIT_MS) != -EPIPE)
		return 84;
	return received == 1000 && !echo_failed ? 0 : 85;
}

static void test_own_loop_remote_poll(void **state)
{
	struct rpmsg_link *link;
	struct rpmsg_endpoint *ept;
	int i;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("ownremote");
	pid = fork_remote(remote_of(true, own_remote_setup, own_remote_serve,
				    NULL));
	link = host_up();
	ept = wait_channel();
	for (i = 0; i < 1000; i++)
		assert_int_equal(echo_once(ept, (size_t)(i % (MTU + 1)),
					   (unsigned int)i),
				 0);
	rpmsg_link_destroy(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

#define SPIN_COUNT 2000
#define SPIN_LEN 64

/*
 * A host in own-loop mode spinning on rpmsg_link_service() (no poll at
 * all) streams with rpmsg_trysend() and takes back every echo from a
 * remote with service threads.
 */
static void test_own_loop_host_spin(void **state)
{
	unsigned char msg[SPIN_LEN];
	struct rpmsg_link *link;
	struct rpmsg_endpoint *ept;
	uint64_t end;
	int sent = 0, rc;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("ownspin");
	pid = remote_ready(&echo_driver);
	link = host_up_mode(true);
	assert_int_equal(loop_spin(link, have_channel, WAIT_MS), 0);
	ept = wait_channel();
	end = mono_ms() + 3 * WAIT_MS;
	while (received_now() < SPIN_COUNT) {
		if (sent < SPIN_COUNT) {
			memset(msg, 0, sizeof(msg));
			memcpy(msg, &sent, sizeof(sent));
			rc = rpmsg_trysend(ept, msg, sizeof(msg));
			if (!rc)
				sent++;
			else
				assert_int_equal(rc, -ENOMEM);
		}
		assert_true(rpmsg_link_service(link) >= 0);
		assert_true(mono_ms() < end);
	}
	/* Every echo back, the last one intact. */
	pthread_mutex_lock(&lock);
	assert_int_equal(received, SPIN_COUNT);
	assert_int_equal(last_len, SPIN_LEN);
	assert_int_equal(memcmp(last, msg, SPIN_LEN), 0);
	pthread_mutex_unlock(&lock);
	assert_false(rpmsg_link_peer_gone(link));
	rpmsg_link_destroy(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

#define BURST 10

/* Remote: answer the first message with a burst, then die at once. */
static int burst_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	int i;

	(void)data;
	(void)len;
	(void)priv;
	for (i = 0; i < BURST; i++)
		if (rpmsg_sendto(ept, &i, sizeof(i), src))
			_exit(70);
	kill(getpid(), SIGKILL);
	return 0;
}

static const struct rpmsg_driver burst_driver = {
	.name = "burst",
	.id_table = echo_ids,
	.callback = burst_cb,
};

/*
 * An own-loop host whose remote is killed: rpmsg_link_service() first
 * delivers what the remote published before dying, then returns -EPIPE,
 * and keeps returning it; the channel is removed, sends fail.
 */
static void test_own_loop_peer_killed(void **state)
{
	struct rpmsg_link *link;
	struct rpmsg_endpoint *ept;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("ownkill");
	pid = remote_ready(&burst_driver);
	link = host_up_mode(true);
	assert_int_equal(loop_poll(link, have_channel, WAIT_MS), 0);
	ept = wait_channel();
	assert_int_equal(rpmsg_trysend(ept, "go", 2), 0);
	/* Not serviced while the remote answers and dies (it has an alarm,
	 * so this wait is bounded). */
	assert_int_equal(fixture_wait_child(pid), 128 + SIGKILL);
	assert_int_equal(loop_poll(link, NULL, WAIT_MS), -EPIPE);
	pthread_mutex_lock(&lock);
	assert_int_equal(received, BURST);
	assert_true(lost); /* the driver's remove ran */
	pthread_mutex_unlock(&lock);
	assert_true(rpmsg_link_peer_gone(link));
	assert_int_equal(rpmsg_link_wait_peer_gone(link, 0), 0);
	assert_int_equal(rpmsg_link_service(link), -EPIPE);
	assert_int_equal(guarded_send(ept, "x", 1), -EPIPE);
	rpmsg_link_destroy(link);
}

#define NS_NAME "shm-ns"
#define NS_ADDR 0x500u

static uint32_t ns_dst = RPMSG_ADDR_ANY;
static bool ns_probed;

static int ns_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	return 0;
}

static int ns_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&lock);
	ns_dst = ch->dst;
	ns_probed = true;
	pthread_mutex_unlock(&lock);
	return 0;
}

static const struct rpmsg_device_id ns_ids[] = { { NS_NAME }, { "" } };

static const struct rpmsg_driver ns_driver = {
	.name = "ns",
	.id_table = ns_ids,
	.probe = ns_probe,
	.callback = ns_cb,
};

/* The host's side of the channel: no probe of its own. */
static const struct rpmsg_driver ns_host_driver = {
	.name = "ns-host",
	.id_table = ns_ids,
	.callback = ns_cb,
};

static bool ns_done(void)
{
	bool r;

	pthread_mutex_lock(&lock);
	r = ns_probed;
	pthread_mutex_unlock(&lock);
	return r;
}

/*
 * The name service from host to remote: the host creates a channel with a
 * fixed local address; the remote (own-loop, in a child) gets a channel
 * for that name bound to the address and reports by its exit code.
 */
static int ns_remote_setup(struct rpmsg_link *link, void *arg)
{
	(void)arg;
	return rpmsg_register_driver(rpmsg_link_bus(link), &ns_driver);
}

static int ns_remote_serve(struct rpmsg_link *link, int start_rc, void *arg)
{
	(void)arg;
	if (start_rc)
		return 91;
	if (loop_poll(link, ns_done, WAIT_MS))
		return 92;
	return ns_dst == NS_ADDR ? 0 : 93;
}

static int ns_host_setup(struct rpmsg_link *link, void *arg)
{
	struct rpmsg_channel **ch = arg;
	int rc = rpmsg_register_driver(rpmsg_link_bus(link), &ns_host_driver);

	return rc ? rc : rpmsg_create_channel(rpmsg_link_bus(link), NS_NAME,
					      NS_ADDR, RPMSG_ADDR_ANY, ch);
}

static void test_ns_host_to_remote(void **state)
{
	struct rpmsg_link_desc d = shm_desc(false);
	struct rpmsg_channel *ch = NULL;
	struct rpmsg_link *link;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("ns");
	pid = fork_remote(remote_of(true, ns_remote_setup, ns_remote_serve,
				    NULL));
	d.connect_timeout_ms = WAIT_MS;
	assert_int_equal(fixture_open(&link, &d, RPMSG_VIRTIO_HOST,
				      ns_host_setup, &ch),
			 0);
	assert_non_null(ch);
	assert_int_equal(ch->src, NS_ADDR);
	assert_int_equal(rpmsg_link_start(link, 0), 0);
	/* The remote leaves once it has checked the channel. */
	assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS), 0);
	rpmsg_link_destroy(link);
	assert_int_equal(fixture_wait_child(pid), 0);
}

static void test_bad_names(void **state)
{
	struct rpmsg_shm_config cfg = { .name = "a/b" };
	struct rpmsg_shm *link = NULL;

	(void)state;
	assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), -EINVAL);
	cfg.name = "";
	assert_int_equal(rpmsg_shm_host_create(&link, &cfg), -EINVAL);
	cfg.name = NULL;
	assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), -EINVAL);
	assert_null(link);
}

static void test_no_remote_times_out(void **state)
{
	struct rpmsg_shm_config cfg = { .timeout_ms = 50 };
	struct rpmsg_shm *link = NULL;

	(void)state;
	new_name("nobody");
	cfg.name = link_name;
	assert_int_equal(rpmsg_shm_host_create(&link, &cfg), -ETIMEDOUT);
	assert_null(link);
}

static void test_name_in_use(void **state)
{
	struct rpmsg_shm_config cfg = { .name = NULL };
	struct rpmsg_shm *a, *b = NULL;

	(void)state;
	new_name("dup");
	cfg.name = link_name;
	assert_int_equal(rpmsg_shm_remote_create(&a, &cfg), 0);
	assert_int_equal(rpmsg_shm_remote_create(&b, &cfg), -EADDRINUSE);
	assert_null(b);
	rpmsg_shm_destroy(a);
	/* Released with the socket: the name can be used again. */
	assert_int_equal(rpmsg_shm_remote_create(&a, &cfg), 0);
	rpmsg_shm_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_no_remote_times_out),
		cmocka_unit_test(test_name_in_use),
		cmocka_unit_test(test_remote_first_all_sizes),
		cmocka_unit_test(test_host_first),
		cmocka_unit_test(test_host_killed_mid_stream),
		cmocka_unit_test(test_remote_killed_senders_epipe),
		cmocka_unit_test(test_hostile_region_rejected),
		cmocka_unit_test(test_stream_saturated),
		cmocka_unit_test(test_remote_serves_next_host),
		cmocka_unit_test(test_host_reattaches_to_new_remote),
		cmocka_unit_test(test_remote_breaks_ring),
		cmocka_unit_test(test_own_loop_remote_poll),
		cmocka_unit_test(test_own_loop_host_spin),
		cmocka_unit_test(test_own_loop_peer_killed),
		cmocka_unit_test(test_ns_host_to_remote),
	};

	/* A send to a peer that just died must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
