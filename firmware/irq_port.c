// SPDX-License-Identifier: BSD-3-Clause
/*
 * Cortex-M hooks for the interrupt-driven no-OS port: NVIC masking of the
 * mailbox interrupt, and a sleep that cannot miss a doorbell.
 */
#include <stdint.h>

#include "irq_port.h"

#define NVIC_ISER (*(volatile uint32_t *)0xE000E100u)
#define NVIC_ICER (*(volatile uint32_t *)0xE000E180u)
#define NVIC_ISPR (*(volatile uint32_t *)0xE000E200u)

static void irq_mask(void *arg)
{
	(void)arg;
	NVIC_ICER = 1u << FW_MAILBOX_IRQ;
	/* The disable takes effect before the next instruction. */
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

static void irq_unmask(void *arg)
{
	(void)arg;
	__asm__ volatile("" ::: "memory");
	NVIC_ISER = 1u << FW_MAILBOX_IRQ;
}

/*
 * With PRIMASK set, an interrupt that becomes pending still ends WFI but is
 * taken only after "cpsie i". So the check and the sleep are one step as
 * far as the doorbell is concerned: if it rang before the check, the check
 * sees the wake; if after, WFI returns at once.
 */
void fw_irq_sleep(void *arg, const struct rpmsg_noos_irq *n, uint32_t seen)
{
	(void)arg;
	__asm__ volatile("cpsid i" ::: "memory");
	if (!rpmsg_noos_irq_woken(n, seen))
		__asm__ volatile("wfi" ::: "memory");
	__asm__ volatile("cpsie i" ::: "memory");
}

void fw_irq_repend(void)
{
	NVIC_ISPR = 1u << FW_MAILBOX_IRQ;
}

void fw_irq_idle(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void fw_irq_port_init(struct rpmsg_noos_irq *n, uint64_t (*now_ns)(void *))
{
	n->now_ns = now_ns;
	n->irq_mask = irq_mask;
	n->irq_unmask = irq_unmask;
	n->sleep = fw_irq_sleep;
	n->arg = 0;
	n->events = 0;
	NVIC_ISER = 1u << FW_MAILBOX_IRQ;
}
