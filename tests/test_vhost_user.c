// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user transport: our frontend (host) against our backend (remote)
 * in one process and across a fork (the backend a struct rpmsg_link in a
 * child of the test fixture), and the backend against a hostile frontend
 * speaking raw vhost-user messages from this file.
 *
 * Every wait is bounded; ordering uses the transport's own events
 * (start returning, peer gone), never sleeps.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_vhost_user.h>

#include "fixture.h"

#define ECHO_NAME "rpmsg-echo"
#define ECHO_ADDR 0x401u
#define MTU (RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE)
#define WAIT_MS 10000u

/* vhost-user facts used by the raw frontend (vhost-user.rst). */
enum {
	GET_FEATURES = 1,
	SET_FEATURES = 2,
	SET_OWNER = 3,
	SET_MEM_TABLE = 5,
	SET_VRING_NUM = 8,
	SET_VRING_ADDR = 9,
	SET_VRING_BASE = 10,
	SET_VRING_KICK = 12,
	SET_VRING_CALL = 13,
	GET_PROTOCOL_FEATURES = 15,
	SET_PROTOCOL_FEATURES = 16,
	SET_VRING_ENABLE = 18,
	GET_CONFIG = 24,
	SET_CONFIG = 25,
};
#define F_PROTOCOL (1ull << 30)
#define PF_REPLY_ACK (1ull << 3)
#define FLAG_VERSION 1u
#define FLAG_REPLY 4u
#define FLAG_NEED_REPLY 8u

static char sock_path[108];

static void new_path(const char *what)
{
	static unsigned int seq;

	snprintf(sock_path, sizeof(sock_path), "/tmp/rpmsg-vu-%s-%ld-%u",
		 what, (long)getpid(), seq++);
}

/* --- callbacks ---------------------------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct rpmsg_endpoint *client_ept;
static int received;
static bool lost;
static size_t last_len;
static unsigned char last[MTU];

static void reset_state(void)
{
	pthread_mutex_lock(&lock);
	client_ept = NULL;
	received = 0;
	lost = false;
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

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_sendto(ept, data, len, src);
}

static const struct rpmsg_driver echo_driver = {
	.name = "echo",
	.id_table = echo_ids,
	.callback = echo_cb,
};

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

static void client_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	pthread_mutex_lock(&lock);
	lost = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static const struct rpmsg_driver client_driver = {
	.name = "client",
	.id_table = echo_ids,
	.probe = client_probe,
	.remove = client_remove,
	.callback = client_cb,
};

/* Wait until the host's channel is probed; NULL on timeout. */
static struct rpmsg_endpoint *wait_client(void)
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

/* Send @len patterned bytes and check they come back. */
static void echo_one(struct rpmsg_endpoint *ept, size_t len, unsigned int seed)
{
	unsigned char msg[MTU];
	struct timespec ts;
	int rc = 0, want;
	size_t i;

	for (i = 0; i < len; i++)
		msg[i] = (unsigned char)(seed * 13u + i * 7u + 1u);
	pthread_mutex_lock(&lock);
	want = received + 1;
	pthread_mutex_unlock(&lock);
	assert_int_equal(rpmsg_send(ept, msg, len), 0);
	deadline_in(&ts, WAIT_MS);
	pthread_mutex_lock(&lock);
	while (received < want && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cond, &lock, &ts);
	assert_int_equal(received, want);
	assert_int_equal(last_len, len);
	assert_memory_equal(last, msg, len);
	pthread_mutex_unlock(&lock);
}

/* --- backend in a thread ------------------------------------------------------- */

struct backend_run {
	struct rpmsg_vhost_user *link;
	pthread_t thread;
	int start_rc;
};

static void *backend_main(void *arg)
{
	struct backend_run *b = arg;

	b->start_rc = rpmsg_vhost_user_start(b->link, WAIT_MS);
	return NULL;
}

/* Create a backend serving "rpmsg-echo" and start it in a thread. */
static void backend_up(struct backend_run *b, uint64_t features)
{
	struct rpmsg_vhost_user_config cfg = { .path = sock_path,
					       .features = features };
	struct rpmsg_device *bus;

	assert_int_equal(rpmsg_vhost_user_backend_create(&b->link, &cfg), 0);
	bus = rpmsg_vhost_user_bus(b->link);
	assert_non_null(bus);
	assert_int_equal(rpmsg_register_driver(bus, &echo_driver), 0);
	assert_int_equal(rpmsg_create_channel(bus, ECHO_NAME, ECHO_ADDR,
					      RPMSG_ADDR_ANY, NULL),
			 0);
	b->start_rc = 1;
	assert_int_equal(pthread_create(&b->thread, NULL, backend_main, b), 0);
}

