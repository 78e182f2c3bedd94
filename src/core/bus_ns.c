// SPDX-License-Identifier: BSD-3-Clause
/*
 * The name service at address 53, what the peer tells us: a 40-byte
 * message (ns_wire.h) creates (flags & 1 == 0) or destroys (flags & 1) a
 * channel, or, with RPMSG_CFG_CHANNELS 0, goes to the callback of
 * rpmsg_ns_set_cb() (with channels, that callback gets what no driver
 * serves). What we tell the peer is in bus_ns_announce.c, which the
 * channels below this file call.
 */
#include <string.h>

#include "bus_internal.h"
#include <rpmsg/rpmsg_byteorder.h>
#include "ns_wire.h"
#include "diag.h"


#if RPMSG_CFG_NS
static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A malformed announcement: counted, its reason kept, otherwise ignored. */
static int ns_bad(struct rpmsg_device *dev, const char *why)
{
	rpmsg_bus_lock(dev);
	dev->stats.bad++;
	RPMSG_WHY(dev->why, why);
	rpmsg_bus_unlock(dev);
	return 0;
}

int rpmsg_ns_rx(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	struct rpmsg_device *dev = ept->dev;
	uint8_t msg[NS_MSG_SIZE];
	char name[RPMSG_NAME_SIZE];
	uint32_t addr, flags;
#if !RPMSG_CFG_CHANNELS
	rpmsg_ns_cb_t cb;
#endif

	(void)priv;
	(void)src;
	/* check: NS-SIZE */
	if (len != NS_MSG_SIZE)
		return ns_bad(dev, "a name-service message that is not 40 bytes");
	/* One copy out of the peer's buffer, then only the copy is read:
	 * the peer may rewrite its memory between two reads. */
	memcpy(msg, data, NS_MSG_SIZE);
	/* check: NS-NAME */
	if (!msg[NS_NAME_OFF])
		return ns_bad(dev, "a name-service message without a name");
	/* The name may fill all 32 bytes without a NUL: truncate to 31. */
	memcpy(name, msg + NS_NAME_OFF, RPMSG_NAME_SIZE);
	/* check: NS-NUL */
	name[RPMSG_NAME_SIZE - 1] = '\0';
	addr = rpmsg_dev32(dev->little_endian, get32(msg + NS_ADDR_OFF));
	flags = rpmsg_dev32(dev->little_endian, get32(msg + NS_FLAGS_OFF));
	/* RPMSG_ADDR_ANY is not an address: it would match every channel
	 * of the name. */
	/* check: NS-ADDR-ANY */
	if (addr == RPMSG_ADDR_ANY)
		return ns_bad(dev, "a name-service message for address ANY");

#if RPMSG_CFG_CHANNELS
	if (flags & RPMSG_NS_DESTROY)
		rpmsg_bus_ns_destroy(dev, name, addr);
	else
		rpmsg_bus_ns_create(dev, name, addr);
#else
	rpmsg_bus_lock(dev);
	cb = dev->ns_cb;
	priv = dev->ns_priv;
	rpmsg_bus_unlock(dev);
	if (cb)
		cb(dev, name, addr, flags & RPMSG_NS_DESTROY, priv);
#endif
	return 0;
}

int rpmsg_ns_set_cb(struct rpmsg_device *dev, rpmsg_ns_cb_t cb, void *priv)
{
	if (!dev || !dev->os)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	dev->ns_cb = cb;
	dev->ns_priv = priv;
	rpmsg_bus_unlock(dev);
	return 0;
}
#endif /* RPMSG_CFG_NS */

int rpmsg_device_ready(struct rpmsg_device *dev, bool ns, bool little_endian)
{
	int rc = 0;

	if (!dev || !dev->os)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	dev->little_endian = little_endian;
	dev->ns_enabled = RPMSG_CFG_NS && ns;
	rpmsg_relaxed_store_bool(&dev->dead, false);
#if RPMSG_CFG_NS
	if (ns && !rpmsg_ept_is_bound(&dev->ns_ept))
		rc = rpmsg_bus_bind_ept(dev, &dev->ns_ept, "name-service",
					RPMSG_NS_ADDR, RPMSG_ADDR_ANY,
					rpmsg_ns_rx, NULL);
#endif
	rpmsg_bus_unlock(dev);
	if (rc)
		return rc;
	rpmsg_bus_announce_all(dev);
	return 0;
}
