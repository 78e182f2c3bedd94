// SPDX-License-Identifier: BSD-3-Clause
/*
 * The minimal remote profile behind a vhost-user socket, in one thread
 * (rpmsg_vhost_user.h, "The minimal remote profile as a vhost-user
 * backend").
 *
 * The backend's message handling (vhost_user_backend.c) is used as it is,
 * one message at a time from rpmsg_vhost_user_mini_run(); no service
 * thread runs. While the device is up (DRIVER_OK), anything that changes
 * a ring, the memory or the features halts it first, and the device is
 * told at once (rpmsg_mini_poll() sees DRIVER_OK cleared), so it never
 * touches a ring or a mapping that is about to change. Once the rings are
 * up again it is initialised afresh on them.
 *
 * The device reads the rings and buffers itself and checks every word the
 * frontend writes there; what is checked here is where the rings are:
 * each part inside the frontend's memory, naturally aligned, and laid out
 * as one legacy ring (the form struct rpmsg_mini_config describes).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtqueue.h>
#include <rpmsg/rpmsg_vhost_user.h>

#include "vhost_user_link.h"

/* What the device can do: no event index, no other transport feature. */
#define MINI_FEATURES                              \
	((1ull << RPMSG_VIRTIO_RPMSG_F_NS) |       \
	 (1ull << RPMSG_VIRTIO_F_VERSION_1))
/* How long a message may take to arrive in full once it has begun. */
#define MINI_MSG_DEADLINE_MS 5000u

static const struct rpmsg_virtio_link_ops mini_link_ops = {
	.get_status = rpmsg_vhu_get_status,
	.get_driver_features = rpmsg_vhu_get_driver_features,
	.notify = rpmsg_vhu_notify,
};

static bool mini_up(const struct rpmsg_vhost_user *link)
{
	return link->status & RPMSG_VIRTIO_STATUS_DRIVER_OK;
}

/*
 * The used ring's alignment of a legacy ring of @num entries whose used
 * ring lies @used_off bytes after its descriptors: the largest power of
 * two dividing @used_off, if rounding the end of the avail ring up to it
 * gives @used_off; 0 otherwise.
 */
static uint32_t legacy_align(uint32_t num, uint64_t used_off)
{
	uint64_t avail_end = 16ull * num + 6u + 2ull * num;
	uint64_t align = used_off & (~used_off + 1u);

	if (!used_off || used_off < avail_end || used_off - avail_end >= align ||
	    align > UINT32_MAX)
		return 0;
	return (uint32_t)align;
}

/* Where the frontend put the rings and its memory, as a device config;
 * -EPROTO if the device cannot work there. */
static int mini_config(const struct rpmsg_vhost_user *link,
		       struct rpmsg_mini_config *cfg)
{
	const struct vhu_mapping *map = &link->memory.map[0];
	uint32_t num = link->ring[0].num, align = 0;
	unsigned int q;

	if (link->ring[1].num != num || link->memory.num != 1 ||
	    map->size > UINT32_MAX)
		return -EPROTO;
	memset(cfg, 0, sizeof(*cfg));
	for (q = 0; q < 2; q++) {
		const struct vhu_vring_addr *a = &link->ring[q].addr;
		uint8_t *desc, *avail, *used;
		uint32_t al;

		desc = rpmsg_vhu_memory_uva(&link->memory, a->desc, 16ull * num);
		avail = rpmsg_vhu_memory_uva(&link->memory, a->avail,
					     rpmsg_vring_avail_size(num));
		used = rpmsg_vhu_memory_uva(&link->memory, a->used,
					    rpmsg_vring_used_size(num));
		if (!desc || !avail || !used || ((uintptr_t)desc & 15u) ||
		    avail != desc + 16u * num || used < desc)
			return -EPROTO;
		al = legacy_align(num, (uint64_t)(used - desc));
		if (!al || al < 4u || (align && al != align))
			return -EPROTO;
		align = al;
		cfg->vring[q] = desc;
	}
	cfg->link = &mini_link_ops;
	cfg->link_ctx = (void *)link;
	cfg->num = num;
	cfg->align = align;
	cfg->shm = map->va;
	cfg->shm_da = map->gpa;
	cfg->shm_size = (uint32_t)map->size;
	return 0;
}

/* The rings are up: a fresh device on them, its endpoints, DRIVER_OK. */
static int mini_start(struct rpmsg_vhost_user *link)
{
	struct rpmsg_mini_config cfg;
	unsigned int i;
	int rc;

	rc = mini_config(link, &cfg);
	if (!rc)
		rc = rpmsg_mini_init(link->mini, &cfg);
	for (i = 0; !rc && i < link->mini_n_epts; i++)
		rc = rpmsg_mini_add_ept(link->mini, link->mini_epts[i]);
	if (rc)
		return -EPROTO;
	link->status = RPMSG_VIRTIO_STATUS_ACKNOWLEDGE |
		       RPMSG_VIRTIO_STATUS_DRIVER |
		       RPMSG_VIRTIO_STATUS_FEATURES_OK |
		       RPMSG_VIRTIO_STATUS_DRIVER_OK;
	return 0;
}

/* The frontend left or broke the protocol: the device goes down, the
 * connection closes. */
static int mini_gone(struct rpmsg_vhost_user *link, int rc)
{
	link->status = 0;
	(void)rpmsg_mini_poll(link->mini);
	rpmsg_link_service_peer_gone(&link->svc);
	return rc == -EPROTO ? -EPROTO : -EPIPE;
}

