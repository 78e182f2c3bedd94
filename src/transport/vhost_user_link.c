// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user link, both sides: allocation, doorbells, service threads,
 * the peer's departure, and the public entry points that do not depend
 * on the side.
 *
 * Doorbells: kick[vq] is written by the frontend and read by the backend,
 * call[vq] the other way. A frontend may give an eventfd, a pipe or a
 * connected UNIX stream socket (User Mode Linux's calls are socket pairs);
 * the backend refuses anything else, and
 * reads and writes them as peer_fd.h says, never blocking on a
 * description the frontend shares.
 *
 * Locking: sock_lock serialises whole request/reply exchanges on the
 * socket (the control thread answers the frontend while an application
 * thread might be sending); it is never held while the core runs
 * callbacks. The service threads and the peer's state are
 * link_service.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vhost_user_link.h"

/* --- doorbells ------------------------------------------------------------ */

static int bell_in(const struct rpmsg_vhost_user *link, unsigned int vq,
		   enum rpmsg_fd_kind *kind)
{
	bool backend = link->role == RPMSG_VIRTIO_REMOTE;

	*kind = backend ? link->kick_kind[vq] : link->call_kind[vq];
	return backend ? link->kick[vq] : link->call[vq];
}

void rpmsg_vhu_notify(void *ctx, unsigned int vq)
{
	struct rpmsg_vhost_user *link = ctx;
	bool backend = link->role == RPMSG_VIRTIO_REMOTE;

	/* No descriptor: the peer polls. A full one already holds a
	 * wake-up the peer has not read. */
	if (vq < 2 && (backend ? link->call[vq] : link->kick[vq]) >= 0)
		rpmsg_fd_bell_ring(backend ? link->call[vq] : link->kick[vq],
				   backend ? link->call_kind[vq]
					   : link->kick_kind[vq]);
}

uint8_t rpmsg_vhu_get_status(void *ctx)
{
	return ((struct rpmsg_vhost_user *)ctx)->status;
}

uint64_t rpmsg_vhu_get_driver_features(void *ctx)
{
	struct rpmsg_vhost_user *link = ctx;

	return link->acked & ~(1ull << VHU_F_PROTOCOL_FEATURES);
}

int rpmsg_vhu_start_threads(struct rpmsg_vhost_user *link)
{
	struct rpmsg_link_service *s = &link->svc;
	unsigned int rvq = link->vdev.rvq_index, svq = link->vdev.svq_index;

	s->vdev = &link->vdev;
	s->rx_bell = bell_in(link, rvq, &s->rx_kind);
	s->tx_bell = bell_in(link, svq, &s->tx_kind);
	s->sock = link->sock;
	s->ctx = link;
	s->on_socket = link->side->on_socket;
	return rpmsg_link_service_start(s);
}

/* --- requests ------------------------------------------------------------- */

int rpmsg_vhu_request(struct rpmsg_vhost_user *link, struct vhu_msg *msg,
		const int *fds, unsigned int nfds, uint64_t *reply,
		uint64_t deadline)
{
	bool ack = !reply && (link->protocol >> VHU_PROTOCOL_F_REPLY_ACK) & 1u;
	uint32_t request = msg->hdr.request;
	int got[VHU_MAX_FDS];
	unsigned int ngot;
	uint64_t status;
	int rc;

	msg->hdr.flags = VHU_VERSION | (ack ? VHU_FLAG_NEED_REPLY : 0u);
	pthread_mutex_lock(&link->sock_lock);
	rc = rpmsg_vhu_send(link->sock, msg, fds, nfds);
	if (!rc && (reply || ack)) {
		rc = rpmsg_vhu_recv(link->sock, msg, got, &ngot, deadline);
		if (!rc) {
			rpmsg_vhu_close_fds(got, ngot);
			if (msg->hdr.request != request ||
			    !(msg->hdr.flags & VHU_FLAG_REPLY) || ngot ||
			    msg->hdr.size != sizeof(uint64_t))
				rc = -EPROTO;
		}
		status = msg->p.u64;
		if (!rc && reply)
			*reply = status;
		else if (!rc && status)
			rc = -EIO; /* the backend refused */
	}
	pthread_mutex_unlock(&link->sock_lock);
	return rc;
}

socklen_t rpmsg_vhu_sock_addr(const char *path, struct sockaddr_un *sa)
{
	size_t n = strlen(path);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, n);
	if (path[0] == '@')
		sa->sun_path[0] = '\0'; /* abstract: no file */
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			   (path[0] == '@' ? 0u : 1u));
}

