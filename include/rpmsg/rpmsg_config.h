/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compile-time configuration.
 *
 * Override any option with -D on the compiler command line, or put the
 * definitions in an "rpmsg_user_config.h" on the include path and define
 * RPMSG_USER_CONFIG, or (CMake) list them in RPMSG_CONFIG. The library and
 * every file that includes its headers must see the same values (several
 * change structure sizes). A CMake build records all of them, defaults
 * included, in the generated, installed <rpmsg/rpmsg_build_config.h>
 * (cmake/build_config.cmake): a file compiled against it that defines an
 * option otherwise fails to compile (#error naming the option), and one
 * compiled against another build's header fails to link (RPMSG_ABI_CFG,
 * rpmsg.h). Without that header (the core compiled with -I include and
 * its own -D, as firmware builds and the configuration tests do) nothing
 * is checked.
 *
 * Feature switches are 1 (compiled in) or 0 (compiled out). The entry
 * points of a feature compiled out stay, so that code written for the full
 * library still links, and fail with -ENOTSUP. .ci/cross.sh builds every
 * switch off; scripts/footprint.sh measures the "minimal remote".
 */
#ifndef RPMSG_CONFIG_H
#define RPMSG_CONFIG_H

#ifdef RPMSG_USER_CONFIG
#include "rpmsg_user_config.h"
#endif

/* What a CMake build was configured with (RPMSG_CONFIG), when the
 * generated header is on the include path (it is installed). Not for
 * cppcheck, which cannot evaluate __has_include. */
#if defined(__has_include) && !defined(__CPPCHECK__)
#if __has_include(<rpmsg/rpmsg_build_config.h>)
#include <rpmsg/rpmsg_build_config.h>
#endif
#endif

/* --- roles ------------------------------------------------------------- */

/*
 * Roles compiled into rpmsg-virtio. A firmware that is only ever the remote
 * (virtio device) sets RPMSG_CFG_HOST_ROLE to 0 and loses the host's buffer
 * pool management; a host-only build sets RPMSG_CFG_REMOTE_ROLE to 0.
 * rpmsg_virtio_init() refuses a role that is compiled out with -EINVAL
 * (without the host role, rpmsg_vq_init*() refuse RPMSG_VQ_DRIVER too).
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

/* --- features ------------------------------------------------------------ */

/*
 * Name service (VIRTIO_RPMSG_F_NS): announcing local channels to the peer
 * and creating channels from its announcements. With 0, the feature bit
 * leaves RPMSG_VIRTIO_SUPPORTED_FEATURES, so it is never offered nor
 * accepted, and rpmsg_virtio_init() fails with -ENOTSUP if the
 * configuration asks for it. Channels and endpoints still work with known
 * addresses (a remote under Linux then needs the host to create the
 * channel, for instance through rpmsg_ctrl). Do not offer the bit in a
 * resource table.
 */
#ifndef RPMSG_CFG_NS
#define RPMSG_CFG_NS 1
#endif

/*
 * Zero-copy API: rpmsg_get_tx_buffer(), rpmsg_send_nocopy(),
 * rpmsg_sendto_nocopy(), rpmsg_release_tx_buffer(), rpmsg_hold_rx_buffer(),
 * rpmsg_release_rx_buffer(). With 0 they return -ENOTSUP.
 */
#ifndef RPMSG_CFG_ZERO_COPY
#define RPMSG_CFG_ZERO_COPY 1
#endif

/*
 * Notification suppression by event index (VIRTIO_F_EVENT_IDX). With 0,
 * the feature bit leaves RPMSG_VIRTIO_SUPPORTED_FEATURES (never offered nor
 * accepted; rpmsg_virtio_init() fails with -ENOTSUP if asked for it) and
 * the rings use the flag fields only, as virtio allows. Costs more
 * doorbells under load; Linux works either way.
 */
#ifndef RPMSG_CFG_EVENT_IDX
#define RPMSG_CFG_EVENT_IDX 1
#endif

/*
 * The channel and driver model (Linux's rpmsg bus): channels matched to
 * registered drivers by service name, probe/remove, channels created from
 * the peer's name-service announcements and announced when bound, and the
 * channel table in struct rpmsg_device. With 0 only endpoints remain: a
 * firmware binds its services with rpmsg_create_ept() and announces them
 * with rpmsg_ns_announce(); the peer's announcements go to the callback set
 * with rpmsg_ns_set_cb(). The channel and driver entry points then return
 * -ENOTSUP (rpmsg_find_channel() NULL). RPMSG_CFG_MAX_CHANNELS and
 * RPMSG_CFG_MAX_DRIVERS are ignored. The smallest remote (PORTING.md).
 */
