// SPDX-License-Identifier: BSD-3-Clause
/*
 * Endpoints: address allocation, binding, inbound dispatch and the rules
 * that keep an endpoint alive while its callback runs.
 *
 * Locking: one lock per device (the OS port's) protects the endpoint list,
 * the channel table and the record of which callback is running. It is a
 * plain mutex rather than something finer because every operation under it
 * is a short list walk; callbacks run with it released so that they can
 * send and create or destroy endpoints.
 */
#include <string.h>

#include "bus_internal.h"
#include "rpmsg_assert.h"

#if RPMSG_CFG_CONCURRENT
void rpmsg_bus_lock_out(struct rpmsg_device *dev)
{
	dev->os->lock(dev->os_ctx);
}

void rpmsg_bus_unlock_out(struct rpmsg_device *dev)
{
	dev->os->unlock(dev->os_ctx);
}
#endif

void rpmsg_bus_copy_name(char dst[RPMSG_NAME_SIZE], const char *src)
{
	size_t i = 0;

	if (src)
		for (; i < RPMSG_NAME_SIZE - 1 && src[i]; i++)
			dst[i] = src[i];
	for (; i < RPMSG_NAME_SIZE; i++)
		dst[i] = '\0';
}

int rpmsg_device_init(struct rpmsg_device *dev,
		      const struct rpmsg_transport_ops *ops,
		      const struct rpmsg_os_ops *os, void *os_ctx)
{
	if (!dev || !ops || !ops->get_mtu || !ops->get_tx_buffer ||
	    !ops->send_nocopy || !ops->release_tx_buffer ||
	    (RPMSG_CFG_ZERO_COPY && !ops->release_rx_buffer) || !os ||
	    !os->wait || !os->now_ns)
		return -EINVAL;
	/* One context (RPMSG_CFG_CONCURRENT 0) calls neither of these. */
	if (RPMSG_CFG_CONCURRENT &&
	    (!os->lock || !os->unlock || !os->wake || !os->thread_id))
		return -EINVAL;
	memset(dev, 0, sizeof(*dev));
	dev->ops = ops;
	dev->os = os;
	dev->os_ctx = os_ctx;
	dev->next_addr = RPMSG_RESERVED_ADDRESSES;
	return 0;
}

struct rpmsg_endpoint *rpmsg_bus_find_ept(struct rpmsg_device *dev,
					  uint32_t addr)
{
	struct rpmsg_endpoint *e;

#ifndef __OPTIMIZE_SIZE__
	/* Constant time for a stream of messages to one endpoint: the last
	 * one found, cleared when it is unbound. (Not at -Os, for size.) */
	e = dev->ept_hint;
	if (e && e->addr == addr)
		return e;
#endif
	for (e = dev->epts; e; e = e->next)
		if (e->addr == addr)
			break;
#ifndef __OPTIMIZE_SIZE__
	if (e)
		dev->ept_hint = e;
#endif
	return e;
}

/* Next free dynamic address. Each collision is a distinct bound endpoint,
 * so the search ends after at most (number of endpoints + 1) candidates. */
static int alloc_addr(struct rpmsg_device *dev, uint32_t *out)
{
	uint32_t addr = dev->next_addr;
	const struct rpmsg_endpoint *e;
	size_t tries = 1;

	for (e = dev->epts; e; e = e->next)
		tries++;
	while (tries--) {
		if (addr < RPMSG_RESERVED_ADDRESSES || addr == RPMSG_ADDR_ANY)
			addr = RPMSG_RESERVED_ADDRESSES;
		if (!rpmsg_bus_find_ept(dev, addr)) {
			*out = addr;
			dev->next_addr = addr + 1;
			return 0;
		}
		addr++;
	}
	return -ENOSPC;
}

int rpmsg_bus_bind_ept(struct rpmsg_device *dev, struct rpmsg_endpoint *ept,
		       const char *name, uint32_t src, uint32_t dst,
		       rpmsg_rx_cb_t cb, void *priv)
{
	int rc;

	const struct rpmsg_endpoint *e;

	if (dev->dead)
		return -EPIPE;
	/* Binding storage that is already bound would link it twice. */
	for (e = dev->epts; e; e = e->next)
		if (e == ept)
			return -EBUSY;
	if (src == RPMSG_ADDR_ANY) {
		rc = alloc_addr(dev, &src);
		if (rc)
			return rc;
	} else if (rpmsg_bus_find_ept(dev, src)) {
		return -EBUSY;
	}
	rpmsg_bus_copy_name(ept->name, name);
	ept->dev = dev;
	ept->channel = NULL;
	ept->addr = src;
	ept->dst = dst;
	ept->timeout_ms = RPMSG_CFG_DEFAULT_TIMEOUT_MS;
	ept->cb = cb;
	ept->priv = priv;
	rpmsg_ept_set_bound(ept, true);
	ept->next = dev->epts;
	dev->epts = ept;
	return 0;
}

