/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OS port for bare metal, interrupt-driven: the doorbell interrupt handler
 * delivers messages, the main loop sleeps until an interrupt.
 *
 * Contexts:
 *  - Interrupt (the doorbell handler): rpmsg_virtio_notified(). Endpoint
 *    callbacks therefore run in the handler and must not block: reply with
 *    rpmsg_trysend() and friends, never with a timeout.
 *  - Thread (the main loop): every other call, blocking sends included.
 *    A sender with no buffer sleeps in @sleep and is woken by the next
 *    doorbell that returns one.
 *
 * The device lock masks the doorbell interrupt (@irq_mask / @irq_unmask),
 * so the handler never runs while the main loop holds the device state.
 * Taking it inside the handler is harmless: the handler cannot preempt
 * itself. The lock is not recursive and critical sections are short.
 *
 * Sleeping without losing a wake-up: every wake of the core increments
 * @events (always under the device lock). A wait notes the count, drops the
 * lock and calls @sleep(arg, n, seen), which must return as soon as
 * rpmsg_noos_irq_woken(n, seen) is true, and otherwise wait for an
 * interrupt with no window in which one can be missed. On a Cortex-M:
 *
 *	__disable_irq();                      (PRIMASK: interrupts pend)
 *	if (!rpmsg_noos_irq_woken(n, seen))
 *		__WFI();                      (a pending interrupt wakes it)
 *	__enable_irq();                       (the handler runs here)
 *
 * Any interrupt (the doorbell, a timer tick) ends the sleep; the core then
 * looks again, and gives up with -ETIMEDOUT once @now_ns has passed the
 * deadline, so a periodic timer interrupt bounds every timeout.
 */
#ifndef RPMSG_PORT_NOOS_IRQ_H
#define RPMSG_PORT_NOOS_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_os.h>

/* This port drives a device from an interrupt and the main loop. */
#if !RPMSG_CFG_CONCURRENT
#error "rpmsg_port_noos_irq.h needs RPMSG_CFG_CONCURRENT 1 (rpmsg_config.h)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct rpmsg_noos_irq - context for rpmsg_noos_irq_ops
 * @now_ns: monotonic clock (required)
 * @irq_mask: mask the doorbell interrupt (required)
 * @irq_unmask: unmask it (required)
 * @sleep: wait for an interrupt unless rpmsg_noos_irq_woken() (required;
 *         called in thread context with the doorbell unmasked)
 * @arg: passed to the hooks
 * @events: wake count; private, zero it before use
 */
struct rpmsg_noos_irq {
	uint64_t (*now_ns)(void *arg);
	void (*irq_mask)(void *arg);
	void (*irq_unmask)(void *arg);
	void (*sleep)(void *arg, const struct rpmsg_noos_irq *n,
		      uint32_t seen);
	void *arg;
	uint32_t events;
};

extern const struct rpmsg_os_ops rpmsg_noos_irq_ops;

/**
 * rpmsg_noos_irq_woken() - has the core woken waiters since @seen?
 * @n: the port context
 * @seen: the count passed to @sleep
 *
 * Safe to call with interrupts masked, from any context.
 *
 * Return: true if the sleeper must not sleep (or must stop sleeping).
 */
bool rpmsg_noos_irq_woken(const struct rpmsg_noos_irq *n, uint32_t seen);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_PORT_NOOS_IRQ_H */
