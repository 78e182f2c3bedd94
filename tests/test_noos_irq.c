// SPDX-License-Identifier: BSD-3-Clause
/*
 * The interrupt-driven no-OS port (rpmsg_noos_irq_ops) on a host machine.
 *
 * The remote's "processor" is the main thread; its doorbell interrupt is
 * SIGUSR1 sent to that thread, and its handler calls
 * rpmsg_virtio_notified(). Masking the interrupt is blocking the signal;
 * the sleep hook is sigsuspend() entered with the signal blocked, which,
 * like WFI with PRIMASK set, cannot miss a doorbell rung after the check.
 * The host is the library's host role with the POSIX port and a doorbell
 * thread (tests/pair.c), which rings the remote with the signal.
 *
 * Checked: messages from the host are delivered by the handler (the
 * callback runs in the handler) and echoed from it; a remote sender with
 * no buffer sleeps and is woken by the doorbell that returns one; start
 * waits for the host the same way.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos_irq.h>
#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_virtio.h>

#include "pair.h"

#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define HOST_ADDR 0x401u
#define REMOTE_ADDR 0x400u
#define PINGS 200u
#define CONFIG_IRQ 2u /* the remote's "status changed" interrupt */

static struct pair P;
static struct rpmsg_posix_os host_os;
static struct pair_irq host_irq;
static struct rpmsg_noos_irq rirq;
static pthread_t cpu; /* the remote's processor: the main thread */
static sigset_t irq_set;

/* Interrupt state of the simulated processor. */
static volatile sig_atomic_t in_isr;
static unsigned int pending;	 /* doorbells per vq; atomic */
static unsigned int isr_calls[2]; /* handler's notified() calls per vq */
static int isr_error;
static sem_t slept;		 /* posted each time the sleep hook runs */
static unsigned int sleeps;

/* Remote endpoint, its callback state (touched only by the handler until
 * the main thread reads it with the interrupt masked). */
static struct rpmsg_endpoint rept;
static unsigned int r_count, r_bad, r_from_isr, r_echo_fail;
static int r_done; /* atomic: the host's side of a test has finished */

/* Host endpoint: counts the remote's sequence numbers. */
static struct pair_counter hc;

/* --- the simulated processor ------------------------------------------- */

static void isr(int sig)
{
	unsigned int bits, vq;
	int rc;

	(void)sig;
	in_isr = 1;
	bits = __atomic_exchange_n(&pending, 0, __ATOMIC_ACQ_REL);
	for (vq = 0; vq < 2; vq++) {
		if (!(bits & (1u << vq)))
			continue;
		isr_calls[vq]++;
		rc = rpmsg_virtio_notified(&P.remote, vq);
		if (rc < 0 && !isr_error)
			isr_error = rc;
	}
	if (bits & (1u << CONFIG_IRQ))
		rpmsg_virtio_config_changed(&P.remote);
	in_isr = 0;
}

/* The remote's doorbell, rung by the host's threads. */
static void remote_doorbell(void *arg, unsigned int vq)
{
	(void)arg;
	__atomic_fetch_or(&pending, 1u << vq, __ATOMIC_ACQ_REL);
	pthread_kill(cpu, SIGUSR1);
}

/* Masking inside the handler changes nothing: an active interrupt does not
 * preempt itself, and the signal stays blocked until the handler returns. */
static void irq_mask(void *arg)
{
	(void)arg;
	if (!in_isr)
		pthread_sigmask(SIG_BLOCK, &irq_set, NULL);
}

static void irq_unmask(void *arg)
{
	(void)arg;
	if (!in_isr)
		pthread_sigmask(SIG_UNBLOCK, &irq_set, NULL);
}

