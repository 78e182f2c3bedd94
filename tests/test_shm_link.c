// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory transport between two real processes (fork): both start
 * orders, echo of every payload size, a peer killed mid-stream on either
 * side, and a host refusing a hostile region.
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
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

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

static void write_byte(int fd)
{
	char c = 'x';

	if (write(fd, &c, 1) != 1)
		_exit(90);
}

static int read_byte(int fd)
{
	char c;

	return read(fd, &c, 1) == 1 ? 0 : -1;
}

/*
 * The remote process: create, tell the parent through @ready_fd (if >= 0),
 * serve until the host leaves. Exit 0 only if the host was seen and left.
 */
static void remote_process(const struct rpmsg_driver *drv, int ready_fd)
{
	struct rpmsg_shm_config cfg = { .name = link_name };
	struct rpmsg_shm *link;
	int rc;

	alarm(60); /* never outlive a broken test */
	rc = rpmsg_shm_remote_create(&link, &cfg);
	if (rc)
		_exit(10);
	if (rpmsg_register_driver(rpmsg_shm_bus(link), drv) ||
	    rpmsg_create_channel(rpmsg_shm_bus(link), ECHO_NAME, ECHO_ADDR,
				 RPMSG_ADDR_ANY, NULL))
		_exit(11);
	if (ready_fd >= 0)
		write_byte(ready_fd);
	rc = rpmsg_shm_start(link, WAIT_MS);
	if (rc)
		_exit(12);
	rc = rpmsg_shm_wait_peer_gone(link, 3 * WAIT_MS);
	rpmsg_shm_destroy(link);
	_exit(rc ? 13 : 0);
}

static int wait_exit(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Host set-up without asserts, usable in a child process. */
static struct rpmsg_shm *host_try_up(void)
{
	struct rpmsg_shm_config cfg = { .name = link_name,
					.timeout_ms = WAIT_MS };
	struct rpmsg_shm *link = NULL;

	if (rpmsg_shm_host_create(&link, &cfg))
		return NULL;
	if (rpmsg_register_driver(rpmsg_shm_bus(link), &client_driver) ||
	    rpmsg_shm_start(link, 0)) {
		rpmsg_shm_destroy(link);
		return NULL;
	}
	return link;
}

static struct rpmsg_shm *host_up(void)
{
	struct rpmsg_shm *link = host_try_up();

	assert_non_null(link);
	return link;
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
	struct rpmsg_shm *link;
	struct rpmsg_endpoint *ept;
	int p[2];
	pid_t pid;
	size_t len;

	(void)state;
	reset_state();
	new_name("rfirst");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(p[0]);
		remote_process(&echo_driver, p[1]);
	}
	close(p[1]);
	/* The remote listens before the host even tries. */
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
	link = host_up();
	ept = wait_channel();
	assert_int_equal(rpmsg_get_mtu(ept), MTU);
	for (len = 0; len <= MTU; len++)
		assert_int_equal(echo_once(ept, len, (unsigned int)len), 0);
	{
		static const unsigned char big[MTU + 1];

		assert_int_equal(rpmsg_send(ept, big, sizeof(big)), -EMSGSIZE);
	}
	rpmsg_shm_destroy(link);
	/* The remote saw the host go and exited cleanly. */
	assert_int_equal(wait_exit(pid), 0);
}

static void test_host_first(void **state)
{
	struct rpmsg_shm_config cfg = { .name = NULL };
	struct rpmsg_shm *link;
	int p[2], rc;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("hfirst");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* The host: starts before any remote exists. */
		struct rpmsg_endpoint *ept;
		unsigned int i;

		alarm(60);
		close(p[0]);
		write_byte(p[1]);
		link = host_try_up();
		ept = link ? try_wait_channel() : NULL;
		if (!ept)
			_exit(21);
		for (i = 0; i < 50; i++)
			if (echo_once(ept, i, i))
				_exit(20);
		rpmsg_shm_destroy(link);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
	cfg.name = link_name;
	assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), 0);
	assert_int_equal(rpmsg_register_driver(rpmsg_shm_bus(link),
					       &echo_driver),
			 0);
	assert_int_equal(rpmsg_create_channel(rpmsg_shm_bus(link), ECHO_NAME,
					      ECHO_ADDR, RPMSG_ADDR_ANY, NULL),
			 0);
	assert_int_equal(rpmsg_shm_start(link, WAIT_MS), 0);
	rc = rpmsg_shm_wait_peer_gone(link, 3 * WAIT_MS);
	rpmsg_shm_destroy(link);
	assert_int_equal(rc, 0);
	assert_int_equal(wait_exit(pid), 0);
	pthread_mutex_lock(&lock);
	assert_int_equal(received, 50);
	pthread_mutex_unlock(&lock);
}

