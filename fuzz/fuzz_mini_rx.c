// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the minimal remote profile (src/mini/) driven by a hostile
 * host that owns both rings.
 *
 * One heap region of exactly the rings plus a pool (ASan sees any access
 * outside it) is the shared window; a device with an echo endpoint (which
 * sends every message back, so vq 0 is read too) and a silent one is up.
 * The input is a program for the host:
 *   0 DESC   u8 vq|idx, u32 addr, u32 len, u8 flags  (addr: offset into
 *            the region; opcode 0x80 makes it a raw device address)
 *   1 PUSH   u8 vq, u8 count, count x u16 head: publish avail entries
 *   2 IDX    u8 vq, u16: store the avail index as is
 *   3 DATA   u32 offset, u8 n, n bytes: write into the region
 *   4 POLL   let the device run
 *   5 STATUS u8: the status byte (DRIVER_OK or not), u8 features
 *   6 MSG    u8 slot, u32 src, u32 dst, u16 hdr len, u8 n, n bytes: a
 *            message in a pool buffer, its descriptor, published on vq 1
 *   7 SEND   u32 dst, u8 n: the application sends n bytes
 * Whatever the program did, the device must not touch memory outside the
 * region, and after a reset by the host it must deliver a good message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#include "fuzz_host.h"

#define NUM 8u
#define ALIGN 16u
#define BUF_SIZE 128u
#define REGION_DA 0x80000000u

struct hostile {
	uint8_t *region;
	size_t size;
	size_t ring_bytes;
	size_t pool_off;
	uint8_t status;
	uint8_t features;
	struct fuzz_ring vq[2];
	unsigned int delivered;
	struct rpmsg_mini dev;
};

static uint8_t link_status(void *ctx)
{
	return ((struct hostile *)ctx)->status;
}

static uint64_t link_features(void *ctx)
{
	return ((struct hostile *)ctx)->features;
}

static void link_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	(void)vq;
}

static const struct rpmsg_virtio_link_ops link_ops = {
	.get_status = link_status,
	.get_driver_features = link_features,
	.notify = link_notify,
};

static int echo(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept, void *data,
		uint32_t len, uint32_t src)
{
	struct hostile *h = ept->priv;

	h->delivered++;
	return rpmsg_mini_send(m, ept->addr, src, data, len);
}

static int sink(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept, void *data,
		uint32_t len, uint32_t src)
{
	volatile const uint8_t *p = data;
	struct hostile *h = ept->priv;
	uint32_t i;

	(void)m;
	(void)src;
	for (i = 0; i < len; i++)
		(void)p[i];
	h->delivered++;
	return 0;
}

static uint8_t *ring(struct hostile *h, unsigned int vq)
{
	return h->region + vq * h->ring_bytes;
}

static void run(struct hostile *h, struct fuzz_prog *pr)
{
	uint8_t op, n, i, buf[255 + 16];
	uint32_t a, b, src, dst;
	uint16_t hlen;
	unsigned int vq;
	int err = 0;

	while (!err && pr->n) {
		op = fuzz_u8(pr, &err);
		switch (op & 0x7f) {
		case 0:
			n = fuzz_u8(pr, &err);
			a = fuzz_u32(pr, &err);
			b = fuzz_u32(pr, &err);
			i = fuzz_u8(pr, &err);
			fuzz_ring_desc(&h->vq[n >> 7], n & 0x7f,
				       op & 0x80 ? a : REGION_DA + a, b, i, 0);
			break;
		case 1:
			vq = fuzz_u8(pr, &err) & 1u;
			n = fuzz_u8(pr, &err);
			for (i = 0; i < n && !err; i++)
				fuzz_ring_push(&h->vq[vq], fuzz_u16(pr, &err));
			break;
		case 2:
			vq = fuzz_u8(pr, &err) & 1u;
			fuzz_ring_set_idx(&h->vq[vq], fuzz_u16(pr, &err));
			break;
		case 3:
			a = fuzz_u32(pr, &err);
			n = fuzz_u8(pr, &err);
			if (!err && !fuzz_take(pr, buf, n))
				fuzz_write_region(h->region, h->size, a, buf, n);
			break;
		case 4:
			rpmsg_mini_poll(&h->dev);
			break;
		case 5:
			h->status = fuzz_u8(pr, &err);
			h->features = fuzz_u8(pr, &err);
			break;
		case 6:
			n = fuzz_u8(pr, &err) % NUM;
			src = fuzz_u32(pr, &err);
			dst = fuzz_u32(pr, &err);
			hlen = fuzz_u16(pr, &err);
			i = fuzz_u8(pr, &err);
			if (err || fuzz_take(pr, buf + 16, i))
				break;
			if (i > BUF_SIZE - 16)
				i = BUF_SIZE - 16;
			memset(buf, 0, 16);
			fuzz_st32(buf, src);
			fuzz_st32(buf + 4, dst);
			fuzz_st16(buf + 12, hlen);
			a = (uint32_t)(h->pool_off + (NUM + n) * BUF_SIZE);
			fuzz_write_region(h->region, h->size, a, buf, 16u + i);
			fuzz_ring_desc(&h->vq[1], n, REGION_DA + a, 16u + i,
				       0, 0);
			fuzz_ring_push(&h->vq[1], n);
			rpmsg_mini_poll(&h->dev);
			break;
		case 7:
			dst = fuzz_u32(pr, &err);
			n = fuzz_u8(pr, &err);
			memset(buf, 0x5a, n);
			rpmsg_mini_send(&h->dev, 1024, dst, buf, n);
			break;
		default:
			break;
		}
	}
	rpmsg_mini_poll(&h->dev);
}

