// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the remote's rings as a hostile host drives them.
 *
 * A real host and remote are linked in one process, started, with the name
 * service on. The input is then a program for a hostile host that writes
 * into both rings the remote reads: vq 1 (the host's tx ring, the remote's
 * rx ring) and vq 0 (the empty buffers the host gives the remote to send
 * in): descriptors (any address, length, flags and next), avail ring
 * entries, the avail index and the avail flags/used_event words, and any
 * bytes anywhere in the shared region; it rings the remote's doorbells
 * and makes the remote send. The remote must validate everything it
 * reads, and write only inside the buffers it was given (the region is
 * exactly allocated: a buffer at its end that the remote overruns is a
 * heap overflow); ASan and UBSan catch what it does not. Finally the
 * remote must still be able to send.
 *
 * Program: a sequence of records, each an opcode byte then its operands
 * (little endian). Bit 0x40 of opcodes 0, 1, 2, 4 and 6 selects vq 0
 * instead of vq 1.
 *   0 DESC   u8 idx, u32 addr, u32 len, u8 flags, u8 next  (addr: offset
 *            into the region; opcode 0x80 makes it a raw device address)
 *   1 PUSH   u8 count, count x u16 head: publish avail entries
 *   2 IDX    u16: store the avail index as is
 *   3 DATA   u32 offset, u8 n, n bytes: write into the region
 *   4 KICK   ring the remote's doorbell of the ring
 *   5 PUMP   let both sides process their doorbells
 *   6 FLAGS  u16 avail flags, u16 used_event
 *   7 MSG    u8 slot, u32 src, u32 dst, u8 n, n bytes: a well-formed
 *            rpmsg message in a pool buffer, its descriptor, published
 *            on vq 1
 *   8 SEND   u8 n: the remote sends n bytes (rpmsg_trysend()), taking
 *            a buffer from vq 0
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>

#include "fuzz_host.h"

/* Rings and pool fill the region's allocation exactly (two 8 KiB rings,
 * 8 x 512 bytes), so that a write past its end is one ASan sees. */
#define NUM_BUFS 8u
#define BUF_SIZE 512u

static int sink(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	volatile const uint8_t *p = data;
	size_t i;

	(void)ept;
	(void)priv;
	(void)src;
	for (i = 0; i < len; i++)
		(void)p[i];
	return 0;
}

static const struct rpmsg_device_id ids[] = { { "fuzz" }, { "" } };
static const struct rpmsg_driver drv = {
	.name = "fuzz", .id_table = ids, .callback = sink,
};

struct hostile {
	struct rpmsg_inproc *link;
	struct rpmsg_virtio_device *remote;
	struct rpmsg_endpoint *sender;
	uint8_t *region;
	size_t region_size;
	uint64_t region_da;
	struct fuzz_ring vq[2];
	size_t pool_off;
};

static void run(struct hostile *h, struct fuzz_prog *pr)
{
	uint8_t op, buf[BUF_SIZE];
	uint32_t a, b, src, dst;
	unsigned int q;
	struct fuzz_ring *r;
	uint16_t slot;
	int err = 0;
	uint8_t n, i;

	while (!err && pr->n) {
		op = fuzz_u8(pr, &err);
		q = op & 0x40 ? 0 : 1;
		r = &h->vq[q];
		switch (op & 0x3f) {
		case 0:
			slot = fuzz_u8(pr, &err);
			a = fuzz_u32(pr, &err);
			b = fuzz_u32(pr, &err);
			n = fuzz_u8(pr, &err);
			i = fuzz_u8(pr, &err);
			fuzz_ring_desc(r, slot,
				       op & 0x80 ? a : h->region_da + a, b, n,
				       i);
			break;
		case 1:
			n = fuzz_u8(pr, &err);
			for (i = 0; i < n && !err; i++)
				fuzz_ring_push(r, fuzz_u16(pr, &err));
			break;
		case 2:
			fuzz_ring_set_idx(r, fuzz_u16(pr, &err));
			break;
		case 3:
			a = fuzz_u32(pr, &err);
			n = fuzz_u8(pr, &err);
			if (!err && !fuzz_take(pr, buf, n))
				fuzz_write_region(h->region, h->region_size,
						  a, buf, n);
			break;
		case 4:
			rpmsg_virtio_notified(h->remote, q);
			break;
		case 5:
			rpmsg_inproc_pump(h->link);
			break;
		case 6:
			fuzz_st16(r->avail, fuzz_u16(pr, &err));
			fuzz_st16(r->avail + 4 + 2u * r->num, fuzz_u16(pr, &err));
			break;
		case 7:
			slot = fuzz_u8(pr, &err) % NUM_BUFS;
			src = fuzz_u32(pr, &err);
			dst = fuzz_u32(pr, &err);
			n = fuzz_u8(pr, &err);
			if (err || fuzz_take(pr, buf + 16, n))
				break;
			memset(buf, 0, 16);
			memcpy(buf, &src, 4);
			memcpy(buf + 4, &dst, 4);
			buf[12] = n;
			a = (uint32_t)(h->pool_off + slot * BUF_SIZE);
			fuzz_write_region(h->region, h->region_size, a, buf,
					  16u + n);
			fuzz_ring_desc(&h->vq[1], slot, h->region_da + a,
				       16u + n, 0, 0);
			fuzz_ring_push(&h->vq[1], slot);
			rpmsg_virtio_notified(h->remote, 1);
			break;
		case 8:
			n = fuzz_u8(pr, &err);
			memset(buf, 0x5a, n);
			(void)rpmsg_trysend(h->sender, buf, n);
			break;
		default:
			break;
		}
	}
	rpmsg_virtio_notified(h->remote, 1);
}

static void ring_at(struct fuzz_ring *r, const struct rpmsg_virtqueue *vq)
{
	r->num = vq->num;
	r->desc = vq->ring;
	r->avail = r->desc + 16u * r->num;
	r->avail_idx = (uint16_t)(r->avail[2] | r->avail[3] << 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_inproc_config cfg = {
		.num_bufs = NUM_BUFS,
		.buf_size = BUF_SIZE,
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
	};
	struct fuzz_prog pr = { data, size };
	struct rpmsg_endpoint rept, sept;
	struct hostile h;

	memset(&h, 0, sizeof(h));
	if (rpmsg_inproc_create(&h.link, &cfg))
		return 0;
	h.remote = rpmsg_inproc_remote_vdev(h.link);
	rpmsg_register_driver(&h.remote->bus, &drv);
	rpmsg_create_ept(&rept, &h.remote->bus, "sink", 1024, RPMSG_ADDR_ANY,
			 sink, NULL);
	if (rpmsg_inproc_start(h.link))
		goto out;

	h.region = rpmsg_inproc_region(h.link, &h.region_size);
	if (rpmsg_mem_va_to_da(h.remote->rvq.mem, h.region, 1, &h.region_da))
		goto out;
	/* The remote's rx ring is vq 1, right after vq 0; the pool follows. */
	ring_at(&h.vq[0], &h.remote->svq);
	ring_at(&h.vq[1], &h.remote->rvq);
	h.pool_off = 2 * (size_t)((const uint8_t *)h.remote->rvq.ring -
				  h.region);
	rpmsg_create_ept(&sept, &h.remote->bus, "src", RPMSG_ADDR_ANY, 1024,
			 sink, NULL);
	h.sender = &sept;
	run(&h, &pr);

	/* The remote can still talk to the host. */
	if (!rpmsg_trysend(&sept, "ping", 4))
		rpmsg_inproc_pump(h.link);
out:
	rpmsg_inproc_destroy(h.link);
	return 0;
}
