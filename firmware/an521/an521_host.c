// SPDX-License-Identifier: BSD-3-Clause
/*
 * Core 0 of the AN521: a librpmsg host driving the example remote on
 * core 1, both asleep in WFI between doorbell interrupts (the board part,
 * loading core 1 included, is an521_core0.c).
 *
 * 1. Load core 1's ELF image as remoteproc would, parse its resource
 *    table, start the host (status, features, the buffer pool in the
 *    internal SRAM), then release core 1.
 * 2. Wait for the announcement of "rpmsg-client-sample".
 * 3. AN521_ECHOES echoes, sizes 1..496 in turn, every byte checked; one
 *    message in flight, so each echo needs its own doorbell on each side.
 * 4. Destroy the channel, create it again, and echo AN521_AFTER_RECREATE
 *    more over the new one.
 * 5. Check the interrupt counts, print them, exit through semihosting.
 *
 * Messages arrive only in the MHU interrupt handler; a missing doorbell
 * stops the exchange and fails the run after AN521_STALL_MS.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_port_noos_irq.h>
#include <rpmsg/rpmsg_virtio.h>

#include "an521.h"
#include "fw_host.h"
#include "irq_port.h"
#include "rsc_link.h"
#include "rsc_table.h"

#ifndef AN521_ECHOES
#define AN521_ECHOES 10000u
#endif
#define AN521_AFTER_RECREATE 100u
#define AN521_MAX_PAYLOAD 496u /* FW_BUF_SIZE less the 16-byte header */

_Static_assert(FW_SHM_DA == AN521_SHM_DA, "rings in the internal SRAM");
_Static_assert(FW_TRACE_DA + FW_TRACE_SIZE <=
		       (uint32_t)(uintptr_t)AN521_CORE1_COUNTS,
	       "core 1's counters after its trace buffer");

/* Core 1's resource table where its image loaded it (the live one, which
 * core 1 reads), and the host's checked copy. */
static struct fw_resource_table *core1_rsc;
static struct fw_resource_table rsc_copy;

static struct fw_host host;
static struct rpmsg_noos_irq os_ctx;

/* Set in interrupt context, read by the main loop. */
static struct rpmsg_channel *volatile channel;
static volatile uint32_t echoes, bad_echoes;
static uint8_t expect[AN521_MAX_PAYLOAD];
static volatile size_t expect_len;

static void fail(const char *why)
{
	an521_put_u32("an521: echoes", echoes);
	an521_fail(why);
}

/* --- link: status and features in core 1's resource table --------------- */

static void notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	an521_ring_core1(vq);
}

static const struct rpmsg_virtio_link_ops link_ops =
	FW_RSC_HOST_LINK_OPS(notify);

static uint64_t now_ns(void *arg)
{
	(void)arg;
	return (uint64_t)an521_ms * 1000000u;
}

/* Core 1 rang (an521_core0.c cleared the bits): look at both rings. */
void an521_core0_doorbell(uint32_t bits)
{
	(void)bits;
	rpmsg_virtio_config_changed(&host.dev);
	if (rpmsg_virtio_notified(&host.dev, 0) < 0 ||
	    rpmsg_virtio_notified(&host.dev, 1) < 0)
		fail("core 1 broke a ring");
}

/* --- the echo driver ------------------------------------------------------- */

static int on_probe(struct rpmsg_channel *ch)
{
	channel = ch;
	return 0;
}

static void on_remove(struct rpmsg_channel *ch)
{
	if (channel == ch)
		channel = NULL;
}

static int on_echo(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	(void)src;
	if (len != expect_len || memcmp(data, expect, len))
		bad_echoes = bad_echoes + 1u;
	echoes = echoes + 1u;
	return 0;
}

static const struct rpmsg_driver echo_drv = {
	.name = "an521-echo",
	.id_table = fw_host_ids,
	.probe = on_probe,
	.remove = on_remove,
	.callback = on_echo,
};

