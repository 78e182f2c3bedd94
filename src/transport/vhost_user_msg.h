/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The checks of a message the vhost-user backend receives from its
 * frontend, apart from the socket: the header and payload that arrived
 * and the number of descriptors that came with them in, a request the
 * backend may act on (or a refusal) out. What is checked for each
 * request is docs/SPEC.md's "vhost-user" table; what needs the backend's
 * state (features acknowledged, the memory table's mapping, the kind of
 * a descriptor) is left to the backend. Proven free of run-time errors
 * for every header, payload and count: proof/vhost_user_msg.c.
 */
#ifndef RPMSG_VHOST_USER_MSG_H
#define RPMSG_VHOST_USER_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vhost_user_proto.h"

/* A well-formed request the backend does not take: a failure reply
 * (NEED_REPLY) or the end of the connection. */
#define VHU_MSG_REFUSED 1

/**
 * struct vhu_req - a request as rpmsg_vhu_msg_parse() accepted it
 * @m: the header and the payload, zero past the payload's size
 * @ring: the ring a ring request names: 0 or 1
 * @nofd: SET_VRING_KICK, _CALL, _ERR: the "no descriptor" bit
 * @need_reply: NEED_REPLY was set
 */
struct vhu_req {
	struct vhu_msg m;
	unsigned int ring;
	bool nofd;
	bool need_reply;
};

/**
 * rpmsg_vhu_msg_parse() - check one request from the frontend
 * @hdr: the 12-byte header as it arrived
 * @payload: the bytes that arrived after it
 * @len: how many (the header's size must say the same)
 * @nfds: how many descriptors came with the message
 * @max_num: the largest ring size the backend takes
 * @req: filled from the message when it is well-formed (0 or
 *       VHU_MSG_REFUSED); zero past the payload
 *
 * Accepted (0): a request of version 1 without the REPLY flag, a payload
 * of the size the request has and only the descriptors it takes; a ring
 * request names ring 0 or 1; SET_VRING_NUM is a power of two at most
 * @max_num and RPMSG_VRING_MAX_NUM; SET_VRING_BASE is 0; SET_VRING_ENABLE
 * is 0 or 1; SET_VRING_ADDR has no flag but bit 0; SET_VRING_KICK has a
 * descriptor; GET_CONFIG's range lies within VHU_CONFIG_MAX bytes.
 * SET_MEM_TABLE's payload and descriptors are rpmsg_vhu_memory_set()'s
 * to check.
 * Return: 0; VHU_MSG_REFUSED for a request that is refused (an
 * unsupported one or an unsupported value); -EPROTO for a message that
 * ends the connection.
 */
int rpmsg_vhu_msg_parse(const struct vhu_header *hdr, const void *payload,
			size_t len, unsigned int nfds, uint32_t max_num,
			struct vhu_req *req);

#endif
