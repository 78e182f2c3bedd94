// SPDX-License-Identifier: BSD-3-Clause
/*
 * Split virtqueue, both roles.
 *
 * Three parts: descriptor table (16 bytes per entry), avail ring (flags,
 * idx, ring[num], used_event), used ring (flags, idx, {id, len}[num],
 * avail_event). The legacy layout places them contiguously, the used ring
 * aligned to @align; virtio 1.x lets the driver place each part anywhere.
 */
#include <string.h>

#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include <rpmsg/rpmsg_byteorder.h>
#include "shm.h"
#include "mem_internal.h"
#include "diag.h"

/* Event index in use; a constant 0 when compiled out (RPMSG_CFG_EVENT_IDX),
 * so that the compiler drops every event-index branch. */
#define VQ_EVENT_IDX(vq) (RPMSG_CFG_EVENT_IDX && (vq)->event_idx)

#define DESC_SIZE 16u
#define AVAIL_FLAGS 0u
#define AVAIL_IDX 2u
#define AVAIL_RING 4u
#define USED_FLAGS 0u
#define USED_IDX 2u
#define USED_RING 4u
#define USED_ELEM_SIZE 8u

static bool is_pow2(size_t v)
{
	return v && !(v & (v - 1));
}

size_t rpmsg_vring_size(unsigned int num, size_t align)
{
	size_t avail_end;

	if (!is_pow2(num) || num > RPMSG_VRING_MAX_NUM || !is_pow2(align))
		return 0;
	avail_end = DESC_SIZE * num + AVAIL_RING + 2u * num + 2u;
	avail_end = (avail_end + align - 1) & ~(align - 1);
	return avail_end + USED_RING + USED_ELEM_SIZE * (size_t)num + 2u;
}

/* --- addresses of ring fields ------------------------------------------ */

static volatile uint8_t *desc_at(const struct rpmsg_virtqueue *vq, uint16_t i)
{
	return vq->ring + (size_t)DESC_SIZE * i;
}

static volatile uint8_t *avail_field(const struct rpmsg_virtqueue *vq,
				     size_t off)
{
	return (volatile uint8_t *)vq->avail_base + off;
}

static volatile uint8_t *used_field(const struct rpmsg_virtqueue *vq,
				    size_t off)
{
	return (volatile uint8_t *)vq->used_base + off;
}

static volatile uint8_t *avail_slot(const struct rpmsg_virtqueue *vq,
				    uint16_t idx)
{
	return avail_field(vq, AVAIL_RING + 2u * (idx & (vq->num - 1u)));
}

static volatile uint8_t *used_elem(const struct rpmsg_virtqueue *vq,
				   uint16_t idx)
{
	return used_field(vq, USED_RING +
				      (size_t)USED_ELEM_SIZE *
					      (idx & (vq->num - 1u)));
}

/* used_event sits after the avail ring, avail_event after the used ring. */
static volatile uint8_t *used_event(const struct rpmsg_virtqueue *vq)
{
	return avail_field(vq, AVAIL_RING + 2u * vq->num);
}

static volatile uint8_t *avail_event(const struct rpmsg_virtqueue *vq)
{
	return used_field(vq, USED_RING + (size_t)USED_ELEM_SIZE * vq->num);
}

/* --- typed shared accesses in the device's byte order ------------------ */

/* ld*: a field already invalidated (a whole descriptor at once). */
static uint16_t ld16(const struct rpmsg_virtqueue *vq, volatile uint8_t *p)
{
	return rpmsg_dev16(vq->little_endian, rpmsg_shm_load16(p));
}

static uint32_t ld32(const struct rpmsg_virtqueue *vq, volatile uint8_t *p)
{
	return rpmsg_dev32(vq->little_endian, rpmsg_shm_load32(p));
}

static uint16_t rd16(const struct rpmsg_virtqueue *vq, volatile uint8_t *p)
{
	rpmsg_mem_invalidate_fast(vq->mem, (const void *)p, 2);
	return ld16(vq, p);
}

static uint16_t rd16_acquire(const struct rpmsg_virtqueue *vq,
			     volatile uint8_t *p)
{
	rpmsg_mem_invalidate_fast(vq->mem, (const void *)p, 2);
	return rpmsg_dev16(vq->little_endian, rpmsg_shm_load16_acquire(p));
}

