// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user: the checks of a request from the frontend
 * (vhost_user_msg.h). Header, payload and descriptor count in, a request
 * out; the socket is vhost_user_proto.c's, the action
 * vhost_user_backend.c's.
 */
#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_virtqueue.h>

#include "vhost_user_msg.h"

/* The requests that may carry descriptors. */
static bool takes_fds(uint32_t req)
{
	return req == VHU_SET_MEM_TABLE || req == VHU_SET_VRING_KICK ||
	       req == VHU_SET_VRING_CALL || req == VHU_SET_VRING_ERR ||
	       req == VHU_SET_LOG_FD || req == VHU_SET_BACKEND_REQ_FD;
}

/* GET_CONFIG: offset, size and that many bytes, within VHU_CONFIG_MAX
 * (the contract: WP, proof/README.md). */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures \result == 0 ==> m->p.config.size <= VHU_CONFIG_MAX &&
	m->hdr.size == 12 + m->p.config.size &&
	m->p.config.offset + m->p.config.size <= VHU_CONFIG_MAX && nfds == 0;
*/
static int check_config(const struct vhu_msg *m, unsigned int nfds)
{
	uint32_t n = m->p.config.size;

	if (nfds || m->hdr.size < 12u || n > VHU_CONFIG_MAX ||
	    m->hdr.size != 12u + n || m->p.config.offset > VHU_CONFIG_MAX - n)
		return -EPROTO;
	return 0;
}

/* SET_VRING_NUM, _BASE, _ENABLE: an index and a value. What Eva cannot
 * relate (a size's bits, the ring named) is this contract, proven by WP
 * (proof/README.md). */
/*@ requires \valid(r);
    ensures size: \result != -EPROTO ==> r->m.hdr.size == 8;
    ensures ring: \result == 0 ==> r->ring == r->m.p.state.index <= 1;
    ensures num: \result == 0 && r->m.hdr.request == VHU_SET_VRING_NUM ==>
	r->m.p.state.num != 0 &&
	(r->m.p.state.num & (r->m.p.state.num - 1)) == 0 &&
	r->m.p.state.num <= max_num &&
	r->m.p.state.num <= RPMSG_VRING_MAX_NUM;
*/
static int check_state(struct vhu_req *r, uint32_t max_num)
{
	uint32_t v = r->m.p.state.num;

	if (r->m.hdr.size != sizeof(r->m.p.state))
		return -EPROTO;
	if (r->m.p.state.index > 1)
		return VHU_MSG_REFUSED;
	r->ring = r->m.p.state.index;
	switch (r->m.hdr.request) {
	case VHU_SET_VRING_NUM:
		return !v || (v & (v - 1)) || v > max_num ||
				       v > RPMSG_VRING_MAX_NUM
			       ? VHU_MSG_REFUSED
			       : 0;
	case VHU_SET_VRING_BASE:
		return v ? VHU_MSG_REFUSED : 0; /* no migration */
	default: /* VHU_SET_VRING_ENABLE */
		return v > 1 ? VHU_MSG_REFUSED : 0;
	}
}

/* SET_VRING_KICK, _CALL, _ERR: u64 index | NOFD, a descriptor unless
 * NOFD. */
static int check_bell(struct vhu_req *r, unsigned int nfds)
{
	uint64_t v = r->m.p.u64;

	if (r->m.hdr.size != sizeof(uint64_t))
		return -EPROTO;
	r->nofd = v & VHU_VRING_NOFD;
	if ((v & ~(uint64_t)(VHU_VRING_INDEX_MASK | VHU_VRING_NOFD)) ||
	    nfds != (r->nofd ? 0u : 1u))
		return -EPROTO;
	if ((v & VHU_VRING_INDEX_MASK) > 1)
		return VHU_MSG_REFUSED;
	r->ring = (unsigned int)(v & VHU_VRING_INDEX_MASK);
	/* Polling mode is not supported. */
	if (r->m.hdr.request == VHU_SET_VRING_KICK && r->nofd)
		return VHU_MSG_REFUSED;
	return 0;
}

int rpmsg_vhu_msg_parse(const struct vhu_header *hdr, const void *payload,
			size_t len, unsigned int nfds, uint32_t max_num,
			struct vhu_req *req)
{
	struct vhu_msg *m = &req->m;
	uint32_t request = hdr->request;

	/* Requests only, of version 1, the payload what the header says
	 * and what the union holds. */
	if ((hdr->flags & VHU_VERSION_MASK) != VHU_VERSION ||
	    (hdr->flags & VHU_FLAG_REPLY) || hdr->size != len ||
	    len > sizeof(m->p) || nfds > VHU_MAX_FDS)
		return -EPROTO;
	memset(req, 0, sizeof(*req));
	m->hdr = *hdr;
	memcpy(&m->p, payload, len);
	req->need_reply = m->hdr.flags & VHU_FLAG_NEED_REPLY;

	switch (request) {
	case VHU_GET_FEATURES:
	case VHU_GET_PROTOCOL_FEATURES:
	case VHU_GET_QUEUE_NUM:
		if (m->hdr.size || nfds)
			return -EPROTO;
		return 0;
	case VHU_GET_CONFIG:
		return check_config(m, nfds);
	case VHU_GET_VRING_BASE:
		/* A reply is owed: a ring we do not have is not refused. */
		if (m->hdr.size != sizeof(m->p.state) || nfds || m->p.state.index > 1)
			return -EPROTO;
		req->ring = m->p.state.index;
		return 0;
	default:
		break;
	}
	if (nfds && !takes_fds(request))
		return -EPROTO;
	switch (request) {
	case VHU_SET_OWNER:
	case VHU_RESET_OWNER:
	case VHU_RESET_DEVICE:
		return 0;
	case VHU_SET_BACKEND_REQ_FD:
		if (m->hdr.size || nfds != 1)
			return -EPROTO;
		return 0;
	case VHU_SET_FEATURES:
	case VHU_SET_PROTOCOL_FEATURES:
		if (m->hdr.size != sizeof(uint64_t))
			return -EPROTO;
		return 0;
	case VHU_SET_MEM_TABLE:
		return 0; /* rpmsg_vhu_memory_set() checks it */
	case VHU_SET_VRING_NUM:
	case VHU_SET_VRING_BASE:
	case VHU_SET_VRING_ENABLE:
		return check_state(req, max_num);
	case VHU_SET_VRING_ADDR:
		if (m->hdr.size != sizeof(m->p.addr))
			return -EPROTO;
		if (m->p.addr.index > 1 || (m->p.addr.flags & ~1u))
			return VHU_MSG_REFUSED;
		req->ring = m->p.addr.index;
		return 0;
	case VHU_SET_VRING_KICK:
	case VHU_SET_VRING_CALL:
	case VHU_SET_VRING_ERR:
		return check_bell(req, nfds);
	default:
		/* SET_CONFIG, SET_LOG_BASE, SET_LOG_FD and the rest: nothing
		 * here to write, no dirty log. */
		return VHU_MSG_REFUSED;
	}
}
