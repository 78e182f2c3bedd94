// SPDX-License-Identifier: BSD-3-Clause
/*
 * The measurements, the same for every transport: the host side of a
 * link opened by the transport, talking to the echo and sink services of
 * remote.c.
 *
 * Round trip: the time from before a send to the echo until its reply
 * has been delivered to the host's callback, one message in flight.
 *  - block: driven from the callbacks, which run in the transport's
 *    threads: each reply's callback takes the time and sends the next
 *    message, so nothing but the transport sits between two messages.
 *  - poll/spin: driven from this thread, which services the link (the
 *    callbacks run here) until the reply is in.
 * Throughput: COUNT messages to the sink as fast as buffers allow, then
 * one to the echo; the clock stops when its reply is delivered (the ring
 * keeps order, so every message before it has been delivered too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define BENCH_WARMUP 200u
#define BENCH_BLOCK_TIMEOUT_MS 5000u

struct host {
	struct rpmsg_endpoint ept;
	const struct bench_run *run;
	struct bench_link *link;
	atomic_uint replies;
	/* block mode: the callback-driven chain and its completion */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool chain;
	uint64_t *samples;
	size_t count, done;
	uint64_t t0;
	int err;
	uint8_t payload[BENCH_MAX_PAYLOAD];
};

static int send_to(struct host *h, uint32_t dst, uint32_t timeout_ms)
{
	return rpmsg_send_offchannel_timeout(&h->ept, BENCH_HOST_ADDR, dst,
					     h->payload, h->run->size,
					     timeout_ms);
}

static void host_signal(struct host *h)
{
	pthread_mutex_lock(&h->lock);
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	struct host *h = priv;
	uint64_t t1 = bench_now_ns();
	int rc;

	(void)ept;
	(void)data;
	(void)src;
	if (len != h->run->size)
		h->err = -EBADMSG;
	if (h->chain && h->done < h->count) {
		h->samples[h->done++] = t1 - h->t0;
		if (h->done < h->count && !h->err) {
			h->t0 = bench_now_ns();
			rc = send_to(h, BENCH_ECHO_ADDR,
				     BENCH_BLOCK_TIMEOUT_MS);
			if (rc)
				h->err = rc;
		}
	}
	atomic_fetch_add_explicit(&h->replies, 1u, memory_order_release);
	if (h->run->mode == BENCH_BLOCK)
		host_signal(h);
	return 0;
}

/* Until @target replies have arrived (or an error). */
static int wait_replies(struct host *h, unsigned int target)
{
	const struct bench_transport *t = h->run->t;
	struct timespec ts;
	uint64_t last;
	int rc = 0;

	if (h->run->mode == BENCH_BLOCK) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += BENCH_BLOCK_TIMEOUT_MS / 1000u + 1;
		pthread_mutex_lock(&h->lock);
		while (atomic_load(&h->replies) < target && !h->err && !rc)
			rc = pthread_cond_timedwait(&h->cond, &h->lock, &ts);
		pthread_mutex_unlock(&h->lock);
		if (rc)
			return -ETIMEDOUT;
		return h->err;
	}
	last = h->run->mode == BENCH_SPIN ? bench_now_ns() : 0;
	while (atomic_load_explicit(&h->replies, memory_order_acquire) <
	       target) {
		rc = t->service(h->link);
		if (rc < 0)
			return rc;
		if (h->run->mode != BENCH_SPIN)
			continue;
		if (rc > 0) {
			last = bench_now_ns();
		} else if (bench_now_ns() - last > h->run->spin_ns) {
			rc = t->wait(h->link);
			if (rc < 0)
				return rc;
			last = bench_now_ns();
		}
	}
	return h->err;
}

/* Send one message, in the loop modes servicing while no buffer is free
 * (tx-complete doorbells are off while nobody sleeps: keep spinning). */
