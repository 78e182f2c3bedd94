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
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_port_noos_irq.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#include "an521.h"
#include "irq_port.h"
#include "rsc_link.h"
#include "rsc_table.h"

#ifndef AN521_ECHOES
#define AN521_ECHOES 10000u
#endif
#define AN521_AFTER_RECREATE 100u
#define AN521_MAX_PAYLOAD 496u /* FW_BUF_SIZE less the 16-byte header */
#define NUM_BUFS (2u * FW_VRING_NUM)
#define POOL_OFFSET 0x1000u

_Static_assert(FW_SHM_DA == AN521_SHM_DA, "rings in the internal SRAM");
_Static_assert(POOL_OFFSET + NUM_BUFS * FW_BUF_SIZE <= FW_SHM_SIZE,
	       "buffer pool inside the carveout");

/* Core 1's resource table where its image loaded it (the live one, which
 * core 1 reads), and the host's checked copy. */
static struct fw_resource_table *core1_rsc;
static struct fw_resource_table rsc_copy;

static struct rpmsg_virtio_device host;
static struct rpmsg_vq_slot host_slots[2][FW_VRING_NUM];
static uint8_t buf_state[NUM_BUFS];
static struct rpmsg_mem shm;
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
	rpmsg_virtio_config_changed(&host);
	if (rpmsg_virtio_notified(&host, 0) < 0 ||
	    rpmsg_virtio_notified(&host, 1) < 0)
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

static const struct rpmsg_device_id ids[] = {
	{ "rpmsg-client-sample" },
	{ "" },
};

static const struct rpmsg_driver echo_drv = {
	.name = "an521-echo",
	.id_table = ids,
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

void an521_core0_main(void)
{
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_virtio_config cfg;
	struct rpmsg_channel *ch;
	int rc;

	an521_puts("an521: core 0 up, host\n");
	core1_rsc = an521_load_core1(&rsc_copy, sizeof(rsc_copy));
	rc = rpmsg_shm_parse_rsc_table(&rsc_copy, sizeof(rsc_copy),
				       (uint64_t)FW_SHM_DA + FW_SHM_SIZE,
				       &info);
	if (rc)
		fail("resource table");
	if (rpmsg_mem_init_linear(&shm, (void *)FW_SHM_DA, FW_SHM_DA,
				  FW_SHM_SIZE))
		fail("carveout");

	memset(&cfg, 0, sizeof(cfg));
	cfg.role = RPMSG_VIRTIO_HOST;
	cfg.link = &link_ops;
	cfg.link_ctx = core1_rsc;
	cfg.os = &rpmsg_noos_irq_ops;
	cfg.os_ctx = &os_ctx;
	cfg.mem = &shm;
	cfg.vring[0] = (void *)(uintptr_t)info.vring_da[0];
	cfg.vring[1] = (void *)(uintptr_t)info.vring_da[1];
	cfg.vring_num = info.vring_num;
	cfg.vring_align = info.vring_align;
	cfg.slots[0] = host_slots[0];
	cfg.slots[1] = host_slots[1];
	cfg.buffers = (uint8_t *)FW_SHM_DA + POOL_OFFSET;
	cfg.num_bufs = NUM_BUFS;
	cfg.buf_size = FW_BUF_SIZE;
	cfg.buf_state = buf_state;
	cfg.features = info.dfeatures;

	fw_irq_port_init(&os_ctx, now_ns); /* MHU0 interrupt of core 0 */
	rc = rpmsg_virtio_init(&host, &cfg);
	if (!rc)
		rc = rpmsg_register_driver(&host.bus, &echo_drv);
	if (!rc)
		rc = rpmsg_virtio_start(&host, 0);
	if (rc)
		fail("host start");

	an521_release_core1();
	an521_wait(channel_present, NULL, "no announcement (doorbell lost)");
	an521_put_u32("an521: core 1 announced rpmsg-client-sample at",
		      channel->ept.dst);

	echo_run(AN521_ECHOES, 0);
	an521_put_u32("an521: echoes checked", echoes);

	/* Destroy the channel, then create it again towards the same
	 * remote address: its driver binds it, the echoes resume. */
	if (rpmsg_destroy_channel(channel))
		fail("destroy channel");
	an521_wait(channel_gone, NULL, "channel still there");
	if (rpmsg_create_channel(&host.bus, "rpmsg-client-sample",
				 RPMSG_ADDR_ANY, 0x400, &ch))
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
	an521_puts("an521: PASS\n");
	an521_exit(1);
}
