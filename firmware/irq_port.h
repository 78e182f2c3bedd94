/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cortex-M hooks for the interrupt-driven no-OS port
 * (rpmsg/rpmsg_port_noos_irq.h): the mailbox interrupt is masked through
 * the NVIC, and the main loop sleeps with WFI. Built with FW_IRQ=1.
 */
#ifndef FW_IRQ_PORT_H
#define FW_IRQ_PORT_H

#include <rpmsg/rpmsg_port_noos_irq.h>

/* External interrupt number of the mailbox that the host rings (0 to 31;
 * a board build sets its own). */
#ifndef FW_MAILBOX_IRQ
#define FW_MAILBOX_IRQ 0u
#endif

/* Fill @n with the hooks below and @now_ns; enable the interrupt. */
void fw_irq_port_init(struct rpmsg_noos_irq *n, uint64_t (*now_ns)(void *));

/* Sleep until any interrupt, unless the core has woken waiters since
 * @seen (no window in which a doorbell can be missed). */
void fw_irq_sleep(void *arg, const struct rpmsg_noos_irq *n, uint32_t seen);

/* The main loop's idle: sleep until the next interrupt. */
void fw_irq_idle(void);
/* Make the mailbox interrupt pending again (taken once the handler
 * returns, after any higher-priority one). */
void fw_irq_repend(void);

#endif /* FW_IRQ_PORT_H */