/* The host resets the device and rebuilds both rings: a good message must
 * then be delivered. */
static void reset_and_check(struct hostile *h)
{
	uint8_t msg[16 + 4] = { 0 };
	unsigned int i, before;
	uint32_t a;

	h->status = 0;
	rpmsg_mini_poll(&h->dev);
	memset(h->region, 0, 2 * h->ring_bytes);
	h->vq[0].avail_idx = h->vq[1].avail_idx = 0;
	for (i = 0; i < NUM; i++) {
		a = (uint32_t)(h->pool_off + i * BUF_SIZE);
		fuzz_ring_desc(&h->vq[0], (uint16_t)i, REGION_DA + a, BUF_SIZE,
			       2, 0);
		fuzz_ring_push(&h->vq[0], (uint16_t)i);
	}
	h->status = RPMSG_VIRTIO_STATUS_DRIVER_OK;
	h->features = 1;
	if (rpmsg_mini_poll(&h->dev) != 0)
		abort();
	fuzz_st32(msg, 1024);
	fuzz_st32(msg + 4, 1025);
	fuzz_st16(msg + 12, 4);
	memcpy(msg + 16, "ping", 4);
	a = (uint32_t)(h->pool_off + NUM * BUF_SIZE);
	memcpy(h->region + a, msg, sizeof(msg));
	fuzz_ring_desc(&h->vq[1], 0, REGION_DA + a, BUF_SIZE, 0, 0);
	fuzz_ring_push(&h->vq[1], 0);
	before = h->delivered;
	if (rpmsg_mini_poll(&h->dev) != 1 || h->delivered != before + 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_mini_ept ept_echo = { 0 }, ept_sink = { 0 };
	struct rpmsg_mini_config cfg = { 0 };
	struct fuzz_prog pr = { data, size };
	struct hostile h;
	unsigned int i;

	memset(&h, 0, sizeof(h));
	h.ring_bytes = rpmsg_vring_size(NUM, ALIGN);
	h.pool_off = 2 * h.ring_bytes;
	h.size = h.pool_off + 2 * NUM * BUF_SIZE;
	h.region = calloc(1, h.size);
	if (!h.region)
		return 0;
	cfg.link = &link_ops;
	cfg.link_ctx = &h;
	for (i = 0; i < 2; i++) {
		h.vq[i].desc = ring(&h, i);
		h.vq[i].avail = h.vq[i].desc + 16u * NUM;
		h.vq[i].num = NUM;
		cfg.vring[i] = ring(&h, i);
	}
	cfg.num = NUM;
	cfg.align = ALIGN;
	cfg.shm = h.region;
	cfg.shm_da = REGION_DA;
	cfg.shm_size = (uint32_t)h.size;
	ept_echo.name = "echo";
	ept_echo.addr = 1025;
	ept_echo.cb = echo;
	ept_echo.priv = &h;
	ept_sink.addr = 1026;
	ept_sink.cb = sink;
	ept_sink.priv = &h;
	if (rpmsg_mini_init(&h.dev, &cfg) ||
	    rpmsg_mini_add_ept(&h.dev, &ept_echo) ||
	    rpmsg_mini_add_ept(&h.dev, &ept_sink))
		abort();
	h.status = RPMSG_VIRTIO_STATUS_DRIVER_OK;
	h.features = 1;
	run(&h, &pr);
	reset_and_check(&h);
	free(h.region);
	return 0;
}
