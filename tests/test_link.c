// SPDX-License-Identifier: BSD-3-Clause
/*
 * struct rpmsg_link (rpmsg_link.h): the same calls over every transport.
 *
 * Inproc in own-loop mode in one thread; shm and vhost-user between two
 * processes: a remote with an echo endpoint in a child (tests/fixture.c),
 * the host here, which sends, waits for the echo (bounded) and leaves;
 * the child then sees its peer gone. Nothing sleeps to let time pass.
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
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>

#include "fixture.h"

#define ECHO_ADDR 0x400u
#define HOST_ADDR 0x401u
#define WAIT_MS 30000u

/* What a host endpoint received, for a waiter in another thread. */
struct inbox {
	struct rpmsg_endpoint ept;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int count;
	char last[32];
};

static int inbox_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	struct inbox *in = priv;

	(void)ept;
	(void)src;
	pthread_mutex_lock(&in->lock);
	memset(in->last, 0, sizeof(in->last));
	memcpy(in->last, data, len < sizeof(in->last) ? len : 0);
	in->count++;
	pthread_cond_broadcast(&in->cond);
	pthread_mutex_unlock(&in->lock);
	return 0;
}

static void inbox_init(struct inbox *in)
{
	memset(in, 0, sizeof(*in));
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->cond, NULL);
}

/* Wait (at most WAIT_MS) until @n messages have arrived. */
static bool inbox_wait(struct inbox *in, unsigned int n)
{
	struct timespec ts;
	int rc = 0;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	pthread_mutex_lock(&in->lock);
	while (in->count < n && rc == 0)
		rc = pthread_cond_timedwait(&in->cond, &in->lock, &ts);
	ok = in->count >= n;
	pthread_mutex_unlock(&in->lock);
	return ok;
}

static void test_misuse(void **state)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_SHM,
				     .role = RPMSG_VIRTIO_HOST };
	struct rpmsg_link *l = (struct rpmsg_link *)&d;
	struct rpmsg_stats st;
	int fd;

	(void)state;
	assert_int_equal(rpmsg_link_create(NULL, &d), -EINVAL);
	assert_int_equal(rpmsg_link_create(&l, NULL), -EINVAL);
	/* no name */
	assert_int_equal(rpmsg_link_create(&l, &d), -EINVAL);
	assert_null(l);
	d.name = "";
	assert_int_equal(rpmsg_link_create(&l, &d), -EINVAL);
	d.name = "x";
	d.role = (enum rpmsg_virtio_role)7;
	assert_int_equal(rpmsg_link_create(&l, &d), -EINVAL);
	d.role = RPMSG_VIRTIO_REMOTE;
	d.transport = (enum rpmsg_link_transport)9;
	assert_int_equal(rpmsg_link_create(&l, &d), -EINVAL);
	d.transport = RPMSG_LINK_VHOST_USER;
	d.own_loop = true;
	assert_int_equal(rpmsg_link_create(&l, &d), -EINVAL);

	assert_int_equal(rpmsg_link_start(NULL, 0), -EINVAL);
	assert_null(rpmsg_link_bus(NULL));
	assert_null(rpmsg_link_peer_bus(NULL));
	assert_null(rpmsg_link_vdev(NULL));
	assert_int_equal(rpmsg_link_service(NULL), -EINVAL);
	assert_int_equal(rpmsg_link_poll_fds(NULL, &fd, 1), -EINVAL);
	assert_false(rpmsg_link_peer_gone(NULL));
	assert_int_equal(rpmsg_link_wait_peer_gone(NULL, 0), -EINVAL);
	assert_int_equal(rpmsg_link_get_stats(NULL, &st), -EINVAL);
	rpmsg_link_stop(NULL);
	rpmsg_link_destroy(NULL);
}

