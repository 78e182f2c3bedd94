// SPDX-License-Identifier: BSD-3-Clause
/*
 * Ring-level test fixture (peer_sim.h): region, ring words, doorbells and a
 * simulated clock.
 */
#include "peer_sim.h"

#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>

#include <rpmsg/rpmsg_byteorder.h>

#define MTU (SIM_BUF - RPMSG_HDR_SIZE)

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

struct sim *sim_new(unsigned int num, size_t align)
{
	struct sim *s = calloc(1, sizeof(*s));
	size_t ring_bytes, slot, off;
	unsigned int i;

	if (!s || num > SIM_MAX_NUM)
		goto fail;
	ring_bytes = rpmsg_vring_size(num, align);
	if (!ring_bytes)
		goto fail;
	slot = align_up(ring_bytes, align < 16 ? 16 : align);
	s->num = num;
	s->align = align;
	s->size = 2 * slot + 2u * num * SIM_BUF;
	/* Aligned for the rings; exactly s->size bytes long so that any
	 * access past the end is caught. */
	s->region = aligned_alloc(align < 16 ? 16 : align,
				  align_up(s->size, align < 16 ? 16 : align));
	if (!s->region)
		goto fail;
	s->size = align_up(s->size, align < 16 ? 16 : align);
	memset(s->region, 0, 2 * slot);
	memset(s->region + 2 * slot, 0xEE, s->size - 2 * slot);
	for (i = 0; i < 2; i++) {
		off = i * slot;
		s->ring[i].num = num;
		s->ring[i].desc = s->region + off;
		s->ring[i].avail = s->region + off + 16u * num;
		s->ring[i].used = s->region + off +
				  align_up(16u * num + 6u + 2u * num, align);
	}
	s->bufs = s->region + 2 * slot;
	/* Legacy rings (no VERSION_1) are in the CPU's order. */
	s->le = !RPMSG_CPU_BIG_ENDIAN;
	if (rpmsg_mem_init_linear(&s->mem, s->region, SIM_DA, s->size))
		goto fail;
	return s;
fail:
	sim_free(s);
	return NULL;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	free(s->region);
	free(s);
}

uint64_t sim_buf_da(const struct sim *s, unsigned int i)
{
	return SIM_DA + (uint64_t)(sim_buf(s, i) - s->region);
}

uint8_t *sim_buf(const struct sim *s, unsigned int i)
{
	return s->bufs + (size_t)i * SIM_BUF;
}

uint8_t *sim_da_to_va(const struct sim *s, uint64_t da, size_t len)
{
	if (da < SIM_DA || da - SIM_DA > s->size ||
	    len > s->size - (size_t)(da - SIM_DA))
		return NULL;
	return s->region + (da - SIM_DA);
}

struct rpmsg_virtio_config sim_config(struct sim *s,
				      enum rpmsg_virtio_role role,
				      uint64_t features, uint32_t peer)
{
	struct rpmsg_virtio_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.role = role;
	cfg.link = role == RPMSG_VIRTIO_REMOTE ? &sim_remote_link
					       : &sim_host_link;
	cfg.link_ctx = s;
	cfg.os = &sim_os_ops;
	cfg.os_ctx = s;
	cfg.mem = &s->mem;
	cfg.vring[0] = s->ring[0].desc;
	cfg.vring[1] = s->ring[1].desc;
	cfg.vring_num = s->num;
	cfg.vring_align = s->align;
	cfg.slots[0] = s->slots[0];
	cfg.slots[1] = s->slots[1];
	cfg.buf_size = SIM_BUF;
	cfg.features = features;
	cfg.peer = peer;
	if (role == RPMSG_VIRTIO_HOST) {
		cfg.buffers = s->bufs;
		cfg.num_bufs = 2 * s->num;
		cfg.buf_state = s->buf_state;
	}
	return cfg;
}

/* --- OS port -------------------------------------------------------------- */

static void sim_lock(void *ctx)
{
	(void)ctx;
}