/* --- allocation ----------------------------------------------------------- */

static int path_ok(const char *path)
{
	size_t n;

	if (!path)
		return 0;
	n = strnlen(path, RPMSG_VHOST_USER_PATH_MAX + 1);
	return n > (path[0] == '@' ? 1u : 0u) && n <= RPMSG_VHOST_USER_PATH_MAX;
}

struct rpmsg_vhost_user *rpmsg_vhu_link_alloc(const struct rpmsg_vhost_user_config *cfg,
					enum rpmsg_virtio_role role,
					const struct rpmsg_vhu_side_ops *side,
					int *rc)
{
	struct rpmsg_vhost_user *link;

	*rc = -EINVAL;
	if (!cfg || !path_ok(cfg->path))
		return NULL;
	*rc = -ENOMEM;
	link = calloc(1, sizeof(*link));
	if (!link)
		return NULL;
	link->cfg = *cfg;
	strcpy(link->path, cfg->path);
	link->cfg.path = link->path;
	link->role = role;
	link->side = side;
	link->listen_fd = -1;
	link->sock = -1;
	link->mem_fd = -1;
	link->backend_req = -1;
	link->kick[0] = link->kick[1] = -1;
	link->call[0] = link->call[1] = -1;
	rpmsg_vhu_memory_init(&link->memory);
	if (!link->cfg.features)
		link->cfg.features = (1ull << RPMSG_VIRTIO_RPMSG_F_NS) |
				     (1ull << RPMSG_VIRTIO_F_EVENT_IDX) |
				     (1ull << RPMSG_VIRTIO_F_VERSION_1);
	link->cfg.features = rpmsg_peer_features(
		link->cfg.peer,
		link->cfg.features & RPMSG_VIRTIO_SUPPORTED_FEATURES);
	if (!link->cfg.buf_size)
		link->cfg.buf_size = RPMSG_VIRTIO_DEFAULT_BUF_SIZE;
	if (rpmsg_link_service_init(&link->svc)) {
		free(link);
		return NULL;
	}
	link->svc.vdev = &link->vdev;
	if (pthread_mutex_init(&link->sock_lock, NULL))
		goto fail;
	link->sock_lock_ready = true;
	if (rpmsg_posix_os_init(&link->posix))
		goto fail;
	link->posix_ready = true;
	*rc = 0;
	return link;
fail:
	rpmsg_vhost_user_destroy(link);
	return NULL;
}

/* --- public, either side ---------------------------------------------------- */

int rpmsg_vhost_user_start(struct rpmsg_vhost_user *link, uint32_t timeout_ms)
{
	uint64_t deadline;
	int rc;

	if (!link || !link->vdev_ready || link->started)
		return -EINVAL;
	deadline = rpmsg_vhu_deadline(timeout_ms);
	rc = link->side->start(link, deadline);
	if (rc)
		return rc;
	link->started = true;
	return 0;
}

struct rpmsg_device *rpmsg_vhost_user_bus(struct rpmsg_vhost_user *link)
{
	return link && link->vdev_ready ? &link->vdev.bus : NULL;
}

struct rpmsg_virtio_device *rpmsg_vhost_user_vdev(struct rpmsg_vhost_user *link)
{
	return link && link->vdev_ready ? &link->vdev : NULL;
}

int rpmsg_vhost_user_wait_peer_gone(struct rpmsg_vhost_user *link,
				    uint32_t timeout_ms)
{
	if (!link)
		return -EINVAL;
	return rpmsg_link_service_wait_gone(&link->svc, timeout_ms);
}

bool rpmsg_vhost_user_peer_gone(struct rpmsg_vhost_user *link)
{
	return !link || rpmsg_link_service_is_gone(&link->svc);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void rpmsg_vhost_user_destroy(struct rpmsg_vhost_user *link)
{
	unsigned int i;

	if (!link)
		return;
	/* Threads ended, device stopped, before anything they use goes. */
	rpmsg_link_service_destroy(&link->svc);
	close_fd(&link->sock);
	if (link->listen_fd >= 0) {
		close_fd(&link->listen_fd);
		if (link->path[0] != '@')
			unlink(link->path);
	}
	for (i = 0; i < 2; i++) {
		close_fd(&link->kick[i]);
		close_fd(&link->call[i]);
		free(link->slots[i]);
	}
	link->side->release(link);
	close_fd(&link->backend_req);
	if (link->posix_ready)
		rpmsg_posix_os_destroy(&link->posix);
	if (link->sock_lock_ready)
		pthread_mutex_destroy(&link->sock_lock);
	free(link);
}
