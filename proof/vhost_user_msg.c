// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the checks of a request the vhost-user backend receives
 * (src/transport/vhost_user_msg.c: rpmsg_vhu_msg_parse), what
 * rpmsg_vhu_recv() read from the frontend's socket.
 *
 * Every payload length from 0 to MSG_MAX bytes is tried, each as an
 * object of exactly that length (a fresh malloc(): a read past what
 * arrived is a read outside the object, which Eva reports) holding any
 * bytes, with any 12-byte header (its size field equal to the length or
 * not), any descriptor count and any largest ring size. The bytes are
 * our copy of what the socket gave, which the peer cannot change after:
 * not volatile. Then each request in turn, with any other header field,
 * any length and payload: what an accepted one guarantees the backend.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_virtqueue.h>

#include "vhost_user_msg.h"

/* Past the largest payload (the union, 272 bytes). */
#ifndef MSG_MAX
#define MSG_MAX (sizeof(union vhu_payload) + 16u)
#endif

/* Every request the backend knows, and one it does not. */
static const uint32_t requests[] = {
	VHU_GET_FEATURES, VHU_SET_FEATURES, VHU_SET_OWNER, VHU_RESET_OWNER,
	VHU_SET_MEM_TABLE, VHU_SET_LOG_BASE, VHU_SET_LOG_FD,
	VHU_SET_VRING_NUM, VHU_SET_VRING_ADDR, VHU_SET_VRING_BASE,
	VHU_GET_VRING_BASE, VHU_SET_VRING_KICK, VHU_SET_VRING_CALL,
	VHU_SET_VRING_ERR, VHU_GET_PROTOCOL_FEATURES,
	VHU_SET_PROTOCOL_FEATURES, VHU_GET_QUEUE_NUM, VHU_SET_VRING_ENABLE,
	VHU_SET_BACKEND_REQ_FD, VHU_GET_CONFIG, VHU_SET_CONFIG,
	VHU_RESET_DEVICE, 0,
};
#define NREQ (sizeof(requests) / sizeof(requests[0]))

static char any_payload[MSG_MAX];

static void any_header(struct vhu_header *h)
{
	Frama_C_make_unknown((char *)h, sizeof(*h));
}

/* @q accepted with @len payload bytes and @nfds descriptors. */
static void accepted(uint32_t q, const struct vhu_req *r, unsigned int nfds)
{
	//@ assert header: r->m.hdr.request == q;
	//@ assert whole: r->m.hdr.size <= sizeof(union vhu_payload);
	//@ assert ring: r->ring <= 1;
	switch (q) {
	case VHU_GET_FEATURES:
	case VHU_GET_PROTOCOL_FEATURES:
	case VHU_GET_QUEUE_NUM:
		//@ assert get: r->m.hdr.size == 0 && nfds == 0;
		break;
	case VHU_GET_CONFIG:
		//@ assert config_size: r->m.p.config.size <= VHU_CONFIG_MAX && 12 <= r->m.hdr.size <= 12 + VHU_CONFIG_MAX;
		//@ assert config_offset: r->m.p.config.offset <= VHU_CONFIG_MAX;
		//@ assert config_fds: nfds == 0;
		break;
	case VHU_GET_VRING_BASE:
		//@ assert base_get: r->m.hdr.size == 8 && nfds == 0 && r->m.p.state.index <= 1;
		break;
	case VHU_SET_VRING_NUM:
		//@ assert num: 1 <= r->m.p.state.num <= RPMSG_VRING_MAX_NUM;
		//@ assert num_ring: r->m.hdr.size == 8 && nfds == 0 && r->m.p.state.index <= 1;
		break;
	case VHU_SET_VRING_BASE:
		//@ assert base_set: r->m.hdr.size == 8 && nfds == 0 && r->m.p.state.num == 0;
		break;
	case VHU_SET_VRING_ENABLE:
		//@ assert enable: r->m.hdr.size == 8 && nfds == 0 && r->m.p.state.num <= 1;
		break;
	case VHU_SET_VRING_ADDR:
		//@ assert addr: r->m.hdr.size == sizeof(struct vhu_vring_addr) && nfds == 0 && r->m.p.addr.index <= 1 && (r->m.p.addr.flags & ~1u) == 0;
		break;
	case VHU_SET_VRING_KICK:
		//@ assert kick: r->m.hdr.size == 8 && nfds == 1 && !r->nofd;
		break;
	case VHU_SET_VRING_CALL:
	case VHU_SET_VRING_ERR:
		//@ assert bell: r->m.hdr.size == 8 && nfds <= 1 && (r->m.p.u64 & 0xffu) <= 1 && (r->m.p.u64 >> 9) == 0;
		break;
	case VHU_SET_FEATURES:
	case VHU_SET_PROTOCOL_FEATURES:
		//@ assert u64: r->m.hdr.size == 8 && nfds == 0;
		break;
	case VHU_SET_BACKEND_REQ_FD:
		//@ assert backend_fd: r->m.hdr.size == 0 && nfds == 1;
		break;
	case VHU_SET_OWNER:
	case VHU_RESET_OWNER:
	case VHU_RESET_DEVICE:
		//@ assert no_fds: nfds == 0;
		break;
	case VHU_SET_MEM_TABLE:
		//@ assert table_fds: nfds <= VHU_MAX_FDS;
		break;
	default:
		//@ assert refused_rest: \false;
		break;
	}
}

