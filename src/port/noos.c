// SPDX-License-Identifier: BSD-3-Clause
/* OS port for a single thread of execution with no scheduler. */
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos.h>

static void noos_lock(void *ctx)
{
	struct rpmsg_noos *n = ctx;

	if (n->lock)
		n->lock(n->arg);
}

static void noos_unlock(void *ctx)
{
	struct rpmsg_noos *n = ctx;

	if (n->unlock)
		n->unlock(n->arg);
}

static uint64_t noos_now_ns(void *ctx)
{
	struct rpmsg_noos *n = ctx;

	return n->now_ns(n->arg);
}

static int noos_wait(void *ctx, uint64_t deadline_ns)
{
	struct rpmsg_noos *n = ctx;

	if (n->now_ns(n->arg) >= deadline_ns)
		return -ETIMEDOUT;
	/* Let the world move (and the interrupt in), then let the caller
	 * look again. */
	noos_unlock(ctx);
	if (n->idle)
		n->idle(n->arg);
	noos_lock(ctx);
	return 0;
}

static void noos_wake(void *ctx)
{
	(void)ctx;
}

static uintptr_t noos_thread_id(void *ctx)
{
	(void)ctx;
	return 1;
}

const struct rpmsg_os_ops rpmsg_noos_ops = {
	.lock = noos_lock,
	.unlock = noos_unlock,
	.wait = noos_wait,
	.wake = noos_wake,
	.now_ns = noos_now_ns,
	.thread_id = noos_thread_id,
};
