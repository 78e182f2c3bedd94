// SPDX-License-Identifier: BSD-3-Clause
/*
 * Entry points of features compiled out in rpmsg_config.h. They stay so
 * that code written for the full library links; each fails with -ENOTSUP.
 * In the default configuration this file is empty.
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
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int rpmsg_config_off_empty;
#endif
