/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A shared region described in a few numbers: where each vring is, where
 * the host's buffers of each direction are, whether a resource table
 * carries the status and features or nothing is negotiated. Either role
 * runs on the described region from the caller's own loop, so matching
 * another stack's carveout (OpenAMP, RPMsg-Lite, a remoteproc firmware)
 * needs no transport of its own.
 *
 * Freestanding like the core: no allocation (the caller gives the
 * storage), no OS call. Kicking the peer is a callback; being told is a
 * call of rpmsg_layout_notified() (from an interrupt handler or a
 * doorbell task) or simply rpmsg_layout_poll() in a loop. The hosted
 * helpers (rpmsg_layout_posix.h) map a region from a file, /dev/uioN or
 * /dev/mem and drive a link from eventfds or a UIO interrupt.
 *
 * Offsets are bytes from the start of the region; the device address of
 * offset 0 is @da of the description (descriptors hold da + offset).
 */
#ifndef RPMSG_LAYOUT_H
#define RPMSG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* rpmsg_layout.rsc_offset when there is no resource table. */
#define RPMSG_LAYOUT_NO_TABLE 0xFFFFFFFFu

/* Bytes of the table rpmsg_layout_write_table() writes: header, one
 * offset, one vdev entry with two vrings, no config space. */
#define RPMSG_LAYOUT_TABLE_SIZE 88u

/*
 * rpmsg_layout.flags
 * @RPMSG_LAYOUT_F_WRITE_TABLE: the remote writes the resource table into
 *	the region in rpmsg_layout_init() (as a loaded firmware image would
 *	have it); without it, the table must already be there.
 * @RPMSG_LAYOUT_F_START_AT_ONCE: no table: the remote takes the rings as
 *	ready at its first poll (the host set them up before the remote
 *	runs). Without it, a remote with no table waits for the host's
 *	first doorbell, as an RPMsg-Lite remote does.
 */
#define RPMSG_LAYOUT_F_WRITE_TABLE (1u << 0)
#define RPMSG_LAYOUT_F_START_AT_ONCE (1u << 1)
#define RPMSG_LAYOUT_ALL_FLAGS 0x3u

/**
 * struct rpmsg_layout_ring - one vring (legacy contiguous layout)
 * @offset: where its descriptor table starts (16-byte aligned)
 * @num: entries, a power of two
 * @align: alignment of its used ring (4096 against Linux, often 16 on MCUs)
 */
struct rpmsg_layout_ring {
	uint32_t offset;
	uint32_t num;
	uint32_t align;
};

/**
 * struct rpmsg_layout_bufs - the host's buffers of one direction
 * @offset: the first buffer
 * @count: how many (at most the ring's @num)
 * @size: bytes per buffer, the 16-byte header included
 */
struct rpmsg_layout_bufs {
	uint32_t offset;
	uint32_t count;
	uint32_t size;
};

/**
 * struct rpmsg_layout - a region as both sides lay it out
 * @size: bytes of the region
 * @da: device address of its first byte (0 when descriptors hold offsets)
 * @rsc_offset: the resource table (one rpmsg vdev entry: status, dfeatures,
 *              gfeatures), or RPMSG_LAYOUT_NO_TABLE: nothing negotiated
 * @ring: vq 0 (remote -> host) and vq 1 (host -> remote)
 * @bufs: [0]: the buffers posted on vq 0 (the host's rx, what the remote
 *        writes), [1]: on vq 1 (the host's tx). Linux, OpenAMP and
 *        RPMsg-Lite put [1] right after [0], same size and count; each
 *        may have its own count, size and offset (OpenAMP's h2r and r2h
 *        sizes). The remote's MTU is bufs[0].size - 16, the host's
 *        bufs[1].size - 16
 * @features: with a table: the remote's offer, the host's wish; without:
 *            the set both sides take as agreed. Passed through
 *            rpmsg_peer_features(@peer) either way; 32 bits (a table's)
 * @peer: RPMSG_PEER_* behaviours of the other side (rpmsg_virtio.h)
 * @flags: RPMSG_LAYOUT_F_*
 *
 * Both sides must describe the region alike; const and shareable.
 */
struct rpmsg_layout {
	uint32_t size;
	uint64_t da;
	uint32_t rsc_offset;
	struct rpmsg_layout_ring ring[2];
	struct rpmsg_layout_bufs bufs[2];
	uint64_t features;
	uint32_t peer;
	uint32_t flags;
};

/**
 * struct rpmsg_layout_setup - one side running on a described region
 * @role: host or remote
 * @layout: the description (kept, not copied: keep it alive)
 * @region: where this side sees offset 0 of the region
 * @mem_ops: translation and cache hooks for the region (NULL:
 *           rpmsg_mem_linear_ops, coherent memory); the link's
 *           struct rpmsg_mem spans the buffers only (va, da and size of
 *           that span), so a peer's descriptor can never point at a ring
 *           or the table; cache hooks also get ring and table addresses
 * @mem_priv: the rpmsg_mem's priv, for @mem_ops
 * @os: OS port (rpmsg_noos_ops, rpmsg_posix_os_ops, ...)
 * @os_ctx: the argument of @os's operations
 * @kick: ring the peer's doorbell for @vq; must not call into the link
 * @kick_arg: passed to @kick
 * @slots: ring[0].num + ring[1].num entries of private storage
 * @buf_state: host: bufs[0].count + bufs[1].count bytes of private
 *             storage; remote: NULL
 */
