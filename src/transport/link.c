// SPDX-License-Identifier: BSD-3-Clause
/*
 * struct rpmsg_link: one handle over the hosted transports. Each call
 * picks the transport's own function; no state of its own beyond the
 * description, the transport's handle and whether the link was stopped.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_inproc.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_vhost_user.h>

#ifdef __linux__
#include "../linux/kernel_link.h"
#else
/* Off Linux there is no kernel link: every call below sees none. */
struct rpmsg_k_link;
#endif

struct rpmsg_link {
	struct rpmsg_link_desc desc;
	char *name; /* the copy @desc.name points to */
	struct rpmsg_inproc *inproc;
	struct rpmsg_shm *shm;
	struct rpmsg_vhost_user *vu;
	struct rpmsg_k_link *kernel;
	bool stopped;
};

static bool is_host(const struct rpmsg_link *l)
{
	return l->desc.role == RPMSG_VIRTIO_HOST;
}

static int create_inproc(struct rpmsg_link *l)
{
	const struct rpmsg_link_desc *d = &l->desc;
	uint64_t mine = d->features ? d->features
				    : RPMSG_VIRTIO_SUPPORTED_FEATURES;
	uint64_t peer = d->peer_features ? d->peer_features : mine;
	struct rpmsg_inproc_config cfg = {
		.num_bufs = d->num_bufs,
		.buf_size = d->buf_size,
		.vring_num = d->vring_num,
		.host_features = is_host(l) ? mine : peer,
		.remote_features = is_host(l) ? peer : mine,
		.threaded = !d->own_loop,
	};

	return rpmsg_inproc_create(&l->inproc, &cfg);
}

static int create_shm(struct rpmsg_link *l)
{
	const struct rpmsg_link_desc *d = &l->desc;
	struct rpmsg_shm_config cfg = {
		.name = d->name,
		.vring_num = d->vring_num,
		.buf_size = d->buf_size,
		.features = d->features,
		.peer = d->peer,
		.timeout_ms = d->connect_timeout_ms,
		.no_threads = d->own_loop,
		.access = d->access,
	};

	return is_host(l) ? rpmsg_shm_host_create(&l->shm, &cfg)
			  : rpmsg_shm_remote_create(&l->shm, &cfg);
}

static int create_vhost_user(struct rpmsg_link *l)
{
	const struct rpmsg_link_desc *d = &l->desc;
	struct rpmsg_vhost_user_config cfg = {
		.path = d->name,
		.features = d->features,
		.peer = d->peer,
		.vring_num = d->vring_num,
		.buf_size = d->buf_size,
		.num_bufs = d->num_bufs,
		.access = d->access,
	};

	if (d->own_loop)
		return -EINVAL;
	return is_host(l) ? rpmsg_vhost_user_frontend_create(&l->vu, &cfg)
			  : rpmsg_vhost_user_backend_create(&l->vu, &cfg);
}

static int create_kernel(struct rpmsg_link *l)
{
#ifdef __linux__
	if (l->desc.role != RPMSG_VIRTIO_HOST)
		return -EINVAL;
	return rpmsg_k_link_create(&l->kernel, l->desc.name, l->desc.own_loop);
#else
	(void)l;
	return -EOPNOTSUPP;
#endif
}

static int desc_check(const struct rpmsg_link_desc *d)
{
	if (d->role != RPMSG_VIRTIO_HOST && d->role != RPMSG_VIRTIO_REMOTE)
		return -EINVAL;
	switch (d->transport) {
	case RPMSG_LINK_INPROC:
	case RPMSG_LINK_KERNEL:
		return 0;
	case RPMSG_LINK_SHM:
	case RPMSG_LINK_VHOST_USER:
		return d->name && d->name[0] ? 0 : -EINVAL;
	}
	return -EINVAL;
}

int rpmsg_link_create(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc)
{
	struct rpmsg_link *l;
	int rc;

	if (!out || !desc)
		return -EINVAL;
	*out = NULL;
	rc = desc_check(desc);
	if (rc)
		return rc;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->desc = *desc;
	if (desc->name) {
		l->name = strdup(desc->name);
		if (!l->name) {
			free(l);
			return -ENOMEM;
		}
		l->desc.name = l->name;
	}
	switch (desc->transport) {
	case RPMSG_LINK_INPROC:
		rc = create_inproc(l);
		break;
	case RPMSG_LINK_SHM:
		rc = create_shm(l);
		break;
	case RPMSG_LINK_KERNEL:
		rc = create_kernel(l);
		break;
	default:
		rc = create_vhost_user(l);
		break;
	}
	if (rc) {
		free(l->name);
		free(l);
		return rc;
	}
	*out = l;
	return 0;
}

int rpmsg_link_start(struct rpmsg_link *link, uint32_t timeout_ms)
{
	if (!link)
		return -EINVAL;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_start(link->kernel, timeout_ms);
#endif
	if (link->inproc)
		return rpmsg_inproc_start(link->inproc);
	if (link->shm)
		return rpmsg_shm_start(link->shm, timeout_ms);
	return rpmsg_vhost_user_start(link->vu, timeout_ms);
}

int rpmsg_link_start_role(struct rpmsg_link *link,
			  enum rpmsg_virtio_role role, uint32_t timeout_ms)
{
	struct rpmsg_virtio_device *vdev;
	int rc;