static int backend_started(struct backend_run *b)
{
	pthread_join(b->thread, NULL);
	return b->start_rc;
}

/* --- our frontend against our backend ------------------------------------------- */

static void run_echo(uint64_t features, unsigned int vring_num)
{
	struct rpmsg_vhost_user_config cfg = { .vring_num = vring_num,
					       .features = features };
	struct rpmsg_vhost_user *fe;
	struct rpmsg_endpoint *ept;
	struct backend_run b;
	size_t len;

	reset_state();
	new_path("echo");
	backend_up(&b, features);
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_frontend_create(&fe, &cfg), 0);
	assert_int_equal(rpmsg_register_driver(rpmsg_vhost_user_bus(fe),
					       &client_driver),
			 0);
	assert_int_equal(rpmsg_vhost_user_start(fe, WAIT_MS), 0);
	assert_int_equal(backend_started(&b), 0);
	assert_true(rpmsg_vhost_user_vdev(fe) != NULL);
	assert_true(rpmsg_virtio_features(rpmsg_vhost_user_vdev(fe)) ==
		    rpmsg_virtio_features(rpmsg_vhost_user_vdev(b.link)));
	ept = wait_client();
	assert_non_null(ept);
	for (len = 0; len <= MTU; len++)
		echo_one(ept, len, (unsigned int)len);
	/* More messages than either ring holds, so buffers are recycled. */
	for (len = 0; len < 3 * 256u; len++)
		echo_one(ept, 1 + len % 64, (unsigned int)len);
	assert_false(rpmsg_vhost_user_peer_gone(b.link));
	rpmsg_vhost_user_destroy(fe);
	assert_int_equal(rpmsg_vhost_user_wait_peer_gone(b.link, WAIT_MS), 0);
	rpmsg_vhost_user_destroy(b.link);
	/* The socket file went with the link. */
	assert_int_equal(access(sock_path, F_OK), -1);
}

static void test_echo_all_sizes_v1(void **state)
{
	(void)state;
	run_echo(0, 0); /* defaults: NS, EVENT_IDX, VERSION_1 */
}

static void test_echo_legacy_no_event_idx(void **state)
{
	(void)state;
	run_echo(1ull << RPMSG_VIRTIO_RPMSG_F_NS, 16);
}

/* A frontend that asks for rings larger than the backend accepts is
 * refused at set-up, not served out of bounds. */
static void test_ring_too_large_refused(void **state)
{
	struct rpmsg_vhost_user_config bcfg = { .vring_num = 64 };
	struct rpmsg_vhost_user_config fcfg = { .vring_num = 128 };
	struct rpmsg_vhost_user *fe;
	struct backend_run b;

	(void)state;
	new_path("big");
	bcfg.path = fcfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_backend_create(&b.link, &bcfg), 0);
	assert_int_equal(pthread_create(&b.thread, NULL, backend_main, &b), 0);
	assert_int_equal(rpmsg_vhost_user_frontend_create(&fe, &fcfg), 0);
	assert_int_equal(rpmsg_vhost_user_start(fe, WAIT_MS), -EIO);
	rpmsg_vhost_user_destroy(fe);
	assert_true(backend_started(&b) < 0);
	rpmsg_vhost_user_destroy(b.link);
}

/* The child's backend bus: the echo channel, as backend_up() makes it. */
static int echo_channel_setup(struct rpmsg_link *link, void *arg)
{
	struct rpmsg_device *bus = rpmsg_link_bus(link);
	int rc;

	(void)arg;
	rc = rpmsg_register_driver(bus, &echo_driver);
	return rc ? rc
		  : rpmsg_create_channel(bus, ECHO_NAME, ECHO_ADDR,
					 RPMSG_ADDR_ANY, NULL);
}

/* The backend process dies: the frontend learns at once (socket), its
 * channel goes and sends fail with -EPIPE. */
