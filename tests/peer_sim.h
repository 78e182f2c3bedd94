/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture for peers written at the level of ring memory: one shared
 * region holding two legacy split vrings and a buffer pool, accessors that
 * read and write descriptors, indices and flags in it directly, a doorbell
 * record for each direction, and a single-threaded OS port whose clock is
 * simulated and whose wait only returns early when something woke it.
 *
 * Nothing here uses librpmsg's own driver or device code for the peer: the
 * peer models in the tests write the ring words themselves.
 */
#ifndef RPMSG_TEST_PEER_SIM_H
#define RPMSG_TEST_PEER_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtio.h>

#define SIM_DA 0x20000000u /* device address of the region */
#define SIM_BUF 512u	   /* bytes per peer buffer */
#define SIM_MAX_NUM 256u

/**
 * struct sim_ring - where one legacy vring lies in the region
 * @desc: descriptor table; @avail: avail ring; @used: used ring
 * @num: entries
 */
struct sim_ring {
	uint8_t *desc;
	uint8_t *avail;
	uint8_t *used;
	unsigned int num;
};

struct sim;

/**
 * typedef sim_idle_fn - the other side runs while ours sleeps in a wait
 * @s: the fixture
 *
 * Called by the OS port's wait: stands for the peer core (and this side's
 * interrupt handlers) running in parallel. It may call
 * rpmsg_virtio_notified() for the send queue (that only wakes senders),
 * never deliver on the device that waits.
 */
typedef void (*sim_idle_fn)(struct sim *s);

/**
 * struct sim - the region, both rings, doorbells and the clock
 * @region: exactly @size bytes of heap (ASan sees any access outside)
 * @mem: linear view of the region at SIM_DA
 * @ring: vq 0 and vq 1
 * @bufs: the pool: 2 * num buffers of SIM_BUF bytes, vq 0's half first
 * @status: the device status byte
 * @device_features: offered by the remote
 * @driver_features: accepted by the host
 * @to_host: doorbells rung by the remote (per vq), not yet handled
 * @to_remote: doorbells rung by the host (per vq), not yet handled
 * @rang_host: total doorbells the remote rang, per vq
 * @now_ns: the simulated clock
 * @woken: the core called the port's wake since the wait began
 * @waits: waits entered; @timeouts: waits that ran to their deadline
 * @idle: what runs while our side waits (may be NULL)
 * @vdev: our device under test (remote or host role)
 * @model: the peer model's state
 */
struct sim {
	uint8_t *region;
	size_t size;
	struct rpmsg_mem mem;
	struct sim_ring ring[2];
	uint8_t *bufs;
	unsigned int num;
	size_t align;
	bool le;
	uint8_t status;
	uint64_t device_features;
	uint64_t driver_features;
	unsigned int to_host[2];
	unsigned int to_remote[2];
	unsigned int rang_host[2];
	uint64_t now_ns;
	bool woken;
	unsigned int waits;
	unsigned int timeouts;
	sim_idle_fn idle;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_vq_slot slots[2][SIM_MAX_NUM];
	uint8_t buf_state[2 * SIM_MAX_NUM];
	void *model;
};

/* The OS port: no lock (one thread), the simulated clock, and a wait that
 * runs sim->idle, then returns 0 if woken, else jumps the clock to the
 * deadline and returns -ETIMEDOUT. */
extern const struct rpmsg_os_ops sim_os_ops;

/* Doorbell and configuration access for our device: the remote role reads
 * status and driver features, the host role writes them; notify records
 * the doorbell in to_host (remote role) or to_remote (host role). */
extern const struct rpmsg_virtio_link_ops sim_remote_link;
extern const struct rpmsg_virtio_link_ops sim_host_link;

/**
 * sim_new() - allocate the region: vring 0 at 0, vring 1 at the next
 * multiple of @align after it, the pool after that (both rings zeroed,
 * the pool filled with 0xEE)
 */
