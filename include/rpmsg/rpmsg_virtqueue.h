/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue (legacy contiguous layout or parts placed anywhere),
 * driver and device roles.
 *
 * The ring lives in memory shared with a peer that is not trusted. Private
 * state (which descriptor holds which buffer, what has been handed out) is
 * kept in caller-provided slots outside shared memory, and every index, id,
 * length and address read from the ring is checked against it. A bad value
 * is reported as a negative errno; a ring whose indices cannot be trusted is
 * marked broken and refuses further work with -EIO.
 *
 * The virtqueue does no locking: its owner serialises calls per role side
 * (all driver calls on one vq under one lock, likewise for device calls).
 */
#ifndef RPMSG_VIRTQUEUE_H
#define RPMSG_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_mem.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RPMSG_VRING_DESC_F_NEXT 1u
#define RPMSG_VRING_DESC_F_WRITE 2u
#define RPMSG_VRING_DESC_F_INDIRECT 4u
#define RPMSG_VRING_AVAIL_F_NO_INTERRUPT 1u
#define RPMSG_VRING_USED_F_NO_NOTIFY 1u

/* Feature bit numbers. */
#define RPMSG_VIRTIO_F_EVENT_IDX 29
#define RPMSG_VIRTIO_F_VERSION_1 32

/* Largest ring the implementation accepts (the spec's limit). */
#define RPMSG_VRING_MAX_NUM 32768u

/** struct rpmsg_vring_desc - one descriptor as laid out in shared memory */
struct rpmsg_vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/** struct rpmsg_vring_used_elem - one used ring entry */
struct rpmsg_vring_used_elem {
	uint32_t id;
	uint32_t len;
};

enum rpmsg_vq_role {
	RPMSG_VQ_DRIVER = 0, /* adds buffers, reads the used ring */
	RPMSG_VQ_DEVICE = 1, /* reads the avail ring, writes the used ring */
};

/**
 * struct rpmsg_vq_slot - private bookkeeping for one descriptor
 *
 * Kept outside shared memory so that nothing the peer writes can change what
 * this side believes it posted. Callers provide an array of @num slots.
 */
struct rpmsg_vq_slot {
	/* private: */
	void *buf;
	uint32_t len;
	uint16_t next_free;
	uint8_t busy;
	uint8_t reserved;
};

/**
 * struct rpmsg_virtqueue - one split ring, seen from one role
 *
 * All fields are private to the implementation.
 */
struct rpmsg_virtqueue {
	/* private: */
	volatile uint8_t *ring;
	uint8_t *avail_base;
	uint8_t *used_base;
	struct rpmsg_vq_slot *slots;
	const struct rpmsg_mem *mem;
	const char *why;	/* the last refusal's reason (RPMSG_CFG_DIAG) */
	uint16_t num;
	uint8_t role;
	bool little_endian;
	bool event_idx;
	bool broken;
	bool cb_disabled;	/* driver: used notifications not wanted */
	bool notify_disabled;	/* device: kicks not wanted */
	bool always_notify;	/* the peer's suppression is not to be trusted */
	/* driver role */
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx;	/* next avail index we publish */
	uint16_t kicked_idx;	/* avail index at the previous kick */
	uint16_t last_used;	/* next used entry to read */
	/* device role */
	uint16_t last_avail;	/* next avail entry to read */
	uint16_t used_idx;	/* next used index we publish */
	uint16_t signalled_idx; /* used index at the previous notification */
	uint16_t in_flight;	/* buffers taken and not yet returned */
};

/**
 * rpmsg_vring_size() - bytes needed by a legacy vring
 * @num: entries, a power of two up to RPMSG_VRING_MAX_NUM
 * @align: alignment of the used ring, a power of two
 *
 * Return: the size, or 0 if @num or @align is invalid.
 */
size_t rpmsg_vring_size(unsigned int num, size_t align);

/**
 * struct rpmsg_vring_parts - where the three parts of one split ring live
 * @desc: descriptor table, 16 x @num bytes, 16-byte aligned
 * @avail: avail ring, rpmsg_vring_avail_size() bytes, 2-byte aligned
 * @used: used ring, rpmsg_vring_used_size() bytes, 4-byte aligned
 * @num: entries, a power of two up to RPMSG_VRING_MAX_NUM
 */
