/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OS port for an RTOS, written against a tiny abstract RTOS API
 * (struct rpmsg_rtos_api) that a board fills in with its kernel's calls:
 * a mutex, a counting semaphore whose take has a timeout, a clock and the
 * current task. src/port/rtos_template.c maps librpmsg's lock, wait and
 * wake onto it; nothing else needs writing.
 *
 * Contract of struct rpmsg_rtos_api (every function required):
 *  - mutex_create / sem_create: make one object in static or pool storage
 *    and return a handle, NULL on failure. The semaphore starts at 0 and
 *    counts at least to the number of tasks that may wait at once plus the
 *    number of wakes between two takes (any count of 255 or more is
 *    plenty); a give beyond its limit may be dropped.
 *  - mutex_lock / mutex_unlock: task context only; need not be recursive.
 *    A mutex with priority inheritance is the right choice.
 *  - sem_give: may be called from task context with the device mutex held.
 *  - sem_take: block until a give or @timeout_ns nanoseconds have passed
 *    (UINT64_MAX: no limit). Return 0 on a give, any negative value on a
 *    timeout. Rounding the timeout up to the next tick is correct; rounding
 *    it down to 0 ticks is not (it would spin until the deadline).
 *  - now_ns: monotonic nanoseconds (tick count x tick period is enough).
 *  - task_id: a value distinct for each task (its handle).
 *  - mutex_delete / sem_delete: release them (may be no-ops).
 *
 * Contexts: every librpmsg call, rpmsg_virtio_notified() included, runs
 * in a task. The doorbell interrupt handler gives a semaphore or sends a
 * task notification; a doorbell task calls rpmsg_virtio_notified(). Service
 * the send queue's doorbell (remote: vq 0; host: vq 1) in a task other than
 * the one delivering received messages if a callback may block in a send.
 *
 * FreeRTOS, for instance: xSemaphoreCreateMutexStatic,
 * xSemaphoreCreateCountingStatic(255, 0), xSemaphoreTake with
 * pdMS_TO_TICKS rounded up, xTaskGetTickCount, xTaskGetCurrentTaskHandle.
 */
#ifndef RPMSG_PORT_RTOS_H
#define RPMSG_PORT_RTOS_H

#include <stdint.h>

#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_os.h>

/* This port's wait releases the device lock. */
#if !RPMSG_CFG_CONCURRENT
#error "rpmsg_port_rtos.h needs RPMSG_CFG_CONCURRENT 1 (rpmsg_config.h)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** struct rpmsg_rtos_api - what the board supplies; see the file comment */
struct rpmsg_rtos_api {
	void *(*mutex_create)(void *arg);
	void (*mutex_delete)(void *arg, void *mutex);
	void (*mutex_lock)(void *arg, void *mutex);
	void (*mutex_unlock)(void *arg, void *mutex);
	void *(*sem_create)(void *arg);
	void (*sem_delete)(void *arg, void *sem);
	void (*sem_give)(void *arg, void *sem);
	int (*sem_take)(void *arg, void *sem, uint64_t timeout_ns);
	uint64_t (*now_ns)(void *arg);
	uintptr_t (*task_id)(void *arg);
};

/**
 * struct rpmsg_rtos - context for rpmsg_rtos_ops (one per device); private
 */
struct rpmsg_rtos {
	/* private: */
	const struct rpmsg_rtos_api *api;
	void *arg;
	void *mutex;
	void *sem;
	unsigned int waiters; /* tasks in wait that no wake has counted */
	unsigned int wakes;   /* wakes so far (wraps) */
};

extern const struct rpmsg_os_ops rpmsg_rtos_ops;

/**
 * rpmsg_rtos_init() - create the mutex and semaphore of one device
 * @r: the context to fill
 * @api: the board's RTOS calls (every member required)
 * @arg: passed to them
 *
 * Return: 0, -EINVAL for a NULL or incomplete @api, -ENOMEM if an object
 * could not be created (nothing is left allocated).
 */
int rpmsg_rtos_init(struct rpmsg_rtos *r, const struct rpmsg_rtos_api *api,
		    void *arg);

/** rpmsg_rtos_deinit() - delete them (the device must be stopped) */
void rpmsg_rtos_deinit(struct rpmsg_rtos *r);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_PORT_RTOS_H */
