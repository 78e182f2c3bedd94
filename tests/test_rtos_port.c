// SPDX-License-Identifier: BSD-3-Clause
/*
 * The RTOS port template (src/port/rtos_template.c) end to end: its
 * abstract RTOS API implemented with pthreads (a mutex; a counting
 * semaphore from a mutex and a condition on CLOCK_MONOTONIC), driving the
 * remote; the host is the library's host role with the POSIX port. Each
 * side's doorbell is serviced by a "doorbell task" (tests/pair.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_port_rtos.h>
#include <rpmsg/rpmsg_virtio.h>

#include "pair.h"

#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define HOST_ADDR 0x401u
#define REMOTE_ADDR 0x400u
#define PINGS 300u

/* --- the abstract RTOS API over pthreads ---------------------------------- */

struct sim_sem {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int count;
};

/* What the test observes of the port's use of the API; under stats_lock. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stats_cond = PTHREAD_COND_INITIALIZER;
static struct {
	unsigned int takes, timeouts, gives, live, fail_create;
} st;

static void stat_add(unsigned int *field, int d)
{
	pthread_mutex_lock(&stats_lock);
	*field += (unsigned int)d;
	pthread_cond_broadcast(&stats_cond);
	pthread_mutex_unlock(&stats_lock);
}

static unsigned int stat_get(const unsigned int *field)
{
	unsigned int v;

	pthread_mutex_lock(&stats_lock);
	v = *field;
	pthread_mutex_unlock(&stats_lock);
	return v;
}

/* Creation fails when the countdown reaches 1 (0: never). */
static bool create_fails(void)
{
	bool fail;

	pthread_mutex_lock(&stats_lock);
	fail = st.fail_create == 1;
	if (st.fail_create)
		st.fail_create--;
	pthread_mutex_unlock(&stats_lock);
	return fail;
}

static void *sim_mutex_create(void *arg)
{
	pthread_mutex_t *m;

	(void)arg;
	if (create_fails() || !(m = malloc(sizeof(*m))))
		return NULL;
	pthread_mutex_init(m, NULL);
	stat_add(&st.live, 1);
	return m;
}

static void sim_mutex_delete(void *arg, void *mutex)
{
	(void)arg;
	pthread_mutex_destroy(mutex);
	free(mutex);
	stat_add(&st.live, -1);
}

static void sim_mutex_lock(void *arg, void *mutex)
{
	(void)arg;
	pthread_mutex_lock(mutex);
}

static void sim_mutex_unlock(void *arg, void *mutex)
{
	(void)arg;
	pthread_mutex_unlock(mutex);
}

static void *sim_sem_create(void *arg)
{
	struct sim_sem *s;
	pthread_condattr_t ca;

	(void)arg;
	if (create_fails() || !(s = calloc(1, sizeof(*s))))
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	stat_add(&st.live, 1);
	return s;
}

static void sim_sem_delete(void *arg, void *sem)
{
	struct sim_sem *s = sem;

	(void)arg;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s);
	stat_add(&st.live, -1);
}

static void sim_sem_give(void *arg, void *sem)
{
	struct sim_sem *s = sem;

	(void)arg;
	pthread_mutex_lock(&s->lock);
	s->count++;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	stat_add(&st.gives, 1);
}

static int sim_sem_take(void *arg, void *sem, uint64_t timeout_ns)
{
	struct sim_sem *s = sem;
	struct timespec dl;
	int rc = 0;

	(void)arg;
	stat_add(&st.takes, 1);
	clock_gettime(CLOCK_MONOTONIC, &dl);
	if (timeout_ns != UINT64_MAX) {
		timeout_ns += (uint64_t)dl.tv_nsec;
		dl.tv_sec += (time_t)(timeout_ns / 1000000000u);
		dl.tv_nsec = (long)(timeout_ns % 1000000000u);
	}
	pthread_mutex_lock(&s->lock);
	while (!s->count && !rc)
		rc = timeout_ns == UINT64_MAX
			     ? pthread_cond_wait(&s->cond, &s->lock)
			     : pthread_cond_timedwait(&s->cond, &s->lock, &dl);
	if (s->count) {
		s->count--;
		rc = 0;
	}
	pthread_mutex_unlock(&s->lock);
	if (rc)
		stat_add(&st.timeouts, 1);
	return rc ? -ETIMEDOUT : 0;
}