static void test_backend_killed(void **state)
{
	struct fixture_remote r = {
		.link = { .transport = RPMSG_LINK_VHOST_USER },
		.setup = echo_channel_setup,
		.start_ms = WAIT_MS,
		.ready = true, /* listening before our connect */
	};
	struct rpmsg_vhost_user_config cfg = { 0 };
	struct rpmsg_vhost_user *fe;
	struct rpmsg_endpoint *ept;
	pid_t pid;

	(void)state;
	reset_state();
	new_path("kill");
	r.link.name = sock_path;
	pid = fixture_fork_remote(&r); /* serves until killed */
	assert_true(pid >= 0);
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_frontend_create(&fe, &cfg), 0);
	assert_int_equal(rpmsg_register_driver(rpmsg_vhost_user_bus(fe),
					       &client_driver),
			 0);
	assert_int_equal(rpmsg_vhost_user_start(fe, WAIT_MS), 0);
	ept = wait_client();
	assert_non_null(ept);
	echo_one(ept, 32, 1);
	kill(pid, SIGKILL);
	assert_int_equal(fixture_wait_child(pid), 128 + SIGKILL);
	assert_int_equal(rpmsg_vhost_user_wait_peer_gone(fe, WAIT_MS), 0);
	pthread_mutex_lock(&lock);
	assert_true(lost);
	pthread_mutex_unlock(&lock);
	rpmsg_vhost_user_destroy(fe);
	unlink(sock_path);
}

static void test_bad_config(void **state)
{
	struct rpmsg_vhost_user_config cfg = { 0 };
	struct rpmsg_vhost_user *l = (void *)1;
	char longp[200];
	int fd;

	(void)state;
	assert_int_equal(rpmsg_vhost_user_backend_create(NULL, &cfg), -EINVAL);
	assert_int_equal(rpmsg_vhost_user_backend_create(&l, NULL), -EINVAL);
	assert_null(l);
	assert_int_equal(rpmsg_vhost_user_backend_create(&l, &cfg), -EINVAL);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = 0;
	cfg.path = longp;
	assert_int_equal(rpmsg_vhost_user_backend_create(&l, &cfg), -EINVAL);
	cfg.path = "@";
	assert_int_equal(rpmsg_vhost_user_frontend_create(&l, &cfg), -EINVAL);
	/* A regular file is never replaced by the socket. */
	new_path("file");
	fd = open(sock_path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_backend_create(&l, &cfg),
			 -EADDRINUSE);
	assert_int_equal(access(sock_path, F_OK), 0);
	unlink(sock_path);
	cfg.vring_num = 3;
	assert_int_equal(rpmsg_vhost_user_frontend_create(&l, &cfg), -EINVAL);
	assert_int_equal(rpmsg_vhost_user_start(NULL, 0), -EINVAL);
	assert_null(rpmsg_vhost_user_bus(NULL));
	assert_null(rpmsg_vhost_user_vdev(NULL));
	assert_int_equal(rpmsg_vhost_user_wait_peer_gone(NULL, 0), -EINVAL);
	assert_true(rpmsg_vhost_user_peer_gone(NULL));
	rpmsg_vhost_user_destroy(NULL);
}

static void test_no_frontend_times_out(void **state)
{
	struct rpmsg_vhost_user_config cfg = { 0 };
	struct rpmsg_vhost_user *l;

	(void)state;
	new_path("idle");
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_backend_create(&l, &cfg), 0);
	assert_int_equal(rpmsg_vhost_user_start(l, 50), -ETIMEDOUT);
	rpmsg_vhost_user_destroy(l);
	new_path("none");
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_frontend_create(&l, &cfg), 0);
	assert_int_equal(rpmsg_vhost_user_start(l, 50), -ETIMEDOUT);
	rpmsg_vhost_user_destroy(l);
}

/* --- a hostile frontend ---------------------------------------------------------- */

struct raw {
	int sock;
	int memfd;
	uint8_t *mem;
	size_t size;
	int kick[2];
	int call[2];
	bool ack;
};

#define RAW_UVA 0x7f0000000000ull
#define RAW_GPA 0x100000ull
#define RAW_NUM 8u

static void raw_send(struct raw *r, uint32_t req, uint32_t flags,
		     const void *payload, uint32_t size, const int *fds,
		     unsigned int nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} ctl;
	uint32_t hdr[3] = { req, flags, size };
	struct iovec iov[2] = { { hdr, sizeof(hdr) },
				{ (void *)payload, size } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = size ? 2 : 1 };
	struct cmsghdr *cm;

	if (nfds) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	/* The peer may have closed already: that is what some cases test. */
	(void)sendmsg(r->sock, &mh, MSG_NOSIGNAL);
}

