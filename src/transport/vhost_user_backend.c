// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user backend: librpmsg's remote role behind a UNIX socket.
 *
 * Set-up (rpmsg_vhost_user_start(), in the caller's thread): accept one
 * frontend, answer its messages until both rings are live, place the
 * rings, start the service threads, start the device. A ring is live once
 * it has a size, addresses, a kick descriptor and, when protocol features
 * were negotiated, has been enabled (vhost-user.rst: "Ring states"). That
 * is the backend's DRIVER_OK: vhost-user has no status message here, and
 * a driver posts its first buffers around the time it enables the rings,
 * which the remote waits for anyway.
 *
 * After start the control thread answers further messages. Disabling or
 * stopping a ring, resetting the device or changing memory or rings under
 * a live device stops the device (channels removed, senders -EPIPE) but
 * keeps answering, because a frontend shutting its driver down still
 * waits for replies (User Mode Linux sends GET_FEATURES after disabling
 * the rings). The peer is gone when the socket closes.
 *
 * What is not supported, and refused with a failure reply: a ring base
 * other than 0 (no migration), polling mode (no kick descriptor), dirty
 * logging, rings of different sizes, writes to the configuration space
 * (rpmsg has none).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rpmsg/rpmsg_mini.h>

#include "peer_cred.h"
#include "vhost_user_link.h"
#include "vhost_user_msg.h"

/*
 * Protocol features offered: acknowledged requests, configuration reads,
 * and the backend request channel. We never send on that channel, but
 * User Mode Linux (6.1) allocates the interrupt its call descriptors use
 * only when it is negotiated: without it every call descriptor asks for
 * interrupt 0, the timer's, and the driver's probe fails with -EBUSY.
 */
#define BACKEND_PROTOCOL                                                     \
	((1ull << VHU_PROTOCOL_F_REPLY_ACK) | (1ull << VHU_PROTOCOL_F_CONFIG) | \
	 (1ull << VHU_PROTOCOL_F_BACKEND_REQ))
/* Largest ring accepted unless configured. */
#define BACKEND_MAX_NUM 1024u
/* How long a message may take to arrive in full once it has begun. */
#define MSG_DEADLINE_MS 5000u
/* A frontend that connected has SETUP_DEADLINE_MS to make both rings
 * live and SETUP_IDLE_MS for each message of it, whatever the start
 * timeout: one that connects and says nothing, or dribbles, must not keep
 * the backend from the next frontend for good. A guest sends its set-up
 * messages while it boots, so the idle bound is generous. */
#define SETUP_DEADLINE_MS 60000u
#define SETUP_IDLE_MS 10000u

/* Outcome of one message: answered (0), refused with a failure reply
 * (REFUSE) or a protocol violation that ends the connection (< 0). */
#define REFUSE VHU_MSG_REFUSED

static const struct rpmsg_virtio_link_ops backend_link_ops = {
	.get_status = rpmsg_vhu_get_status,
	.get_driver_features = rpmsg_vhu_get_driver_features,
	.notify = rpmsg_vhu_notify,
};

/* --- socket ---------------------------------------------------------------- */

static int listen_on(struct rpmsg_vhost_user *link)
{
	struct sockaddr_un sa;
	socklen_t len = rpmsg_vhu_sock_addr(link->path, &sa);
	struct stat st;
	int fd;

	if (link->path[0] != '@' && !lstat(link->path, &st)) {
		/* A socket left by a process that died: replace it. */
		if (!S_ISSOCK(st.st_mode))
			return -EADDRINUSE;
		unlink(link->path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, len) || listen(fd, 1)) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	link->listen_fd = fd;
	return 0;
}

/* Only an admitted frontend: others are hung up on, the wait goes on. */
static int accept_one(struct rpmsg_vhost_user *link, uint64_t deadline)
{
	int rc = rpmsg_fd_accept(link->listen_fd, deadline, &link->cfg.access);

	if (rc < 0)
		return rc;
	link->sock = rc;
	return 0;
}

/* Reply to @req with a u64 (request echoed, REPLY flag set). */
static int reply_u64(struct rpmsg_vhost_user *link, uint32_t req, uint64_t v)
{
	struct vhu_msg r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.hdr.request = req;
	r.hdr.flags = VHU_VERSION | VHU_FLAG_REPLY;
	r.hdr.size = sizeof(uint64_t);
	r.p.u64 = v;
	pthread_mutex_lock(&link->sock_lock);
	rc = rpmsg_vhu_send(link->sock, &r, NULL, 0);
	pthread_mutex_unlock(&link->sock_lock);
	return rc;
}

static int reply_msg(struct rpmsg_vhost_user *link, struct vhu_msg *r)
{
	int rc;

	r->hdr.flags = VHU_VERSION | VHU_FLAG_REPLY;
	pthread_mutex_lock(&link->sock_lock);
	rc = rpmsg_vhu_send(link->sock, r, NULL, 0);
	pthread_mutex_unlock(&link->sock_lock);
	return rc;
}

/* --- the device under a live frontend --------------------------------------- */

/* Stop the device once (the session goes on until the socket closes).
 * A minimal remote (vhost_user_mini.c) loses DRIVER_OK instead, and is
 * told at once, so that it touches neither ring until the frontend has
 * set them up again. */
static void halt_device(struct rpmsg_vhost_user *link)
{
	if (link->mini) {
		link->status = 0;
		(void)rpmsg_mini_poll(link->mini);
		return;
	}
	rpmsg_link_service_stop_device(&link->svc);
}

static bool ring_live(const struct rpmsg_vhost_user *link, unsigned int i)
{
	const struct vhu_ring_state *r = &link->ring[i];
	bool need_enable = (link->acked >> VHU_F_PROTOCOL_FEATURES) & 1u;

	return r->has_num && r->has_addr && r->has_kick &&
	       (r->enabled || !need_enable);
}

/* Translate both rings and hand them to the core; -EPROTO if a part lies
 * outside the frontend's memory or is misplaced. */
static int place_rings(struct rpmsg_vhost_user *link)
{
	struct rpmsg_virtio_rings rings;
	unsigned int i, num = link->ring[0].num;

	if (link->ring[1].num != num || !link->memory.num)
		return -EPROTO;
	memset(&rings, 0, sizeof(rings));
	rings.mem = &link->memory.mem;
	for (i = 0; i < 2; i++) {
		const struct vhu_vring_addr *a = &link->ring[i].addr;
		struct rpmsg_vring_parts *p = &rings.parts[i];

		p->num = num;
		p->desc = rpmsg_vhu_memory_uva(&link->memory, a->desc, 16ull * num);
		p->avail = rpmsg_vhu_memory_uva(&link->memory, a->avail,
					  rpmsg_vring_avail_size(num));
		p->used = rpmsg_vhu_memory_uva(&link->memory, a->used,
					 rpmsg_vring_used_size(num));
		if (!p->desc || !p->avail || !p->used)
			return -EPROTO;
		free(link->slots[i]);
		link->slots[i] = calloc(num, sizeof(*link->slots[i]));
		if (!link->slots[i])
			return -ENOMEM;
		rings.slots[i] = link->slots[i];
	}
	/* Alignment is checked here and again when the core attaches. */
	return rpmsg_virtio_set_rings(&link->vdev, &rings) ? -EPROTO : 0;
}

/* --- messages ----------------------------------------------------------------- */

/*
 * A doorbell must never block us nor kill us: a frontend that stops
 * reading a call pipe, makes a shared descriptor blocking, reads our kick
 * first or closes a pipe's other end would otherwise stall or kill the
 * thread that rings or reads it, and destroy with it. Only an eventfd, a
 * pipe or a connected UNIX stream socket (User Mode Linux's calls are
 * socket pairs) is taken; a pipe is opened again through /proc as a
 * non-blocking description of our own (setting O_NONBLOCK on the one we
 * were given would change the frontend's too, and it could clear it); a
 * socket takes MSG_DONTWAIT per call.
 * Returns the descriptor, or -1 (@fd closed) when it is refused.
 */
static int bell_take(int fd, bool is_call, enum rpmsg_fd_kind *kind)
{
	*kind = rpmsg_fd_kind(fd);
	if (*kind != RPMSG_FD_EVENTFD && *kind != RPMSG_FD_FIFO &&
	    *kind != RPMSG_FD_SOCKET) {
		close(fd);
		return -1;
	}
	fd = rpmsg_fd_bell_own(fd, *kind, is_call);
	return fd < 0 ? -1 : fd;
}

/* SET_VRING_KICK / CALL / ERR (checked): the descriptor, unless NOFD,
 * goes to the ring's slot (ERR's is dropped). */
static int ring_fd(struct rpmsg_vhost_user *link, const struct vhu_req *r,
		   int *fds)
{
	enum rpmsg_fd_kind kind = RPMSG_FD_BAD;
	unsigned int i = r->ring;
	int *slot = NULL;

	if (r->m.hdr.request == VHU_SET_VRING_KICK)
		slot = &link->kick[i];
	else if (r->m.hdr.request == VHU_SET_VRING_CALL)
		slot = &link->call[i];
	if (!slot)
		return 0;
	if (!r->nofd) {
		fds[0] = bell_take(fds[0], slot == &link->call[i], &kind);
		if (fds[0] < 0)
			return REFUSE; /* not a kind of doorbell */
	}
	if (*slot >= 0)
		close(*slot);
	*slot = r->nofd ? -1 : fds[0];
	fds[0] = -1;
	if (slot == &link->call[i]) {
		link->call_kind[i] = kind;
	} else {
		link->kick_kind[i] = kind;
		link->ring[i].has_kick = true;
	}
	return 0;
}

/* SET_VRING_NUM, _BASE, _ENABLE (checked). */
static int ring_state(struct rpmsg_vhost_user *link, const struct vhu_req *r)
{
	uint32_t v = r->m.p.state.num;

	switch (r->m.hdr.request) {
	case VHU_SET_VRING_NUM:
		link->ring[r->ring].num = v;
		link->ring[r->ring].has_num = true;
		return 0;
	case VHU_SET_VRING_BASE:
		return 0; /* 0: no migration */
	default: /* VHU_SET_VRING_ENABLE */
		if (!((link->acked >> VHU_F_PROTOCOL_FEATURES) & 1u))
			return REFUSE;
		link->ring[r->ring].enabled = v;
		return 0;
	}
}

/*
 * SET_MEM_TABLE once the rings are placed: the device stops, but the
 * table the rings were placed in stays mapped until destroy. The core
 * holds pointers into it and another thread may still be inside it: the
 * caller's thread finishing rpmsg_virtio_start(), or the rx thread in the
 * middle of a ring. The device never restarts on this link, so the new
 * table is only checked (for the reply) and unmapped again.
 */
static int new_table_live(struct rpmsg_vhost_user *link,
			  const struct vhu_msg *m, int *fds, unsigned int nfds)
{
	struct vhu_memory scratch;
	int rc;

	halt_device(link);
	rpmsg_vhu_memory_init(&scratch);
	rc = rpmsg_vhu_memory_set(&scratch, &m->p.mem, m->hdr.size, fds, nfds);
	rpmsg_vhu_memory_clear(&scratch);
	return rc == -EPROTO ? -EPROTO : rc ? REFUSE : 0;
}

/*
 * One request, as rpmsg_vhu_msg_parse() accepted it (vhost_user_msg.c
 * checks the header, the payload's size and values and the descriptors
 * each request takes). Replies that carry a value are sent here; the
 * plain acknowledgement (REPLY_ACK) is sent by the caller from the
 * result. @live: the device runs; what would change it stops it instead.
 */
static int handle(struct rpmsg_vhost_user *link, struct vhu_req *r, int *fds,
		  unsigned int nfds, bool live)
{
	struct vhu_msg *m = &r->m;
	uint32_t req = m->hdr.request;
	int rc;

	switch (req) {
	case VHU_GET_FEATURES:
		return reply_u64(link, req, link->offered);
	case VHU_GET_PROTOCOL_FEATURES:
		return reply_u64(link, req, BACKEND_PROTOCOL);
	case VHU_GET_QUEUE_NUM:
		return reply_u64(link, req, 2);
	case VHU_GET_CONFIG:
		/* rpmsg has no configuration space: it reads as zeros. */
		memset(m->p.config.payload, 0, m->p.config.size);
		return reply_msg(link, m);
	case VHU_GET_VRING_BASE:
		/* Stopping a ring stops the device; where the device got
		 * to is where the driver may resume reading. */
		m->p.state.num = 0;
		if (live && link->mini) {
			m->p.state.num = link->mini->vq[r->ring].last_avail;
			halt_device(link);
		} else if (live) {
			const struct rpmsg_virtqueue *vq =
				r->ring == link->vdev.rvq_index
					? &link->vdev.rvq
					: &link->vdev.svq;

			halt_device(link);
			m->p.state.num = vq->last_avail;
		}
		link->ring[r->ring].has_kick = false;
		return reply_msg(link, m);
	case VHU_SET_OWNER:
		return 0; /* one frontend per link: it owns it already */
	case VHU_SET_BACKEND_REQ_FD:
		if (!((link->protocol >> VHU_PROTOCOL_F_BACKEND_REQ) & 1u))
			return REFUSE;
		/* Kept open (the frontend watches it), never written. */
		if (link->backend_req >= 0)
			close(link->backend_req);
		link->backend_req = fds[0];
		fds[0] = -1;
		return 0;
	case VHU_RESET_OWNER:
	case VHU_RESET_DEVICE:
		if (live)
			halt_device(link);
		memset(link->ring, 0, sizeof(link->ring));
		return 0;
	case VHU_SET_FEATURES:
		if (m->p.u64 & ~link->offered)
			return REFUSE;
		if (live && m->p.u64 != link->acked)
			halt_device(link);
		link->acked = m->p.u64;
		link->features_set = true;
		return 0;
	case VHU_SET_PROTOCOL_FEATURES:
		if (m->p.u64 & ~BACKEND_PROTOCOL)
			return REFUSE;
		link->protocol = m->p.u64;
		return 0;
	case VHU_SET_MEM_TABLE:
		/* A minimal remote is halted and told before the old table
		 * goes: it runs in this thread and starts afresh. */
		if (live && !link->mini)
			return new_table_live(link, m, fds, nfds);
		if (live)
			halt_device(link);
		rc = rpmsg_vhu_memory_set(&link->memory, &m->p.mem, m->hdr.size,
					  fds, nfds);
		return rc == -EPROTO ? -EPROTO : rc ? REFUSE : 0;
	case VHU_SET_VRING_NUM:
	case VHU_SET_VRING_BASE:
	case VHU_SET_VRING_ENABLE:
		rc = ring_state(link, r);
		if (live && !rc && (req != VHU_SET_VRING_ENABLE ||
				    !m->p.state.num))
			halt_device(link);
		return rc;
	case VHU_SET_VRING_ADDR:
		if (live)
			halt_device(link);
		link->ring[r->ring].addr = m->p.addr;
		link->ring[r->ring].has_addr = true;
		return 0;
	case VHU_SET_VRING_KICK:
	case VHU_SET_VRING_CALL:
	case VHU_SET_VRING_ERR:
		rc = ring_fd(link, r, fds);
		if (live && !rc && req == VHU_SET_VRING_KICK)
			halt_device(link);
		return rc;
	default:
		return REFUSE; /* the parser refuses every other request */
	}
}

int rpmsg_vhu_backend_serve(struct rpmsg_vhost_user *link, uint64_t deadline,
			    bool live)
{
	uint32_t max = link->cfg.vring_num ? link->cfg.vring_num
					   : BACKEND_MAX_NUM;
	int fds[VHU_MAX_FDS];
	unsigned int nfds;
	struct vhu_msg m;
	struct vhu_req r;
	int rc;

	rc = rpmsg_vhu_recv(link->sock, &m, fds, &nfds, deadline);
	if (rc)
		return rc;
	/* Honour NEED_REPLY whenever it is set, as libvhost-user does: a
	 * frontend that read REPLY_ACK in GET_PROTOCOL_FEATURES already asks
	 * for an ack on the SET_PROTOCOL_FEATURES that turns it on (User
	 * Mode Linux does, and waits for it). */
	rc = rpmsg_vhu_msg_parse(&m.hdr, &m.p, m.hdr.size, nfds, max, &r);
	if (!rc)
		rc = handle(link, &r, fds, nfds, live);
	rpmsg_vhu_close_fds(fds, nfds); /* any the handler did not keep */
	if (rc < 0)
		return rc;
	if (m.hdr.request == VHU_GET_FEATURES ||
	    m.hdr.request == VHU_GET_PROTOCOL_FEATURES ||
	    m.hdr.request == VHU_GET_QUEUE_NUM ||
	    m.hdr.request == VHU_GET_CONFIG ||
	    m.hdr.request == VHU_GET_VRING_BASE)
		return 0; /* answered with a value */
	if (r.need_reply)
		return reply_u64(link, m.hdr.request, rc ? 1u : 0u);
	/* A refusal the frontend cannot be told of: it would carry on
	 * believing the device took the message. */
	return rc ? -EPROTO : 0;
}

/* One message after start (control thread). */
static int backend_on_socket(void *ctx)
{
	return rpmsg_vhu_backend_serve(ctx, rpmsg_vhu_deadline(MSG_DEADLINE_MS),
				       true);
}

bool rpmsg_vhu_backend_rings_ready(const struct rpmsg_vhost_user *link)
{
	return link->features_set && link->memory.num && ring_live(link, 0) &&
	       ring_live(link, 1);
}

/* One frontend per link: nobody else may connect now. */
static void stop_listening(struct rpmsg_vhost_user *link)
{
	close(link->listen_fd);
	link->listen_fd = -1;
	if (link->path[0] != '@')
		unlink(link->path);
}

/* The earlier of two deadlines. */
static uint64_t earlier(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static int setup(struct rpmsg_vhost_user *link, uint64_t deadline)
{
	uint64_t whole = earlier(deadline, rpmsg_vhu_deadline(SETUP_DEADLINE_MS));
	uint64_t next;
	int rc;

	stop_listening(link);
	while (!rpmsg_vhu_backend_rings_ready(link)) {
		next = earlier(whole, rpmsg_vhu_deadline(SETUP_IDLE_MS));
		rc = rpmsg_vhu_backend_serve(link, next, false);
		/* The frontend's time ran out, not ours: it broke off. */
		if (rc == -ETIMEDOUT && next < deadline)
			rc = -ECONNABORTED;
		if (rc)
			return rc;
	}
	rc = place_rings(link);
	if (rc)
		return rc;
	link->status = RPMSG_VIRTIO_STATUS_ACKNOWLEDGE |
		       RPMSG_VIRTIO_STATUS_DRIVER |
		       RPMSG_VIRTIO_STATUS_FEATURES_OK |
		       RPMSG_VIRTIO_STATUS_DRIVER_OK;
	/* Threads first: announcing may wait for buffers the frontend posts
	 * after enabling the rings, and only the control thread hears of
	 * them. */
	rc = rpmsg_vhu_start_threads(link);
	if (rc)
		return rc;
	return rpmsg_virtio_start(&link->vdev, 0);
}

int rpmsg_vhu_backend_adopt(struct rpmsg_vhost_user *link, int sock,
			    uint64_t deadline)
{
	int rc;

	if (!link || link->role != RPMSG_VIRTIO_REMOTE || link->sock >= 0 ||
	    link->started || sock < 0)
		return -EINVAL;
	link->sock = sock;
	rc = setup(link, deadline);
	if (rc)
		shutdown(link->sock, SHUT_RDWR);
	else
		link->started = true;
	return rc;
}

int rpmsg_vhu_backend_accept(struct rpmsg_vhost_user *link, uint64_t deadline)
{
	int rc = accept_one(link, deadline);

	if (!rc)
		stop_listening(link);
	return rc;
}

/* Serve frontend messages until both rings are live. */
static int backend_start(struct rpmsg_vhost_user *link, uint64_t deadline)
{
	int rc = accept_one(link, deadline);

	if (!rc)
		rc = setup(link, deadline);
	/* A frontend that failed set-up is told by the socket closing. */
	if (rc && link->sock >= 0)
		shutdown(link->sock, SHUT_RDWR);
	return rc;
}

static void backend_release(struct rpmsg_vhost_user *link)
{
	rpmsg_vhu_memory_clear(&link->memory);
}

static const struct rpmsg_vhu_side_ops backend_side = {
	.start = backend_start,
	.on_socket = backend_on_socket,
	.release = backend_release,
};

/* --- public ----------------------------------------------------------------- */

struct rpmsg_vhost_user *rpmsg_vhu_backend_alloc(const struct rpmsg_vhost_user_config *cfg,
					  int *rc)
{
	struct rpmsg_vhost_user *link;

	link = rpmsg_vhu_link_alloc(cfg, RPMSG_VIRTIO_REMOTE, &backend_side, rc);
	if (!link)
		return NULL;
	if (link->cfg.buf_size <= RPMSG_HDR_SIZE ||
	    link->cfg.buf_size > 0xFFFFu + RPMSG_HDR_SIZE ||
	    link->cfg.vring_num > RPMSG_VRING_MAX_NUM) {
		rpmsg_vhost_user_destroy(link);
		*rc = -EINVAL;
		return NULL;
	}
	link->offered = link->cfg.features | (1ull << VHU_F_PROTOCOL_FEATURES);
	return link;
}

int rpmsg_vhu_backend_listen(struct rpmsg_vhost_user *link)
{
	return listen_on(link);
}

int rpmsg_vhost_user_backend_create(struct rpmsg_vhost_user **out,
				    const struct rpmsg_vhost_user_config *cfg)
{
	struct rpmsg_virtio_config vc;
	struct rpmsg_vhost_user *link;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	link = rpmsg_vhu_backend_alloc(cfg, &rc);
	if (!link)
		return rc;
	memset(&vc, 0, sizeof(vc));
	vc.role = RPMSG_VIRTIO_REMOTE;
	vc.link = &backend_link_ops;
	vc.link_ctx = link;
	vc.os = &rpmsg_posix_os_ops;
	vc.os_ctx = &link->posix;
	vc.buf_size = link->cfg.buf_size;
	vc.features = link->cfg.features;
	vc.peer = link->cfg.peer;
	/* Rings deferred: the frontend says where they are. */
	rc = rpmsg_virtio_init(&link->vdev, &vc);
	if (!rc) {
		link->vdev_ready = true;
		link->svc.device_live = true;
		rc = listen_on(link);
	}
	if (rc) {
		rpmsg_vhost_user_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}
