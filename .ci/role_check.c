// SPDX-License-Identifier: BSD-3-Clause
/*
 * RPMSG_CFG_HOST_ROLE / RPMSG_CFG_REMOTE_ROLE: a role compiled out is
 * refused by rpmsg_virtio_init() with -EINVAL, the other one still
 * initialises; without the host role the virtqueue's driver half is
 * refused too. Built by .ci/cross.sh three times against the core compiled
 * with the same definitions; prints what it checked.
 */
#include <stdio.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>
#include <rpmsg/rpmsg_virtqueue.h>

#define NUM 8u
#define ALIGN 16u
#define BUF 256u

static _Alignas(16) unsigned char region[2 * 1024 + 2 * NUM * BUF];
static struct rpmsg_vq_slot slots[2][NUM];
static unsigned char buf_state[2 * NUM];
static struct rpmsg_virtio_device vdev;
static struct rpmsg_mem mem;
static unsigned char status;

static unsigned char get_status(void *ctx)
{
	(void)ctx;
	return status;
}

static void set_status(void *ctx, unsigned char s)
{
	(void)ctx;
	status = s;
}

static uint64_t get_features(void *ctx)
{
	(void)ctx;
	return 0;
}

static void set_features(void *ctx, uint64_t f)
{
	(void)ctx;
	(void)f;
}

static void notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	(void)vq;
}

static const struct rpmsg_virtio_link_ops link = {
	.get_status = get_status,
	.set_status = set_status,
	.get_device_features = get_features,
	.get_driver_features = get_features,
	.set_driver_features = set_features,
	.notify = notify,
};

static uint64_t now(void *arg)
{
	(void)arg;
	return 0;
}

static struct rpmsg_noos noos = { .now_ns = now };

static int init(enum rpmsg_virtio_role role)
{
	struct rpmsg_virtio_config cfg = {
		.role = role,
		.link = &link,
		.os = &rpmsg_noos_ops,
		.os_ctx = &noos,
		.mem = &mem,
		.vring = { region, region + 1024 },
		.vring_num = NUM,
		.vring_align = ALIGN,
		.slots = { slots[0], slots[1] },
		.buffers = region + 2048,
		.num_bufs = 2 * NUM,
		.buf_size = BUF,
		.buf_state = buf_state,
	};

	return rpmsg_virtio_init(&vdev, &cfg);
}

int main(void)
{
	struct rpmsg_virtqueue vq;
	int host, remote, drv, dev;

	if (rpmsg_vring_size(NUM, ALIGN) > 1024 ||
	    rpmsg_mem_init_linear(&mem, region, 0, sizeof(region)))
		return 2;
	host = init(RPMSG_VIRTIO_HOST);
	remote = init(RPMSG_VIRTIO_REMOTE);
	drv = rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, region, NUM, ALIGN,
			    slots[0], &mem, 0);
	dev = rpmsg_vq_init(&vq, RPMSG_VQ_DEVICE, region, NUM, ALIGN,
			    slots[0], &mem, 0);
	printf("role_check: HOST_ROLE=%d REMOTE_ROLE=%d: host init %d, "
	       "remote init %d, vq driver %d, vq device %d\n",
	       RPMSG_CFG_HOST_ROLE, RPMSG_CFG_REMOTE_ROLE, host, remote, drv,
	       dev);
	if (host != (RPMSG_CFG_HOST_ROLE ? 0 : -EINVAL) ||
	    remote != (RPMSG_CFG_REMOTE_ROLE ? 0 : -EINVAL) ||
	    drv != (RPMSG_CFG_HOST_ROLE ? 0 : -EINVAL) || dev != 0)
		return 1;
	return 0;
}