/* Read one reply's u64; -1 when the backend closed instead. */
static long long raw_reply(struct raw *r, uint32_t req)
{
	struct pollfd pfd = { .fd = r->sock, .events = POLLIN };
	uint32_t hdr[3];
	uint64_t v;

	if (poll(&pfd, 1, (int)WAIT_MS) != 1)
		return -2;
	if (recv(r->sock, hdr, sizeof(hdr), MSG_WAITALL) != sizeof(hdr))
		return -1;
	assert_int_equal(hdr[0], req);
	assert_int_equal(hdr[1], FLAG_VERSION | FLAG_REPLY);
	assert_int_equal(hdr[2], 8);
	assert_int_equal(recv(r->sock, &v, 8, MSG_WAITALL), 8);
	return (long long)v;
}

/* True once the backend has closed the connection. */
static bool raw_closed(struct raw *r)
{
	struct pollfd pfd = { .fd = r->sock, .events = POLLIN };
	char c;

	return poll(&pfd, 1, (int)WAIT_MS) == 1 &&
	       recv(r->sock, &c, 1, 0) <= 0;
}

/* A plain request; with REPLY_ACK negotiated, return the backend's
 * status (0 accepted, non-zero refused). */
static long long raw_req(struct raw *r, uint32_t req, const void *payload,
			 uint32_t size, const int *fds, unsigned int nfds)
{
	raw_send(r, req, FLAG_VERSION | (r->ack ? FLAG_NEED_REPLY : 0u),
		 payload, size, fds, nfds);
	return r->ack ? raw_reply(r, req) : 0;
}

