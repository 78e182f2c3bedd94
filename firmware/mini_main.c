// SPDX-License-Identifier: BSD-3-Clause
/*
 * Example firmware of the minimal remote profile (include/rpmsg/rpmsg_mini.h)
 * on a Cortex-M: one device, one endpoint at a fixed address announced as
 * "rpmsg-client-sample", every message echoed to its sender. No OS, no
 * heap, no clock: a polled main loop, or, built with FW_IRQ=1, the
 * mailbox interrupt (external IRQ FW_MAILBOX_IRQ) does all the work and
 * the main loop sleeps in WFI.
 *
 * The resource table and vrings are laid out as in firmware/main.c (same
 * linker script and rsc_table.h); the doorbell to the host is a stub
 * register, to be replaced by the board's mailbox or IPI (with FW_IRQ=1,
 * the board's fw_ring_host()).
 *
 * FW_PEER_LITE=1: the host is an RPMsg-Lite master, which writes no
 * status byte and negotiates nothing. The link comes up at its first
 * doorbell (its "master ready" kick), with the name service on.
 */
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

/* The vdev alone in the table: no trace buffer, no log. */
#ifndef FW_RSC_TRACE
#define FW_RSC_TRACE 0
#endif
#include "rsc_table.h"

#define FW_EPT_ADDR 0x400u

#ifndef FW_IRQ
#define FW_IRQ 0
#endif
#ifndef FW_PEER_LITE
#define FW_PEER_LITE 0
#endif
#ifndef FW_MAILBOX_IRQ
#define FW_MAILBOX_IRQ 0u
#endif
#if FW_PEER_LITE && !FW_IRQ
#error "FW_PEER_LITE=1 takes the link up from the doorbell: needs FW_IRQ=1"
#endif

__attribute__((section(".resource_table"), used, aligned(8)))
struct fw_resource_table resource_table = {
	.ver = 1,
	.num = 1,
	.offset = { offsetof(struct fw_resource_table, vdev) },
	.vdev = {
		.type = 3,
		.id = RPMSG_VIRTIO_ID_RPMSG,
		.notifyid = 2,
		.dfeatures = 1u << RPMSG_VIRTIO_RPMSG_F_NS,
		.num_of_vrings = 2,
		.vring = {
			{ FW_VRING0_DA, FW_VRING_ALIGN, FW_VRING_NUM, 0, 0 },
			{ FW_VRING1_DA, FW_VRING_ALIGN, FW_VRING_NUM, 1, 0 },
		},
	},
};

__attribute__((section(".rpmsg_shm"), aligned(16)))
static uint8_t vrings[2][FW_VRING_BYTES];

#if FW_PEER_LITE
/* Set by the first doorbell: the master is ready. */
static volatile uint8_t link_up;

static uint8_t link_get_status(void *ctx)
{
	(void)ctx;
	return link_up ? RPMSG_VIRTIO_STATUS_DRIVER_OK : 0;
}

static uint64_t link_get_driver_features(void *ctx)
{
	(void)ctx;
	return 1u << RPMSG_VIRTIO_RPMSG_F_NS;
}
#else
static uint8_t link_get_status(void *ctx)
{
	struct fw_resource_table *t = ctx;

	return __atomic_load_n(&t->vdev.status, __ATOMIC_ACQUIRE);
}

static uint64_t link_get_driver_features(void *ctx)
{
	struct fw_resource_table *t = ctx;

	return __atomic_load_n(&t->vdev.gfeatures, __ATOMIC_ACQUIRE);
}
#endif

/* Stub mailbox: a real port writes the doorbell register of the host. */
static volatile uint32_t doorbell_reg;

#if FW_IRQ
/* The board's doorbell to the host (weak here: the stub). */
void fw_ring_host(unsigned int vq);
__attribute__((weak)) void fw_ring_host(unsigned int vq)
{
	doorbell_reg = 1u << vq;
}
#define FW_RING_HOST(vq) fw_ring_host(vq)
#else
#define FW_RING_HOST(vq) (doorbell_reg = 1u << (vq))
#endif

static void link_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	FW_RING_HOST(vq);
}

static const struct rpmsg_virtio_link_ops link_ops = {
	.get_status = link_get_status,
	.get_driver_features = link_get_driver_features,
	.notify = link_notify,
};

static struct rpmsg_mini dev;

static int echo_cb(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
		   void *data, uint32_t len, uint32_t src)
{
	return rpmsg_mini_send(m, ept->addr, src, data, len);
}

static struct rpmsg_mini_ept echo_ept = {
	.name = "rpmsg-client-sample",
	.addr = FW_EPT_ADDR,
	.cb = echo_cb,
};

/* The vector table (startup.c) names it; this firmware keeps no clock. */
void SysTick_Handler(void);
void SysTick_Handler(void)
{
}

#if FW_IRQ
/* The board reports the stop (weak here: spin). */
void fw_halt(void);
__attribute__((weak)) void fw_halt(void)
{
	for (;;)
		;
}
#define halt fw_halt

/*
 * The host rang (the board cleared its mailbox first, so a ring while
 * this runs raises the interrupt again). Everything happens here, in one
 * context: each poll takes the host's messages and the echo callback
 * sends from inside it. Poll again while it delivered, so that a poll
 * that stops early leaves nothing behind without a doorbell to come.
 */
void Mailbox_IRQHandler(void);
void Mailbox_IRQHandler(void)
{
	int rc;

#if FW_PEER_LITE
	link_up = 1;
#endif
	/* -EBUSY: a poll stopped at its bound; the rest is already
	 * published and may come with no doorbell. */
	while ((rc = rpmsg_mini_poll(&dev)) > 0 || rc == -EBUSY)
		;
	/* -EAGAIN: the announcement found no buffer, retried on the
	 * host's next doorbell (it gives receive buffers back with one);
	 * anything else: the host broke a ring. */
	if (rc < 0 && rc != -EAGAIN)
		halt();
}
#else
static void halt(void)
{
	for (;;)
		;
}
#endif

int main(void);
int main(void)
{
	const struct rpmsg_mini_config cfg = {
		.link = &link_ops,
		.link_ctx = &resource_table,
		.vring = { vrings[0], vrings[1] },
		.num = FW_VRING_NUM,
		.align = FW_VRING_ALIGN,
		.shm = (void *)FW_SHM_DA,
		.shm_da = FW_SHM_DA,
		.shm_size = FW_SHM_SIZE,
	};

	if (rpmsg_mini_init(&dev, &cfg) || rpmsg_mini_add_ept(&dev, &echo_ept))
		halt();
#if FW_IRQ
	/* The device is ready: let the mailbox in, then sleep. A doorbell
	 * that rang before is still pending and is taken now. */
	*(volatile uint32_t *)0xE000E100u = 1u << FW_MAILBOX_IRQ; /* ISER */
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
#else
	for (;;) {
		/* -EAGAIN: an announcement waits for a buffer; -EPROTO: the
		 * host broke a ring and must reset the device. */
		(void)rpmsg_mini_poll(&dev);
	}
#endif
}