int rpmsg_create_ept(struct rpmsg_endpoint *ept, struct rpmsg_device *dev,
		     const char *name, uint32_t src, uint32_t dst,
		     rpmsg_rx_cb_t cb, void *priv)
{
	int rc;

	if (!ept || !dev || !dev->os || !cb)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	rc = rpmsg_bus_bind_ept(dev, ept, name, src, dst, cb, priv);
	rpmsg_bus_unlock(dev);
	/* What the transport needs for messages to the address to arrive. */
	if (!rc && dev->ops->ept_bound) {
		rc = dev->ops->ept_bound(dev, ept->addr, dst);
		if (rc)
			(void)rpmsg_destroy_ept(ept);
	}
	return rc;
}

int rpmsg_bus_unbind_ept(struct rpmsg_device *dev, struct rpmsg_endpoint *ept)
{
	struct rpmsg_endpoint **pp;

	for (pp = &dev->epts; *pp && *pp != ept; pp = &(*pp)->next)
		;
	if (!*pp)
		return -EINVAL;
	*pp = ept->next;
	ept->next = NULL;
#ifndef __OPTIMIZE_SIZE__
	if (dev->ept_hint == ept)
		dev->ept_hint = NULL;
#endif
	rpmsg_ept_set_bound(ept, false);
#if RPMSG_CFG_CONCURRENT
	/* Unlinked: no new dispatch can find it. If its callback is running
	 * in another thread, the caller may free the storage as soon as we
	 * return, so wait for the callback to finish. From inside its own
	 * callback the dispatcher no longer touches it, so return at once.
	 * (In one context, a callback running now is the caller's own.) */
	uintptr_t self = dev->os->thread_id(dev->os_ctx);

	while (dev->cb_ept == ept && dev->cb_thread != self) {
		dev->cb_waiters++;
		dev->os->wait(dev->os_ctx, UINT64_MAX);
		RPMSG_ASSERT(dev->cb_waiters > 0);
		dev->cb_waiters--;
	}
#endif
	return 0;
}

int rpmsg_destroy_ept(struct rpmsg_endpoint *ept)
{
	struct rpmsg_device *dev;
	uint32_t addr;
	int rc;

	if (!ept || !ept->dev)
		return -EINVAL;
	dev = ept->dev;
	rpmsg_bus_lock(dev);
	addr = ept->addr;
	rc = rpmsg_bus_unbind_ept(dev, ept);
	rpmsg_bus_unlock(dev);
	if (!rc && dev->ops->ept_unbound)
		dev->ops->ept_unbound(dev, addr);
	return rc;
}

int rpmsg_wait_bound(struct rpmsg_endpoint *ept, uint32_t timeout_ms)
{
	struct rpmsg_device *dev;
	uint64_t deadline = 0;
	int rc = 0;

	if (!ept || !rpmsg_ept_is_bound(ept) || !ept->dev)
		return -EINVAL;
	dev = ept->dev;
	rpmsg_bus_lock(dev);
	while (ept->dst == RPMSG_ADDR_ANY) {
		if (dev->dead || !rpmsg_ept_is_bound(ept)) {
			rc = -EPIPE;
			break;
		}
		if (!timeout_ms) {
			rc = -ENOTCONN;
			break;
		}
		if (rpmsg_bus_in_callback(dev)) {
			rc = -EDEADLK;
			break;
		}
		if (!deadline)
			deadline = rpmsg_bus_deadline(dev, timeout_ms);
		rc = dev->os->wait(dev->os_ctx, deadline);
		if (rc == -ETIMEDOUT && ept->dst != RPMSG_ADDR_ANY)
			rc = 0;
		if (rc)
			break;
	}
	rpmsg_bus_unlock(dev);
	return rc;
}

int rpmsg_set_timeout(struct rpmsg_endpoint *ept, uint32_t timeout_ms)
{
	if (!ept || !rpmsg_ept_is_bound(ept) || timeout_ms == RPMSG_TIMEOUT_DEFAULT)
		return -EINVAL;
	ept->timeout_ms = timeout_ms;
	return 0;
}