static void raw_connect(struct raw *r, bool ack)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint64_t v;

	memset(r, 0, sizeof(*r));
	r->kick[0] = eventfd(0, EFD_CLOEXEC);
	r->kick[1] = eventfd(0, EFD_CLOEXEC);
	r->call[0] = eventfd(0, EFD_CLOEXEC);
	r->call[1] = eventfd(0, EFD_CLOEXEC);
	r->size = 64 * 1024;
	r->memfd = memfd_create("raw", MFD_CLOEXEC);
	assert_true(r->memfd >= 0);
	assert_int_equal(ftruncate(r->memfd, (off_t)r->size), 0);
	r->mem = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      r->memfd, 0);
	assert_true(r->mem != MAP_FAILED);
	r->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	strcpy(sa.sun_path, sock_path);
	assert_int_equal(connect(r->sock, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	raw_send(r, SET_OWNER, FLAG_VERSION, NULL, 0, NULL, 0);
	raw_send(r, GET_FEATURES, FLAG_VERSION, NULL, 0, NULL, 0);
	assert_true(raw_reply(r, GET_FEATURES) & (long long)F_PROTOCOL);
	if (!ack)
		return;
	raw_send(r, GET_PROTOCOL_FEATURES, FLAG_VERSION, NULL, 0, NULL, 0);
	assert_true(raw_reply(r, GET_PROTOCOL_FEATURES) & (long long)PF_REPLY_ACK);
	v = PF_REPLY_ACK;
	raw_send(r, SET_PROTOCOL_FEATURES, FLAG_VERSION, &v, 8, NULL, 0);
	r->ack = true;
}

static void raw_close(struct raw *r)
{
	unsigned int i;

	close(r->sock);
	close(r->memfd);
	munmap(r->mem, r->size);
	for (i = 0; i < 2; i++) {
		close(r->kick[i]);
		close(r->call[i]);
	}
}

struct region {
	uint64_t gpa, size, uva, off;
};

static long long raw_mem(struct raw *r, const struct region *rg,
			 unsigned int n, const int *fds)
{
	uint8_t buf[8 + 32 * 8] = { 0 };
	uint32_t num = n;

	memcpy(buf, &num, 4);
	memcpy(buf + 8, rg, 32u * n);
	return raw_req(r, SET_MEM_TABLE, buf, 8 + 32 * n, fds, n);
}

static long long raw_one_region(struct raw *r)
{
	struct region rg = { RAW_GPA, r->size, RAW_UVA, 0 };

	return raw_mem(r, &rg, 1, &r->memfd);
}

/* Ring @i at @off in the region: desc, then avail, then used (4-aligned). */
static long long raw_ring(struct raw *r, unsigned int i, uint64_t off,
			  unsigned int num)
{
	uint32_t st[2] = { i, num };
	uint64_t a[5] = { 0 };
	uint64_t idx = i;
	long long rc;

	rc = raw_req(r, SET_VRING_NUM, st, 8, NULL, 0);
	if (rc)
		return rc;
	st[1] = 0;
	rc = raw_req(r, SET_VRING_BASE, st, 8, NULL, 0);
	if (rc)
		return rc;
	memcpy(a, &i, 4);
	a[1] = RAW_UVA + off;			   /* desc */
	a[2] = RAW_UVA + off + 16u * num + 64u;	   /* used */
	a[3] = RAW_UVA + off + 16u * num;	   /* avail */
	rc = raw_req(r, SET_VRING_ADDR, a, 40, NULL, 0);
	if (rc)
		return rc;
	rc = raw_req(r, SET_VRING_KICK, &idx, 8, &r->kick[i], 1);
	if (rc)
		return rc;
	return raw_req(r, SET_VRING_CALL, &idx, 8, &r->call[i], 1);
}

static long long raw_enable(struct raw *r, unsigned int i, unsigned int on)
{
	uint32_t st[2] = { i, on };

	return raw_req(r, SET_VRING_ENABLE, st, 8, NULL, 0);
}

static long long raw_features(struct raw *r, uint64_t f)
{
	return raw_req(r, SET_FEATURES, &f, 8, NULL, 0);
}

/* Features, one region, both rings at 0 and 4096, both enabled: live. */
static void raw_go_live(struct raw *r, uint64_t features)
{
	assert_int_equal(raw_features(r, features), 0);
	assert_int_equal(raw_one_region(r), 0);
	assert_int_equal(raw_ring(r, 0, 0, RAW_NUM), 0);
	assert_int_equal(raw_ring(r, 1, 4096, RAW_NUM), 0);
	assert_int_equal(raw_enable(r, 0, 1), 0);
	assert_int_equal(raw_enable(r, 1, 1), 0);
}

/* Start a plain backend (no channel) in a thread. */
static void hostile_up(struct backend_run *b)
{
	struct rpmsg_vhost_user_config cfg = { 0 };

	new_path("hostile");
	cfg.path = sock_path;
	assert_int_equal(rpmsg_vhost_user_backend_create(&b->link, &cfg), 0);
	b->start_rc = 1;
	assert_int_equal(pthread_create(&b->thread, NULL, backend_main, b), 0);
}

/* Messages that break the framing end the connection: start fails with
 * -EPROTO (or -EPIPE when the frontend hung up mid-message). */
static void test_hostile_framing(void **state)
{
	static const struct {
		uint32_t hdr[3];
		int want;
	} cases[] = {
		{ { GET_FEATURES, 0, 0 }, -EPROTO },		/* no version */
		{ { GET_FEATURES, 2, 0 }, -EPROTO },		/* version 2 */
		{ { SET_FEATURES, 1, 4096 }, -EPROTO },	/* oversized */
		{ { SET_FEATURES, 1, 4 }, -EPROTO },		/* short u64 */
		{ { SET_FEATURES, 1 | FLAG_REPLY, 8 }, -EPROTO }, /* reply */
		{ { SET_VRING_NUM, 1, 4 }, -EPROTO },		/* short state */
		{ { GET_CONFIG, 1, 12 + 300 }, -EPROTO },	/* > 256 */
		{ { SET_FEATURES, 1, 8 }, -EPIPE },		/* truncated */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct backend_run b;
		struct raw r;
		uint64_t zero[40] = { 0 };
		uint32_t size = cases[i].hdr[2];

		hostile_up(&b);
		raw_connect(&r, false);
		if (cases[i].want == -EPIPE) {
			/* Header and half the payload, then hang up. */
			assert_int_equal(send(r.sock, cases[i].hdr, 12, 0), 12);
			assert_int_equal(send(r.sock, zero, 4, 0), 4);
			shutdown(r.sock, SHUT_WR);
		} else {
			if (size > sizeof(zero))
				size = 0; /* the header alone must be refused */
			assert_int_equal(send(r.sock, cases[i].hdr, 12, 0), 12);
			/* The backend may hang up as soon as the header
			 * shows the message is bad: the payload may not go. */
			if (size)
				(void)send(r.sock, zero, size, MSG_NOSIGNAL);
			assert_true(raw_closed(&r));
		}
		assert_int_equal(backend_started(&b), cases[i].want);
		raw_close(&r);
		rpmsg_vhost_user_destroy(b.link);
	}
}

/* File descriptors where none belong, or too few: connection ends. */
static void test_hostile_fds(void **state)
{
	struct backend_run b;
	struct raw r;
	uint64_t f = F_PROTOCOL;
	int fds[2];

	(void)state;
	hostile_up(&b);
	raw_connect(&r, false);
	assert_int_equal(pipe(fds), 0);
	raw_send(&r, SET_FEATURES, FLAG_VERSION, &f, 8, fds, 1);
	assert_true(raw_closed(&r));
	assert_int_equal(backend_started(&b), -EPROTO);
	close(fds[0]);
	close(fds[1]);
	raw_close(&r);
	rpmsg_vhost_user_destroy(b.link);

	/* A kick message without its descriptor. */
	hostile_up(&b);
	raw_connect(&r, true);
	f = 0;
	raw_send(&r, SET_VRING_KICK, FLAG_VERSION | FLAG_NEED_REPLY, &f, 8,
		 NULL, 0);
	assert_true(raw_closed(&r));
	assert_int_equal(backend_started(&b), -EPROTO);
	raw_close(&r);
	rpmsg_vhost_user_destroy(b.link);
}

/*
 * With REPLY_ACK, bad values are refused one by one (status non-zero) and
 * the connection goes on; the backend is not started by any of them.
 */
static void test_hostile_values_refused(void **state)
{
	struct backend_run b;
	struct raw r;
	struct region rg[2];
	uint32_t st[2];
	uint64_t a[5] = { 0 }, idx;
	int fds[2], small;

	(void)state;
	hostile_up(&b);
	raw_connect(&r, true);
	/* Features never offered. */
	assert_true(raw_features(&r, 1ull << 60) != 0);
	assert_int_equal(raw_features(&r, F_PROTOCOL | 1ull), 0);

	/* Memory tables: empty, overlapping, wrapping, not a file, a file
	 * shorter than the region, mmap offset past the end. */
	assert_true(raw_mem(&r, rg, 0, NULL) != 0);
	rg[0] = (struct region){ RAW_GPA, 4096, RAW_UVA, 0 };
	rg[1] = (struct region){ RAW_GPA + 2048, 4096, RAW_UVA + 8192, 0 };
	fds[0] = fds[1] = r.memfd;
	assert_true(raw_mem(&r, rg, 2, fds) != 0);
	rg[1] = (struct region){ RAW_GPA + 8192, 4096, RAW_UVA + 2048, 0 };
	assert_true(raw_mem(&r, rg, 2, fds) != 0);
	rg[0] = (struct region){ ~0ull - 100, 4096, RAW_UVA, 0 };
	assert_true(raw_mem(&r, rg, 1, fds) != 0);
	assert_int_equal(pipe(fds), 0);
	rg[0] = (struct region){ RAW_GPA, 4096, RAW_UVA, 0 };
	assert_true(raw_mem(&r, rg, 1, fds) != 0);
	close(fds[0]);
	close(fds[1]);
	small = memfd_create("small", MFD_CLOEXEC);
	assert_int_equal(ftruncate(small, 1024), 0);
	assert_true(raw_mem(&r, rg, 1, &small) != 0);
	close(small);
	rg[0] = (struct region){ RAW_GPA, r.size, RAW_UVA, 4096 };
	assert_true(raw_mem(&r, rg, 1, &r.memfd) != 0);

	/* Ring sizes: zero, not a power of two, above the limit; ring index
	 * out of range; a base other than 0; polling mode. */
	st[0] = 0;
	st[1] = 0;
	assert_true(raw_req(&r, SET_VRING_NUM, st, 8, NULL, 0) != 0);
	st[1] = 3;
	assert_true(raw_req(&r, SET_VRING_NUM, st, 8, NULL, 0) != 0);
	st[1] = 65536;
	assert_true(raw_req(&r, SET_VRING_NUM, st, 8, NULL, 0) != 0);
	st[0] = 2;
	st[1] = 8;
	assert_true(raw_req(&r, SET_VRING_NUM, st, 8, NULL, 0) != 0);
	st[0] = 0;
	st[1] = 5;
	assert_true(raw_req(&r, SET_VRING_BASE, st, 8, NULL, 0) != 0);
	idx = 0 | (1u << 8);
	assert_true(raw_req(&r, SET_VRING_KICK, &idx, 8, NULL, 0) != 0);
	a[0] = 7;
	assert_true(raw_req(&r, SET_VRING_ADDR, a, 40, NULL, 0) != 0);
	/* Writes to a configuration space that does not exist. */
	assert_true(raw_req(&r, SET_CONFIG, a, 16, NULL, 0) != 0);
	/* Configuration reads: zeros, as many as asked. */
	{
		uint32_t q[3 + 4] = { 0, 16, 0, 1, 2, 3, 4 };
		uint32_t hdr[3], back[3 + 4];

		raw_send(&r, GET_CONFIG, FLAG_VERSION, q, sizeof(q), NULL, 0);
		assert_int_equal(recv(r.sock, hdr, 12, MSG_WAITALL), 12);
		assert_int_equal(hdr[0], GET_CONFIG);
		assert_int_equal(hdr[2], sizeof(q));
		assert_int_equal(recv(r.sock, back, sizeof(back), MSG_WAITALL),
				 (ssize_t)sizeof(back));
		assert_int_equal(back[1], 16);
		assert_int_equal(back[3] | back[4] | back[5] | back[6], 0);
	}
	/* Still talking: a good memory table is accepted. */
	assert_int_equal(raw_one_region(&r), 0);
	raw_close(&r);
	assert_int_equal(backend_started(&b), -EPIPE);
	rpmsg_vhost_user_destroy(b.link);
}

/* Rings placed outside the memory, or misaligned: start fails with
 * -EPROTO once they go live; nothing is touched. */
static void test_hostile_ring_placement(void **state)
{
	static const struct {
		uint64_t off;
		int want;
	} cases[] = {
		{ 64 * 1024 - 64, -EPROTO }, /* runs off the region's end */
		{ 8, -EPROTO },		     /* descriptors not 16-aligned */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct backend_run b;
		struct raw r;

		hostile_up(&b);
		raw_connect(&r, true);
		assert_int_equal(raw_features(&r, F_PROTOCOL), 0);
		assert_int_equal(raw_one_region(&r), 0);
		assert_int_equal(raw_ring(&r, 0, 4096, RAW_NUM), 0);
		assert_int_equal(raw_ring(&r, 1, cases[i].off, RAW_NUM), 0);
		assert_int_equal(raw_enable(&r, 0, 1), 0);
		memset(r.mem, 0x5a, r.size);
		/* The last enable makes the rings live: the backend refuses
		 * them and hangs up (the ack may or may not get out). */
		raw_send(&r, SET_VRING_ENABLE, FLAG_VERSION,
			 (uint32_t[]){ 1, 1 }, 8, NULL, 0);
		assert_int_equal(backend_started(&b), cases[i].want);
		assert_true(raw_closed(&r));
		for (size_t k = 0; k < r.size; k++)
			if (r.mem[k] != 0x5a)
				fail_msg("byte %zu written", k);
		raw_close(&r);
		rpmsg_vhost_user_destroy(b.link);
	}
}

/* A well-behaved raw frontend: the device starts, and disabling a ring
 * stops it while the backend keeps answering until the socket closes. */
static void test_ring_disable_stops_device(void **state)
{
	struct rpmsg_endpoint ept;
	struct backend_run b;
	struct raw r;

	(void)state;
	hostile_up(&b);
	raw_connect(&r, true);
	raw_go_live(&r, F_PROTOCOL | (1ull << 32));
	assert_int_equal(backend_started(&b), 0);
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_vhost_user_bus(b.link),
					  "t", 0x500, RPMSG_ADDR_ANY, echo_cb,
					  NULL),
			 0);
	assert_int_equal(raw_enable(&r, 0, 0), 0);
	raw_send(&r, GET_FEATURES, FLAG_VERSION, NULL, 0, NULL, 0);
	assert_true(raw_reply(&r, GET_FEATURES) & (long long)F_PROTOCOL);
	assert_false(rpmsg_vhost_user_peer_gone(b.link));
	/* The device is stopped: sending fails at once instead of waiting
	 * for a buffer no driver will post. */
	assert_int_equal(rpmsg_sendto(&ept, "x", 1, 1024), -EPIPE);
	raw_close(&r);
	assert_int_equal(rpmsg_vhost_user_wait_peer_gone(b.link, WAIT_MS), 0);
	rpmsg_vhost_user_destroy(b.link);
}

