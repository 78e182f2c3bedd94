// SPDX-License-Identifier: BSD-3-Clause
/*
 * The name service, what we tell the peer: a CREATE or DESTROY message
 * (ns_wire.h) for one of our addresses, sent by the channels as they come
 * and go and by rpmsg_ns_announce(). Below both the channels and the
 * receiving half (bus_ns.c), so neither calls back into the other.
 */
#include <string.h>

#include "bus_internal.h"
#include <rpmsg/rpmsg_byteorder.h>
#include "ns_wire.h"

#if RPMSG_CFG_NS
int rpmsg_bus_ns_send(struct rpmsg_device *dev, const char *name,
		      uint32_t addr, uint32_t flags)
{
	uint8_t msg[NS_MSG_SIZE];
	uint32_t v;

	rpmsg_bus_copy_name((char *)msg + NS_NAME_OFF, name);
	v = rpmsg_dev32(dev->little_endian, addr);
	memcpy(msg + NS_ADDR_OFF, &v, sizeof(v));
	v = rpmsg_dev32(dev->little_endian, flags);
	memcpy(msg + NS_FLAGS_OFF, &v, sizeof(v));
	return rpmsg_send_offchannel_timeout(&dev->ns_ept, addr, RPMSG_NS_ADDR,
					     msg, sizeof(msg),
					     RPMSG_TIMEOUT_DEFAULT);
}

int rpmsg_ns_announce(struct rpmsg_device *dev, const char *name,
		      uint32_t addr, uint32_t flags)
{
	if (!dev || !dev->os || !rpmsg_bus_name_ok(name) ||
	    addr == RPMSG_ADDR_ANY || flags > RPMSG_NS_DESTROY)
		return -EINVAL;
	/* Bound from start, with the name service negotiated, until
	 * teardown; a teardown racing this fails the send instead. */
	if (!rpmsg_ept_is_bound(&dev->ns_ept))
		return -ENOTCONN;
	return rpmsg_bus_ns_send(dev, name, addr, flags);
}

#endif /* RPMSG_CFG_NS */
