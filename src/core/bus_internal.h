/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the bus source files. */
#ifndef RPMSG_BUS_INTERNAL_H
#define RPMSG_BUS_INTERNAL_H

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_transport.h>

#include "shm.h"

/*
 * The device lock (the OS port's). Out of line in bus_endpoint.c (with
 * RPMSG_CFG_CONCURRENT 1); at -Os every file calls that one copy, where
 * GCC would otherwise keep an outlined copy of the inline version per
 * file.
 * With RPMSG_CFG_CONCURRENT 0 one context drives the device: there is
 * nobody to exclude, and the lock, the wake-up and the thread identity
 * compile to nothing.
 */
void rpmsg_bus_lock_out(struct rpmsg_device *dev);
void rpmsg_bus_unlock_out(struct rpmsg_device *dev);

static inline void rpmsg_bus_lock(struct rpmsg_device *dev)
{
#if !RPMSG_CFG_CONCURRENT
	(void)dev;
#elif defined(__OPTIMIZE_SIZE__)
	rpmsg_bus_lock_out(dev);
#else
	dev->os->lock(dev->os_ctx);
#endif
}

static inline void rpmsg_bus_unlock(struct rpmsg_device *dev)
{
#if !RPMSG_CFG_CONCURRENT
	(void)dev;
#elif defined(__OPTIMIZE_SIZE__)
	rpmsg_bus_unlock_out(dev);
#else
	dev->os->unlock(dev->os_ctx);
#endif
}

/* Wake every waiter of the device (lock held). In one context a waiter
 * looks again each time the port's wait returns: nothing to wake. */
static inline void rpmsg_bus_wake(struct rpmsg_device *dev)
{
#if RPMSG_CFG_CONCURRENT
	dev->os->wake(dev->os_ctx);
#else
	(void)dev;
#endif
}

/*
 * Whether an endpoint is bound. Written under the device lock; read by
 * senders without it (a callback may send while teardown destroys its
 * endpoint in another thread), hence a single atomic access.
 */
static inline void rpmsg_ept_set_bound(struct rpmsg_endpoint *ept, bool bound)
{
	rpmsg_relaxed_store_bool(&ept->bound, bound);
}

static inline bool rpmsg_ept_is_bound(const struct rpmsg_endpoint *ept)
{
	return rpmsg_relaxed_load_bool(&ept->bound);
}

/*
 * The endpoint's default destination. Written under the device lock (a
 * peer's announcement binds or unbinds it); read by senders without it,
 * hence single atomic accesses.
 */
static inline uint32_t rpmsg_ept_dst(const struct rpmsg_endpoint *ept)
{
	return rpmsg_shm_load32(&ept->dst);
}

static inline void rpmsg_ept_set_dst(struct rpmsg_endpoint *ept, uint32_t dst)
{
	rpmsg_shm_store32(&ept->dst, dst);
}

/* Whether the caller runs a callback of @dev: then nothing more is
 * delivered until it returns (the rx loop is busy with it). Lock held. */
static inline bool rpmsg_bus_in_callback(struct rpmsg_device *dev)
{
#if RPMSG_CFG_CONCURRENT
	return dev->cb_ept &&
	       dev->cb_thread == dev->os->thread_id(dev->os_ctx);
#elif RPMSG_CFG_ZERO_COPY
	return dev->cb_ept != NULL;
#else
	(void)dev;
	return false;
#endif
}

/* Absolute deadline of a wait of @timeout_ms (not 0) from now. */
static inline uint64_t rpmsg_bus_deadline(struct rpmsg_device *dev,
					  uint32_t timeout_ms)
{
	if (timeout_ms == RPMSG_TIMEOUT_FOREVER)
		return UINT64_MAX;
	return dev->os->now_ns(dev->os_ctx) + (uint64_t)timeout_ms * 1000000u;
}

/* Endpoint bound to @addr, or NULL. Lock held. */
struct rpmsg_endpoint *rpmsg_bus_find_ept(struct rpmsg_device *dev,
					  uint32_t addr);

/* rpmsg_device_dispatch() for a caller that holds the lock: it is dropped
 * only around the callback and held again on return. */
int rpmsg_bus_dispatch_locked(struct rpmsg_device *dev, uint32_t src,
			      uint32_t dst, void *data, size_t len);

/* Bind @ept; lock held. */
int rpmsg_bus_bind_ept(struct rpmsg_device *dev, struct rpmsg_endpoint *ept,
		       const char *name, uint32_t src, uint32_t dst,
		       rpmsg_rx_cb_t cb, void *priv);

/* Unbind @ept, waiting for its running callback; lock held (the wait
 * drops it). Return: 0, or -EINVAL if @ept is not bound on @dev. */
int rpmsg_bus_unbind_ept(struct rpmsg_device *dev, struct rpmsg_endpoint *ept);

#if RPMSG_CFG_NS
/* Send a name-service message (RPMSG_NS_CREATE or RPMSG_NS_DESTROY) for
 * @name at @addr, unchecked; lock not held. */
int rpmsg_bus_ns_send(struct rpmsg_device *dev, const char *name,
		      uint32_t addr, uint32_t flags);

/* Name-service endpoint callback. */
int rpmsg_ns_rx(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src);
#else
/* Name service compiled out: ns_enabled is never set, nothing to send. */
static inline int rpmsg_bus_ns_send(struct rpmsg_device *dev,
				    const char *name, uint32_t addr,
				    uint32_t flags)
{
	(void)dev;
	(void)name;
	(void)addr;
	(void)flags;
	return 0;
}
#endif

#if RPMSG_CFG_CHANNELS
/* Create a channel (from the name service or the API) and bind it. */
int rpmsg_bus_add_channel(struct rpmsg_device *dev, const char *name,
			  uint32_t src, uint32_t dst, bool announce,
			  bool from_ns, struct rpmsg_channel **out);

/* The peer announced @name at @addr: bind the local channel waiting for
 * it, or make one. Lock not held. */
void rpmsg_bus_ns_create(struct rpmsg_device *dev, const char *name,
			 uint32_t addr);

/* The peer withdrew @name at @addr: destroy the channel made for it, or
 * unbind the local one. Lock not held. */
void rpmsg_bus_ns_destroy(struct rpmsg_device *dev, const char *name,
			  uint32_t addr);

/* Announce bound channels not yet announced; lock not held. */
void rpmsg_bus_announce_all(struct rpmsg_device *dev);
#else
/* No channels: the firmware announces its endpoints itself. */
static inline void rpmsg_bus_announce_all(struct rpmsg_device *dev)
{
	(void)dev;
}
#endif

/* Whether @name is a service name: 1 to RPMSG_NAME_SIZE - 1 characters
 * (a longer one would be truncated into another service's name). */
static inline bool rpmsg_bus_name_ok(const char *name)
{
	size_t n = 0;

	if (!name)
		return false;
	while (n < RPMSG_NAME_SIZE && name[n])
		n++;
	return n && n < RPMSG_NAME_SIZE;
}

/* Copy a name into a fixed field, truncating and NUL-padding. */
void rpmsg_bus_copy_name(char dst[RPMSG_NAME_SIZE], const char *src);

#endif /* RPMSG_BUS_INTERNAL_H */
