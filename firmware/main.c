// SPDX-License-Identifier: BSD-3-Clause
/*
 * Example firmware: an rpmsg remote on a Cortex-M, with no OS and no heap.
 *
 * Everything is static: the device, the virtqueue bookkeeping, the resource
 * table (in section ".resource_table", where a remoteproc loader looks for
 * it) and the vrings (in the shared carveout, see firmware.ld). The main
 * loop polls the device; the doorbell to the host is a stub register.
 *
 * Its log goes to the trace buffer its table declares (fw_trace.h), as
 * remoteproc hosts show it.
 *
 * It announces "rpmsg-client-sample" through the name service and echoes
 * every message back to its sender: as a channel bound to a driver, or,
 * built with RPMSG_CFG_CHANNELS=0, as an endpoint announced by hand.
 *
 * Porting notes for a real board: replace link_notify() with a write to
 * the mailbox or IPI that interrupts the host; to deliver from the mailbox
 * interrupt instead of polling, build with FW_IRQ=1 and irq_port.c (the
 * interrupt-driven no-OS port, with the mailbox at external IRQ 0); and
 * clean/invalidate the carveout if the core has a data cache (Cortex-M7).
 */
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#include "fw_trace.h"
#include "rsc_link.h"
#include "rsc_table.h"

/* FW_IRQ=1: the mailbox interrupt delivers messages and the main loop
 * sleeps (rpmsg_noos_irq_ops, irq_port.c); else a polled main loop. */
#ifndef FW_IRQ
#define FW_IRQ 0
#endif
#if FW_IRQ
#include "irq_port.h" /* needs RPMSG_CFG_CONCURRENT 1 */
#endif

#define CPU_HZ 16000000u

/* --- resource table ------------------------------------------------------ */

/* The name service and event index, unless compiled out (rpmsg_config.h):
 * a remote must not offer what it cannot do. */
#define FW_FEATURES                                                          \
	((uint32_t)(RPMSG_VIRTIO_SUPPORTED_FEATURES &                        \
		    ((1u << RPMSG_VIRTIO_RPMSG_F_NS) |                       \
		     (1u << RPMSG_VIRTIO_F_EVENT_IDX))))

__attribute__((section(".resource_table"), used, aligned(8)))
struct fw_resource_table resource_table = {
	.ver = RPMSG_RSC_VERSION,
	.num = FW_RSC_ENTRIES,
	.offset = {
		offsetof(struct fw_resource_table, vdev),
#if FW_RSC_TRACE
		offsetof(struct fw_resource_table, carveout),
		offsetof(struct fw_resource_table, trace),
#endif
	},
	.vdev = {
		.type = RPMSG_RSC_VDEV,
		.id = RPMSG_VIRTIO_ID_RPMSG,
		.notifyid = 2,
		.dfeatures = FW_FEATURES,
		.num_of_vrings = 2,
		.vring = {
			{ FW_VRING0_DA, FW_VRING_ALIGN, FW_VRING_NUM, 0, 0 },
			{ FW_VRING1_DA, FW_VRING_ALIGN, FW_VRING_NUM, 1, 0 },
		},
	},
#if FW_RSC_TRACE
	/* The shared window: rings, the host's buffers, the trace buffer.
	 * Device and physical address are the same on this core. */
	.carveout = {
		.type = RPMSG_RSC_CARVEOUT,
		.da = FW_SHM_DA,
		.pa = FW_SHM_DA,
		.len = FW_SHM_SIZE,
		.name = FW_CARVEOUT_NAME,
	},
	.trace = {
		.type = RPMSG_RSC_TRACE,
		.da = FW_TRACE_DA,
		.len = FW_TRACE_SIZE,
		.name = FW_TRACE_NAME,
	},
#endif
};

/* The rings, at FW_SHM_DA (section ".rpmsg_shm", not loaded: the host
 * initialises them before it sets DRIVER_OK). */
__attribute__((section(".rpmsg_shm"), aligned(16)))
static uint8_t vrings[2][FW_VRING_BYTES];

/* --- link: status and features live in the resource table --------------- */

/* Stub mailbox: a real port writes the doorbell register of the host.
 * A board file replaces it with its own fw_ring_host() (weak here). */
static volatile uint32_t doorbell_reg;

void fw_ring_host(unsigned int vq);
__attribute__((weak)) void fw_ring_host(unsigned int vq)
{
	doorbell_reg = 1u << vq;
}

static void link_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	fw_ring_host(vq);
}

static const struct rpmsg_virtio_link_ops link_ops = {
	.get_status = fw_rsc_get_status,
	.get_device_features = fw_rsc_get_device_features,
	.get_driver_features = fw_rsc_get_driver_features,
	.notify = link_notify,
};

/* --- OS port: SysTick clock, a polled loop ------------------------------- */

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint32_t ms_ticks;

void SysTick_Handler(void);
void SysTick_Handler(void)
{
	ms_ticks++;
}

/* Milliseconds since boot; a 32-bit count wraps after 49 days, which only
 * matters to timeouts spanning the wrap. */
static uint64_t clock_now_ns(void *arg)
{
	(void)arg;
	return (uint64_t)ms_ticks * 1000000u;
}

#if FW_IRQ
static struct rpmsg_noos_irq os_ctx; /* filled by fw_irq_port_init() */
#define FW_OS_OPS rpmsg_noos_irq_ops
#else
static struct rpmsg_noos os_ctx = {
	.now_ns = clock_now_ns,
	/* .idle: nothing to do while waiting for the host. */
};
#define FW_OS_OPS rpmsg_noos_ops
#endif

