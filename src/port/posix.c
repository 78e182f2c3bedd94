// SPDX-License-Identifier: BSD-3-Clause
/*
 * OS port for POSIX threads.
 *
 * The device lock is a plain (non-recursive) mutex: the core never takes it
 * twice. Waits use one condition variable per device on CLOCK_MONOTONIC,
 * so that a change of wall-clock time cannot stretch or cut a timeout.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include <rpmsg/rpmsg_port_posix.h>

static void posix_lock(void *ctx)
{
	pthread_mutex_lock(&((struct rpmsg_posix_os *)ctx)->lock);
}

static void posix_unlock(void *ctx)
{
	pthread_mutex_unlock(&((struct rpmsg_posix_os *)ctx)->lock);
}

static uint64_t posix_now_ns(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int posix_wait(void *ctx, uint64_t deadline_ns)
{
	struct rpmsg_posix_os *os = ctx;
	struct timespec ts;
	int rc;

	if (deadline_ns == UINT64_MAX) {
		pthread_cond_wait(&os->cond, &os->lock);
		return 0;
	}
	if (posix_now_ns(ctx) >= deadline_ns)
		return -ETIMEDOUT;
	ts.tv_sec = (time_t)(deadline_ns / 1000000000u);
	ts.tv_nsec = (long)(deadline_ns % 1000000000u);
	rc = pthread_cond_timedwait(&os->cond, &os->lock, &ts);
	return rc == ETIMEDOUT ? -ETIMEDOUT : 0;
}

static void posix_wake(void *ctx)
{
	pthread_cond_broadcast(&((struct rpmsg_posix_os *)ctx)->cond);
}

static uintptr_t posix_thread_id(void *ctx)
{
	(void)ctx;
	return (uintptr_t)pthread_self();
}

const struct rpmsg_os_ops rpmsg_posix_os_ops = {
	.lock = posix_lock,
	.unlock = posix_unlock,
	.wait = posix_wait,
	.wake = posix_wake,
	.now_ns = posix_now_ns,
	.thread_id = posix_thread_id,
};

int rpmsg_posix_os_init(struct rpmsg_posix_os *os)
{
	pthread_condattr_t attr;
	int rc;

	if (!os)
		return -EINVAL;
	rc = pthread_mutex_init(&os->lock, NULL);
	if (rc)
		return -rc;
	rc = pthread_condattr_init(&attr);
	if (rc)
		goto err_mutex;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!rc)
		rc = pthread_cond_init(&os->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (rc)
		goto err_mutex;
	return 0;

err_mutex:
	pthread_mutex_destroy(&os->lock);
	return -rc;
}

void rpmsg_posix_os_destroy(struct rpmsg_posix_os *os)
{
	if (!os)
		return;
	pthread_cond_destroy(&os->cond);
	pthread_mutex_destroy(&os->lock);
}