static int host_send(struct host *h, uint32_t dst)
{
	int rc;

	if (h->run->mode == BENCH_BLOCK)
		return send_to(h, dst, BENCH_BLOCK_TIMEOUT_MS);
	for (;;) {
		rc = send_to(h, dst, 0);
		if (rc != -ENOMEM)
			return rc;
		rc = h->run->t->service(h->link);
		if (rc < 0)
			return rc;
	}
}

static int host_open(struct host *h, const struct bench_run *run)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->run = run;
	atomic_init(&h->replies, 0u);
	memset(h->payload, 0xa5, sizeof(h->payload));
	if (pthread_mutex_init(&h->lock, NULL))
		return -ENOMEM;
	if (pthread_cond_init(&h->cond, NULL)) {
		pthread_mutex_destroy(&h->lock);
		return -ENOMEM;
	}
	rc = run->t->open(&h->link, run->mode, run->spin_ns);
	if (rc)
		goto err;
	rc = rpmsg_create_ept(&h->ept, run->t->host(h->link), "bench-host",
			      BENCH_HOST_ADDR, BENCH_ECHO_ADDR, host_cb, h);
	if (rc) {
		run->t->close(h->link);
		goto err;
	}
	return 0;
err:
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	return rc;
}

static void host_close(struct host *h)
{
	/* Closing stops the callbacks before the endpoint goes. */
	rpmsg_destroy_ept(&h->ept);
	h->run->t->close(h->link);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
}

static int roundtrips(struct host *h, uint64_t *samples, size_t count)
{
	unsigned int base = atomic_load(&h->replies);
	uint64_t t0;
	size_t i;
	int rc;

	if (h->run->mode == BENCH_BLOCK) {
		pthread_mutex_lock(&h->lock);
		h->samples = samples;
		h->count = count;
		h->done = 0;
		h->chain = true;
		h->t0 = bench_now_ns();
		pthread_mutex_unlock(&h->lock);
		rc = send_to(h, BENCH_ECHO_ADDR, BENCH_BLOCK_TIMEOUT_MS);
		if (!rc)
			rc = wait_replies(h, base + (unsigned int)count);
		pthread_mutex_lock(&h->lock);
		h->chain = false;
		pthread_mutex_unlock(&h->lock);
		return rc;
	}
	for (i = 0; i < count; i++) {
		t0 = bench_now_ns();
		rc = host_send(h, BENCH_ECHO_ADDR);
		if (!rc)
			rc = wait_replies(h, base + (unsigned int)i + 1u);
		if (rc)
			return rc;
		samples[i] = bench_now_ns() - t0;
	}
	return 0;
}

int bench_roundtrip(const struct bench_run *run, uint64_t *samples,
		    size_t count)
{
	struct host h;
	int rc;

	if (!run || !samples || !count || run->size > BENCH_MAX_PAYLOAD)
		return -EINVAL;
	rc = host_open(&h, run);
	if (rc)
		return rc;
	/* Warm the caches, the rings and the scheduler first. */
	rc = roundtrips(&h, samples, count < BENCH_WARMUP ? count
							 : BENCH_WARMUP);
	if (!rc)
		rc = roundtrips(&h, samples, count);
	host_close(&h);
	return rc;
}

int bench_throughput(const struct bench_run *run, size_t count, double *secs)
{
	uint64_t t0, t1;
	struct host h;
	size_t i;
	int rc;

	if (!run || !count || !secs || run->size > BENCH_MAX_PAYLOAD)
		return -EINVAL;
	rc = host_open(&h, run);
	if (rc)
		return rc;
	/* One round trip first: the link is up on both sides. */
	rc = host_send(&h, BENCH_ECHO_ADDR);
	if (!rc)
		rc = wait_replies(&h, 1);
	t0 = bench_now_ns();
	for (i = 0; i < count && !rc; i++)
		rc = host_send(&h, BENCH_SINK_ADDR);
	if (!rc)
		rc = host_send(&h, BENCH_ECHO_ADDR);
	if (!rc)
		rc = wait_replies(&h, 2);
	t1 = bench_now_ns();
	host_close(&h);
	*secs = (double)(t1 - t0) / 1e9;
	return rc;
}
