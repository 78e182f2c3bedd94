// SPDX-License-Identifier: BSD-3-Clause
/*
 * The lost wake-up that the fence in rpmsg_vq_get_used() and
 * rpmsg_vq_get_avail() closes, replayed deterministically.
 *
 * With EVENT_IDX a consumer that takes an entry stores its event index
 * ("wake me at the next one") and, finding the ring empty on its next
 * look, waits for a doorbell. A producer publishes an entry, then reads
 * that event index to decide whether to ring. If the consumer's event
 * store is still in its store buffer when it looks at the index, and the
 * producer publishes in between, the producer reads the old event index
 * and does not ring, while the consumer has seen an empty ring and
 * sleeps: the entry is neither seen nor signalled. The virtqueue's
 * answer is, on an emptied ring, a full fence (draining the event store)
 * and a second look at the index.
 *
 * The virtqueue is built here against a model of the shared-memory
 * accessors (tso_model.h: total store order, one store buffer per side,
 * one thread), and the test runs the producer's publish-and-decide at
 * every access the consumer makes in its last look, and before and after
 * it. Whatever the point, the new entry must be either returned by that
 * look or signalled by the producer. Without the fence and the second
 * look, the producer running right after the consumer's first read of
 * the index loses it and this test fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include "tso_model.h"

#define NUM 4u
#define ALIGN 16u
#define BUF_SIZE 64u
#define DA_BASE 0x80000000ull
#define FEATURES                                                               \
	((1ull << RPMSG_VIRTIO_F_EVENT_IDX) |                                  \
	 (1ull << RPMSG_VIRTIO_F_VERSION_1))

enum { DRV, DEV }; /* the two sides of the model */

struct world {
	uint8_t *ring;
	uint8_t *pool;
	struct rpmsg_mem mem;
	struct rpmsg_virtqueue drv, dev;
	struct rpmsg_vq_slot dslots[NUM], vslots[NUM];
	uint16_t ids[2];      /* the device's ids of buffers 0 and 1 */
	int at;		      /* run the producer after this access */
	unsigned int consumer; /* the side whose accesses count */
	bool produced;
	bool kicked;
};

static struct world W;

static void *buf(unsigned int i)
{
	return W.pool + i * BUF_SIZE;
}

/* The producer's whole step: publish the second entry, decide whether to
 * ring. Used ring: the device returns buffer 1; avail ring: the driver
 * offers buffer 1. */
static void produce(void)
{
	if (W.consumer == DRV) {
		tso_run_as(DEV);
		assert_int_equal(rpmsg_vq_put_used(&W.dev, W.ids[1], 0), 0);
		W.kicked = rpmsg_vq_notify_prepare(&W.dev);
	} else {
		tso_run_as(DRV);
		assert_int_equal(rpmsg_vq_add_buf(&W.drv, buf(1), BUF_SIZE,
						  true), 0);
		W.kicked = rpmsg_vq_kick_prepare(&W.drv);
	}
	W.produced = true;
}

static void interleave(unsigned int side, unsigned int n, void *arg)
{
	(void)arg;
	if (side == W.consumer && !W.produced && (int)n == W.at)
		produce();
}

static int world_up(void **state)
{
	size_t ring_size = rpmsg_vring_size(NUM, ALIGN);

	(void)state;
	memset(&W, 0, sizeof(W));
	tso_set_hook(NULL, NULL);
	tso_reset();
	W.ring = aligned_alloc(16, (ring_size + 15u) & ~(size_t)15u);
	W.pool = calloc(NUM, BUF_SIZE);
	assert_non_null(W.ring);
	assert_non_null(W.pool);
	rpmsg_mem_init_linear(&W.mem, W.pool, DA_BASE, NUM * BUF_SIZE);
	tso_run_as(DRV);
	assert_int_equal(rpmsg_vq_init(&W.drv, RPMSG_VQ_DRIVER, W.ring, NUM,
				       ALIGN, W.dslots, &W.mem, FEATURES), 0);
	tso_reset();
	tso_run_as(DEV);
	assert_int_equal(rpmsg_vq_init(&W.dev, RPMSG_VQ_DEVICE, W.ring, NUM,
				       ALIGN, W.vslots, &W.mem, FEATURES), 0);
	return 0;
}

static int world_down(void **state)
{
	(void)state;
	tso_set_hook(NULL, NULL);
	tso_reset();
	free(W.ring);
	free(W.pool);
	W.ring = NULL;
	W.pool = NULL;
	return 0;
}