/* --- the device ----------------------------------------------------------- */

static struct rpmsg_virtio_device vdev;
static struct rpmsg_vq_slot slots[2][FW_VRING_NUM];
static struct rpmsg_mem shm;

/* Interrupt-driven, the callback runs in the mailbox handler: it must not
 * wait for a buffer (they come back through that very interrupt). */
static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return FW_IRQ ? rpmsg_trysendto(ept, data, len, src)
		      : rpmsg_sendto(ept, data, len, src);
}

#if RPMSG_CFG_CHANNELS
static const struct rpmsg_device_id echo_ids[] = {
	{ "rpmsg-client-sample" },
	{ "" },
};

static const struct rpmsg_driver echo_drv = {
	.name = "echo",
	.id_table = echo_ids,
	.callback = echo_cb,
};
#else
/* Without the channel model (RPMSG_CFG_CHANNELS 0): a plain endpoint,
 * announced by hand once the host is there. */
static struct rpmsg_endpoint echo_ept;
#endif

/* A board file may report the stop (weak here: spin). */
void fw_halt(void);
__attribute__((weak)) void fw_halt(void)
{
	for (;;)
		;
}

static void halt(void)
{
	fw_trace("fw: stopped\n");
	fw_halt();
}

#if FW_IRQ
/* The host rang: a new status, buffers returned (vq 0) or messages (vq 1).
 * The mailbox does not say which, so look at everything. */
/* Set once rpmsg_virtio_init() has returned: the host may ring before
 * (it posts its buffers as soon as it starts), and that doorbell has
 * nothing to deliver yet; rpmsg_virtio_start() reads the rings anyway. */
static volatile int fw_ready;

void Mailbox_IRQHandler(void);
void Mailbox_IRQHandler(void)
{
	if (!fw_ready)
		return;
	rpmsg_virtio_config_changed(&vdev);
	if (rpmsg_virtio_notified(&vdev, 0) < 0 ||
	    rpmsg_virtio_notified(&vdev, 1) < 0)
		halt(); /* the host broke a ring */
	/* A call does at most one ring's worth: the rest in the next entry
	 * to the handler, so a host that keeps posting cannot hold it. */
	if (rpmsg_virtio_rx_pending(&vdev) == 1)
		fw_irq_repend();
}
#endif

#if FW_IRQ
#define FW_SET_READY() ((fw_ready = 1), 0)
#else
#define FW_SET_READY() 0
#endif

int main(void);
int main(void)
{
	struct rpmsg_virtio_config cfg = {
		.role = RPMSG_VIRTIO_REMOTE,
		.link = &link_ops,
		.link_ctx = &resource_table,
		.os = &FW_OS_OPS,
		.os_ctx = &os_ctx,
		.mem = &shm,
		.vring = { vrings[0], vrings[1] },
		.vring_num = FW_VRING_NUM,
		.vring_align = FW_VRING_ALIGN,
		.slots = { slots[0], slots[1] },
		.buf_size = FW_BUF_SIZE,
		.features = FW_FEATURES,
	};

	SYST_RVR = CPU_HZ / 1000u - 1u;
	SYST_CVR = 0;
	SYST_CSR = 7u; /* processor clock, interrupt, enable */
#if FW_IRQ
	fw_irq_port_init(&os_ctx, clock_now_ns);
#endif

	fw_trace_init();
	fw_trace("fw: up, waiting for the host\n");
	/* The rings must sit where the resource table says they are. */
	if ((uintptr_t)vrings[0] != FW_VRING0_DA ||
	    (uintptr_t)vrings[1] != FW_VRING1_DA ||
	    rpmsg_vring_size(FW_VRING_NUM, FW_VRING_ALIGN) > FW_VRING_BYTES)
		halt();
	if (rpmsg_mem_init_linear(&shm, (void *)FW_SHM_DA, FW_SHM_DA,
				  FW_SHM_SIZE))
		halt();
#if RPMSG_CFG_CHANNELS
	if (rpmsg_virtio_init(&vdev, &cfg) || FW_SET_READY() ||
	    rpmsg_register_driver(&vdev.bus, &echo_drv) ||
	    rpmsg_create_channel(&vdev.bus, "rpmsg-client-sample", 0x400,
				 RPMSG_ADDR_ANY, NULL))
		halt();
	/* Waits for the host's DRIVER_OK, then announces the channel. */
	if (rpmsg_virtio_start(&vdev, RPMSG_TIMEOUT_FOREVER))
		halt();
	fw_trace("fw: host ready, rpmsg-client-sample announced\n");
#else
	if (rpmsg_virtio_init(&vdev, &cfg) || FW_SET_READY() ||
	    rpmsg_create_ept(&echo_ept, &vdev.bus, "rpmsg-client-sample",
			     0x400, RPMSG_ADDR_ANY, echo_cb, NULL) ||
	    rpmsg_virtio_start(&vdev, RPMSG_TIMEOUT_FOREVER) ||
	    rpmsg_ns_announce(&vdev.bus, "rpmsg-client-sample", 0x400,
			      RPMSG_NS_CREATE))
		halt();
	fw_trace("fw: host ready, rpmsg-client-sample announced\n");
#endif
	for (;;) {
#if FW_IRQ
		fw_irq_idle(); /* everything happens in the handler */
#else
		if (rpmsg_virtio_poll(&vdev) < 0)
			halt(); /* the host broke a ring */
		rpmsg_virtio_config_changed(&vdev);
#endif
	}
}