#ifndef RPMSG_CFG_CHANNELS
#define RPMSG_CFG_CHANNELS 1
#endif

/*
 * Concurrency. With 1, a device may be driven from several threads, or
 * from an interrupt handler and the code it interrupts: the core takes the
 * OS port's lock around its state, wakes waiting senders, and a destroy
 * waits for the endpoint's callback running in another thread.
 * With 0, one context drives each device: every call into the library for
 * that device (rpmsg_virtio_poll(), rpmsg_virtio_notified(), sends,
 * endpoint creation and destruction...) comes from the same thread of
 * execution, never preempting another one: the polled bare-metal main loop
 * of rpmsg_noos_ops, or a single RTOS task with a port of its own. The
 * lock, the wake-ups and the callback handshake are compiled out; of the
 * OS port only @wait and @now_ns are called (a blocking send still waits,
 * through @wait), and @lock, @unlock, @wake and @thread_id may be NULL.
 * Use the polled no-OS port (rpmsg_noos_ops) or your own: the
 * interrupt-driven, RTOS and POSIX ports need 1 (their headers refuse to
 * compile with 0). Smaller code (about 570 bytes of Cortex-M0+ code in the
 * minimal remote) and a smaller device.
 */
#ifndef RPMSG_CFG_CONCURRENT
#define RPMSG_CFG_CONCURRENT 1
#endif

/*
 * Debug assertions on the library's internal invariants (never on what
 * the peer writes: that is validated and rejected with an errno in every
 * build). A failed assertion calls RPMSG_ASSERT_FAIL(file, line), by
 * default __builtin_trap(); define it to your own handler (it must not
 * return). Off by default.
 */
#ifndef RPMSG_CFG_ASSERT
#define RPMSG_CFG_ASSERT 0
#endif

/* --- sizes ---------------------------------------------------------------- */

/*
 * Channels one device can hold at once (each carries its default
 * endpoint), counting those created by name-service announcements. Each
 * costs sizeof(struct rpmsg_channel) in struct rpmsg_device. Endpoints
 * other than channels' defaults are caller storage on a list: there is no
 * limit on them.
 */
#ifndef RPMSG_CFG_MAX_CHANNELS
#define RPMSG_CFG_MAX_CHANNELS 16
#endif

/* Drivers that can be registered with one device (a pointer each). */
#ifndef RPMSG_CFG_MAX_DRIVERS
#define RPMSG_CFG_MAX_DRIVERS 8
#endif

/* Default time a blocking send waits for a buffer, as in Linux. */
#ifndef RPMSG_CFG_DEFAULT_TIMEOUT_MS
#define RPMSG_CFG_DEFAULT_TIMEOUT_MS 15000u
#endif

/*
 * How often a sender waiting for a buffer looks again when the peer gives
 * buffers back without a doorbell (RPMSG_PEER_SILENT_RETURNS): the bound on
 * how long such a sender sleeps past the buffer's return.
 */
#ifndef RPMSG_CFG_SILENT_PEER_POLL_MS
#define RPMSG_CFG_SILENT_PEER_POLL_MS 1u
#endif

/*
 * Diagnostics: the device records why it last refused a configuration or
 * something the peer wrote, as a sentence in read-only storage
 * (rpmsg_device_why()). On by default in hosted builds; off by default
 * where the library is built freestanding (a microcontroller), where the
 * sentences would cost flash: rpmsg_device_why() then returns NULL. The
 * struct layout is the same either way.
 */
#ifndef RPMSG_CFG_DIAG
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#define RPMSG_CFG_DIAG 1
#else
#define RPMSG_CFG_DIAG 0
#endif
#endif

/*
 * Defaults for the host's buffer pool (RPMSG_VIRTIO_DEFAULT_NUM_BUFS,
 * RPMSG_VIRTIO_DEFAULT_BUF_SIZE): Linux's 512 buffers of 512 bytes, header
 * included. Used where a configuration leaves them 0 (the in-process and
 * shared-memory transports); the pool itself is always caller storage.
 */
#ifndef RPMSG_CFG_NUM_BUFS
#define RPMSG_CFG_NUM_BUFS 512u
#endif

#ifndef RPMSG_CFG_BUF_SIZE
#define RPMSG_CFG_BUF_SIZE 512u
#endif

#endif /* RPMSG_CONFIG_H */