static void test_host_killed_mid_stream(void **state)
{
	struct rpmsg_shm_config cfg = { .name = NULL };
	struct rpmsg_shm *link;
	struct timespec ts;
	int rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("hkill");
	cfg.name = link_name;
	/* The remote (this process) listens first. */
	assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), 0);
	assert_int_equal(rpmsg_register_driver(rpmsg_shm_bus(link),
					       &echo_driver),
			 0);
	assert_int_equal(rpmsg_create_channel(rpmsg_shm_bus(link), ECHO_NAME,
					      ECHO_ADDR, RPMSG_ADDR_ANY, NULL),
			 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* A host streaming without end, without waiting for echoes. */
		struct rpmsg_shm *h;
		struct rpmsg_endpoint *ept;
		char msg[64] = "stream";

		alarm(60);
		h = host_try_up();
		ept = h ? try_wait_channel() : NULL;
		if (!ept)
			_exit(31);
		for (;;)
			if (guarded_send(ept, msg, sizeof(msg)) &&
			    rpmsg_shm_peer_gone(h))
				_exit(30);
	}
	assert_int_equal(rpmsg_shm_start(link, WAIT_MS), 0);
	/* Mid-stream: once 200 messages have been echoed. */
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (received < 200 && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	pthread_mutex_unlock(&lock);
	assert_int_equal(rc, 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(wait_exit(pid), 128 + SIGKILL);
	/* The remote notices and stops; sends fail, nothing hangs. */
	assert_int_equal(rpmsg_shm_wait_peer_gone(link, WAIT_MS), 0);
	assert_true(rpmsg_shm_peer_gone(link));
	rpmsg_shm_destroy(link);
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
	struct rpmsg_shm *link;
	struct timespec ts;
	pthread_t thread;
	int p[2], rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("rkill");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(p[0]);
		remote_process(&stuck_driver, p[1]);
	}
	close(p[1]);
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
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
	assert_int_equal(wait_exit(pid), 128 + SIGKILL);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_true(s.sent >= 256);
	assert_int_equal(s.rc, -EPIPE);
	assert_int_equal(rpmsg_shm_wait_peer_gone(link, WAIT_MS), 0);
	pthread_mutex_lock(&lock);
	assert_true(lost); /* the driver's remove ran */
	pthread_mutex_unlock(&lock);
	assert_int_equal(guarded_send(s.ept, "x", 1), -EPIPE);
	rpmsg_shm_destroy(link);
}

static void test_hostile_region_rejected(void **state)
{
	struct rpmsg_shm_config cfg = { .name = NULL };
	struct rpmsg_shm *link;
	uint8_t *region;
	int p[2];
	pid_t pid;
	int rc;

	(void)state;
	reset_state();
	new_name("hostile");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* A remote whose table puts vring 1 outside the region. */
		uint32_t da = 0x7FFFF000u;

		alarm(60);
		close(p[0]);
		cfg.name = link_name;
		if (rpmsg_shm_remote_create(&link, &cfg))
			_exit(40);
		region = rpmsg_shm_region(link, NULL);
		memcpy(region + RPMSG_SHM_PAGE + 20 + RPMSG_RSC_VDEV_SIZE +
			       RPMSG_RSC_VRING_SIZE,
		       &da, sizeof(da));
		write_byte(p[1]);
		/* The host connects, refuses and hangs up. */
		rc = rpmsg_shm_start(link, WAIT_MS);
		rpmsg_shm_destroy(link);
		_exit(rc == -EPIPE ? 0 : 41);
	}
	close(p[1]);
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
	cfg.name = link_name;
	cfg.timeout_ms = WAIT_MS;
	link = NULL;
	assert_int_equal(rpmsg_shm_host_create(&link, &cfg), -ERANGE);
	assert_null(link);
	assert_int_equal(wait_exit(pid), 0);
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
	struct rpmsg_shm *link;
	struct timespec ts;
	pthread_t thread;
	int p[2], rc = 0;
	pid_t pid;

	(void)state;
	reset_state();
	new_name("stream");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(p[0]);
		remote_process(&echo_driver, p[1]);
	}
	close(p[1]);
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
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
	rpmsg_shm_destroy(link);
	assert_int_equal(wait_exit(pid), 0);
}

/*
 * A remote serves one host after another on the same name: the first host
 * is killed mid-stream, the second attaches to a fresh link and is served.
 */
