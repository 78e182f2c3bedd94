/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user wire format (QEMU docs/interop/vhost-user.rst): a 12-byte
 * header (request, flags, payload size; host byte order) followed by the
 * payload; file descriptors travel as SCM_RIGHTS with the header. Which
 * requests we send and answer, and how: docs/SPEC.md, "vhost-user".
 */
#ifndef RPMSG_VHOST_USER_PROTO_H
#define RPMSG_VHOST_USER_PROTO_H

#include <stddef.h>
#include <stdint.h>

enum vhu_request {
	VHU_GET_FEATURES = 1,
	VHU_SET_FEATURES = 2,
	VHU_SET_OWNER = 3,
	VHU_RESET_OWNER = 4,
	VHU_SET_MEM_TABLE = 5,
	VHU_SET_LOG_BASE = 6,
	VHU_SET_LOG_FD = 7,
	VHU_SET_VRING_NUM = 8,
	VHU_SET_VRING_ADDR = 9,
	VHU_SET_VRING_BASE = 10,
	VHU_GET_VRING_BASE = 11,
	VHU_SET_VRING_KICK = 12,
	VHU_SET_VRING_CALL = 13,
	VHU_SET_VRING_ERR = 14,
	VHU_GET_PROTOCOL_FEATURES = 15,
	VHU_SET_PROTOCOL_FEATURES = 16,
	VHU_GET_QUEUE_NUM = 17,
	VHU_SET_VRING_ENABLE = 18,
	VHU_SET_BACKEND_REQ_FD = 21,
	VHU_GET_CONFIG = 24,
	VHU_SET_CONFIG = 25,
	VHU_RESET_DEVICE = 34,
};

/* Header flags: version 1 in bits 0-1, reply, need reply. */
#define VHU_VERSION 0x1u
#define VHU_VERSION_MASK 0x3u
#define VHU_FLAG_REPLY (1u << 2)
#define VHU_FLAG_NEED_REPLY (1u << 3)

/* Feature bit the backend sets to say it speaks protocol features. */
#define VHU_F_PROTOCOL_FEATURES 30
/* Protocol features used here. */
#define VHU_PROTOCOL_F_MQ 0
#define VHU_PROTOCOL_F_REPLY_ACK 3
#define VHU_PROTOCOL_F_BACKEND_REQ 5
#define VHU_PROTOCOL_F_CONFIG 9

/* u64 payload of SET_VRING_KICK/CALL/ERR: index, and "no fd" (polling). */
#define VHU_VRING_INDEX_MASK 0xffu
#define VHU_VRING_NOFD (1u << 8)

#define VHU_MAX_REGIONS 8u
#define VHU_MAX_FDS 8u
/* Largest configuration space transferred (rpmsg has none: zeros). */
#define VHU_CONFIG_MAX 256u

struct vhu_header {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

struct vhu_vring_state {
	uint32_t index;
	uint32_t num;
};

struct vhu_vring_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc;
	uint64_t used;
	uint64_t avail;
	uint64_t log;
};

struct vhu_region {
	uint64_t guest_addr;
	uint64_t size;
	uint64_t user_addr;
	uint64_t mmap_offset;
};

struct vhu_mem_table {
	uint32_t num;
	uint32_t padding;
	struct vhu_region regions[VHU_MAX_REGIONS];
};

struct vhu_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t payload[VHU_CONFIG_MAX];
};

union vhu_payload {
	uint64_t u64;
	struct vhu_vring_state state;
	struct vhu_vring_addr addr;
	struct vhu_mem_table mem;
	struct vhu_config config;
};

struct vhu_msg {
	struct vhu_header hdr;
	union vhu_payload p;
};

/* How long a send waits for a peer to make room. */
#define VHU_SEND_TIMEOUT_MS 2000u

/* The mem table's size in bytes for @num regions. */
#define VHU_MEM_TABLE_SIZE(num) (8u + 32u * (num))

/**
 * rpmsg_vhu_send() - write one message (and @nfds descriptors) in full
 * @sock: the connected socket (blocking or not)
 * @msg: the message; hdr.size bytes of its payload are sent
 * @fds: descriptors to pass with it
 * @nfds: how many (at most VHU_MAX_FDS)
 *
 * Waits at most VHU_SEND_TIMEOUT_MS for a peer that does not read; the
 * stream is then broken mid-message and the caller must end the session.
 * Return: 0, -EPIPE when the peer has gone, -ETIMEDOUT when it did not
 * read in time, or another -errno.
 */
int rpmsg_vhu_send(int sock, const struct vhu_msg *msg, const int *fds,
	     unsigned int nfds);

/**
 * rpmsg_vhu_recv() - read one message, waiting at most until @deadline_ns
 * @sock: the connection
 * @msg: filled; msg->hdr.size is checked against the payload union
 * @fds: set to the descriptors that came with it (-1 in unused slots);
 *       the caller owns them
 * @nfds: set to how many came
 * @deadline_ns: CLOCK_MONOTONIC deadline, UINT64_MAX for none
 *
 * Return: 0; -EPIPE when the peer has closed; -ETIMEDOUT; -EPROTO for a
 * truncated or oversized message or a bad version (no fds are left open).
 */
int rpmsg_vhu_recv(int sock, struct vhu_msg *msg, int fds[VHU_MAX_FDS],
	     unsigned int *nfds, uint64_t deadline_ns);

/* Close every descriptor in @fds that is not -1, and mark it -1. */
void rpmsg_vhu_close_fds(int *fds, unsigned int n);

/* CLOCK_MONOTONIC now, and a deadline @timeout_ms from now. */
uint64_t rpmsg_vhu_now_ns(void);
uint64_t rpmsg_vhu_deadline(uint32_t timeout_ms);

#endif /* RPMSG_VHOST_USER_PROTO_H */