/* Inproc, own loop: both roles in one thread, delivered by service. */
static void test_inproc_own_loop(void **state)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_INPROC,
				     .role = RPMSG_VIRTIO_HOST,
				     .own_loop = true };
	struct rpmsg_endpoint echo, host;
	struct rpmsg_stats st;
	struct rpmsg_link *l;
	struct inbox in;
	int fds[RPMSG_LINK_MAX_FDS];

	(void)state;
	inbox_init(&in);
	assert_int_equal(rpmsg_link_create(&l, &d), 0);
	assert_int_equal(rpmsg_link_transport_of(l), RPMSG_LINK_INPROC);
	assert_non_null(rpmsg_link_bus(l));
	assert_non_null(rpmsg_link_peer_bus(l));
	assert_ptr_not_equal(rpmsg_link_bus(l), rpmsg_link_peer_bus(l));
	assert_int_equal(rpmsg_link_wait_peer_gone(l, 0), -EINVAL);
	assert_int_equal(rpmsg_create_ept(&echo, rpmsg_link_peer_bus(l), NULL,
					  ECHO_ADDR, RPMSG_ADDR_ANY,
					  fixture_echo_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(&host, rpmsg_link_bus(l), NULL,
					  HOST_ADDR, ECHO_ADDR, inbox_cb,
					  &in), 0);
	assert_int_equal(rpmsg_link_start(l, 0), 0);
	assert_int_equal(rpmsg_link_poll_fds(l, fds, RPMSG_LINK_MAX_FDS), 0);
	assert_int_equal(rpmsg_trysend(&host, "ping", 5), 0);
	assert_true(rpmsg_link_service(l) >= 2);
	assert_int_equal(in.count, 1);
	assert_string_equal(in.last, "ping");
	assert_int_equal(rpmsg_link_get_stats(l, &st), 0);
	assert_int_equal(st.tx, 1);
	assert_int_equal(st.rx, 1);
	assert_false(rpmsg_link_peer_gone(l));

	rpmsg_link_stop(l);
	assert_true(rpmsg_link_peer_gone(l));
	assert_int_equal(rpmsg_trysend(&host, "x", 1), -EPIPE);
	assert_int_equal(rpmsg_link_service(l), -EPIPE);
	rpmsg_link_stop(l);
	rpmsg_destroy_ept(&host);
	rpmsg_destroy_ept(&echo);
	rpmsg_link_destroy(l);
}

/* Inproc with the remote role: the bus and peer bus swap. */
static void test_inproc_remote_role(void **state)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_INPROC,
				     .role = RPMSG_VIRTIO_REMOTE };
	struct rpmsg_link *l;

	(void)state;
	assert_int_equal(rpmsg_link_create(&l, &d), 0);
	assert_ptr_equal(rpmsg_link_bus(l), &rpmsg_link_vdev(l)->bus);
	assert_int_equal(rpmsg_link_vdev(l)->cfg.role, RPMSG_VIRTIO_REMOTE);
	assert_int_equal(rpmsg_link_start(l, 0), 0);
	assert_int_equal(rpmsg_link_service(l), -EINVAL);
	rpmsg_link_destroy(l);
}

/*
 * One role at a time (inproc, own loop): the host, then the remote, which
 * could not send before its own start; a role that is not in this
 * process, or no role, is refused.
 */
static void test_start_role(void **state)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_INPROC,
				     .role = RPMSG_VIRTIO_HOST,
				     .own_loop = true };
	struct rpmsg_link_desc sd = { .transport = RPMSG_LINK_SHM,
				      .role = RPMSG_VIRTIO_REMOTE };
	struct rpmsg_endpoint echo, host;
	struct rpmsg_link *l;
	struct inbox in;
	char name[64];

	(void)state;
	inbox_init(&in);
	assert_int_equal(rpmsg_link_start_role(NULL, RPMSG_VIRTIO_HOST, 0),
			 -EINVAL);
	assert_int_equal(rpmsg_link_create(&l, &d), 0);
	assert_int_equal(rpmsg_link_start_role(l, (enum rpmsg_virtio_role)7,
					       0),
			 -EINVAL);
	assert_int_equal(rpmsg_create_ept(&echo, rpmsg_link_peer_bus(l), NULL,
					  ECHO_ADDR, RPMSG_ADDR_ANY,
					  fixture_echo_cb, NULL),
			 0);
	assert_int_equal(rpmsg_create_ept(&host, rpmsg_link_bus(l), NULL,
					  HOST_ADDR, ECHO_ADDR, inbox_cb, &in),
			 0);
	assert_int_equal(rpmsg_link_start_role(l, RPMSG_VIRTIO_HOST, 0), 0);
	assert_true(rpmsg_trysendto(&echo, "x", 1, HOST_ADDR) < 0);
	assert_int_equal(rpmsg_link_start_role(l, RPMSG_VIRTIO_REMOTE, 0), 0);
	assert_int_equal(rpmsg_trysend(&host, "ping", 5), 0);
	assert_true(rpmsg_link_service(l) >= 2);
	assert_int_equal(in.count, 1);
	assert_string_equal(in.last, "ping");
	rpmsg_destroy_ept(&host);
	rpmsg_destroy_ept(&echo);
	rpmsg_link_destroy(l);

	/* A shm remote holds no host: that role is refused, unstarted. */
	snprintf(name, sizeof(name), "test-link-role-%d", (int)getpid());
	sd.name = name;
	assert_int_equal(rpmsg_link_create(&l, &sd), 0);
	assert_int_equal(rpmsg_link_start_role(l, RPMSG_VIRTIO_HOST, 0),
			 -EINVAL);
	assert_false(rpmsg_link_peer_gone(l));
	rpmsg_link_destroy(l);
}

