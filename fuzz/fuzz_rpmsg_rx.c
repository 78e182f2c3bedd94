// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: inbound messages as a hostile remote writes them.
 *
 * A real host and remote are linked in one process. For every chunk of the
 * input, the remote side takes one of the host's rx buffers from the ring,
 * fills it with raw bytes (header included) and returns it with a length
 * of the input's choosing; the host then delivers it: header checks,
 * dispatch by address, the name service, channel creation and drivers.
 * Finally ordinary traffic must still flow. The link and the input's
 * format: tests/rx_feed.h (shared with the check of the generated seeds,
 * tests/test_seeds.c).
 */
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#include "rx_feed.h"

static int sink(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	volatile const uint8_t *p = data;
	size_t i;

	(void)ept;
	(void)priv;
	(void)src;
	for (i = 0; i < len; i++)
		(void)p[i];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_endpoint rept;
	struct rx_feed f;

	if (rx_feed_open(&f, sink, NULL))
		return 0;
	rx_feed_run(&f, data, size);
	/* The link still works. */
	rpmsg_create_ept(&rept, &f.remote->bus, "src", RPMSG_ADDR_ANY,
			 RX_FEED_EPT, sink, NULL);
	if (!rpmsg_trysend(&rept, "ping", 4))
		rpmsg_inproc_pump(f.link);
	rx_feed_close(&f);
	return 0;
}
