// SPDX-License-Identifier: BSD-3-Clause
/*
 * Core 0 of the AN521: a librpmsg host driving the example remote on
 * core 1, both asleep in WFI between doorbell interrupts.
 *
 * 1. Zero .bss (QEMU placed code and .data), load core 1's ELF image
 *    (bytes in this one) through rpmsg_elf.h as remoteproc would, parse
 *    its resource table, start the host (status, features, the buffer
 *    pool in the internal SRAM), then release core 1 (INITSVTOR1 = its
 *    vector table, CPUWAIT).
 * 2. Wait for the announcement of "rpmsg-client-sample".
 * 3. AN521_ECHOES echoes, sizes 1..496 in turn, every byte checked; one
 *    message in flight, so each echo needs its own doorbell on each side.
 * 4. Destroy the channel, create it again, and echo AN521_AFTER_RECREATE
 *    more over the new one.
 * 5. Check the interrupt counts, print them, exit through semihosting.
 *
 * No ring is ever polled: messages arrive only in the MHU interrupt
 * handler. A doorbell that goes missing therefore stops the exchange; the
 * wait gives up after AN521_STALL_MS of SysTick time without the awaited
 * event and fails the run ("doorbell lost"), so a lost interrupt is a
 * failure and never a hang.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_elf.h>
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
#define AN521_STALL_MS 3000u
#define AN521_MAX_PAYLOAD 496u /* FW_BUF_SIZE less the 16-byte header */
#define NUM_BUFS (2u * FW_VRING_NUM)
#define POOL_OFFSET 0x1000u
#define CPU_HZ 25000000u /* SysTick's clock on QEMU's AN521 */

_Static_assert(FW_SHM_DA == AN521_SHM_DA, "rings in the internal SRAM");
_Static_assert(POOL_OFFSET + NUM_BUFS * FW_BUF_SIZE <= FW_SHM_SIZE,
	       "buffer pool inside the carveout");

extern uint32_t __bss_start, __bss_end, __stack0_top;
extern const uint8_t an521_core1_image[], an521_core1_image_end[];

/* Core 1's resource table where its image loaded it (the live one, which
 * core 1 reads), and the host's checked copy. */
static struct fw_resource_table *core1_rsc;
static struct fw_resource_table rsc_copy;

static struct rpmsg_virtio_device host;
static struct rpmsg_vq_slot host_slots[2][FW_VRING_NUM];
static uint8_t buf_state[NUM_BUFS];
static struct rpmsg_mem shm;
static struct rpmsg_noos_irq os_ctx;

static volatile uint32_t ms_ticks;
static volatile uint32_t core0_irqs, core0_rings;

/* Set in interrupt context, read by the main loop. */
static struct rpmsg_channel *volatile channel;
static volatile uint32_t echoes, bad_echoes;
static uint8_t expect[AN521_MAX_PAYLOAD];
static volatile size_t expect_len;

static void fail(const char *why)
{
	an521_puts("an521: FAIL: ");
	an521_puts(why);
	an521_puts("\n");
	an521_put_u32("an521: echoes", echoes);
	an521_put_u32("an521: core 0 interrupts", core0_irqs);
	an521_put_u32("an521: core 1 rings", AN521_CORE1_COUNTS->rings);
	an521_exit(0);
}

/* --- link: status and features in core 1's resource table --------------- */

/* The doorbell of core 1: bit vq of MHU0's CPU1INTR. */
static void notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	core0_rings = core0_rings + 1u;
	__asm__ volatile("dsb" ::: "memory");
	AN521_MHU_CPU1INTR_SET = 1u << vq;
}

static const struct rpmsg_virtio_link_ops link_ops =
	FW_RSC_HOST_LINK_OPS(notify);

static uint64_t now_ns(void *arg)
{
	(void)arg;
	return (uint64_t)ms_ticks * 1000000u;
}

/* --- interrupts ------------------------------------------------------------ */

static void host_systick(void)
{
	ms_ticks = ms_ticks + 1u;
}

/* Core 1 rang: clear the MHU bits first (a ring during the handler sets
 * them again and re-raises the interrupt), then look at both rings. */
