/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OS port: one lock and one wait queue per device, and a clock.
 *
 * The core takes the lock around its own state (endpoint table, channels,
 * virtqueues, the tx pool) and never calls a user callback, the notify hook
 * or the OS wait while holding it, except @wait itself which releases it.
 *
 * Built with RPMSG_CFG_CONCURRENT 0 (one context per device,
 * rpmsg_config.h) the core calls only @wait (with no lock to release) and
 * @now_ns; the other members may be NULL.
 */
#ifndef RPMSG_OS_H
#define RPMSG_OS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct rpmsg_os_ops - what the core needs from an operating system
 * @lock: take the device lock (a mutex; with no OS, mask the interrupt that
 *        drives the device, or nothing when everything runs in one loop)
 * @unlock: release it
 * @wait: called with the lock held; release it, sleep until @wake or the
 *        absolute time @deadline_ns (UINT64_MAX: no deadline), take it
 *        again. Return 0 (possibly spurious: the caller re-checks) or
 *        -ETIMEDOUT once the deadline has passed
 * @wake: wake every waiter; called with the lock held
 * @now_ns: monotonic time in nanoseconds
 * @thread_id: a value identifying the calling thread (used to let an
 *        endpoint callback destroy its own endpoint without waiting for
 *        itself); a single-threaded port returns a constant
 */
struct rpmsg_os_ops {
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	int (*wait)(void *ctx, uint64_t deadline_ns);
	void (*wake)(void *ctx);
	uint64_t (*now_ns)(void *ctx);
	uintptr_t (*thread_id)(void *ctx);
};

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_OS_H */