struct rpmsg_vring_parts {
	void *desc;
	void *avail;
	void *used;
	unsigned int num;
};

/** rpmsg_vring_avail_size() - bytes of an avail ring of @num entries */
size_t rpmsg_vring_avail_size(unsigned int num);

/** rpmsg_vring_used_size() - bytes of a used ring of @num entries */
size_t rpmsg_vring_used_size(unsigned int num);

/**
 * rpmsg_vring_parts_legacy() - the parts of a legacy contiguous ring
 * @parts: filled in
 * @ring: start of the ring
 * @num: entries, a power of two
 * @align: used-ring alignment, a power of two, at least 4
 *
 * Return: 0, or -EINVAL for a bad argument.
 */
int rpmsg_vring_parts_legacy(struct rpmsg_vring_parts *parts, void *ring,
			     unsigned int num, size_t align);

/**
 * rpmsg_vq_init_split() - attach to a ring whose parts lie anywhere
 * @vq: the virtqueue to initialise
 * @role: RPMSG_VQ_DRIVER or RPMSG_VQ_DEVICE
 * @parts: the three parts and the ring size (virtio 1.x placement, as a
 *         vhost-user frontend or a modern PCI driver gives them)
 * @slots: @parts->num private slots
 * @mem: the shared region holding the buffers
 * @features: negotiated feature bits (EVENT_IDX, VERSION_1 are used)
 *
 * Same contract as rpmsg_vq_init(). The caller checks that each part lies
 * in memory it may access.
 *
 * Return: 0, or -EINVAL for a bad argument or a misaligned part, or for
 * RPMSG_VQ_DRIVER with the host role compiled out (RPMSG_CFG_HOST_ROLE 0).
 */
int rpmsg_vq_init_split(struct rpmsg_virtqueue *vq, enum rpmsg_vq_role role,
			const struct rpmsg_vring_parts *parts,
			struct rpmsg_vq_slot *slots,
			const struct rpmsg_mem *mem, uint64_t features);

/**
 * rpmsg_vq_init() - attach to a ring in shared memory
 * @vq: the virtqueue to initialise
 * @role: RPMSG_VQ_DRIVER or RPMSG_VQ_DEVICE
 * @ring: start of the ring (descriptor table), aligned to 16 bytes
 * @num: entries, a power of two
 * @align: used ring alignment, as given to rpmsg_vring_size(); at least 4
 *         (the used ring holds 32-bit words accessed atomically)
 * @slots: @num private slots
 * @mem: the shared region holding the buffers (device role: descriptor
 *       addresses are translated and bounds-checked through it)
 * @features: negotiated feature bits (EVENT_IDX, VERSION_1 are used)
 *
 * The driver role clears the ring; the device role must not be initialised
 * before the driver has set the ring up and must not write the ring except
 * through this API.
 *
 * Return: 0, or -EINVAL for a bad argument (RPMSG_VQ_DRIVER included when
 * RPMSG_CFG_HOST_ROLE is 0).
 */
int rpmsg_vq_init(struct rpmsg_virtqueue *vq, enum rpmsg_vq_role role,
		  void *ring, unsigned int num, size_t align,
		  struct rpmsg_vq_slot *slots, const struct rpmsg_mem *mem,
		  uint64_t features);

/**
 * rpmsg_vq_add_buf() - driver: post one buffer and publish it
 * @vq: driver-role virtqueue
 * @buf: the buffer (must lie in @vq's region)
 * @len: its length in bytes
 * @device_writes: true for a buffer the device fills (rx), false for one it
 *                 reads (tx)
 *
 * Return: 0, -ENOSPC when every descriptor is in use, -EINVAL on bad
 * arguments or a buffer outside the region, -EIO if the ring is broken.
 */
int rpmsg_vq_add_buf(struct rpmsg_virtqueue *vq, void *buf, uint32_t len,
		     bool device_writes);

/**
 * rpmsg_vq_kick_prepare() - driver: must the device be notified?
 * @vq: the virtqueue (driver side)
 *
 * Decides from the device's suppression flag or avail_event, after a full
 * barrier, whether the buffers published since the previous call need a
 * notification.
 */
bool rpmsg_vq_kick_prepare(struct rpmsg_virtqueue *vq);