static uint64_t sim_now_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uintptr_t sim_task_id(void *arg)
{
	(void)arg;
	return (uintptr_t)pthread_self();
}

static const struct rpmsg_rtos_api sim_api = {
	.mutex_create = sim_mutex_create,
	.mutex_delete = sim_mutex_delete,
	.mutex_lock = sim_mutex_lock,
	.mutex_unlock = sim_mutex_unlock,
	.sem_create = sim_sem_create,
	.sem_delete = sim_sem_delete,
	.sem_give = sim_sem_give,
	.sem_take = sim_sem_take,
	.now_ns = sim_now_ns,
	.task_id = sim_task_id,
};

/* --- fixture -------------------------------------------------------------- */

static struct pair P;
static struct rpmsg_posix_os host_os;
static struct rpmsg_rtos rtos;
static struct pair_irq host_irq, remote_irq;
static struct pair_counter hc; /* on the host */
static struct rpmsg_endpoint rept;
static bool up;

/* Remote: echo each message back with a blocking send, from its task. */
static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	(void)src;
	return rpmsg_send(ept, data, len);
}

static void link_up(unsigned int num_bufs, uint64_t features)
{
	const struct pair_side hs = {
		.os = &rpmsg_posix_os_ops,
		.os_ctx = &host_os,
		.doorbell = pair_irq_ring,
		.arg = &host_irq,
	};
	const struct pair_side rs = {
		.os = &rpmsg_rtos_ops,
		.os_ctx = &rtos,
		.doorbell = pair_irq_ring,
		.arg = &remote_irq,
	};

	memset(&st, 0, sizeof(st));
	assert_int_equal(rpmsg_posix_os_init(&host_os), 0);
	assert_int_equal(rpmsg_rtos_init(&rtos, &sim_api, NULL), 0);
	up = true;
	assert_int_equal(pair_init(&P, num_bufs, features, &hs, &rs), 0);
	assert_int_equal(pair_irq_start(&host_irq, &P.host), 0);
	assert_int_equal(pair_irq_start(&remote_irq, &P.remote), 0);
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   REMOTE_ADDR), 0);
	assert_int_equal(rpmsg_create_ept(&rept, &P.remote.bus, "echo",
					  REMOTE_ADDR, HOST_ADDR, echo_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 1000), 0);
}

static void link_down(void)
{
	if (!up)
		return;
	up = false;
	rpmsg_virtio_stop(&P.host);
	rpmsg_virtio_stop(&P.remote);
	pair_irq_stop(&host_irq);
	pair_irq_stop(&remote_irq);
	assert_int_equal(host_irq.error, 0);
	assert_int_equal(remote_irq.error, 0);
	rpmsg_rtos_deinit(&rtos);
	rpmsg_posix_os_destroy(&host_os);
	pair_counter_destroy(&hc);
	assert_int_equal(stat_get(&st.live), 0);
}

static int teardown(void **state)
{
	(void)state;
	link_down();
	return 0;
}

static void wait_takes(unsigned int n)
{
	pthread_mutex_lock(&stats_lock);
	while (st.takes < n)
		pthread_cond_wait(&stats_cond, &stats_lock);
	pthread_mutex_unlock(&stats_lock);
}

/* --- tests ---------------------------------------------------------------- */

/* Host -> remote -> host, the remote replying with blocking sends. */
static void test_echo(void **state)
{
	uint64_t features = *(const uint64_t *)*state;
	uint32_t seq;

	link_up(16, features);
	for (seq = 0; seq < PINGS; seq++) {
		assert_int_equal(rpmsg_send(&hc.ept, &seq, sizeof(seq)), 0);
		assert_int_equal(pair_counter_wait(&hc, seq + 1), 0);
	}
	link_down();
}