int rpmsg_bus_dispatch_locked(struct rpmsg_device *dev, uint32_t src,
			      uint32_t dst, void *data, size_t len)
{
	struct rpmsg_endpoint *ept;
	rpmsg_rx_cb_t cb;
	void *priv;
	bool held = false;

	ept = rpmsg_bus_find_ept(dev, dst);
	if (!ept) {
		dev->stats.dropped++;
		return -ENOENT;
	}
#if RPMSG_CFG_CONCURRENT || RPMSG_CFG_ZERO_COPY
	dev->cb_ept = ept;
	dev->cb_data = data;
	dev->cb_held = false;
#endif
#if RPMSG_CFG_CONCURRENT
	dev->cb_thread = dev->os->thread_id(dev->os_ctx);
#endif
	dev->stats.rx++;
	cb = ept->cb;
	priv = ept->priv;
	rpmsg_bus_unlock(dev);

	cb(ept, data, len, priv, src);

	/* @ept may be gone now (destroyed and freed by its own callback):
	 * only the device is touched from here on. */
	rpmsg_bus_lock(dev);
#if RPMSG_CFG_CONCURRENT || RPMSG_CFG_ZERO_COPY
	held = dev->cb_held;
	dev->cb_ept = NULL;
	dev->cb_data = NULL;
	dev->cb_held = false;
#endif
#if RPMSG_CFG_CONCURRENT
	/* Only a destroy waiting for this callback needs waking: no
	 * broadcast per message otherwise. */
	if (dev->cb_waiters)
		rpmsg_bus_wake(dev);
#endif
	return held ? 1 : 0;
}

int rpmsg_device_dispatch(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
			  void *data, size_t len)
{
	int rc;

	rpmsg_bus_lock(dev);
	rc = rpmsg_bus_dispatch_locked(dev, src, dst, data, len);
	rpmsg_bus_unlock(dev);
	return rc;
}

#if RPMSG_CFG_ZERO_COPY
/* Whether the callback recorded in @dev runs in the calling thread. In
 * one context (RPMSG_CFG_CONCURRENT 0) it can only be the caller's. Lock
 * held. */
static bool cb_runs_here(struct rpmsg_device *dev)
{
#if RPMSG_CFG_CONCURRENT
	return dev->cb_thread == dev->os->thread_id(dev->os_ctx);
#else
	(void)dev;
	return true;
#endif
}

int rpmsg_hold_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	struct rpmsg_device *dev;
	int rc = -EINVAL;

	if (!ept || !ept->dev || !data)
		return -EINVAL;
	dev = ept->dev;
	rpmsg_bus_lock(dev);
	/* Only from the callback of that very message. */
	if (dev->cb_ept == ept && dev->cb_data == data && cb_runs_here(dev)) {
		dev->cb_held = true;
		rc = 0;
	}
	rpmsg_bus_unlock(dev);
	return rc;
}

int rpmsg_release_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	if (!ept || !ept->dev || !data)
		return -EINVAL;
	return ept->dev->ops->release_rx_buffer(ept->dev, data);
}
#endif /* RPMSG_CFG_ZERO_COPY; else config_off.c */

int rpmsg_list_endpoints(struct rpmsg_device *dev,
			 struct rpmsg_ept_info *out, size_t max)
{
	const struct rpmsg_endpoint *e;
	int n = 0;

	if (!dev || !dev->os || (!out && max))
		return -EINVAL;
	rpmsg_bus_lock(dev);
	for (e = dev->epts; e; e = e->next, n++) {
		if ((size_t)n >= max)
			continue;
		memcpy(out[n].name, e->name, RPMSG_NAME_SIZE);
		out[n].addr = e->addr;
		out[n].dst = e->dst;
		out[n].is_channel_default = e->channel &&
					    e == &e->channel->ept;
	}
	rpmsg_bus_unlock(dev);
	return n;
}

const char *rpmsg_device_why(const struct rpmsg_device *dev)
{
	struct rpmsg_device *d = (struct rpmsg_device *)(uintptr_t)dev;
	const char *why;

	if (!dev)
		return NULL;
	/* A device whose init failed has no lock, and nobody else uses it. */
	if (!dev->os)
		return dev->why;
	rpmsg_bus_lock(d);
	why = dev->why;
	rpmsg_bus_unlock(d);
	return why;
}

int rpmsg_get_stats(struct rpmsg_device *dev, struct rpmsg_stats *out)
{
	if (!dev || !dev->os || !out)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	*out = dev->stats;
	rpmsg_bus_unlock(dev);
	return 0;
}