/* WFI with PRIMASK: block, check, sleep with the doorbell enabled. */
static void cpu_sleep(void *arg, const struct rpmsg_noos_irq *n,
		      uint32_t seen)
{
	sigset_t old, during;

	(void)arg;
	sleeps++;
	sem_post(&slept);
	pthread_sigmask(SIG_BLOCK, &irq_set, &old);
	if (!rpmsg_noos_irq_woken(n, seen)) {
		during = old;
		sigdelset(&during, SIGUSR1);
		sigsuspend(&during);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static uint64_t now_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --- callbacks ------------------------------------------------------------ */

/* Remote: runs in the handler; checks the sequence and echoes it. */
static int remote_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	uint32_t seq;

	(void)priv;
	if (in_isr)
		r_from_isr++;
	if (len != sizeof(seq) || src != HOST_ADDR) {
		r_bad++;
		return 0;
	}
	memcpy(&seq, data, sizeof(seq));
	if (seq != r_count)
		r_bad++;
	r_count++;
	if (rpmsg_trysend(ept, &seq, sizeof(seq)))
		r_echo_fail++;
	return 0;
}

/* --- fixture --------------------------------------------------------------- */

static bool up;

static void link_up(unsigned int num_bufs, uint64_t features)
{
	const struct pair_side hs = {
		.os = &rpmsg_posix_os_ops,
		.os_ctx = &host_os,
		.doorbell = pair_irq_ring,
		.arg = &host_irq,
	};
	const struct pair_side rs = {
		.os = &rpmsg_noos_irq_ops,
		.os_ctx = &rirq,
		.doorbell = remote_doorbell,
	};
	struct sigaction sa;

	memset(&rirq, 0, sizeof(rirq));
	rirq.now_ns = now_ns;
	rirq.irq_mask = irq_mask;
	rirq.irq_unmask = irq_unmask;
	rirq.sleep = cpu_sleep;
	cpu = pthread_self();
	sigemptyset(&irq_set);
	sigaddset(&irq_set, SIGUSR1);
	/* Masked while the fixture is built; host threads inherit it, so
	 * the "interrupt" only ever runs on the main thread. */
	pthread_sigmask(SIG_BLOCK, &irq_set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = isr;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, NULL), 0);
	assert_int_equal(sem_init(&slept, 0, 0), 0);

	r_count = r_bad = r_from_isr = r_echo_fail = 0;
	isr_calls[0] = isr_calls[1] = 0;
	isr_error = 0;
	sleeps = 0;
	__atomic_store_n(&pending, 0, __ATOMIC_RELAXED);
	assert_int_equal(rpmsg_posix_os_init(&host_os), 0);
	up = true;
	assert_int_equal(pair_init(&P, num_bufs, features, &hs, &rs), 0);
	assert_int_equal(pair_irq_start(&host_irq, &P.host), 0);
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   REMOTE_ADDR), 0);
	assert_int_equal(rpmsg_create_ept(&rept, &P.remote.bus, "r",
					  REMOTE_ADDR, HOST_ADDR, remote_cb,
					  NULL), 0);
}

static void link_down(void)
{
	if (!up)
		return;
	up = false;
	pthread_sigmask(SIG_BLOCK, &irq_set, NULL);
	rpmsg_virtio_stop(&P.host);
	rpmsg_virtio_stop(&P.remote);
	pair_irq_stop(&host_irq);
	rpmsg_posix_os_destroy(&host_os);
	pair_counter_destroy(&hc);
	sem_destroy(&slept);
	signal(SIGUSR1, SIG_DFL);
	pthread_sigmask(SIG_UNBLOCK, &irq_set, NULL);
}

/* The host's application thread: send PINGS, each after the last echo. */
static void *host_app(void *arg)
{
	uint32_t seq;
	intptr_t rc = 0;

	(void)arg;
	for (seq = 0; seq < PINGS && !rc; seq++) {
		rc = rpmsg_send(&hc.ept, &seq, sizeof(seq));
		pair_counter_wait(&hc, seq + 1);
	}
	/* Wake the remote's main loop to look at the result. */
	__atomic_store_n(&r_done, 1, __ATOMIC_RELEASE);
	pthread_kill(cpu, SIGUSR1);
	return (void *)rc;
}

/* The remote's main loop: sleep until the host's side says it is done. */
static void cpu_idle_until_done(void)
{
	sigset_t old, during;

	pthread_sigmask(SIG_BLOCK, &irq_set, &old);
	during = old;
	sigdelset(&during, SIGUSR1);
	while (!__atomic_load_n(&r_done, __ATOMIC_ACQUIRE))
		sigsuspend(&during);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Host -> remote messages are delivered by the interrupt handler, and the
 * handler's replies reach the host. */
static void test_delivered_from_isr(void **state)
{
	uint64_t features = *(const uint64_t *)*state;
	pthread_t app;
	void *rc;

	link_up(16, features);
	__atomic_store_n(&r_done, 0, __ATOMIC_RELAXED);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, RPMSG_TIMEOUT_FOREVER),
			 0);
	/* From here the doorbell is unmasked outside the core's sections. */
	assert_int_equal(pthread_create(&app, NULL, host_app, NULL), 0);
	cpu_idle_until_done();
	assert_int_equal(pthread_join(app, &rc), 0);
	assert_int_equal((intptr_t)rc, 0);

	pthread_sigmask(SIG_BLOCK, &irq_set, NULL);
	assert_int_equal(r_count, PINGS);
	assert_int_equal(r_bad, 0);
	assert_int_equal(r_from_isr, PINGS);
	assert_int_equal(r_echo_fail, 0);
	assert_true(isr_calls[1] > 0);
	assert_int_equal(isr_error, 0);
	assert_int_equal(pair_counter_wait(&hc, PINGS), 0);
	link_down();
	assert_int_equal(host_irq.error, 0);
}