static void host_mhu_irq(void)
{
	uint32_t stat = AN521_MHU_CPU0INTR_STAT;

	AN521_MHU_CPU0INTR_CLR = stat;
	core0_irqs = core0_irqs + 1u;
	rpmsg_virtio_config_changed(&host);
	if (rpmsg_virtio_notified(&host, 0) < 0 ||
	    rpmsg_virtio_notified(&host, 1) < 0)
		fail("core 1 broke a ring");
}

static void host_fault(void)
{
	fail("core 0 fault");
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

/* Sleep (WFI) until *word reaches @want; a stall of AN521_STALL_MS without
 * it is a lost doorbell. */
static void wait_for(volatile uint32_t *word, uint32_t want, const char *what)
{
	uint32_t start = ms_ticks;

	while (*word < want) {
		if (ms_ticks - start > AN521_STALL_MS)
			fail(what);
		__asm__ volatile("cpsid i" ::: "memory");
		if (*word < want)
			__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("cpsie i" ::: "memory");
	}
}

static void wait_channel(int present)
{
	uint32_t start = ms_ticks;

	while ((channel != NULL) != present) {
		if (ms_ticks - start > AN521_STALL_MS)
			fail(present ? "no announcement (doorbell lost)"
				     : "channel still there");
		__asm__ volatile("cpsid i" ::: "memory");
		if ((channel != NULL) != present)
			__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("cpsie i" ::: "memory");
	}
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
		wait_for(&echoes, before + 1u, "echo missing (doorbell lost)");
	}
	if (bad_echoes)
		fail("an echo differed from its message");
}

/* The loader writes only into core 1's memories and the carveout. */
static int inside(uint64_t da, size_t len, uint32_t base, uint32_t size)
{
	return da >= base && len <= size && da - base <= size - len;
}

static void *core1_map(void *ctx, uint64_t da, size_t len)
{
	(void)ctx;
	if (inside(da, len, AN521_CORE1_CODE, AN521_CORE1_CODE_SIZE) ||
	    inside(da, len, AN521_CORE1_RAM, AN521_CORE1_RAM_SIZE) ||
	    inside(da, len, FW_SHM_DA, FW_SHM_SIZE))
		return (void *)(uintptr_t)da;
	return NULL;
}

static const struct rpmsg_elf_ops core1_ops = { .map = core1_map };

static void elf_fail(const char *step, const struct rpmsg_elf *elf)
{
	an521_puts("an521: core 1 image: ");
	an521_puts(step);
	an521_puts(": ");
	an521_puts(rpmsg_elf_problem_str(elf->problem));
	an521_puts("\n");
	fail("core 1 image refused");
}

/*
 * Load core 1 the way remoteproc would: check the ELF image, find and
 * check its resource table, copy the PT_LOAD segments to their physical
 * addresses (bss zero-filled), write the host's copy of the table back to
 * where the image loads it. The vrings stay where the firmware asked.
 */
static void load_core1(struct rpmsg_elf *elf)
{
	struct rpmsg_elf_rsc rsc;
	const uint32_t *vectors = (const uint32_t *)AN521_CORE1_CODE;

	if (rpmsg_elf_open(elf, an521_core1_image,
			   (size_t)(an521_core1_image_end - an521_core1_image)))
		elf_fail("open", elf);
	if (rpmsg_elf_find_rsc(elf, &rsc) < 0)
		elf_fail("resource table", elf);
	if (rsc.size != sizeof(rsc_copy))
		fail("core 1's resource table is not the example's");
	memcpy(&rsc_copy, rsc.table, sizeof(rsc_copy));
	if (rpmsg_elf_load(elf, &core1_ops, NULL))
		elf_fail("load", elf);
	if (rpmsg_elf_write_rsc(elf, &rsc, &core1_ops, NULL, &rsc_copy,
				sizeof(rsc_copy)))
		elf_fail("write the table back", elf);
	core1_rsc = core1_map(NULL, rsc.da, sizeof(*core1_rsc));
	/* Core 1 starts through its vector table, whose reset entry must be
	 * the image's entry point (Thumb bit set). */
	if (vectors[1] != (uint32_t)(elf->entry | 1u))
		fail("core 1's vector table does not start at its entry");
	an521_put_u32("an521: core 1 image loaded, segments", elf->phnum);
}

