// SPDX-License-Identifier: BSD-3-Clause
/* OS port for a single thread of execution with no scheduler. */
#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos.h>

/* With RPMSG_CFG_CONCURRENT 0 the core neither locks nor wakes: the port
 * is its clock and its wait. */
#if RPMSG_CFG_CONCURRENT
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
#endif

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
#if RPMSG_CFG_CONCURRENT
	noos_unlock(ctx);
#endif
	if (n->idle)
		n->idle(n->arg);
#if RPMSG_CFG_CONCURRENT
	noos_lock(ctx);
#endif
	return 0;
}

#if RPMSG_CFG_CONCURRENT
static void noos_wake(void *ctx)
{
	(void)ctx;
}

static uintptr_t noos_thread_id(void *ctx)
{
	(void)ctx;
	return 1;
}
#endif

const struct rpmsg_os_ops rpmsg_noos_ops = {
#if RPMSG_CFG_CONCURRENT
	.lock = noos_lock,
	.unlock = noos_unlock,
	.wake = noos_wake,
	.thread_id = noos_thread_id,
#endif
	.wait = noos_wait,
	.now_ns = noos_now_ns,
};