/* Count this process's descriptors open on the pipe of @fd whose status
 * flags include O_NONBLOCK, and those without it. */
static void pipe_ends(int fd, int *nonblocking, int *blocking)
{
	struct stat want, st;
	char path[64];
	int i, fl;

	*nonblocking = *blocking = 0;
	assert_int_equal(fstat(fd, &want), 0);
	for (i = 0; i < 1024; i++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", i);
		if (stat(path, &st) || st.st_ino != want.st_ino ||
		    st.st_dev != want.st_dev)
			continue;
		fl = fcntl(i, F_GETFL);
		if (fl < 0 || (fl & O_ACCMODE) != O_WRONLY)
			continue;
		if (fl & O_NONBLOCK)
			(*nonblocking)++;
		else
			(*blocking)++;
	}
}

/*
 * A call descriptor that is a blocking pipe is
 * reopened by the backend as a non-blocking description of its own, so a
 * frontend that stops reading cannot stall it; the frontend's own
 * description keeps its flags.
 */
static void test_call_pipe_nonblocking(void **state)
{
	struct backend_run b;
	struct raw r;
	int p[2], nb, bl;

	(void)state;
	hostile_up(&b);
	raw_connect(&r, true);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	close(r.call[1]);
	r.call[1] = p[1];
	raw_go_live(&r, F_PROTOCOL);
	assert_int_equal(backend_started(&b), 0);
	pipe_ends(p[1], &nb, &bl);
	assert_int_equal(nb, 1); /* the backend's */
	assert_int_equal(bl, 1); /* ours, unchanged */
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	raw_close(&r);
	close(p[0]);
	assert_int_equal(rpmsg_vhost_user_wait_peer_gone(b.link, WAIT_MS), 0);
	rpmsg_vhost_user_destroy(b.link);
}