/* Once the remote sleeps in its wait, let the host return buffers. */
static void *release_host(void *arg)
{
	(void)arg;
	while (sem_wait(&slept))
		;
	pair_irq_hold(&host_irq, false);
	return NULL;
}

/* A remote sender with no buffer sleeps in the port; the doorbell that
 * returns buffers (host -> remote, vq 0) wakes it from the handler. */
static void test_blocked_sender_woken(void **state)
{
	uint64_t features = *(const uint64_t *)*state;
	unsigned int rx_bufs = 4, i;
	pthread_t rel;
	uint32_t seq;

	link_up(2 * rx_bufs, features);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, RPMSG_TIMEOUT_FOREVER),
			 0);
	/* The host takes no buffer back while held. */
	pair_irq_hold(&host_irq, true);
	for (seq = 0; seq < rx_bufs; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), -ENOMEM);
	assert_int_equal(sleeps, 0);
	assert_int_equal(pthread_create(&rel, NULL, release_host, NULL), 0);
	/* Blocks until the host has consumed and returned buffers. */
	for (i = 0; i < 3 * rx_bufs; i++, seq++)
		assert_int_equal(rpmsg_send(&rept, &seq, sizeof(seq)), 0);
	assert_int_equal(pthread_join(rel, NULL), 0);

	pthread_sigmask(SIG_BLOCK, &irq_set, NULL);
	assert_true(sleeps >= 1);
	assert_true(isr_calls[0] >= 1); /* woken through the handler */
	assert_int_equal(isr_error, 0);
	assert_int_equal(pair_counter_wait(&hc, seq), 0);
	assert_int_equal(hc.count, seq);
	link_down();
}

/* Once the remote sleeps in start, the host starts and raises the
 * remote's configuration interrupt. */
static void *start_host(void *arg)
{
	intptr_t rc;

	(void)arg;
	while (sem_wait(&slept))
		;
	rc = rpmsg_virtio_start(&P.host, 0);
	remote_doorbell(NULL, CONFIG_IRQ);
	return (void *)rc;
}

static void test_start_waits_for_host(void **state)
{
	pthread_t th;
	void *rc;
	uint32_t seq = 0;

	(void)state;
	link_up(16, F_EVENT_IDX);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), -EAGAIN);
	assert_int_equal(pthread_create(&th, NULL, start_host, NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, RPMSG_TIMEOUT_FOREVER),
			 0);
	assert_int_equal(pthread_join(th, &rc), 0);
	assert_int_equal((intptr_t)rc, 0);
	assert_true(sleeps >= 1);
	assert_int_equal(rpmsg_send(&rept, &seq, sizeof(seq)), 0);
	pair_counter_wait(&hc, 1);
	link_down();
}

/* A wait with a deadline gives up; the "timer interrupt" here is the
 * doorbell a helper thread keeps ringing until the sender returns. */
static void *tick(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&r_done, __ATOMIC_ACQUIRE)) {
		while (sem_wait(&slept))
			;
		remote_doorbell(NULL, CONFIG_IRQ);
	}
	return NULL;
}

static void test_send_times_out(void **state)
{
	pthread_t th;
	uint32_t seq;

	(void)state;
	link_up(8, 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, RPMSG_TIMEOUT_FOREVER),
			 0);
	pair_irq_hold(&host_irq, true);
	for (seq = 0; seq < 4; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	__atomic_store_n(&r_done, 0, __ATOMIC_RELAXED);
	assert_int_equal(pthread_create(&th, NULL, tick, NULL), 0);
	assert_int_equal(rpmsg_send_offchannel_timeout(&rept, REMOTE_ADDR,
						       HOST_ADDR, &seq,
						       sizeof(seq), 20),
			 -ETIMEDOUT);
	__atomic_store_n(&r_done, 1, __ATOMIC_RELEASE);
	sem_post(&slept);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(sleeps >= 1);
	pair_irq_hold(&host_irq, false);
	pair_counter_wait(&hc, 4);
	link_down();
}

static int teardown(void **state)
{
	(void)state;
	link_down();
	return 0;
}

/* Feature sets the link tests run with. */
static uint64_t f_none;
static uint64_t f_event_idx = F_EVENT_IDX;

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate_setup_teardown(test_delivered_from_isr, NULL,
							teardown, &f_none),
		cmocka_unit_test_prestate_setup_teardown(test_delivered_from_isr, NULL,
							teardown, &f_event_idx),
		cmocka_unit_test_prestate_setup_teardown(test_blocked_sender_woken, NULL,
							teardown, &f_none),
		cmocka_unit_test_prestate_setup_teardown(test_blocked_sender_woken, NULL,
							teardown, &f_event_idx),
		cmocka_unit_test_teardown(test_start_waits_for_host, teardown),
		cmocka_unit_test_teardown(test_send_times_out, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