struct sim *sim_new(unsigned int num, size_t align);
void sim_free(struct sim *s);

/* Device address and pointer of pool buffer @i (0..2*num-1). */
uint64_t sim_buf_da(const struct sim *s, unsigned int i);
uint8_t *sim_buf(const struct sim *s, unsigned int i);
/* Pointer to [da, da + len) if inside the region, else NULL. */
uint8_t *sim_da_to_va(const struct sim *s, uint64_t da, size_t len);

/* A configuration of our device over the fixture (role, rings, pool). */
struct rpmsg_virtio_config sim_config(struct sim *s,
				      enum rpmsg_virtio_role role,
				      uint64_t features, uint32_t peer);

/* --- ring words, in the device's byte order ----------------------------- */

uint16_t sim_rd16(const struct sim *s, const uint8_t *p);
uint32_t sim_rd32(const struct sim *s, const uint8_t *p);
void sim_wr16(const struct sim *s, uint8_t *p, uint16_t v);
void sim_wr32(const struct sim *s, uint8_t *p, uint32_t v);

void sim_set_desc(struct sim *s, unsigned int vq, uint16_t id, uint64_t da,
		  uint32_t len, uint16_t flags);
uint64_t sim_desc_addr(const struct sim *s, unsigned int vq, uint16_t id);
uint32_t sim_desc_len(const struct sim *s, unsigned int vq, uint16_t id);

uint16_t sim_avail_idx(const struct sim *s, unsigned int vq);
uint16_t sim_avail_flags(const struct sim *s, unsigned int vq);
uint16_t sim_avail_entry(const struct sim *s, unsigned int vq, uint16_t idx);
void sim_set_avail_flags(struct sim *s, unsigned int vq, uint16_t flags);
void sim_set_avail_entry(struct sim *s, unsigned int vq, uint16_t idx,
			 uint16_t id);
void sim_set_avail_idx(struct sim *s, unsigned int vq, uint16_t idx);
/* used_event (after the avail ring) and avail_event (after the used ring) */
uint16_t sim_used_event(const struct sim *s, unsigned int vq);
uint16_t sim_avail_event(const struct sim *s, unsigned int vq);

uint16_t sim_used_idx(const struct sim *s, unsigned int vq);
uint16_t sim_used_flags(const struct sim *s, unsigned int vq);
void sim_used_entry(const struct sim *s, unsigned int vq, uint16_t idx,
		    uint32_t *id, uint32_t *len);
void sim_set_used_flags(struct sim *s, unsigned int vq, uint16_t flags);
void sim_set_used_entry(struct sim *s, unsigned int vq, uint16_t idx,
			uint32_t id, uint32_t len);
void sim_set_used_idx(struct sim *s, unsigned int vq, uint16_t idx);

/* The virtio event-index rule: does @event lie in (old, new]? */
bool sim_need_event(uint16_t event, uint16_t new_idx, uint16_t old);

/* --- rpmsg messages ----------------------------------------------------- */

struct sim_hdr {
	uint32_t src;
	uint32_t dst;
	uint16_t len;
	uint16_t flags;
};

void sim_write_msg(const struct sim *s, uint8_t *buf, uint32_t src,
		   uint32_t dst, const void *payload, uint16_t len);
struct sim_hdr sim_read_hdr(const struct sim *s, const uint8_t *buf);
/* A name-service message (name[32], addr, flags) as its 40 bytes. */
void sim_ns_msg(const struct sim *s, uint8_t out[40], const char *name,
		uint32_t addr, uint32_t flags);

/* The test pattern of message @seq: @len bytes. */
void sim_fill(uint8_t *p, size_t len, unsigned int seq);
/* Size of message @seq: every size 1..496 in turn, in a scrambled order. */
uint16_t sim_size(unsigned int seq);

#endif /* RPMSG_TEST_PEER_SIM_H */
