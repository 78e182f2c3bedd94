// SPDX-License-Identifier: BSD-3-Clause
/*
 * OS port for bare metal driven by the doorbell interrupt: the lock masks
 * that interrupt, a wait sleeps until an interrupt has woken it.
 */
#include <rpmsg/rpmsg_config.h>

/* Built only with RPMSG_CFG_CONCURRENT 1, which the port needs (its
 * header says why). */
#if RPMSG_CFG_CONCURRENT
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos_irq.h>

#include "../core/shm.h"

static void irq_lock(void *ctx)
{
	struct rpmsg_noos_irq *n = ctx;

	n->irq_mask(n->arg);
}

static void irq_unlock(void *ctx)
{
	struct rpmsg_noos_irq *n = ctx;

	n->irq_unmask(n->arg);
}

static uint64_t irq_now_ns(void *ctx)
{
	struct rpmsg_noos_irq *n = ctx;

	return n->now_ns(n->arg);
}

bool rpmsg_noos_irq_woken(const struct rpmsg_noos_irq *n, uint32_t seen)
{
	return rpmsg_shm_load32(&n->events) != seen;
}

/*
 * Lock held (doorbell masked), so the handler cannot wake between the
 * caller's check of its condition and the snapshot of @events: a wake
 * after the unmask changes @events, and @sleep does not sleep through it.
 */
static int irq_wait(void *ctx, uint64_t deadline_ns)
{
	struct rpmsg_noos_irq *n = ctx;
	uint32_t seen;

	if (n->now_ns(n->arg) >= deadline_ns)
		return -ETIMEDOUT;
	seen = rpmsg_shm_load32(&n->events);
	n->irq_unmask(n->arg);
	n->sleep(n->arg, n, seen);
	n->irq_mask(n->arg);
	return 0;
}

/* Lock held: one writer at a time; the sleeper only reads. */
static void irq_wake(void *ctx)
{
	struct rpmsg_noos_irq *n = ctx;

	rpmsg_shm_store32(&n->events, rpmsg_shm_load32(&n->events) + 1u);
}

static uintptr_t irq_thread_id(void *ctx)
{
	(void)ctx;
	return 1;
}

const struct rpmsg_os_ops rpmsg_noos_irq_ops = {
	.lock = irq_lock,
	.unlock = irq_unlock,
	.wait = irq_wait,
	.wake = irq_wake,
	.now_ns = irq_now_ns,
	.thread_id = irq_thread_id,
};
#endif /* RPMSG_CFG_CONCURRENT */