static void wr16(const struct rpmsg_virtqueue *vq, volatile uint8_t *p,
		 uint16_t v)
{
	rpmsg_shm_store16(p, rpmsg_dev16(vq->little_endian, v));
	rpmsg_mem_clean_fast(vq->mem, (const void *)p, 2);
}

static void wr16_release(const struct rpmsg_virtqueue *vq, volatile uint8_t *p,
			 uint16_t v)
{
	rpmsg_shm_store16_release(p, rpmsg_dev16(vq->little_endian, v));
	rpmsg_mem_clean_fast(vq->mem, (const void *)p, 2);
}

static void wr32(const struct rpmsg_virtqueue *vq, volatile uint8_t *p,
		 uint32_t v)
{
	rpmsg_shm_store32(p, rpmsg_dev32(vq->little_endian, v));
	rpmsg_mem_clean_fast(vq->mem, (const void *)p, 4);
}

/* The 64-bit address as two 32-bit halves, low half at the lower address
 * in little-endian order, high half first in big-endian order. */
static bool addr_lo_first(const struct rpmsg_virtqueue *vq)
{
	return vq->little_endian || !RPMSG_CPU_BIG_ENDIAN;
}

static uint64_t ld_addr(const struct rpmsg_virtqueue *vq, volatile uint8_t *d)
{
	uint32_t a = ld32(vq, d), b = ld32(vq, d + 4);

	return addr_lo_first(vq) ? ((uint64_t)b << 32) | a
				 : ((uint64_t)a << 32) | b;
}

static void wr_addr(const struct rpmsg_virtqueue *vq, volatile uint8_t *d,
		    uint64_t v)
{
	uint32_t lo = (uint32_t)v, hi = (uint32_t)(v >> 32);

	wr32(vq, d, addr_lo_first(vq) ? lo : hi);
	wr32(vq, d + 4, addr_lo_first(vq) ? hi : lo);
}

/* The virtio event-index rule: notify if @event lies in (old, new]. */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* --- common ------------------------------------------------------------- */

size_t rpmsg_vring_avail_size(unsigned int num)
{
	return AVAIL_RING + 2u * (size_t)num + 2u;
}

size_t rpmsg_vring_used_size(unsigned int num)
{
	return USED_RING + USED_ELEM_SIZE * (size_t)num + 2u;
}

/* Whether [a, a + la) and [b, b + lb) share a byte. */
static bool overlap(const void *a, size_t la, const void *b, size_t lb)
{
	uintptr_t pa = (uintptr_t)a, pb = (uintptr_t)b;

	return pa < pb + lb && pb < pa + la;
}