/*
 * Doorbells of kinds that cannot be one (a file, a device, a datagram or
 * unconnected socket) are refused one by one and the connection goes on;
 * an eventfd, a pipe and a connected stream socket are taken.
 */
static void test_hostile_bell_kinds(void **state)
{
	struct backend_run b;
	struct raw r;
	int bad[4], s[2], d[2], p[2];
	unsigned int i, req;
	uint64_t idx = 0;

	(void)state;
	hostile_up(&b);
	raw_connect(&r, true);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s),
			 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, d),
			 0);
	bad[0] = memfd_create("bell", MFD_CLOEXEC);
	bad[1] = open("/dev/null", O_RDWR | O_CLOEXEC);
	bad[2] = d[1];
	bad[3] = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	for (req = SET_VRING_KICK; req <= SET_VRING_CALL; req++)
		for (i = 0; i < 4; i++) {
			assert_true(bad[i] >= 0);
			assert_true(raw_req(&r, req, &idx, 8, &bad[i], 1) != 0);
		}
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(raw_req(&r, SET_VRING_KICK, &idx, 8, &p[0], 1), 0);
	assert_int_equal(raw_req(&r, SET_VRING_CALL, &idx, 8, &r.call[0], 1),
			 0);
	assert_int_equal(raw_req(&r, SET_VRING_CALL, &idx, 8, &s[1], 1), 0);
	/* A memory region that is a socket. */
	{
		struct region rg = { RAW_GPA, 4096, RAW_UVA, 0 };

		assert_true(raw_mem(&r, &rg, 1, &s[0]) != 0);
	}
	assert_int_equal(raw_one_region(&r), 0);
	for (i = 0; i < 4; i++)
		close(bad[i]);
	close(s[0]);
	close(s[1]);
	close(d[0]);
	close(p[0]);
	close(p[1]);
	raw_close(&r);
	assert_int_equal(backend_started(&b), -EPIPE);
	rpmsg_vhost_user_destroy(b.link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_no_frontend_times_out),
		cmocka_unit_test(test_echo_all_sizes_v1),
		cmocka_unit_test(test_echo_legacy_no_event_idx),
		cmocka_unit_test(test_ring_too_large_refused),
		cmocka_unit_test(test_backend_killed),
		cmocka_unit_test(test_hostile_framing),
		cmocka_unit_test(test_hostile_fds),
		cmocka_unit_test(test_hostile_values_refused),
		cmocka_unit_test(test_hostile_ring_placement),
		cmocka_unit_test(test_ring_disable_stops_device),
		cmocka_unit_test(test_call_pipe_nonblocking),
		cmocka_unit_test(test_hostile_bell_kinds),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
