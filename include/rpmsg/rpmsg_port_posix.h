/* SPDX-License-Identifier: BSD-3-Clause */
/* OS port for POSIX threads: a mutex, a condition variable on the
 * monotonic clock, and clock_gettime(). */
#ifndef RPMSG_PORT_POSIX_H
#define RPMSG_PORT_POSIX_H

#include <pthread.h>

#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_os.h>

/* Threads drive the devices of this port. */
#if !RPMSG_CFG_CONCURRENT
#error "rpmsg_port_posix.h needs RPMSG_CFG_CONCURRENT 1 (rpmsg_config.h)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** struct rpmsg_posix_os - context for rpmsg_posix_os_ops (one per device) */
struct rpmsg_posix_os {
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

extern const struct rpmsg_os_ops rpmsg_posix_os_ops;

/**
 * rpmsg_posix_os_init() - create the mutex and condition variable
 * @os: caller storage for the port's context
 * Return: 0 or a negative errno.
 */
int rpmsg_posix_os_init(struct rpmsg_posix_os *os);

/** rpmsg_posix_os_destroy() - release them */
void rpmsg_posix_os_destroy(struct rpmsg_posix_os *os);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_PORT_POSIX_H */