/* Used ring: the driver has posted buffers 0 and 1, the device has taken
 * both and returned 0, and the driver has taken 0 back: its used_event
 * store waits in its store buffer. */
static void used_ring_emptied(void)
{
	uint32_t len;
	void *b;
	int i;

	tso_run_as(DRV);
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_vq_add_buf(&W.drv, buf((unsigned)i),
						  BUF_SIZE, true), 0);
	assert_true(rpmsg_vq_kick_prepare(&W.drv));
	tso_run_as(DEV);
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_vq_get_avail(&W.dev, &W.ids[i], &b,
						    &len), 0);
	assert_int_equal(rpmsg_vq_put_used(&W.dev, W.ids[0], 0), 0);
	assert_true(rpmsg_vq_notify_prepare(&W.dev));
	tso_run_as(DRV);
	assert_int_equal(rpmsg_vq_get_used(&W.drv, &b, &len), 0);
	assert_ptr_equal(b, buf(0));
	/* The scenario needs the event store still buffered. */
	assert_true(tso_pending(DRV) > 0);
	assert_int_equal(tso_pending(DEV), 0);
}

/* Avail ring: the driver has offered buffer 0 and the device has taken
 * it: its avail_event store waits in its store buffer. */
static void avail_ring_emptied(void)
{
	uint32_t len;
	void *b;

	tso_run_as(DRV);
	assert_int_equal(rpmsg_vq_add_buf(&W.drv, buf(0), BUF_SIZE, true), 0);
	assert_true(rpmsg_vq_kick_prepare(&W.drv));
	tso_run_as(DEV);
	assert_int_equal(rpmsg_vq_get_avail(&W.dev, &W.ids[0], &b, &len), 0);
	assert_ptr_equal(b, buf(0));
	assert_true(tso_pending(DEV) > 0);
	assert_int_equal(tso_pending(DRV), 0);
}

/* The consumer's next look, the producer run after its @at-th access
 * (0: before the look; past the look's last access: after it).
 * Return: whether the look returned the new entry. */
static bool look(unsigned int consumer, int at)
{
	uint32_t len;
	uint16_t id;
	void *b;
	int rc;

	W.consumer = consumer;
	W.at = at;
	if (at == 0)
		produce();
	tso_count_reset();
	tso_set_hook(interleave, NULL);
	tso_run_as(consumer);
	if (consumer == DRV)
		rc = rpmsg_vq_get_used(&W.drv, &b, &len);
	else
		rc = rpmsg_vq_get_avail(&W.dev, &id, &b, &len);
	tso_set_hook(NULL, NULL);
	if (rc == 0) {
		assert_ptr_equal(b, buf(1));
		return true;
	}
	assert_int_equal(rc, -EAGAIN);
	return false;
}

/* After a look that found nothing, a doorbell wakes the consumer: the
 * entry is there for its next look. */
static void woken_finds_it(unsigned int consumer)
{
	uint32_t len;
	uint16_t id;
	void *b;

	tso_run_as(consumer);
	if (consumer == DRV)
		assert_int_equal(rpmsg_vq_get_used(&W.drv, &b, &len), 0);
	else
		assert_int_equal(rpmsg_vq_get_avail(&W.dev, &id, &b, &len), 0);
	assert_ptr_equal(b, buf(1));
}

/* Every point of the look, on a fresh world each time, until the
 * producer runs only after the look has returned. */
static void every_point(unsigned int consumer, void (*emptied)(void))
{
	bool seen, during;
	int at;

	for (at = 0;; at++) {
		assert_true(at < 1000); /* a look is a few accesses */
		world_down(NULL);
		world_up(NULL);
		emptied();
		seen = look(consumer, at);
		during = W.produced;
		if (!W.produced)
			produce();
		/* Returned by the look, or signalled: never neither. */
		if (!seen && !W.kicked)
			fail_msg("producer run after access %d of the look: "
				 "the entry was neither returned nor "
				 "signalled (lost wake-up)", at);
		if (!seen)
			woken_finds_it(consumer);
		if (!during)
			break;
	}
	/* The look read the index at least once before the last point. */
	assert_true(at >= 2);
}

static void test_used_ring_no_lost_wakeup(void **state)
{
	(void)state;
	every_point(DRV, used_ring_emptied);
}

static void test_avail_ring_no_lost_wakeup(void **state)
{
	(void)state;
	every_point(DEV, avail_ring_emptied);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_used_ring_no_lost_wakeup,
						world_up, world_down),
		cmocka_unit_test_setup_teardown(test_avail_ring_no_lost_wakeup,
						world_up, world_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