int rpmsg_vq_init_split(struct rpmsg_virtqueue *vq, enum rpmsg_vq_role role,
			const struct rpmsg_vring_parts *parts,
			struct rpmsg_vq_slot *slots,
			const struct rpmsg_mem *mem, uint64_t features)
{
	unsigned int i, num;

	/* The driver half belongs to the host role (RPMSG_CFG_HOST_ROLE). */
	if (!vq || !parts || !slots || !mem ||
	    ((!RPMSG_CFG_HOST_ROLE || role != RPMSG_VQ_DRIVER) &&
	     role != RPMSG_VQ_DEVICE))
		return -EINVAL;
	num = parts->num;
	/* Alignment the split ring requires (virtio 1.x 2.7): 16 for the
	 * descriptors, 2 for the avail ring, 4 for the used ring, whose
	 * 32-bit words are accessed atomically. */
	if (!is_pow2(num) || num > RPMSG_VRING_MAX_NUM || !parts->desc ||
	    !parts->avail || !parts->used ||
	    ((uintptr_t)parts->desc & 15u) || ((uintptr_t)parts->avail & 1u) ||
	    ((uintptr_t)parts->used & 3u))
		return -EINVAL;
	/* Parts that share memory would let our writes to one move the
	 * indices we read from another (a used index written over the avail
	 * index keeps a device's rx loop from ever seeing the ring empty). */
	if (overlap(parts->desc, (size_t)DESC_SIZE * num, parts->avail,
		    rpmsg_vring_avail_size(num)) ||
	    overlap(parts->desc, (size_t)DESC_SIZE * num, parts->used,
		    rpmsg_vring_used_size(num)) ||
	    overlap(parts->avail, rpmsg_vring_avail_size(num), parts->used,
		    rpmsg_vring_used_size(num)))
		return -EINVAL;

	memset(vq, 0, sizeof(*vq));
	vq->ring = parts->desc;
	vq->avail_base = parts->avail;
	vq->used_base = parts->used;
	vq->slots = slots;
	vq->mem = mem;
	vq->num = (uint16_t)num;
	vq->role = (uint8_t)role;
	vq->little_endian = (features >> RPMSG_VIRTIO_F_VERSION_1) & 1u;
	vq->event_idx = RPMSG_CFG_EVENT_IDX &&
			((features >> RPMSG_VIRTIO_F_EVENT_IDX) & 1u);

	for (i = 0; i < num; i++) {
		slots[i].buf = NULL;
		slots[i].len = 0;
		slots[i].busy = 0;
		slots[i].next_free = (uint16_t)(i + 1);
	}
	if (RPMSG_CFG_HOST_ROLE && role == RPMSG_VQ_DRIVER) {
		/* The driver owns the ring's initial state. */
		memset(parts->desc, 0, (size_t)DESC_SIZE * num);
		memset(parts->avail, 0, rpmsg_vring_avail_size(num));
		memset(parts->used, 0, rpmsg_vring_used_size(num));
		rpmsg_mem_clean(mem, parts->desc, (size_t)DESC_SIZE * num);
		rpmsg_mem_clean(mem, parts->avail, rpmsg_vring_avail_size(num));
		rpmsg_mem_clean(mem, parts->used, rpmsg_vring_used_size(num));
		vq->num_free = (uint16_t)num;
	} else {
		/* The ring is the driver's: adopt the used index it left
		 * rather than restart from 0. A Linux driver leaves 0; an
		 * RPMsg-Lite master preloads its free tx buffers there
		 * (used.idx = N, avail empty) and takes a buffer by
		 * consuming that ring, so publishing 1, 2, ... over its N
		 * would hide every buffer we give back. Any value is safe:
		 * the index is only ever compared modulo 2^16, never used
		 * to address memory unmasked. The avail side starts at 0,
		 * where every driver starts publishing. */
		vq->used_idx = rd16(vq, used_field(vq, USED_IDX));
		vq->signalled_idx = vq->used_idx;
	}
	return 0;
}

int rpmsg_vring_parts_legacy(struct rpmsg_vring_parts *parts, void *ring,
			     unsigned int num, size_t align)
{
	size_t size = rpmsg_vring_size(num, align);

	/* The used ring holds 32-bit words: it needs at least 4-byte
	 * alignment for its single-copy atomic accesses. */
	if (!parts || !ring || !size || align < 4u || ((uintptr_t)ring & 15u))
		return -EINVAL;
	parts->desc = ring;
	parts->avail = (uint8_t *)ring + (size_t)DESC_SIZE * num;
	parts->used = (uint8_t *)ring + size - rpmsg_vring_used_size(num);
	parts->num = num;
	return 0;
}

int rpmsg_vq_init(struct rpmsg_virtqueue *vq, enum rpmsg_vq_role role,
		  void *ring, unsigned int num, size_t align,
		  struct rpmsg_vq_slot *slots, const struct rpmsg_mem *mem,
		  uint64_t features)
{
	struct rpmsg_vring_parts parts;

	if (rpmsg_vring_parts_legacy(&parts, ring, num, align) ||
	    (role != RPMSG_VQ_DRIVER && role != RPMSG_VQ_DEVICE))
		return -EINVAL;
	if (role == RPMSG_VQ_DRIVER && vq && slots && mem) {
		/* Padding included: the whole area starts in a known state. */
		memset(ring, 0, rpmsg_vring_size(num, align));
	}
	return rpmsg_vq_init_split(vq, role, &parts, slots, mem, features);
}

void rpmsg_vq_set_always_notify(struct rpmsg_virtqueue *vq, bool on)
{
	if (vq)
		vq->always_notify = on;
}

bool rpmsg_vq_is_broken(const struct rpmsg_virtqueue *vq)
{
	return !vq || vq->broken;
}

