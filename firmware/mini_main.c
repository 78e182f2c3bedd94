// SPDX-License-Identifier: BSD-3-Clause
/*
 * Example firmware of the minimal remote profile (include/rpmsg/rpmsg_mini.h)
 * on a Cortex-M: one device, one endpoint at a fixed address announced as
 * "rpmsg-client-sample", every message echoed to its sender. No OS, no
 * heap, no clock: a polled main loop.
 *
 * The resource table and vrings are laid out as in firmware/main.c (same
 * linker script and rsc_table.h); the doorbell to the host is a stub
 * register, to be replaced by the board's mailbox or IPI.
 */
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#include "rsc_table.h"

#define FW_EPT_ADDR 0x400u

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

/* Stub mailbox: a real port writes the doorbell register of the host. */
static volatile uint32_t doorbell_reg;

static void link_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	doorbell_reg = 1u << vq;
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

static void halt(void)
{
	for (;;)
		;
}

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
	for (;;) {
		/* -EAGAIN: an announcement waits for a buffer; -EPROTO: the
		 * host broke a ring and must reset the device. */
		(void)rpmsg_mini_poll(&dev);
	}
}
