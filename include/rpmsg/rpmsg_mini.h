/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The minimal remote profile: an rpmsg remote (the virtio device side) for
 * firmware that runs in one context, in as little code as the checks allow.
 *
 * One device, endpoints the application owns and registers once, no
 * channels or driver matching, no timeouts (nothing waits: a send without a
 * free buffer returns -EAGAIN), no host role, no zero-copy API, no event
 * index. Everything lives in struct rpmsg_mini, which the caller provides;
 * the module has no global state and calls no allocator.
 *
 * What the host writes is checked as in the full remote: the avail index
 * may run at most num entries ahead, a head must index the descriptor
 * table, a buffer [addr, addr + len) must lie inside the shared window
 * (without overflow) and be 4-byte aligned, a message must hold its 16-byte
 * header and the header's length must fit the buffer; every shared word is
 * read once into a local before it is checked. A host that breaks a ring
 * gets -EIO until it resets the device.
 *
 * Ring words are little endian (virtio 1 byte order, and a legacy host on
 * a little-endian machine, such as Linux on Arm or x86). Shared memory must
 * be coherent (no cache maintenance is done).
 */
#ifndef RPMSG_MINI_H
#define RPMSG_MINI_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_mini;
struct rpmsg_mini_ept;

/**
 * typedef rpmsg_mini_cb - a message arrived for an endpoint
 * @m: the device
 * @ept: the endpoint it was addressed to
 * @data: the payload, in the host's buffer (valid until the return)
 * @len: payload bytes (checked to fit the buffer)
 * @src: the sender's address
 *
 * Runs inside rpmsg_mini_poll(); it may call rpmsg_mini_send(). Its return
 * value is ignored.
 */
typedef int (*rpmsg_mini_cb)(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
			     void *data, uint32_t len, uint32_t src);

/**
 * struct rpmsg_mini_ept - an endpoint at a fixed address
 * @next: the device's list (owned by the module)
 * @name: service name to announce (at most 31 characters), or NULL for
 *        an endpoint that is not announced
 * @addr: the local address, fixed by the application
 * @cb: called for each message to @addr
 * @priv: the application's
 */
struct rpmsg_mini_ept {
	struct rpmsg_mini_ept *next;
	const char *name;
	uint32_t addr;
	rpmsg_mini_cb cb;
	void *priv;
};

/**
 * struct rpmsg_mini_vq - the device's view of one split ring
 * @desc: descriptor table
 * @avail: avail ring (flags, idx, ring[num])
 * @used: used ring (flags, idx, ring[num] of {id, len})
 * @last_avail: next avail entry to take
 * @used_idx: next used entry to write
 */
struct rpmsg_mini_vq {
	volatile uint8_t *desc;
	volatile uint8_t *avail;
	volatile uint8_t *used;
	uint16_t last_avail;
	uint16_t used_idx;
};

/**
 * struct rpmsg_mini - one remote device (fill with rpmsg_mini_init())
 * @link: status, negotiated features and the doorbell
 * @link_ctx: argument of @link's operations
 * @shm: where the shared window lies in our address space
 * @shm_da: its address as the host writes it in descriptors
 * @shm_size: its size in bytes
 * @vq: vq 0 (our sends, into the host's rx buffers), vq 1 (our receives)
 * @num: entries per ring
 * @state: down, announcing, up or broken (private)
 * @epts: the registered endpoints
 */
struct rpmsg_mini {
	const struct rpmsg_virtio_link_ops *link;
	void *link_ctx;
	uint8_t *shm;
	uint64_t shm_da;
	uint32_t shm_size;
	struct rpmsg_mini_vq vq[2];
	uint16_t num;
	uint8_t state;
	struct rpmsg_mini_ept *epts;
};

/**
 * struct rpmsg_mini_config - where the rings and buffers are
 * @link: get_status, get_driver_features and notify are used
 * @link_ctx: argument of @link's operations
 * @vring: the two legacy contiguous rings (vq 0, vq 1)
 * @num: entries per ring, a power of two up to 32768
 * @align: used-ring alignment, a power of two (4096 for Linux, 16 for
 *         RPMsg-Lite)
 * @shm: the shared window holding the host's buffers
 * @shm_da: its device address
 * @shm_size: its size
 */
struct rpmsg_mini_config {
	const struct rpmsg_virtio_link_ops *link;
	void *link_ctx;
	void *vring[2];
	uint32_t num;
	uint32_t align;
	void *shm;
	uint64_t shm_da;
	uint32_t shm_size;
};

/**
 * rpmsg_mini_init() - set up a device, down until the host is ready
 * @m: the device (caller's storage)
 * @cfg: rings, shared window and link
 *
 * Return: 0, or -EINVAL for a missing pointer or a bad @num or @align.
 */
int rpmsg_mini_init(struct rpmsg_mini *m, const struct rpmsg_mini_config *cfg);

/**
 * rpmsg_mini_add_ept() - register an endpoint (before the host is ready)
 * @m: the device
 * @ept: the endpoint, @addr, @cb and @name filled in; it must stay valid
 *
 * Named endpoints are announced through the name service each time the
 * host sets DRIVER_OK, if it accepted VIRTIO_RPMSG_F_NS.
 *
 * Return: 0, or -EINVAL (no callback, the name-service address 53, or
 * an address already taken).
 */
int rpmsg_mini_add_ept(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept);

/**
 * rpmsg_mini_poll() - follow the host's status and deliver its messages
 * @m: the device
 *
 * Once the host sets DRIVER_OK: adopts the rings, announces the named
 * endpoints, then on each call takes every message on vq 1, hands it to
 * its endpoint (a message for no endpoint, or malformed, is dropped),
 * gives the buffers back and rings vq 1's doorbell. A host that clears
 * DRIVER_OK takes the device down; setting it again starts afresh.
 *
 * One call takes at most num + 1 messages (more than a host can have
 * waiting between two calls), so a host that keeps posting cannot hold
 * the caller: the rest is left for the next call.
 *
 * Return: messages delivered (0 also while the host is not ready),
 * -EAGAIN if an announcement found no buffer (call again), -EBUSY if the
 * call stopped at its bound (call again before sleeping: the host may not
 * ring for what it already published), or -EIO if the host broke a ring
 * (until it resets the device).
 */
int rpmsg_mini_poll(struct rpmsg_mini *m);

/**
 * rpmsg_mini_send() - send one message, without waiting
 * @m: the device
 * @src: our address
 * @dst: the host's address
 * @data: payload
 * @len: its bytes
 *
 * Return: 0; -EAGAIN if the host is not ready or has no free buffer;
 * -EMSGSIZE if @len does not fit the buffer taken (it is given back
 * unused); -EINVAL for NULL @data with a length; -EIO if the ring is
 * broken.
 */
int rpmsg_mini_send(struct rpmsg_mini *m, uint32_t src, uint32_t dst,
		    const void *data, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_MINI_H */