static void release_core1(void)
{
	AN521_CORE1_COUNTS->rings = 0;
	AN521_CORE1_COUNTS->irqs = 0;
	AN521_INITSVTOR1 = AN521_CORE1_CODE;
	__asm__ volatile("dsb" ::: "memory");
	AN521_CPUWAIT = AN521_CPUWAIT & ~2u;
}

static int host_main(void)
{
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_virtio_config cfg;
	struct rpmsg_channel *ch;
	struct rpmsg_elf elf;
	uint32_t total;
	int rc;

	AN521_SYST_RVR = CPU_HZ / 1000u - 1u;
	AN521_SYST_CVR = 0;
	AN521_SYST_CSR = 7u;

	an521_puts("an521: core 0 up, host\n");
	load_core1(&elf);
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

	release_core1();
	wait_channel(1);
	an521_put_u32("an521: core 1 announced rpmsg-client-sample at",
		      channel->ept.dst);

	echo_run(AN521_ECHOES, 0);
	an521_put_u32("an521: echoes checked", echoes);

	/* Destroy the channel, then create it again towards the same
	 * remote address: its driver binds it, the echoes resume. */
	if (rpmsg_destroy_channel(channel))
		fail("destroy channel");
	wait_channel(0);
	if (rpmsg_create_channel(&host.bus, "rpmsg-client-sample",
				 RPMSG_ADDR_ANY, 0x400, &ch))
		fail("create channel");
	wait_channel(1);
	if (channel != ch)
		fail("the re-created channel is not the one probed");
	echo_run(AN521_AFTER_RECREATE, 5);
	an521_put_u32("an521: echoes after re-create", AN521_AFTER_RECREATE);

	/* Nothing is polled, so every echo came through doorbell
	 * interrupts; a doorbell that rings while the previous one is still
	 * pending merges with it (the MHU bit is a level), so a core takes at
	 * most as many interrupts as its peer rang, and at least one. */
	total = AN521_ECHOES + AN521_AFTER_RECREATE;
	an521_put_u32("an521: core 0 rang", core0_rings);
	an521_put_u32("an521: core 1 took interrupts", AN521_CORE1_COUNTS->irqs);
	an521_put_u32("an521: core 1 rang", AN521_CORE1_COUNTS->rings);
	an521_put_u32("an521: core 0 took interrupts", core0_irqs);
	an521_put_u32("an521: SysTick ms", ms_ticks);
	if (echoes != total)
		fail("echo count");
	if (!core0_irqs || core0_irqs > AN521_CORE1_COUNTS->rings ||
	    !AN521_CORE1_COUNTS->irqs || AN521_CORE1_COUNTS->irqs > core0_rings)
		fail("interrupts taken do not match the doorbells rung");
	an521_puts("an521: PASS\n");
	an521_exit(1);
}

static void host_reset(void)
{
	memset(&__bss_start, 0,
	       (size_t)((char *)&__bss_end - (char *)&__bss_start));
	host_main();
}

/* 16 system vectors, then external interrupts 0..7 (MHU0 is 6). */
__attribute__((section(".vectors0"), used))
void (*const an521_core0_vectors[16 + 8])(void) = {
	(void (*)(void))&__stack0_top,
	host_reset,
	host_fault, /* NMI */
	host_fault, /* HardFault */
	host_fault, /* MemManage */
	host_fault, /* BusFault */
	host_fault, /* UsageFault */
	host_fault, /* SecureFault */
	0, 0, 0,
	host_fault, /* SVCall */
	host_fault, /* DebugMonitor */
	0,
	host_fault, /* PendSV */
	host_systick,
	host_fault, host_fault, host_fault, host_fault,
	host_fault, host_fault,
	host_mhu_irq, /* 6: MHU0 */
	host_fault,
};
