// SPDX-License-Identifier: BSD-3-Clause
/*
 * OS port over an abstract RTOS API: the device lock is a mutex, and the
 * wait queue is a counting semaphore plus two counters kept under that
 * mutex (a condition variable built from what every RTOS has).
 *
 * wake() gives the semaphore once for every task that is waiting and not
 * yet counted by an earlier wake, and bumps @wakes. A waiter that times out
 * before any wake since it registered removes itself from @waiters; one that
 * times out after a wake leaves behind the give meant for it, which makes
 * some later wait return early. Early returns are allowed by the contract
 * of rpmsg_os_ops.wait (the caller looks again), so nothing is lost: a wake
 * can never be missed, because the give outlives the race between the
 * unlock and the take.
 */
#include <rpmsg/rpmsg_config.h>

/* Built only with RPMSG_CFG_CONCURRENT 1, which the port needs (its
 * header says why). */
#if RPMSG_CFG_CONCURRENT
#include <stddef.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_rtos.h>

#include "../core/rpmsg_assert.h"

static void rtos_lock(void *ctx)
{
	struct rpmsg_rtos *r = ctx;

	r->api->mutex_lock(r->arg, r->mutex);
}

static void rtos_unlock(void *ctx)
{
	struct rpmsg_rtos *r = ctx;

	r->api->mutex_unlock(r->arg, r->mutex);
}

static uint64_t rtos_now_ns(void *ctx)
{
	struct rpmsg_rtos *r = ctx;

	return r->api->now_ns(r->arg);
}

static uintptr_t rtos_task_id(void *ctx)
{
	struct rpmsg_rtos *r = ctx;

	return r->api->task_id(r->arg);
}

/* Mutex held on entry and on return. */
static int rtos_wait(void *ctx, uint64_t deadline_ns)
{
	struct rpmsg_rtos *r = ctx;
	uint64_t now = r->api->now_ns(r->arg);
	unsigned int seen = r->wakes;
	int rc;

	if (now >= deadline_ns)
		return -ETIMEDOUT;
	r->waiters++;
	r->api->mutex_unlock(r->arg, r->mutex);
	rc = r->api->sem_take(r->arg, r->sem,
			      deadline_ns == UINT64_MAX ? UINT64_MAX
							: deadline_ns - now);
	r->api->mutex_lock(r->arg, r->mutex);
	if (rc < 0 && r->wakes == seen) {
		/* No wake counted us: we are still in @waiters. */
		RPMSG_ASSERT(r->waiters > 0);
		r->waiters--;
		return -ETIMEDOUT;
	}
	return 0;
}

/* Mutex held. */
static void rtos_wake(void *ctx)
{
	struct rpmsg_rtos *r = ctx;

	r->wakes++;
	for (; r->waiters; r->waiters--)
		r->api->sem_give(r->arg, r->sem);
}

const struct rpmsg_os_ops rpmsg_rtos_ops = {
	.lock = rtos_lock,
	.unlock = rtos_unlock,
	.wait = rtos_wait,
	.wake = rtos_wake,
	.now_ns = rtos_now_ns,
	.thread_id = rtos_task_id,
};

int rpmsg_rtos_init(struct rpmsg_rtos *r, const struct rpmsg_rtos_api *api,
		    void *arg)
{
	if (!r || !api || !api->mutex_create || !api->mutex_delete ||
	    !api->mutex_lock || !api->mutex_unlock || !api->sem_create ||
	    !api->sem_delete || !api->sem_give || !api->sem_take ||
	    !api->now_ns || !api->task_id)
		return -EINVAL;
	r->api = api;
	r->arg = arg;
	r->waiters = 0;
	r->wakes = 0;
	r->mutex = api->mutex_create(arg);
	if (!r->mutex)
		return -ENOMEM;
	r->sem = api->sem_create(arg);
	if (!r->sem) {
		api->mutex_delete(arg, r->mutex);
		r->mutex = NULL;
		return -ENOMEM;
	}
	return 0;
}

void rpmsg_rtos_deinit(struct rpmsg_rtos *r)
{
	if (!r || !r->api)
		return;
	if (r->sem)
		r->api->sem_delete(r->arg, r->sem);
	if (r->mutex)
		r->api->mutex_delete(r->arg, r->mutex);
	r->sem = NULL;
	r->mutex = NULL;
}
#endif /* RPMSG_CFG_CONCURRENT */