static int sim_wait(void *ctx, uint64_t deadline_ns)
{
	struct sim *s = ctx;

	s->waits++;
	if (s->now_ns >= deadline_ns) {
		s->timeouts++;
		return -ETIMEDOUT;
	}
	s->woken = false;
	if (s->idle)
		s->idle(s);
	if (s->woken)
		return 0;
	/* Nobody woke us: the whole wait passes. */
	s->now_ns = deadline_ns;
	s->timeouts++;
	return -ETIMEDOUT;
}

static void sim_wake(void *ctx)
{
	((struct sim *)ctx)->woken = true;
}

static uint64_t sim_now(void *ctx)
{
	return ((struct sim *)ctx)->now_ns;
}

static uintptr_t sim_thread(void *ctx)
{
	(void)ctx;
	return 1;
}

const struct rpmsg_os_ops sim_os_ops = {
	.lock = sim_lock,
	.unlock = sim_lock,
	.wait = sim_wait,
	.wake = sim_wake,
	.now_ns = sim_now,
	.thread_id = sim_thread,
};

/* --- link ----------------------------------------------------------------- */

static uint8_t sim_get_status(void *ctx)
{
	return ((struct sim *)ctx)->status;
}

static void sim_set_status(void *ctx, uint8_t status)
{
	((struct sim *)ctx)->status = status;
}

static uint64_t sim_get_device_features(void *ctx)
{
	return ((struct sim *)ctx)->device_features;
}

static uint64_t sim_get_driver_features(void *ctx)
{
	return ((struct sim *)ctx)->driver_features;
}

static void sim_set_driver_features(void *ctx, uint64_t f)
{
	((struct sim *)ctx)->driver_features = f;
}

static void sim_remote_notify(void *ctx, unsigned int vq)
{
	struct sim *s = ctx;

	if (vq < 2) {
		s->to_host[vq]++;
		s->rang_host[vq]++;
	}
}

static void sim_host_notify(void *ctx, unsigned int vq)
{
	struct sim *s = ctx;

	if (vq < 2)
		s->to_remote[vq]++;
}

const struct rpmsg_virtio_link_ops sim_remote_link = {
	.get_status = sim_get_status,
	.get_device_features = sim_get_device_features,
	.get_driver_features = sim_get_driver_features,
	.notify = sim_remote_notify,
};

const struct rpmsg_virtio_link_ops sim_host_link = {
	.get_status = sim_get_status,
	.set_status = sim_set_status,
	.get_device_features = sim_get_device_features,
	.get_driver_features = sim_get_driver_features,
	.set_driver_features = sim_set_driver_features,
	.notify = sim_host_notify,
};

/* --- ring words ----------------------------------------------------------- */

uint16_t sim_rd16(const struct sim *s, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return rpmsg_dev16(s->le, v);
}

uint32_t sim_rd32(const struct sim *s, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return rpmsg_dev32(s->le, v);
}

void sim_wr16(const struct sim *s, uint8_t *p, uint16_t v)
{
	v = rpmsg_dev16(s->le, v);
	memcpy(p, &v, 2);
}

void sim_wr32(const struct sim *s, uint8_t *p, uint32_t v)
{
	v = rpmsg_dev32(s->le, v);
	memcpy(p, &v, 4);
}

static uint8_t *desc(const struct sim *s, unsigned int vq, uint16_t id)
{
	return s->ring[vq].desc + 16u * (id % s->num);
}

void sim_set_desc(struct sim *s, unsigned int vq, uint16_t id, uint64_t da,
		  uint32_t len, uint16_t flags)
{
	uint8_t *d = desc(s, vq, id);

	/* A 64-bit word as two halves, the low one first on this CPU. */
	sim_wr32(s, d + (RPMSG_CPU_BIG_ENDIAN ? 4 : 0), (uint32_t)da);
	sim_wr32(s, d + (RPMSG_CPU_BIG_ENDIAN ? 0 : 4), (uint32_t)(da >> 32));
	sim_wr32(s, d + 8, len);
	sim_wr16(s, d + 12, flags);
	sim_wr16(s, d + 14, 0);
}

uint64_t sim_desc_addr(const struct sim *s, unsigned int vq, uint16_t id)
{
	const uint8_t *d = desc(s, vq, id);
	uint32_t lo = sim_rd32(s, d + (RPMSG_CPU_BIG_ENDIAN ? 4 : 0));
	uint32_t hi = sim_rd32(s, d + (RPMSG_CPU_BIG_ENDIAN ? 0 : 4));

	return ((uint64_t)hi << 32) | lo;
}

