// SPDX-License-Identifier: BSD-3-Clause
/*
 * Core 1 of the AN521: the example remote firmware (firmware/main.c, built
 * with FW_IRQ=1 and main renamed fw_main) on its own vector table, linked
 * as an image of its own (an521_core1.ld) that core 0 loads.
 *
 * Its doorbell to the host sets bit vq of MHU0's CPU0INTR; the host's
 * doorbell arrives as MHU0's interrupt of core 1, cleared here before
 * main.c's Mailbox_IRQHandler looks at the rings (a doorbell that rings
 * while the handler runs sets the bit again, so it is never lost).
 *
 * Built with AN521_DOORBELL_DIES_AFTER=N, the doorbell to the host stops
 * working after N rings: the host must then report a lost doorbell (the
 * test that the exchange depends on every interrupt).
 */
#include <stdint.h>

#include "an521.h"

#ifndef AN521_DOORBELL_DIES_AFTER
#define AN521_DOORBELL_DIES_AFTER 0u /* never */
#endif

int fw_main(void);
void Mailbox_IRQHandler(void);
void SysTick_Handler(void);
void fw_ring_host(unsigned int vq);
void fw_halt(void);

extern uint32_t __stack1_top;

void fw_ring_host(unsigned int vq)
{
	uint32_t n = AN521_CORE1_COUNTS->rings + 1u;

	AN521_CORE1_COUNTS->rings = n;
	if (AN521_DOORBELL_DIES_AFTER && n > AN521_DOORBELL_DIES_AFTER)
		return;
	/* The ring writes are visible to core 0 before the interrupt. */
	__asm__ volatile("dsb" ::: "memory");
	AN521_MHU_CPU0INTR_SET = 1u << vq;
}

void fw_halt(void)
{
	an521_put_u32("core 1: the firmware stopped, called from",
		      (uint32_t)(uintptr_t)__builtin_return_address(0));
	an521_exit(0 == 1);
}

static void core1_mhu_irq(void)
{
	uint32_t stat = AN521_MHU_CPU1INTR_STAT;

	AN521_MHU_CPU1INTR_CLR = stat;
	AN521_CORE1_COUNTS->irqs = AN521_CORE1_COUNTS->irqs + 1u;
	Mailbox_IRQHandler();
}

static void core1_fault(void)
{
	an521_puts("core 1: fault\n");
	an521_exit(0 == 1);
}

void core1_reset(void);
void core1_reset(void)
{
	/* Core 0 loaded the image (its .bss zero-filled) before releasing
	 * this core. */
	fw_main();
	fw_halt();
}

/* 16 system vectors, then external interrupts 0..7 (MHU0 is 6). */
void (*const an521_core1_vectors[16 + 8])(void);
__attribute__((section(".vectors1"), used))
void (*const an521_core1_vectors[16 + 8])(void) = {
	(void (*)(void))&__stack1_top,
	core1_reset,
	core1_fault, /* NMI */
	core1_fault, /* HardFault */
	core1_fault, /* MemManage */
	core1_fault, /* BusFault */
	core1_fault, /* UsageFault */
	core1_fault, /* SecureFault */
	0, 0, 0,
	core1_fault, /* SVCall */
	core1_fault, /* DebugMonitor */
	0,
	core1_fault, /* PendSV */
	SysTick_Handler,
	core1_fault, core1_fault, core1_fault, core1_fault,
	core1_fault, core1_fault,
	core1_mhu_irq, /* 6: MHU0 */
	core1_fault,
};