bool rpmsg_vq_pending(struct rpmsg_virtqueue *vq)
{
	if (!vq || vq->broken)
		return false;
	if (vq->role == RPMSG_VQ_DRIVER)
		return rd16_acquire(vq, used_field(vq, USED_IDX)) !=
		       vq->last_used;
	return rd16_acquire(vq, avail_field(vq, AVAIL_IDX)) != vq->last_avail;
}

/* --- driver role -------------------------------------------------------- */

int rpmsg_vq_add_buf(struct rpmsg_virtqueue *vq, void *buf, uint32_t len,
		     bool device_writes)
{
	volatile uint8_t *d;
	uint64_t da;
	uint16_t id;

	if (!vq || vq->role != RPMSG_VQ_DRIVER || !buf || !len)
		return -EINVAL;
	if (vq->broken)
		return -EIO;
	if (rpmsg_mem_va_to_da_fast(vq->mem, buf, len, &da))
		return -EINVAL;
	if (!vq->num_free)
		return -ENOSPC;

	id = vq->free_head;
	if (id >= vq->num) {
		/* Our free list is private: this does not happen. */
		vq->broken = true;
		return -EIO;
	}
	vq->free_head = vq->slots[id].next_free;
	vq->num_free--;
	vq->slots[id].buf = buf;
	vq->slots[id].len = len;
	vq->slots[id].busy = 1;

	d = desc_at(vq, id);
	wr_addr(vq, d, da);
	wr32(vq, d + 8, len);
	wr16(vq, d + 12,
	     (uint16_t)(device_writes ? RPMSG_VRING_DESC_F_WRITE : 0u));
	wr16(vq, d + 14, 0);
	wr16(vq, avail_slot(vq, vq->avail_idx), id);
	/* Descriptor and ring entry become visible before the new index. */
	vq->avail_idx++;
	wr16_release(vq, avail_field(vq, AVAIL_IDX), vq->avail_idx);
	return 0;
}

bool rpmsg_vq_kick_prepare(struct rpmsg_virtqueue *vq)
{
	uint16_t old, new_idx;

	if (!vq || vq->role != RPMSG_VQ_DRIVER)
		return false;
	old = vq->kicked_idx;
	new_idx = vq->avail_idx;
	/* Our index store must be ordered before the read of the device's
	 * suppression state, or both sides could decide not to wake. */
	rpmsg_shm_fence();
	vq->kicked_idx = new_idx;
	if (vq->always_notify)
		return new_idx != old;
	if (VQ_EVENT_IDX(vq))
		return need_event(rd16(vq, avail_event(vq)), new_idx, old);
	return !(rd16(vq, used_field(vq, USED_FLAGS)) &
		 RPMSG_VRING_USED_F_NO_NOTIFY);
}

int rpmsg_vq_get_used(struct rpmsg_virtqueue *vq, void **buf, uint32_t *len)
{
	struct rpmsg_vq_slot *slot;
	uint16_t used_idx, pending, id16;
	uint32_t id, ulen;
	volatile uint8_t *e;

	if (!vq || vq->role != RPMSG_VQ_DRIVER || !buf || !len)
		return -EINVAL;
	*buf = NULL;
	*len = 0;
	if (vq->broken)
		return -EIO;

	used_idx = rd16_acquire(vq, used_field(vq, USED_IDX));
	pending = (uint16_t)(used_idx - vq->last_used);
	if (!pending && VQ_EVENT_IDX(vq) && !vq->cb_disabled) {
		/* Empty: our used_event store (with the last entry taken)
		 * must be ordered before a second look at the index, or the
		 * device could read the old event while we miss its new
		 * entry, and neither side would wake the other. One fence
		 * per emptied ring, not per entry. tests/test_vq_wakeup.c
		 * replays the race under total store order. */
		rpmsg_shm_fence();
		used_idx = rd16_acquire(vq, used_field(vq, USED_IDX));
		pending = (uint16_t)(used_idx - vq->last_used);
	}
	if (!pending)
		return -EAGAIN;
	/* The device cannot return more than we have posted. */
	/* check: VQ-USED-IDX */
	if (pending > (uint16_t)(vq->num - vq->num_free)) {
		vq->broken = true;
		return RPMSG_REFUSE(vq->why, -EIO,
				    "the peer's used index ran ahead of the "
				    "buffers posted (ring broken)");
	}

	e = used_elem(vq, vq->last_used);
	rpmsg_mem_invalidate_fast(vq->mem, (const void *)e, USED_ELEM_SIZE);
	id = ld32(vq, e);
	ulen = ld32(vq, e + 4);
	vq->last_used++;
	if (VQ_EVENT_IDX(vq) && !vq->cb_disabled)
		wr16(vq, used_event(vq), vq->last_used);

	/* check: VQ-USED-ID VQ-USED-POSTED */
	if (id >= vq->num || !vq->slots[id].busy)
		return RPMSG_REFUSE(vq->why, -EBADMSG,
				    "the peer returned a used id that is out of "
				    "range or not posted");
	id16 = (uint16_t)id;
	slot = &vq->slots[id16];
	*buf = slot->buf;
	slot->busy = 0;
	slot->next_free = vq->free_head;
	vq->free_head = id16;
	vq->num_free++;
	/* check: VQ-USED-LEN */
	if (ulen > slot->len)
		return RPMSG_REFUSE(vq->why, -EBADMSG,
				    "the peer's used length exceeds the buffer");
	*len = ulen;
	return 0;
}