/**
 * rpmsg_vq_get_used() - driver: take one buffer the device returned
 * @vq: driver-role virtqueue
 * @buf: set to the buffer given to rpmsg_vq_add_buf()
 * @len: set to the length the device reports having written
 *
 * Return: 0 with @buf and @len set; -EAGAIN when nothing is pending;
 * -EBADMSG when the entry names a length beyond the buffer (@buf is set so
 * that the caller can post it again, @len is 0) or an id that is out of range
 * or not posted (@buf is NULL, the entry is skipped); -EIO when the used
 * index moved by more than the ring size (the ring is marked broken).
 */
int rpmsg_vq_get_used(struct rpmsg_virtqueue *vq, void **buf, uint32_t *len);

/**
 * rpmsg_vq_enable_cb() - driver: ask to be notified of used buffers
 * @vq: the virtqueue (driver side)
 *
 * Return: true if used buffers arrived meanwhile (process them rather than
 * sleep).
 */
bool rpmsg_vq_enable_cb(struct rpmsg_virtqueue *vq);

/** rpmsg_vq_disable_cb() - driver: ask the device not to notify (a hint). */
void rpmsg_vq_disable_cb(struct rpmsg_virtqueue *vq);

/**
 * rpmsg_vq_get_avail() - device: take the next buffer the driver posted
 * @vq: device-role virtqueue
 * @id: set to the descriptor id to give back to rpmsg_vq_put_used()
 * @buf: set to the buffer, translated and bounds-checked
 * @len: set to its length
 *
 * Return: 0 with the outputs set; -EAGAIN when nothing is pending; -EBADMSG
 * for an entry that was rejected (head out of range or already taken: the
 * entry is skipped; chained, indirect, empty or out-of-region descriptor:
 * the buffer is returned to the driver unused, so that nothing is lost);
 * -EIO when the avail index moved by more than the ring size (broken).
 */
int rpmsg_vq_get_avail(struct rpmsg_virtqueue *vq, uint16_t *id, void **buf,
		       uint32_t *len);

/**
 * rpmsg_vq_put_used() - device: give a buffer back and publish it
 * @vq: device-role virtqueue
 * @id: descriptor id from rpmsg_vq_get_avail()
 * @len: bytes written into the buffer (0 for a buffer only read)
 *
 * Return: 0, or -EINVAL when @id is not a buffer this side holds or @len is
 * larger than it.
 */
int rpmsg_vq_put_used(struct rpmsg_virtqueue *vq, uint16_t id, uint32_t len);

/**
 * rpmsg_vq_notify_prepare() - device: must the driver be notified?
 * @vq: the virtqueue (device side)
 */
bool rpmsg_vq_notify_prepare(struct rpmsg_virtqueue *vq);

/**
 * rpmsg_vq_enable_notify() - device: ask to be kicked when buffers arrive
 * @vq: the virtqueue (device side)
 *
 * Return: true if buffers arrived meanwhile.
 */
bool rpmsg_vq_enable_notify(struct rpmsg_virtqueue *vq);

/** rpmsg_vq_disable_notify() - device: ask the driver not to kick (a hint). */
void rpmsg_vq_disable_notify(struct rpmsg_virtqueue *vq);

/** rpmsg_vq_pending() - true if the peer has published entries not yet read. */
bool rpmsg_vq_pending(struct rpmsg_virtqueue *vq);

/**
 * rpmsg_vq_set_always_notify() - ignore the peer's suppression of doorbells
 * @vq: the virtqueue
 * @on: true: rpmsg_vq_kick_prepare() and rpmsg_vq_notify_prepare() ask for
 *      a doorbell whenever something was published since the last one,
 *      whatever the peer's flags or event index say
 *
 * For a peer that suppresses notifications and still sleeps until one
 * comes. Off after rpmsg_vq_init().
 */
void rpmsg_vq_set_always_notify(struct rpmsg_virtqueue *vq, bool on);

/** rpmsg_vq_is_broken() - true once the peer has corrupted the indices. */
bool rpmsg_vq_is_broken(const struct rpmsg_virtqueue *vq);

/** rpmsg_vq_slot_buf() - device: buffer held under descriptor @id, or NULL. */
void *rpmsg_vq_slot_buf(const struct rpmsg_virtqueue *vq, uint16_t id);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_VIRTQUEUE_H */
