// SPDX-License-Identifier: BSD-3-Clause
/*
 * Entry points of features compiled out in rpmsg_config.h. They stay so
 * that code written for the full library links; each fails with -ENOTSUP.
 * In the default configuration only rpmsg_ns_set_cb() is here.
 */
#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>

#if !RPMSG_CFG_ZERO_COPY
int rpmsg_get_tx_buffer(struct rpmsg_endpoint *ept, void **payload,
			uint32_t *size, uint32_t timeout_ms)
{
	(void)ept;
	(void)payload;
	(void)size;
	(void)timeout_ms;
	return -ENOTSUP;
}

int rpmsg_sendto_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len,
			uint32_t dst)
{
	(void)ept;
	(void)payload;
	(void)len;
	(void)dst;
	return -ENOTSUP;
}

int rpmsg_send_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len)
{
	(void)ept;
	(void)payload;
	(void)len;
	return -ENOTSUP;
}

int rpmsg_release_tx_buffer(struct rpmsg_endpoint *ept, void *payload)
{
	(void)ept;
	(void)payload;
	return -ENOTSUP;
}

int rpmsg_hold_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	(void)ept;
	(void)data;
	return -ENOTSUP;
}

int rpmsg_release_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	(void)ept;
	(void)data;
	return -ENOTSUP;
}

int rpmsg_create_ept_queued(struct rpmsg_endpoint *ept,
			    struct rpmsg_device *dev, const char *name,
			    uint32_t src, uint32_t dst, struct rpmsg_rx_queue *q,
			    struct rpmsg_rx_msg *msgs, size_t n)
{
	(void)ept;
	(void)dev;
	(void)name;
	(void)src;
	(void)dst;
	(void)q;
	(void)msgs;
	(void)n;
	return -ENOTSUP;
}

int rpmsg_recv(struct rpmsg_endpoint *ept, struct rpmsg_rx_msg *msg,
	       uint32_t timeout_ms)
{
	(void)ept;
	(void)msg;
	(void)timeout_ms;
	return -ENOTSUP;
}

int rpmsg_recv_flush(struct rpmsg_endpoint *ept)
{
	(void)ept;
	return -ENOTSUP;
}
#endif /* !RPMSG_CFG_ZERO_COPY */

#if !RPMSG_CFG_NS
int rpmsg_ns_announce(struct rpmsg_device *dev, const char *name,
		      uint32_t addr, uint32_t flags)
{
	(void)dev;
	(void)name;
	(void)addr;
	(void)flags;
	return -ENOTSUP;
}
#endif

/* No name service, no announcements (bus_ns.c). */
#if !RPMSG_CFG_NS
int rpmsg_ns_set_cb(struct rpmsg_device *dev, rpmsg_ns_cb_t cb, void *priv)
{
	(void)dev;
	(void)cb;
	(void)priv;
	return -ENOTSUP;
}
#endif

#if !RPMSG_CFG_CHANNELS
int rpmsg_register_driver(struct rpmsg_device *dev,
			  const struct rpmsg_driver *drv)
{
	(void)dev;
	(void)drv;
	return -ENOTSUP;
}

int rpmsg_unregister_driver(struct rpmsg_device *dev,
			    const struct rpmsg_driver *drv)
{
	(void)dev;
	(void)drv;
	return -ENOTSUP;
}

int rpmsg_create_channel(struct rpmsg_device *dev, const char *name,
			 uint32_t src, uint32_t dst,
			 struct rpmsg_channel **out)
{
	(void)dev;
	(void)name;
	(void)src;
	(void)dst;
	(void)out;
	return -ENOTSUP;
}

int rpmsg_destroy_channel(struct rpmsg_channel *ch)
{
	(void)ch;
	return -ENOTSUP;
}

struct rpmsg_channel *rpmsg_find_channel(struct rpmsg_device *dev,
					 const char *name, uint32_t dst)
{
	(void)dev;
	(void)name;
	(void)dst;
	return NULL;
}

int rpmsg_list_channels(struct rpmsg_device *dev,
			struct rpmsg_channel_info *out, size_t max)
{
	(void)dev;
	(void)out;
	(void)max;
	return -ENOTSUP;
}
#endif /* !RPMSG_CFG_CHANNELS */