struct rpmsg_layout_setup {
	enum rpmsg_virtio_role role;
	const struct rpmsg_layout *layout;
	void *region;
	const struct rpmsg_mem_ops *mem_ops;
	void *mem_priv;
	const struct rpmsg_os_ops *os;
	void *os_ctx;
	void (*kick)(void *arg, unsigned int vq);
	void *kick_arg;
	struct rpmsg_vq_slot *slots;
	uint8_t *buf_state;
};

/**
 * struct rpmsg_layout_link - a running side; caller storage, fields private
 * @vdev: the device (its bus is rpmsg_layout_bus())
 */
struct rpmsg_layout_link {
	struct rpmsg_virtio_device vdev;
	/* private: */
	struct rpmsg_layout_setup setup;
	struct rpmsg_mem mem;
	uint8_t *vdev_rsc;	/* the table's vdev entry, or NULL */
	uint8_t status;		/* no table: the host's status */
	bool kicked;		/* no table: the host has rung */
	bool started;
	bool failed;
};

/**
 * rpmsg_layout_check() - validate a description
 * @layout: the description
 * @role: the side that will use it (both roles accept the same
 *        descriptions today)
 *
 * Each ring and buffer area lies inside the region, none overlaps
 * another or the table, rings have power-of-two entries and alignments
 * and room for their buffers, buffers hold more than a header.
 *
 * Return: 0; -EINVAL naming a bad description; -EOPNOTSUPP for a valid
 * one the core cannot run (rings of two sizes or alignments).
 */
int rpmsg_layout_check(const struct rpmsg_layout *layout,
		       enum rpmsg_virtio_role role);

/**
 * rpmsg_layout_write_table() - write the description's resource table
 * @layout: a description with a table
 * @region: where the region starts
 *
 * ver 1, one entry: an rpmsg vdev (id 7) offering @layout->features, both
 * vrings at their device addresses, status and gfeatures 0.
 *
 * Return: 0, -EINVAL (no table, or the description is invalid).
 */
int rpmsg_layout_write_table(const struct rpmsg_layout *layout, void *region);

/**
 * rpmsg_layout_init() - prepare one side on a region
 * @link: caller storage
 * @setup: the side; copied
 *
 * Checks the description, writes the table for a remote with
 * RPMSG_LAYOUT_F_WRITE_TABLE, and, for a host with a table, checks that
 * the table found in the region is the described one (the rpmsg vdev
 * with the described rings). Register drivers, create channels and
 * endpoints on rpmsg_layout_bus() after this; the link comes up in
 * rpmsg_layout_poll().
 *
 * Return: 0; -EINVAL (bad setup or description); -EOPNOTSUPP (see
 * rpmsg_layout_check()); -ENODEV (the table in the region is malformed
 * or has no rpmsg vdev with the described rings); an error of
 * rpmsg_virtio_init().
 */
int rpmsg_layout_init(struct rpmsg_layout_link *link,
		      const struct rpmsg_layout_setup *setup);

/**
 * rpmsg_layout_bus() - the bus to pass to the rpmsg_* API
 * @link: the link
 * Return: the bus, or NULL for NULL.
 */
struct rpmsg_device *rpmsg_layout_bus(struct rpmsg_layout_link *link);

/**
 * rpmsg_layout_poll() - do whatever is due, without blocking
 * @link: the link
 *
 * Before the link is up: the host starts it (lays out the rings, posts
 * its rx buffers, sets DRIVER_OK, kicks); the remote starts once the host
 * is ready (DRIVER_OK in the table's status byte; with no table, the
 * host's first doorbell, or at once with RPMSG_LAYOUT_F_START_AT_ONCE).
 * Once up: delivers what arrived (callbacks run in the caller) and wakes
 * senders waiting for buffers. Call it from the main loop, after every
 * doorbell and whenever convenient: it needs no doorbell to find work.
 * It reads at most one ring's worth per call; before sleeping, call it
 * again while rpmsg_virtio_rx_pending() of the link's vdev returns 1
 * (rpmsg_layout_wait() does). A remote with a table whose host clears DRIVER_OK again (a reset) is
 * stopped: channels removed, senders failed with -EPIPE.
 *
 * Return: messages delivered (0 also while waiting for the host);
 * -EPIPE once the link has ended (host reset, a broken ring); an error
 * from starting (rpmsg_virtio_start()), after which the link has ended.
 */
int rpmsg_layout_poll(struct rpmsg_layout_link *link);

/**
 * rpmsg_layout_notified() - the peer rang the doorbell of @vq
 * @link: the link
 * @vq: 0 or 1; a doorbell that does not say which: call it for both
 *
 * Safe from an interrupt handler against a main loop in
 * rpmsg_layout_poll() when the OS port's lock masks that interrupt
 * (rpmsg_noos_irq_ops). Before the link is up it only records the
 * doorbell (a remote with no table starts on it at its next poll).
 *
 * Return: as rpmsg_virtio_notified(); 0 before the link is up; -EINVAL.
 */
int rpmsg_layout_notified(struct rpmsg_layout_link *link, unsigned int vq);

/**
 * rpmsg_layout_started() - whether the link is up
 * @link: the link
 * Return: true between a successful start and its end.
 */
bool rpmsg_layout_started(const struct rpmsg_layout_link *link);

/**
 * rpmsg_layout_stop() - end the link
 * @link: the link
 *
 * Channels removed, blocked senders failed with -EPIPE; the host also
 * clears the status. The link cannot be started again: init it anew.
 */
void rpmsg_layout_stop(struct rpmsg_layout_link *link);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_LAYOUT_H */