static void test_remote_serves_next_host(void **state)
{
	struct rpmsg_shm_config cfg = { .name = NULL };
	struct rpmsg_shm *link;
	uint32_t gen[2];
	int round, rc;
	pid_t pid;

	(void)state;
	new_name("next");
	cfg.name = link_name;
	for (round = 0; round < 2; round++) {
		reset_state();
		assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), 0);
		memcpy(&gen[round], (uint8_t *)rpmsg_shm_region(link, NULL) + 8,
		       sizeof(gen[round]));
		assert_int_equal(rpmsg_register_driver(rpmsg_shm_bus(link),
						       &echo_driver),
				 0);
		assert_int_equal(rpmsg_create_channel(rpmsg_shm_bus(link),
						      ECHO_NAME, ECHO_ADDR,
						      RPMSG_ADDR_ANY, NULL),
				 0);
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			struct rpmsg_shm *h;
			struct rpmsg_endpoint *ept;
			unsigned int i;

			alarm(60);
			h = host_try_up();
			ept = h ? try_wait_channel() : NULL;
			if (!ept)
				_exit(50);
			for (i = 0; i < 20; i++)
				if (echo_once(ept, 32, i))
					_exit(51);
			if (round == 0)
				kill(getpid(), SIGKILL);
			rpmsg_shm_destroy(h);
			_exit(0);
		}
		assert_int_equal(rpmsg_shm_start(link, WAIT_MS), 0);
		rc = rpmsg_shm_wait_peer_gone(link, 3 * WAIT_MS);
		rpmsg_shm_destroy(link);
		assert_int_equal(rc, 0);
		assert_int_equal(wait_exit(pid),
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
	struct rpmsg_shm *link;
	struct rpmsg_endpoint *ept;
	int round, p[2];
	pid_t pid;

	(void)state;
	new_name("reattach");
	for (round = 0; round < 2; round++) {
		reset_state();
		assert_int_equal(pipe(p), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			close(p[0]);
			remote_process(&echo_driver, p[1]);
		}
		close(p[1]);
		assert_int_equal(read_byte(p[0]), 0);
		close(p[0]);
		link = host_up();
		ept = wait_channel();
		assert_int_equal(echo_once(ept, 40, 1), 0);
		if (round == 0) {
			assert_int_equal(kill(pid, SIGKILL), 0);
			assert_int_equal(wait_exit(pid), 128 + SIGKILL);
			assert_int_equal(rpmsg_shm_wait_peer_gone(link, WAIT_MS),
					 0);
			assert_int_equal(guarded_send(ept, "x", 1), -EPIPE);
			rpmsg_shm_destroy(link);
		} else {
			rpmsg_shm_destroy(link);
			assert_int_equal(wait_exit(pid), 0);
		}
	}
}

/*
 * A remote that breaks a ring: it claims to have returned far more
 * buffers than the host posted. The host marks the ring broken, stops the
 * device and hangs up; the remote sees that.
 */
static void test_remote_breaks_ring(void **state)
{
	struct rpmsg_shm *link;
	int p[2];
	pid_t pid;

	(void)state;
	reset_state();
	new_name("broken");
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct rpmsg_shm_config cfg = { .name = link_name };
		uint8_t *region;
		int rc;

		alarm(60);
		close(p[0]);
		if (rpmsg_shm_remote_create(&link, &cfg))
			_exit(60);
		write_byte(p[1]);
		if (rpmsg_shm_start(link, WAIT_MS))
			_exit(61);
		/* vq 0 at 0x2000, 256 entries, align 4096: its used ring is
		 * at 0x4000, the used index 2 bytes in. */
		region = rpmsg_shm_region(link, NULL);
		__atomic_store_n((uint16_t *)(void *)(region + 0x4002), 1000,
				 __ATOMIC_RELEASE);
		rpmsg_shm_notify_peer(link, 0);
		rc = rpmsg_shm_wait_peer_gone(link, WAIT_MS);
		rpmsg_shm_destroy(link);
		_exit(rc ? 62 : 0);
	}
	close(p[1]);
	assert_int_equal(read_byte(p[0]), 0);
	close(p[0]);
	{
		struct rpmsg_shm_config cfg = { .name = link_name,
						.timeout_ms = WAIT_MS };
		int rc;

		assert_int_equal(rpmsg_shm_host_create(&link, &cfg), 0);
		/* The ring may break while the host is still starting (its
		 * start reads what arrived early): then start fails. */
		rc = rpmsg_shm_start(link, 0);
		if (rc)
			assert_int_equal(rc, -EIO);
		else
			assert_int_equal(rpmsg_shm_wait_peer_gone(link,
								  WAIT_MS),
					 0);
	}
	rpmsg_shm_destroy(link);
	assert_int_equal(wait_exit(pid), 0);
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
	};

	/* A send to a peer that just died must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
