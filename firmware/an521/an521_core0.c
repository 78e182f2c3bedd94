// SPDX-License-Identifier: BSD-3-Clause
/*
 * Core 0 of the AN521, the board part shared by its two programs (the
 * librpmsg host, an521_host.c, and the RPMsg-Lite-like master,
 * an521_lite.c): vector table and reset, SysTick, the MHU doorbell in
 * both directions, a WFI wait with a stall limit, and loading and
 * releasing core 1 the way remoteproc would.
 *
 * No ring is ever polled: each program acts in its doorbell handler
 * (an521_core0_doorbell) and its main sleeps in an521_wait() between
 * interrupts. A doorbell that goes missing therefore stops the exchange,
 * and the wait fails the run after AN521_STALL_MS ("doorbell lost"), so a
 * lost interrupt is a failure and never a hang.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg_elf.h>

#include "an521.h"

#define CPU_HZ 25000000u /* SysTick's clock on QEMU's AN521 */

extern uint32_t __bss_start, __bss_end, __stack0_top;
extern const uint8_t an521_core1_image[], an521_core1_image_end[];

volatile uint32_t an521_ms;
volatile uint32_t an521_core0_rings, an521_core0_irqs;

void an521_fail(const char *why)
{
	an521_puts("an521: FAIL: ");
	an521_puts(why);
	an521_puts("\n");
	an521_put_u32("an521: core 0 rang", an521_core0_rings);
	an521_put_u32("an521: core 0 interrupts", an521_core0_irqs);
	an521_put_u32("an521: core 1 rang", AN521_CORE1_COUNTS->rings);
	an521_exit(0);
}

void an521_ring_core1(unsigned int vq)
{
	an521_core0_rings = an521_core0_rings + 1u;
	/* The ring writes are visible to core 1 before the interrupt. */
	__asm__ volatile("dsb" ::: "memory");
	AN521_MHU_CPU1INTR_SET = 1u << vq;
}

void an521_wait(int (*done)(const void *arg), const void *arg,
		const char *what)
{
	uint32_t start = an521_ms;

	while (!done(arg)) {
		if (an521_ms - start > AN521_STALL_MS)
			an521_fail(what);
		/* With PRIMASK set a pending interrupt still ends WFI; it
		 * is taken at "cpsie i". */
		__asm__ volatile("cpsid i" ::: "memory");
		if (!done(arg))
			__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("cpsie i" ::: "memory");
	}
}

struct count_goal {
	const volatile uint32_t *word;
	uint32_t want;
};

static int count_reached(const void *arg)
{
	const struct count_goal *g = arg;

	return *g->word >= g->want;
}

void an521_wait_count(const volatile uint32_t *word, uint32_t want,
		      const char *what)
{
	const struct count_goal g = { word, want };

	an521_wait(count_reached, &g, what);
}

/* --- loading core 1 ------------------------------------------------------ */

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
	    inside(da, len, AN521_SHM_DA, AN521_SHM_SIZE))
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
	an521_fail("core 1 image refused");
}

/*
 * Check the ELF image, find and check its resource table (if wanted),
 * copy the PT_LOAD segments to their physical addresses (bss zero-filled),
 * write the host's copy of the table back to where the image loads it.
 */
void *an521_load_core1(void *table, size_t size)
{
	const uint32_t *vectors = (const uint32_t *)AN521_CORE1_CODE;
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	void *live = NULL;

	if (rpmsg_elf_open(&elf, an521_core1_image,
			   (size_t)(an521_core1_image_end - an521_core1_image)))
		elf_fail("open", &elf);
	if (table) {
		if (rpmsg_elf_find_rsc(&elf, &rsc) < 0)
			elf_fail("resource table", &elf);
		if (rsc.size != size)
			an521_fail("core 1's resource table is not the example's");
		memcpy(table, rsc.table, size);
	}
	if (rpmsg_elf_load(&elf, &core1_ops, NULL))
		elf_fail("load", &elf);
	if (table) {
		if (rpmsg_elf_write_rsc(&elf, &rsc, &core1_ops, NULL, table,
					size))
			elf_fail("write the table back", &elf);
		live = core1_map(NULL, rsc.da, size);
	}
	/* Core 1 starts through its vector table, whose reset entry must be
	 * the image's entry point (Thumb bit set). */
	if (vectors[1] != (uint32_t)(elf.entry | 1u))
		an521_fail("core 1's vector table does not start at its entry");
	an521_put_u32("an521: core 1 image loaded, segments", elf.phnum);
	return live;
}

void an521_release_core1(void)
{
	AN521_CORE1_COUNTS->rings = 0;
	AN521_CORE1_COUNTS->irqs = 0;
	AN521_INITSVTOR1 = AN521_CORE1_CODE;
	__asm__ volatile("dsb" ::: "memory");
	AN521_CPUWAIT = AN521_CPUWAIT & ~2u;
}

void an521_check_doorbells(void)
{
	uint32_t irqs1 = AN521_CORE1_COUNTS->irqs;
	uint32_t rings1 = AN521_CORE1_COUNTS->rings;

	an521_put_u32("an521: core 0 rang", an521_core0_rings);
	an521_put_u32("an521: core 1 took interrupts", irqs1);
	an521_put_u32("an521: core 1 rang", rings1);
	an521_put_u32("an521: core 0 took interrupts", an521_core0_irqs);
	an521_put_u32("an521: SysTick ms", an521_ms);
	if (!an521_core0_irqs || an521_core0_irqs > rings1 || !irqs1 ||
	    irqs1 > an521_core0_rings)
		an521_fail("interrupts taken do not match the doorbells rung");
}

/* --- interrupts and reset ------------------------------------------------- */

static void core0_systick(void)
{
	an521_ms = an521_ms + 1u;
}

/* Core 1 rang: clear the MHU bits first (a ring during the handler sets
 * them again and re-raises the interrupt), then let the program look. */
static void core0_mhu_irq(void)
{
	uint32_t stat = AN521_MHU_CPU0INTR_STAT;

	AN521_MHU_CPU0INTR_CLR = stat;
	an521_core0_irqs = an521_core0_irqs + 1u;
	an521_core0_doorbell(stat);
}

static void core0_fault(void)
{
	an521_fail("core 0 fault");
}

static void core0_reset(void)
{
	memset(&__bss_start, 0,
	       (size_t)((char *)&__bss_end - (char *)&__bss_start));
	AN521_SYST_RVR = CPU_HZ / 1000u - 1u;
	AN521_SYST_CVR = 0;
	AN521_SYST_CSR = 7u; /* processor clock, interrupt, enable */
	AN521_NVIC_ISER0 = 1u << AN521_MHU0_IRQ;
	an521_core0_main();
	an521_fail("core 0's program returned");
}

/* 16 system vectors, then external interrupts 0..7 (MHU0 is 6). */
__attribute__((section(".vectors0"), used))
void (*const an521_core0_vectors[16 + 8])(void) = {
	(void (*)(void))&__stack0_top,
	core0_reset,
	core0_fault, /* NMI */
	core0_fault, /* HardFault */
	core0_fault, /* MemManage */
	core0_fault, /* BusFault */
	core0_fault, /* UsageFault */
	core0_fault, /* SecureFault */
	0, 0, 0,
	core0_fault, /* SVCall */
	core0_fault, /* DebugMonitor */
	0,
	core0_fault, /* PendSV */
	core0_systick,
	core0_fault, core0_fault, core0_fault, core0_fault,
	core0_fault, core0_fault,
	core0_mhu_irq, /* 6: MHU0 */
	core0_fault,
};