static int host_setup(struct rpmsg_link *link, void *arg)
{
	struct inbox *in = arg;

	return rpmsg_create_ept(&in->ept, rpmsg_link_bus(link), NULL,
				HOST_ADDR, ECHO_ADDR, inbox_cb, in);
}

/* Own loop: poll the link's fds and service it until the echo came. */
static void own_loop_wait(struct rpmsg_link *l, struct inbox *in)
{
	int fds[RPMSG_LINK_MAX_FDS];
	struct pollfd pfd[RPMSG_LINK_MAX_FDS];
	int n, i;

	n = rpmsg_link_poll_fds(l, fds, RPMSG_LINK_MAX_FDS);
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	while (in->count < 1) {
		assert_true(poll(pfd, (nfds_t)n, (int)WAIT_MS) > 0);
		assert_true(rpmsg_link_service(l) >= 0);
	}
}

/*
 * A remote echoing in a child (fixture.c), this process the host: send,
 * wait for the echo, leave; the remote then sees its host gone and exits
 * 0 (rpmsg_link_wait_peer_gone() in the child).
 */
static void two_processes(enum rpmsg_link_transport t, bool own_loop)
{
	char name[64];
	struct fixture_remote r = { .link = { .transport = t, .name = name },
				    .echo_addr = ECHO_ADDR,
				    .start_ms = WAIT_MS,
				    .gone_ms = WAIT_MS };
	struct rpmsg_link_desc d = { .transport = t, .name = name,
				     .own_loop = own_loop };
	struct rpmsg_stats st;
	struct rpmsg_link *l;
	struct inbox in;
	pid_t pid;

	inbox_init(&in);
	snprintf(name, sizeof(name), "%stest-link-%d-%d",
		 t == RPMSG_LINK_VHOST_USER ? "@" : "", (int)getpid(),
		 (int)own_loop);
	pid = fixture_fork_remote(&r);
	assert_true(pid >= 0);
	assert_int_equal(fixture_host_open(&l, &d, host_setup, &in, WAIT_MS),
			 0);
	assert_int_equal(rpmsg_link_transport_of(l), t);
	assert_null(rpmsg_link_peer_bus(l));
	assert_false(rpmsg_link_peer_gone(l));
	assert_int_equal(rpmsg_trysend(&in.ept, "ping", 5), 0);
	if (own_loop)
		own_loop_wait(l, &in);
	else
		assert_true(inbox_wait(&in, 1));
	assert_string_equal(in.last, "ping");
	assert_int_equal(rpmsg_link_get_stats(l, &st), 0);
	assert_int_equal(st.rx, 1);
	assert_int_equal(st.tx, 1);
	rpmsg_destroy_ept(&in.ept);
	rpmsg_link_destroy(l);
	assert_int_equal(fixture_wait_child(pid), 0);
}

static void test_shm(void **state)
{
	(void)state;
	two_processes(RPMSG_LINK_SHM, false);
}

static void test_shm_own_loop_host(void **state)
{
	(void)state;
	two_processes(RPMSG_LINK_SHM, true);
}

static void test_vhost_user(void **state)
{
	(void)state;
	two_processes(RPMSG_LINK_VHOST_USER, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_inproc_own_loop),
		cmocka_unit_test(test_inproc_remote_role),
		cmocka_unit_test(test_start_role),
		cmocka_unit_test(test_shm),
		cmocka_unit_test(test_shm_own_loop_host),
		cmocka_unit_test(test_vhost_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
