// SPDX-License-Identifier: BSD-3-Clause
/* The send family: argument checks, then a transport buffer and a copy. */
#include <string.h>

#include "bus_internal.h"

static uint32_t resolve_timeout(const struct rpmsg_endpoint *ept,
				uint32_t timeout_ms)
{
	return timeout_ms == RPMSG_TIMEOUT_DEFAULT ? ept->timeout_ms
						   : timeout_ms;
}

static int check_ept(const struct rpmsg_endpoint *ept)
{
	return ept && rpmsg_ept_is_bound(ept) && ept->dev ? 0 : -EINVAL;
}

/*
 * A torn-down device sends nothing, whatever its transport would do. An
 * early answer only, without the lock: dead is written under the lock
 * with a single atomic store, and a transport that can send checks it
 * again under its lock (the virtio ones do), so a send racing the
 * teardown still fails there. Saves a lock round trip per message.
 */
static bool dev_dead(struct rpmsg_device *dev)
{
	return rpmsg_relaxed_load_bool(&dev->dead);
}

int rpmsg_set_tx_ready_cb(struct rpmsg_device *dev, rpmsg_tx_ready_cb_t cb,
			  void *priv)
{
	if (!dev || !dev->os)
		return -EINVAL;
	/* Cleared while armed: the transport disarms at its next look. */
	rpmsg_bus_lock(dev);
	dev->tx_ready_cb = cb;
	dev->tx_ready_priv = priv;
	rpmsg_bus_unlock(dev);
	return 0;
}

int rpmsg_get_mtu(struct rpmsg_endpoint *ept)
{
	if (check_ept(ept))
		return -EINVAL;
	return (int)ept->dev->ops->get_mtu(ept->dev);
}

int rpmsg_send_offchannel_timeout(struct rpmsg_endpoint *ept, uint32_t src,
				  uint32_t dst, const void *data, size_t len,
				  uint32_t timeout_ms)
{
	struct rpmsg_device *dev;
	uint32_t size;
	void *buf;
	int rc;

	if (check_ept(ept) || src == RPMSG_ADDR_ANY || dst == RPMSG_ADDR_ANY ||
	    (len && !data))
		return -EINVAL;
	dev = ept->dev;
	if (len > dev->ops->get_mtu(dev))
		return -EMSGSIZE;
	if (dev_dead(dev))
		return -EPIPE;
#if RPMSG_CFG_CONCURRENT
	/* One call, one lock section in the transport; in one context
	 * (no lock to save) the three calls below, for size. */
	if (dev->ops->send)
		return dev->ops->send(dev, src, dst, data, len,
				      resolve_timeout(ept, timeout_ms));
#endif
	rc = dev->ops->get_tx_buffer(dev, &buf, &size,
				     resolve_timeout(ept, timeout_ms));
	if (rc)
		return rc;
	if (len > size) {
		dev->ops->release_tx_buffer(dev, buf);
		return -EMSGSIZE;
	}
	if (len)
		memcpy(buf, data, len);
	return dev->ops->send_nocopy(dev, src, dst, buf, len);
}

/* The endpoint's destination, waiting up to @timeout_ms for the peer's
 * announcement to give it one (rpmsg_wait_bound()). Only a channel's
 * endpoint ever gets one that way: for another, a missing destination
 * is the caller's mistake. */
static int default_dst(struct rpmsg_endpoint *ept, uint32_t timeout_ms,
		       uint32_t *dst)
{
	int rc;

	*dst = rpmsg_ept_dst(ept);
	if (*dst != RPMSG_ADDR_ANY)
		return 0;
	if (!ept->channel)
		return -EINVAL;
	rc = rpmsg_wait_bound(ept, resolve_timeout(ept, timeout_ms));
	*dst = rpmsg_ept_dst(ept);
	return rc;
}

static int send_default(struct rpmsg_endpoint *ept, const void *data,
			size_t len, uint32_t timeout_ms)
{
	uint32_t dst;
	int rc;

	if (check_ept(ept))
		return -EINVAL;
	rc = default_dst(ept, timeout_ms, &dst);
	if (rc)
		return rc;
	return rpmsg_send_offchannel_timeout(ept, ept->addr, dst, data, len,
					     timeout_ms);
}

int rpmsg_send(struct rpmsg_endpoint *ept, const void *data, size_t len)
{
	return send_default(ept, data, len, RPMSG_TIMEOUT_DEFAULT);
}

int rpmsg_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		 uint32_t dst)
{
	if (check_ept(ept))
		return -EINVAL;
	return rpmsg_send_offchannel_timeout(ept, ept->addr, dst, data, len,
					     RPMSG_TIMEOUT_DEFAULT);
}

int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, uint32_t src,
			  uint32_t dst, const void *data, size_t len)
{
	return rpmsg_send_offchannel_timeout(ept, src, dst, data, len,
					     RPMSG_TIMEOUT_DEFAULT);
}

int rpmsg_trysend(struct rpmsg_endpoint *ept, const void *data, size_t len)
{
	return send_default(ept, data, len, 0);
}

int rpmsg_trysendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		    uint32_t dst)
{
	if (check_ept(ept))
		return -EINVAL;
	return rpmsg_send_offchannel_timeout(ept, ept->addr, dst, data, len, 0);
}

int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, uint32_t src,
			     uint32_t dst, const void *data, size_t len)
{
	return rpmsg_send_offchannel_timeout(ept, src, dst, data, len, 0);
}

#if RPMSG_CFG_ZERO_COPY
int rpmsg_get_tx_buffer(struct rpmsg_endpoint *ept, void **payload,
			uint32_t *size, uint32_t timeout_ms)
{
	if (check_ept(ept) || !payload || !size)
		return -EINVAL;
	if (dev_dead(ept->dev))
		return -EPIPE;
	return ept->dev->ops->get_tx_buffer(ept->dev, payload, size,
					    resolve_timeout(ept, timeout_ms));
}

int rpmsg_sendto_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len,
			uint32_t dst)
{
	if (check_ept(ept) || !payload)
		return -EINVAL;
	if (dst == RPMSG_ADDR_ANY)
		dst = rpmsg_ept_dst(ept);
	if (dst == RPMSG_ADDR_ANY)
		return ept->channel ? -ENOTCONN : -EINVAL;
	if (len > ept->dev->ops->get_mtu(ept->dev))
		return -EMSGSIZE;
	return ept->dev->ops->send_nocopy(ept->dev, ept->addr, dst, payload,
					  len);
}

int rpmsg_send_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len)
{
	return rpmsg_sendto_nocopy(ept, payload, len, RPMSG_ADDR_ANY);
}

int rpmsg_release_tx_buffer(struct rpmsg_endpoint *ept, void *payload)
{
	if (check_ept(ept) || !payload)
		return -EINVAL;
	return ept->dev->ops->release_tx_buffer(ept->dev, payload);
}
#endif /* RPMSG_CFG_ZERO_COPY; else config_off.c */
