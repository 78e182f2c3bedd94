/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compile-time configuration. Override any of these with -D or by providing
 * an "rpmsg_user_config.h" on the include path and defining
 * RPMSG_USER_CONFIG.
 */
#ifndef RPMSG_CONFIG_H
#define RPMSG_CONFIG_H

#ifdef RPMSG_USER_CONFIG
#include "rpmsg_user_config.h"
#endif

/* Channels one device can hold at once (each carries its default
 * endpoint), counting those created by name-service announcements. */
#ifndef RPMSG_CFG_MAX_CHANNELS
#define RPMSG_CFG_MAX_CHANNELS 16
#endif

/* Drivers that can be registered with one device. */
#ifndef RPMSG_CFG_MAX_DRIVERS
#define RPMSG_CFG_MAX_DRIVERS 8
#endif

/* Default time a blocking send waits for a buffer, as in Linux. */
#ifndef RPMSG_CFG_DEFAULT_TIMEOUT_MS
#define RPMSG_CFG_DEFAULT_TIMEOUT_MS 15000u
#endif

/*
 * Roles compiled into rpmsg-virtio. A firmware that is only ever the remote
 * (virtio device) sets RPMSG_CFG_HOST_ROLE to 0 and loses the host's buffer
 * pool management; a host-only build sets RPMSG_CFG_REMOTE_ROLE to 0.
 * rpmsg_virtio_init() refuses a role that is compiled out with -EINVAL.
 * At least one role must remain.
 */
#ifndef RPMSG_CFG_HOST_ROLE
#define RPMSG_CFG_HOST_ROLE 1
#endif

#ifndef RPMSG_CFG_REMOTE_ROLE
#define RPMSG_CFG_REMOTE_ROLE 1
#endif

#if !RPMSG_CFG_HOST_ROLE && !RPMSG_CFG_REMOTE_ROLE
#error "rpmsg: RPMSG_CFG_HOST_ROLE and RPMSG_CFG_REMOTE_ROLE are both 0"
#endif

#endif /* RPMSG_CONFIG_H */