uint32_t sim_desc_len(const struct sim *s, unsigned int vq, uint16_t id)
{
	return sim_rd32(s, desc(s, vq, id) + 8);
}

uint16_t sim_avail_flags(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].avail);
}

uint16_t sim_avail_idx(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].avail + 2);
}

uint16_t sim_avail_entry(const struct sim *s, unsigned int vq, uint16_t idx)
{
	return sim_rd16(s, s->ring[vq].avail + 4 + 2u * (idx % s->num));
}

void sim_set_avail_flags(struct sim *s, unsigned int vq, uint16_t flags)
{
	sim_wr16(s, s->ring[vq].avail, flags);
}

void sim_set_avail_entry(struct sim *s, unsigned int vq, uint16_t idx,
			 uint16_t id)
{
	sim_wr16(s, s->ring[vq].avail + 4 + 2u * (idx % s->num), id);
}

void sim_set_avail_idx(struct sim *s, unsigned int vq, uint16_t idx)
{
	sim_wr16(s, s->ring[vq].avail + 2, idx);
}

uint16_t sim_used_event(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].avail + 4 + 2u * s->num);
}

uint16_t sim_avail_event(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].used + 4 + 8u * s->num);
}

uint16_t sim_used_flags(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].used);
}

uint16_t sim_used_idx(const struct sim *s, unsigned int vq)
{
	return sim_rd16(s, s->ring[vq].used + 2);
}

void sim_used_entry(const struct sim *s, unsigned int vq, uint16_t idx,
		    uint32_t *id, uint32_t *len)
{
	const uint8_t *e = s->ring[vq].used + 4 + 8u * (idx % s->num);

	*id = sim_rd32(s, e);
	*len = sim_rd32(s, e + 4);
}

void sim_set_used_flags(struct sim *s, unsigned int vq, uint16_t flags)
{
	sim_wr16(s, s->ring[vq].used, flags);
}

void sim_set_used_entry(struct sim *s, unsigned int vq, uint16_t idx,
			uint32_t id, uint32_t len)
{
	uint8_t *e = s->ring[vq].used + 4 + 8u * (idx % s->num);

	sim_wr32(s, e, id);
	sim_wr32(s, e + 4, len);
}

void sim_set_used_idx(struct sim *s, unsigned int vq, uint16_t idx)
{
	sim_wr16(s, s->ring[vq].used + 2, idx);
}

bool sim_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* --- messages ------------------------------------------------------------- */

void sim_write_msg(const struct sim *s, uint8_t *buf, uint32_t src,
		   uint32_t dst, const void *payload, uint16_t len)
{
	sim_wr32(s, buf, src);
	sim_wr32(s, buf + 4, dst);
	sim_wr32(s, buf + 8, 0);
	sim_wr16(s, buf + 12, len);
	sim_wr16(s, buf + 14, 0);
	if (len)
		memcpy(buf + RPMSG_HDR_SIZE, payload, len);
}

struct sim_hdr sim_read_hdr(const struct sim *s, const uint8_t *buf)
{
	struct sim_hdr h;

	h.src = sim_rd32(s, buf);
	h.dst = sim_rd32(s, buf + 4);
	h.len = sim_rd16(s, buf + 12);
	h.flags = sim_rd16(s, buf + 14);
	return h;
}

void sim_ns_msg(const struct sim *s, uint8_t out[40], const char *name,
		uint32_t addr, uint32_t flags)
{
	memset(out, 0, 40);
	strncpy((char *)out, name, 31);
	sim_wr32(s, out + 32, addr);
	sim_wr32(s, out + 36, flags);
}

void sim_fill(uint8_t *p, size_t len, unsigned int seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seq * 131u + i * 7u + (i >> 8) + 3u);
}

uint16_t sim_size(unsigned int seq)
{
	/* 37 is prime to 496: seq 0..495 visit every size once. */
	return (uint16_t)((seq * 37u) % MTU + 1u);
}
