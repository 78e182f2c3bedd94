/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OS port for bare metal: one thread of execution that polls.
 *
 * There is nothing to lock against when everything runs from the main loop.
 * When the device is also driven from an interrupt handler, supply @lock and
 * @unlock that mask that interrupt. A "wait" cannot sleep: it calls @idle
 * (which should make progress: poll the device, run the peer in a test,
 * or wait for an interrupt) and returns so that the caller looks again,
 * until @now_ns passes the deadline.
 */
#ifndef RPMSG_PORT_NOOS_H
#define RPMSG_PORT_NOOS_H

#include <stdint.h>

#include <rpmsg/rpmsg_os.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct rpmsg_noos - context for rpmsg_noos_ops
 * @now_ns: monotonic clock (required)
 * @idle: called by a wait, with the device lock released (may be NULL)
 * @lock: mask the device's interrupt (may be NULL)
 * @unlock: unmask it (may be NULL)
 * @arg: passed to the hooks
 */
struct rpmsg_noos {
	uint64_t (*now_ns)(void *arg);
	void (*idle)(void *arg);
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *arg;
};

extern const struct rpmsg_os_ops rpmsg_noos_ops;

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_PORT_NOOS_H */