	if (!link || (role != RPMSG_VIRTIO_HOST && role != RPMSG_VIRTIO_REMOTE))
		return -EINVAL;
	if (!link->inproc) {
		if (role != link->desc.role)
			return -EINVAL;
		return rpmsg_link_start(link, timeout_ms);
	}
	if (!link->desc.own_loop) {
		rc = rpmsg_inproc_start_threads(link->inproc);
		if (rc)
			return rc;
	}
	if (role == RPMSG_VIRTIO_HOST)
		vdev = rpmsg_inproc_host_vdev(link->inproc);
	else
		vdev = rpmsg_inproc_remote_vdev(link->inproc);
	rc = rpmsg_virtio_start(vdev, timeout_ms);
	return rc < 0 ? rc : 0;
}

struct rpmsg_device *rpmsg_link_bus(struct rpmsg_link *link)
{
	if (!link)
		return NULL;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_bus(link->kernel);
#endif
	if (link->inproc)
		return is_host(link) ? rpmsg_inproc_host(link->inproc)
				     : rpmsg_inproc_remote(link->inproc);
	if (link->shm)
		return rpmsg_shm_bus(link->shm);
	return rpmsg_vhost_user_bus(link->vu);
}

struct rpmsg_device *rpmsg_link_peer_bus(struct rpmsg_link *link)
{
	if (!link || !link->inproc)
		return NULL;
	return is_host(link) ? rpmsg_inproc_remote(link->inproc)
			     : rpmsg_inproc_host(link->inproc);
}

struct rpmsg_virtio_device *rpmsg_link_vdev(struct rpmsg_link *link)
{
	if (!link || link->kernel)
		return NULL;
	if (link->inproc)
		return is_host(link) ? rpmsg_inproc_host_vdev(link->inproc)
				     : rpmsg_inproc_remote_vdev(link->inproc);
	if (link->shm)
		return rpmsg_shm_vdev(link->shm);
	return rpmsg_vhost_user_vdev(link->vu);
}

struct rpmsg_virtio_device *rpmsg_link_peer_vdev(struct rpmsg_link *link)
{
	if (!link || !link->inproc)
		return NULL;
	return is_host(link) ? rpmsg_inproc_remote_vdev(link->inproc)
			     : rpmsg_inproc_host_vdev(link->inproc);
}

void *rpmsg_link_region(struct rpmsg_link *link, size_t *size)
{
	if (!link || (!link->inproc && !link->shm))
		return NULL;
	if (link->inproc)
		return rpmsg_inproc_region(link->inproc, size);
	return rpmsg_shm_region(link->shm, size);
}

int rpmsg_link_service(struct rpmsg_link *link)
{
	if (!link || !link->desc.own_loop)
		return -EINVAL;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_service(link->kernel);
#endif
	if (link->inproc)
		return link->stopped ? -EPIPE : rpmsg_inproc_pump(link->inproc);
	return rpmsg_shm_service(link->shm);
}

int rpmsg_link_poll_fds(struct rpmsg_link *link, int *fds, size_t max)
{
	if (!link || !link->desc.own_loop || (!fds && max))
		return -EINVAL;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_poll_fds(link->kernel, fds, max);
#endif
	if (link->inproc)
		return 0;
	return rpmsg_shm_poll_fds(link->shm, fds, max);
}

bool rpmsg_link_peer_gone(struct rpmsg_link *link)
{
	if (!link)
		return false;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_peer_gone(link->kernel);
#endif
	if (link->inproc)
		return link->stopped;
	if (link->shm)
		return rpmsg_shm_peer_gone(link->shm);
	return rpmsg_vhost_user_peer_gone(link->vu);
}

int rpmsg_link_wait_peer_gone(struct rpmsg_link *link, uint32_t timeout_ms)
{
	if (!link || link->inproc)
		return -EINVAL;
#ifdef __linux__
	if (link->kernel)
		return rpmsg_k_link_wait_peer_gone(link->kernel, timeout_ms);
#endif
	if (link->shm)
		return rpmsg_shm_wait_peer_gone(link->shm, timeout_ms);
	return rpmsg_vhost_user_wait_peer_gone(link->vu, timeout_ms);
}

const char *rpmsg_link_why(struct rpmsg_link *link)
{
	const char *why;

	if (!link)
		return NULL;
#ifdef __linux__
	if (link->kernel) {
		why = rpmsg_k_link_error(link->kernel);
		return *why ? why : NULL;
	}
#endif
	why = rpmsg_device_why(rpmsg_link_bus(link));
	return why;
}

int rpmsg_link_get_stats(struct rpmsg_link *link, struct rpmsg_stats *out)
{
	return rpmsg_get_stats(rpmsg_link_bus(link), out);
}

enum rpmsg_link_transport rpmsg_link_transport_of(const struct rpmsg_link *link)
{
	return link->desc.transport;
}

void rpmsg_link_stop(struct rpmsg_link *link)
{
	if (!link)
		return;
	link->stopped = true;
#ifdef __linux__
	if (link->kernel) {
		rpmsg_k_link_stop(link->kernel);
		return;
	}
#endif
	rpmsg_virtio_stop(rpmsg_link_vdev(link));
	if (link->inproc)
		rpmsg_virtio_stop(rpmsg_link_peer_vdev(link));
}

void rpmsg_link_destroy(struct rpmsg_link *link)
{
	if (!link)
		return;
	rpmsg_inproc_destroy(link->inproc);
	rpmsg_shm_destroy(link->shm);
	rpmsg_vhost_user_destroy(link->vu);
#ifdef __linux__
	rpmsg_k_link_destroy(link->kernel);
#endif
	free(link->name);
	free(link);
}