int main(void)
{
	struct vhu_header hdr;
	struct vhu_req r;
	unsigned int nfds, i, low, sel;
	uint32_t max;
	size_t len;
	int rc;

	/*@ loop unroll MSG_MAX + 1; */
	for (len = 0; len <= MSG_MAX; len++) {
		/* What arrived: an object of exactly @len bytes. */
		char *p = malloc(len);

		Frama_C_make_unknown(p, len);
		any_header(&hdr);
		nfds = Frama_C_unsigned_int_interval(0, 0xffffffffu);
		max = Frama_C_unsigned_int_interval(0, 0xffffffffu);
		rc = rpmsg_vhu_msg_parse(&hdr, p, len, nfds, max, &r);
		//@ assert rc_range: rc == 0 || rc == VHU_MSG_REFUSED || rc == -EPROTO;
	}
	/* Each request: any length, payload, count and other field. */
	/*@ loop unroll NREQ; */
	for (i = 0; i < NREQ; i++) {
		len = Frama_C_size_t_interval(0, MSG_MAX);
		Frama_C_make_unknown(any_payload, MSG_MAX);
		any_header(&hdr);
		hdr.request = requests[i];
		/* The flags' low bits one by one (version, REPLY, NEED_REPLY). */
		low = Frama_C_unsigned_int_interval(0, 15);
		//@ split low;
		hdr.flags = (hdr.flags & ~15u) | low;
		/* None, one, a few more, too many: each apart. */
		sel = Frama_C_unsigned_int_interval(0, 3);
		//@ split sel;
		nfds = sel < 2 ? sel
		       : sel == 2 ? Frama_C_unsigned_int_interval(2, VHU_MAX_FDS)
				  : Frama_C_unsigned_int_interval(VHU_MAX_FDS + 1,
								  0xffffffffu);
		max = Frama_C_unsigned_int_interval(0, 0xffffffffu);
		rc = rpmsg_vhu_msg_parse(&hdr, any_payload, len, nfds, max, &r);
		//@ split rc;
		if (rc == -EPROTO)
			continue;
		/* Well-formed: version 1, a request, what it may carry. */
		//@ assert version: (hdr.flags & VHU_VERSION_MASK) == VHU_VERSION;
		//@ assert request: (hdr.flags & VHU_FLAG_REPLY) == 0;
		//@ assert fds_max: nfds <= VHU_MAX_FDS;
		if (!rc)
			accepted(requests[i], &r, nfds);
	}
	return 0;
}