/* --- main loop --------------------------------------------------------------- */

static int channel_present(const void *arg)
{
	(void)arg;
	return channel != NULL;
}

static int channel_gone(const void *arg)
{
	(void)arg;
	return channel == NULL;
}

/* @n echoes over the current channel, message i of size 1 + i % 496. */
static void echo_run(uint32_t n, uint32_t seed)
{
	uint32_t i;
	size_t j, len;
	int rc;

	for (i = 0; i < n; i++) {
		uint32_t before = echoes;

		len = 1u + (i + seed) % AN521_MAX_PAYLOAD;
		for (j = 0; j < len; j++)
			expect[j] = (uint8_t)(i * 31u + j * 7u + seed);
		expect_len = len;
		rc = rpmsg_send(&channel->ept, expect, len);
		if (rc)
			fail("send");
		an521_wait_count(&echoes, before + 1u,
				 "echo missing (doorbell lost)");
	}
	if (bad_echoes)
		fail("an echo differed from its message");
}

/* Core 1's log, where its table says (what remoteproc shows as trace0):
 * printed, and it must say that the firmware came up and announced. */
static void check_trace(void)
{
	const volatile char *log;
	uint32_t size, i;
	char line[2] = { 0, 0 };

	log = fw_host_trace(&rsc_copy, sizeof(rsc_copy), &size);
	if (!log)
		fail("core 1's table has no trace buffer");
	an521_puts("an521: core 1's trace buffer:\n");
	for (i = 0; i < size && log[i]; i++) {
		line[0] = log[i];
		an521_puts(line);
	}
	if (!fw_host_trace_has(log, size, "fw: up") ||
	    !fw_host_trace_has(log, size, FW_SERVICE " announced"))
		fail("core 1's log is not in its trace buffer");
}

void an521_core0_main(void)
{
	struct rpmsg_channel *ch;
	int rc;

	an521_puts("an521: core 0 up, host\n");
	core1_rsc = an521_load_core1(&rsc_copy, sizeof(rsc_copy));
	fw_irq_port_init(&os_ctx, now_ns); /* MHU0 interrupt of core 0 */
	rc = fw_host_init(&host, &rsc_copy, sizeof(rsc_copy), &link_ops,
			  core1_rsc, &rpmsg_noos_irq_ops, &os_ctx);
	if (!rc)
		rc = rpmsg_register_driver(&host.dev.bus, &echo_drv);
	if (!rc)
		rc = rpmsg_virtio_start(&host.dev, 0);
	if (rc)
		fail("host start");

	an521_release_core1();
	an521_wait(channel_present, NULL, "no announcement (doorbell lost)");
	an521_put_u32("an521: core 1 announced " FW_SERVICE " at",
		      channel->ept.dst);

	echo_run(AN521_ECHOES, 0);
	an521_put_u32("an521: echoes checked", echoes);

	/* Destroy the channel, then create it again towards the same
	 * remote address: its driver binds it, the echoes resume. */
	if (rpmsg_destroy_channel(channel))
		fail("destroy channel");
	an521_wait(channel_gone, NULL, "channel still there");
	if (rpmsg_create_channel(&host.dev.bus, FW_SERVICE, RPMSG_ADDR_ANY,
				 0x400, &ch))
		fail("create channel");
	an521_wait(channel_present, NULL, "no channel after re-create");
	if (channel != ch)
		fail("the re-created channel is not the one probed");
	echo_run(AN521_AFTER_RECREATE, 5);
	an521_put_u32("an521: echoes after re-create", AN521_AFTER_RECREATE);

	/* Nothing is polled, so every echo came through doorbell
	 * interrupts. */
	an521_check_doorbells();
	if (echoes != AN521_ECHOES + AN521_AFTER_RECREATE)
		fail("echo count");
	check_trace();
	an521_puts("an521: PASS\n");
	an521_exit(1);
}