/* Endpoints registered once each, at distinct addresses. */
static bool epts_ok(struct rpmsg_mini_ept *const *epts, unsigned int n)
{
	unsigned int i, j;

	if (n && !epts)
		return false;
	for (i = 0; i < n; i++) {
		if (!epts[i] || !epts[i]->cb || epts[i]->addr == RPMSG_NS_ADDR)
			return false;
		for (j = 0; j < i; j++)
			if (epts[j] == epts[i] || epts[j]->addr == epts[i]->addr)
				return false;
	}
	return true;
}

int rpmsg_vhost_user_mini_create(struct rpmsg_vhost_user **out,
				 const struct rpmsg_vhost_user_config *cfg,
				 struct rpmsg_mini *m,
				 struct rpmsg_mini_ept *const *epts,
				 unsigned int n_epts)
{
	struct rpmsg_vhost_user_config c;
	struct rpmsg_vhost_user *link;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg || !m || !epts_ok(epts, n_epts) ||
	    (cfg->features & ~MINI_FEATURES))
		return -EINVAL;
	c = *cfg;
	if (!c.features)
		c.features = MINI_FEATURES;
	c.peer = 0;
	c.buf_size = 0;
	c.num_bufs = 0;
	link = rpmsg_vhu_backend_alloc(&c, &rc);
	if (!link)
		return rc;
	link->mini = m;
	link->mini_epts = epts;
	link->mini_n_epts = n_epts;
	/* Down until the first start; rpmsg_mini_send() says -EAGAIN. */
	memset(m, 0, sizeof(*m));
	m->link = &mini_link_ops;
	m->link_ctx = link;
	rc = rpmsg_vhu_backend_listen(link);
	if (rc) {
		rpmsg_vhost_user_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}

/* Milliseconds from now until @deadline (ns), for poll(); -1 for none. */
static int poll_ms(uint64_t deadline)
{
	uint64_t now = rpmsg_vhu_now_ns(), ms;

	if (deadline == UINT64_MAX)
		return -1;
	if (now >= deadline)
		return 0;
	ms = (deadline - now + 999999u) / 1000000u;
	return ms > 60000u ? 60000 : (int)ms;
}

int rpmsg_vhost_user_mini_run(struct rpmsg_vhost_user *link,
			      uint32_t timeout_ms)
{
	uint64_t deadline = rpmsg_vhu_deadline(timeout_ms);
	bool kicked = false, bell_eof = false;
	struct pollfd pfd[3];
	unsigned int q;
	int rc, n = 0;

	if (!link || !link->mini)
		return -EINVAL;
	if (rpmsg_link_service_is_gone(&link->svc))
		return -EPIPE;
	if (link->sock < 0) {
		rc = rpmsg_vhu_backend_accept(link, deadline);
		if (rc)
			return rc;
		link->svc.sock = link->sock;
	}
	pfd[0].fd = link->sock;
	pfd[1].fd = link->kick[0];
	pfd[2].fd = link->kick[1];
	for (q = 0; q < 3; q++)
		pfd[q].events = POLLIN;
	/* Entries left by a poll that stopped at its bound: no sleep. */
	do {
		rc = poll(pfd, 3, link->mini_more ? 0 : poll_ms(deadline));
	} while (rc < 0 && errno == EINTR && poll_ms(deadline));
	if (rc < 0)
		return -errno;
	if (!rc && !link->mini_more)
		return -ETIMEDOUT;
	kicked = link->mini_more;
	link->mini_more = false;
	for (q = 0; q < 2; q++) {
		if (!pfd[1 + q].revents)
			continue;
		kicked = true;
		/* A doorbell at end of file: the frontend has gone, but what
		 * it published before is in the ring; deliver it first. */
		if (!rpmsg_fd_bell_drain(link->kick[q], link->kick_kind[q]))
			bell_eof = true;
	}
	if (pfd[0].revents) {
		rc = rpmsg_vhu_backend_serve(
			link, rpmsg_vhu_deadline(MINI_MSG_DEADLINE_MS),
			mini_up(link));
		if (rc < 0)
			return mini_gone(link, rc);
		if (!mini_up(link) && rpmsg_vhu_backend_rings_ready(link)) {
			rc = mini_start(link);
			if (rc)
				return mini_gone(link, rc);
			kicked = true; /* announce at once */
		}
	}
	if (kicked && mini_up(link)) {
		n = rpmsg_mini_poll(link->mini);
		/* -EBUSY: stopped at its bound, look again at once;
		 * -EAGAIN: an announcement waits for a buffer, which the
		 * frontend gives back with a kick. */
		link->mini_more = n == -EBUSY;
		if (n == -EAGAIN || n == -EBUSY)
			n = 0;
	}
	return bell_eof ? mini_gone(link, -EPIPE) : n;
}

int rpmsg_vhost_user_mini_send(struct rpmsg_vhost_user *link, uint32_t src,
			       uint32_t dst, const void *data, uint32_t len,
			       uint32_t timeout_ms)
{
	uint64_t deadline = rpmsg_vhu_deadline(timeout_ms);
	struct pollfd pfd;
	int rc;

	if (!link || !link->mini)
		return -EINVAL;
	for (;;) {
		rc = rpmsg_mini_send(link->mini, src, dst, data, len);
		if (rc != -EAGAIN || !mini_up(link) || link->kick[0] < 0)
			return rc;
		pfd.fd = link->kick[0];
		pfd.events = POLLIN;
		rc = poll(&pfd, 1, poll_ms(deadline));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return -EAGAIN;
		if (!rpmsg_fd_bell_drain(link->kick[0], link->kick_kind[0]))
			return -EAGAIN;
	}
}