bool rpmsg_vq_enable_cb(struct rpmsg_virtqueue *vq)
{
	if (!vq || vq->role != RPMSG_VQ_DRIVER)
		return false;
	vq->cb_disabled = false;
	if (VQ_EVENT_IDX(vq))
		wr16(vq, used_event(vq), vq->last_used);
	else
		wr16(vq, avail_field(vq, AVAIL_FLAGS), 0);
	/* The enable must be visible before we look for work, or a buffer
	 * returned in between would neither be seen nor signalled. */
	rpmsg_shm_fence();
	return rpmsg_vq_pending(vq);
}

void rpmsg_vq_disable_cb(struct rpmsg_virtqueue *vq)
{
	if (!vq || vq->role != RPMSG_VQ_DRIVER)
		return;
	vq->cb_disabled = true;
	if (VQ_EVENT_IDX(vq))
		wr16(vq, used_event(vq), (uint16_t)(vq->last_used - 1u));
	else
		wr16(vq, avail_field(vq, AVAIL_FLAGS),
		     RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
}

/* --- device role -------------------------------------------------------- */

int rpmsg_vq_get_avail(struct rpmsg_virtqueue *vq, uint16_t *id, void **buf,
		       uint32_t *len)
{
	uint16_t avail_idx, pending, head, flags;
	volatile uint8_t *d;
	uint32_t dlen;
	uint64_t addr;
	void *p;

	if (!vq || vq->role != RPMSG_VQ_DEVICE || !id || !buf || !len)
		return -EINVAL;
	*buf = NULL;
	*len = 0;
	if (vq->broken)
		return -EIO;

	avail_idx = rd16_acquire(vq, avail_field(vq, AVAIL_IDX));
	pending = (uint16_t)(avail_idx - vq->last_avail);
	if (!pending && VQ_EVENT_IDX(vq) && !vq->notify_disabled) {
		/* Empty: as in rpmsg_vq_get_used(), our avail_event store
		 * is ordered before the second look at the index. */
		rpmsg_shm_fence();
		avail_idx = rd16_acquire(vq, avail_field(vq, AVAIL_IDX));
		pending = (uint16_t)(avail_idx - vq->last_avail);
	}
	if (!pending)
		return -EAGAIN;
	/* The driver owns num descriptors: what it offers plus what we hold
	 * cannot exceed that. */
	/* check: VQ-AVAIL-IDX */
	if ((uint32_t)pending + vq->in_flight > vq->num) {
		vq->broken = true;
		return RPMSG_REFUSE(vq->why, -EIO,
				    "the peer's avail index ran more than the "
				    "ring size ahead (ring broken)");
	}

	head = rd16(vq, avail_slot(vq, vq->last_avail));
	vq->last_avail++;
	if (VQ_EVENT_IDX(vq) && !vq->notify_disabled)
		wr16(vq, avail_event(vq), vq->last_avail);
	/* check: VQ-AVAIL-HEAD VQ-AVAIL-HELD */
	if (head >= vq->num || vq->slots[head].busy)
		return RPMSG_REFUSE(vq->why, -EBADMSG,
				    "the peer's avail entry names a descriptor "
				    "out of range or already held");

	d = desc_at(vq, head);
	rpmsg_mem_invalidate_fast(vq->mem, (const void *)d, DESC_SIZE);
	addr = ld_addr(vq, d);
	dlen = ld32(vq, d + 8);
	flags = ld16(vq, d + 12);

	vq->slots[head].busy = 1;
	vq->slots[head].len = dlen;
	vq->in_flight++;
	p = NULL;
	/* check: VQ-DESC-NEXT VQ-DESC-INDIRECT VQ-DESC-EMPTY */
	if (!(flags & (RPMSG_VRING_DESC_F_NEXT | RPMSG_VRING_DESC_F_INDIRECT)) &&
	    dlen)
		p = rpmsg_mem_da_to_va_fast(vq->mem, addr, dlen);
	if (!p) {
		/* Give the malformed buffer back untouched: it is the
		 * driver's, and keeping it would shrink the pool. */
		rpmsg_vq_put_used(vq, head, 0);
		return RPMSG_REFUSE(vq->why, -EBADMSG,
				    "a descriptor chains, is empty or lies "
				    "outside the shared region");
	}
	vq->slots[head].buf = p;
	*id = head;
	*buf = p;
	*len = dlen;
	return 0;
}

int rpmsg_vq_put_used(struct rpmsg_virtqueue *vq, uint16_t id, uint32_t len)
{
	volatile uint8_t *e;

	if (!vq || vq->role != RPMSG_VQ_DEVICE || id >= vq->num ||
	    !vq->slots[id].busy || len > vq->slots[id].len)
		return -EINVAL;

	e = used_elem(vq, vq->used_idx);
	wr32(vq, e, id);
	wr32(vq, e + 4, len);
	vq->slots[id].busy = 0;
	vq->slots[id].buf = NULL;
	vq->in_flight--;
	vq->used_idx++;
	wr16_release(vq, used_field(vq, USED_IDX), vq->used_idx);
	return 0;
}

bool rpmsg_vq_notify_prepare(struct rpmsg_virtqueue *vq)
{
	uint16_t old, new_idx;

	if (!vq || vq->role != RPMSG_VQ_DEVICE)
		return false;
	old = vq->signalled_idx;
	new_idx = vq->used_idx;
	rpmsg_shm_fence();
	vq->signalled_idx = new_idx;
	if (vq->always_notify)
		return new_idx != old;
	if (VQ_EVENT_IDX(vq))
		return need_event(rd16(vq, used_event(vq)), new_idx, old);
	return !(rd16(vq, avail_field(vq, AVAIL_FLAGS)) &
		 RPMSG_VRING_AVAIL_F_NO_INTERRUPT);
}

bool rpmsg_vq_enable_notify(struct rpmsg_virtqueue *vq)
{
	if (!vq || vq->role != RPMSG_VQ_DEVICE)
		return false;
	vq->notify_disabled = false;
	if (VQ_EVENT_IDX(vq))
		wr16(vq, avail_event(vq), vq->last_avail);
	else
		wr16(vq, used_field(vq, USED_FLAGS), 0);
	rpmsg_shm_fence();
	return rpmsg_vq_pending(vq);
}

void rpmsg_vq_disable_notify(struct rpmsg_virtqueue *vq)
{
	if (!vq || vq->role != RPMSG_VQ_DEVICE)
		return;
	vq->notify_disabled = true;
	if (VQ_EVENT_IDX(vq))
		wr16(vq, avail_event(vq), (uint16_t)(vq->last_avail - 1u));
	else
		wr16(vq, used_field(vq, USED_FLAGS),
		     RPMSG_VRING_USED_F_NO_NOTIFY);
}

void *rpmsg_vq_slot_buf(const struct rpmsg_virtqueue *vq, uint16_t id)
{
	if (!vq || vq->role != RPMSG_VQ_DEVICE || id >= vq->num ||
	    !vq->slots[id].busy)
		return NULL;
	return vq->slots[id].buf;
}
