// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the remote's inbound path as a hostile host drives it.
 *
 * A real host and remote are linked in one process, started, with the name
 * service on. The input is then a program for a hostile host that owns
 * vq 1 (the host's tx ring, the remote's rx ring): it writes descriptors
 * (any address, length, flags and next), avail ring entries, the avail
 * index and the avail flags/used_event words, and any bytes anywhere in
 * the shared region, and rings the remote's doorbell. The remote must
 * validate everything it reads; ASan and UBSan catch what it does not.
 * Finally the remote must still be able to send.
 *
 * Program: a sequence of records, each an opcode byte then its operands
 * (little endian):
 *   0 DESC   u8 idx, u32 addr, u32 len, u8 flags, u8 next  (addr: offset
 *            into the region; opcode 0x80 makes it a raw device address)
 *   1 PUSH   u8 count, count x u16 head: publish avail entries
 *   2 IDX    u16: store the avail index as is
 *   3 DATA   u32 offset, u8 n, n bytes: write into the region
 *   4 KICK   ring the remote's vq 1 doorbell
 *   5 PUMP   let both sides process their doorbells
 *   6 FLAGS  u16 avail flags, u16 used_event
 *   7 MSG    u8 slot, u32 src, u32 dst, u8 n, n bytes: a well-formed
 *            rpmsg message in a pool buffer, its descriptor, published
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>

#define NUM_BUFS 8u
#define BUF_SIZE 128u

struct prog {
	const uint8_t *p;
	size_t n;
};

static int take(struct prog *pr, void *out, size_t len)
{
	if (pr->n < len)
		return -1;
	memcpy(out, pr->p, len);
	pr->p += len;
	pr->n -= len;
	return 0;
}

static uint32_t get_u32(struct prog *pr, int *err)
{
	uint8_t b[4] = { 0 };

	*err |= take(pr, b, 4);
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint16_t get_u16(struct prog *pr, int *err)
{
	uint8_t b[2] = { 0 };

	*err |= take(pr, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint8_t get_u8(struct prog *pr, int *err)
{
	uint8_t b = 0;

	*err |= take(pr, &b, 1);
	return b;
}

/* Stores into the shared ring, little endian (VERSION_1 is negotiated). */
static void st16(volatile uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void st32(volatile uint8_t *p, uint32_t v)
{
	st16(p, (uint16_t)v);
	st16(p + 2, (uint16_t)(v >> 16));
}

static void st64(volatile uint8_t *p, uint64_t v)
{
	st32(p, (uint32_t)v);
	st32(p + 4, (uint32_t)(v >> 32));
}

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
	uint8_t *region;
	size_t region_size;
	uint64_t region_da;
	volatile uint8_t *desc, *avail;
	size_t pool_off;
	uint16_t num;
	uint16_t avail_idx;
};

static void write_desc(struct hostile *h, uint16_t idx, uint64_t addr,
		       uint32_t len, uint16_t flags, uint16_t next)
{
	volatile uint8_t *d = h->desc + 16u * (idx % h->num);

	st64(d, addr);
	st32(d + 8, len);
	st16(d + 12, flags);
	st16(d + 14, next);
}

static void push(struct hostile *h, uint16_t head)
{
	st16(h->avail + 4 + 2u * (h->avail_idx % h->num), head);
	h->avail_idx++;
	st16(h->avail + 2, h->avail_idx);
}

static void write_region(struct hostile *h, uint32_t off, const uint8_t *src,
			 size_t n)
{
	off %= h->region_size;
	if (n > h->region_size - off)
		n = h->region_size - off;
	memcpy(h->region + off, src, n);
}

static void run(struct hostile *h, struct prog *pr)
{
	uint8_t op, buf[255 + 16];
	uint32_t a, b, src, dst;
	uint16_t slot;
	int err = 0;
	uint8_t n, i;

	while (!err && pr->n) {
		op = get_u8(pr, &err);
		switch (op & 0x7f) {
		case 0:
			slot = get_u8(pr, &err);
			a = get_u32(pr, &err);
			b = get_u32(pr, &err);
			n = get_u8(pr, &err);
			i = get_u8(pr, &err);
			write_desc(h, slot,
				   op & 0x80 ? a : h->region_da + a, b, n, i);
			break;
		case 1:
			n = get_u8(pr, &err);
			for (i = 0; i < n && !err; i++)
				push(h, get_u16(pr, &err));
			break;
		case 2:
			h->avail_idx = get_u16(pr, &err);
			st16(h->avail + 2, h->avail_idx);
			break;
		case 3:
			a = get_u32(pr, &err);
			n = get_u8(pr, &err);
			if (!err && !take(pr, buf, n))
				write_region(h, a, buf, n);
			break;
		case 4:
			rpmsg_virtio_notified(h->remote, 1);
			break;
		case 5:
			rpmsg_inproc_pump(h->link);
			break;
		case 6:
			st16(h->avail, get_u16(pr, &err));
			st16(h->avail + 4 + 2u * h->num, get_u16(pr, &err));
			break;
		case 7:
			slot = get_u8(pr, &err) % NUM_BUFS;
			src = get_u32(pr, &err);
			dst = get_u32(pr, &err);
			n = get_u8(pr, &err);
			if (err || take(pr, buf + 16, n))
				break;
			if (n > BUF_SIZE - 16)
				n = BUF_SIZE - 16;
			memset(buf, 0, 16);
			memcpy(buf, &src, 4);
			memcpy(buf + 4, &dst, 4);
			buf[12] = n;
			a = (uint32_t)(h->pool_off + slot * BUF_SIZE);
			write_region(h, a, buf, 16u + n);
			write_desc(h, slot, h->region_da + a, 16u + n, 0, 0);
			push(h, slot);
			rpmsg_virtio_notified(h->remote, 1);
			break;
		default:
			break;
		}
	}
	rpmsg_virtio_notified(h->remote, 1);
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
	struct prog pr = { data, size };
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
	h.num = h.remote->rvq.num;
	h.desc = h.remote->rvq.ring;
	h.avail = h.desc + 16u * h.num;
	h.pool_off = 2 * (size_t)((const uint8_t *)h.remote->rvq.ring -
				  h.region);
	h.avail_idx = (uint16_t)(h.avail[2] | h.avail[3] << 8);
	run(&h, &pr);

	/* The remote can still talk to the host. */
	rpmsg_create_ept(&sept, &h.remote->bus, "src", RPMSG_ADDR_ANY, 1024,
			 sink, NULL);
	if (!rpmsg_trysend(&sept, "ping", 4))
		rpmsg_inproc_pump(h.link);
out:
	rpmsg_inproc_destroy(h.link);
	return 0;
}