static void *release_host(void *arg)
{
	(void)arg;
	wait_takes(1);
	pair_irq_hold(&host_irq, false);
	return NULL;
}

/* A remote task with no buffer blocks on the semaphore and is woken by the
 * doorbell task when the host returns buffers. */
static void test_blocked_sender(void **state)
{
	uint64_t features = *(const uint64_t *)*state;
	pthread_t rel;
	uint32_t seq;

	link_up(8, features);
	pair_irq_hold(&host_irq, true);
	for (seq = 0; seq < 4; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), -ENOMEM);
	assert_int_equal(stat_get(&st.takes), 0);
	assert_int_equal(pthread_create(&rel, NULL, release_host, NULL), 0);
	for (; seq < 40; seq++)
		assert_int_equal(rpmsg_send(&rept, &seq, sizeof(seq)), 0);
	assert_int_equal(pthread_join(rel, NULL), 0);
	assert_true(stat_get(&st.takes) >= 1);
	assert_true(stat_get(&st.gives) >= 1);
	assert_int_equal(pair_counter_wait(&hc, seq), 0);
	link_down();
}

/* With no buffer ever coming back, a send with a deadline times out in
 * sem_take, and the waiter leaves no count behind. */
static void test_timeout(void **state)
{
	uint32_t seq;

	(void)state;
	link_up(8, F_EVENT_IDX);
	pair_irq_hold(&host_irq, true);
	for (seq = 0; seq < 4; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	assert_int_equal(rpmsg_send_offchannel_timeout(&rept, REMOTE_ADDR,
						       HOST_ADDR, &seq,
						       sizeof(seq), 20),
			 -ETIMEDOUT);
	assert_true(stat_get(&st.timeouts) >= 1);
	assert_int_equal(rtos.waiters, 0);
	pair_irq_hold(&host_irq, false);
	assert_int_equal(pair_counter_wait(&hc, 4), 0);
	link_down();
}

/* rpmsg_rtos_init() checks the API and unwinds a failed creation. */
static void test_init_errors(void **state)
{
	struct rpmsg_rtos_api partial = sim_api;
	struct rpmsg_rtos r;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(rpmsg_rtos_init(NULL, &sim_api, NULL), -EINVAL);
	assert_int_equal(rpmsg_rtos_init(&r, NULL, NULL), -EINVAL);
	partial.sem_take = NULL;
	assert_int_equal(rpmsg_rtos_init(&r, &partial, NULL), -EINVAL);
	st.fail_create = 1; /* the mutex */
	assert_int_equal(rpmsg_rtos_init(&r, &sim_api, NULL), -ENOMEM);
	assert_int_equal(stat_get(&st.live), 0);
	st.fail_create = 2; /* the semaphore */
	assert_int_equal(rpmsg_rtos_init(&r, &sim_api, NULL), -ENOMEM);
	assert_int_equal(stat_get(&st.live), 0);
	assert_int_equal(rpmsg_rtos_init(&r, &sim_api, NULL), 0);
	assert_int_equal(stat_get(&st.live), 2);
	rpmsg_rtos_deinit(&r);
	assert_int_equal(stat_get(&st.live), 0);
}

/* Feature sets the link tests run with. */
static uint64_t f_none;
static uint64_t f_event_idx = F_EVENT_IDX;

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate_setup_teardown(test_echo, NULL,
							teardown, &f_none),
		cmocka_unit_test_prestate_setup_teardown(test_echo, NULL,
							teardown, &f_event_idx),
		cmocka_unit_test_prestate_setup_teardown(test_blocked_sender, NULL,
							teardown, &f_none),
		cmocka_unit_test_prestate_setup_teardown(test_blocked_sender, NULL,
							teardown, &f_event_idx),
		cmocka_unit_test_teardown(test_timeout, teardown),
		cmocka_unit_test(test_init_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
