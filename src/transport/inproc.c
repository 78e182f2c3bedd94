// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-process transport: both roles over one heap region.
 *
 * Region layout: vring 0, vring 1 (each aligned to 4096), then the host's
 * buffer pool. Device addresses start at a non-zero base so that a pointer
 * mistaken for a device address (or the reverse) is caught by the checks.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg_inproc.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_port_posix.h>

#define INPROC_ALIGN 4096u
#define INPROC_DA_BASE 0x60000000ull

/* One side of the link: its device and the doorbell others ring. */
struct inproc_side {
	struct rpmsg_inproc *link;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_posix_os posix;
	struct rpmsg_noos noos;
	struct rpmsg_vq_slot *slots[2];
	atomic_uint pending; /* bit n: doorbell of vq n rung */
	/* threaded mode */
	pthread_t thread;
	pthread_mutex_t bell_lock;
	pthread_cond_t bell;
	bool stop;
	bool thread_running;
};

struct rpmsg_inproc {
	struct rpmsg_inproc_config cfg;
	void *region;
	size_t region_size;
	struct rpmsg_mem mem;
	uint8_t *buf_state;
	atomic_uint status;
	atomic_ullong driver_features;
	struct inproc_side host;
	struct inproc_side remote;
};

static struct inproc_side *peer_of(struct inproc_side *s)
{
	return s == &s->link->host ? &s->link->remote : &s->link->host;
}

/* --- virtio configuration, kept in this struct ----------------------- */

static uint8_t link_get_status(void *ctx)
{
	return (uint8_t)atomic_load(&((struct inproc_side *)ctx)->link->status);
}

static void link_set_status(void *ctx, uint8_t status)
{
	struct inproc_side *s = ctx;

	atomic_store(&s->link->status, status);
	rpmsg_virtio_config_changed(&peer_of(s)->vdev);
}

static uint64_t link_get_device_features(void *ctx)
{
	return ((struct inproc_side *)ctx)->link->cfg.remote_features;
}

static uint64_t link_get_driver_features(void *ctx)
{
	return atomic_load(&((struct inproc_side *)ctx)->link->driver_features);
}

static void link_set_driver_features(void *ctx, uint64_t f)
{
	atomic_store(&((struct inproc_side *)ctx)->link->driver_features, f);
}

static void link_notify(void *ctx, unsigned int vq)
{
	struct inproc_side *peer = peer_of(ctx);

	/* Buffers for the peer's senders: wake them from here, not from the
	 * peer's doorbell thread, which may itself be such a sender (a
	 * callback that replies and waits for a buffer) and would never
	 * wake. Waking senders runs no callback and takes only their lock. */
	if (peer->link->cfg.threaded && vq == peer->vdev.svq_index) {
		rpmsg_virtio_notified(&peer->vdev, vq);
		return;
	}
	atomic_fetch_or(&peer->pending, 1u << vq);
	if (peer->link->cfg.threaded) {
		pthread_mutex_lock(&peer->bell_lock);
		pthread_cond_signal(&peer->bell);
		pthread_mutex_unlock(&peer->bell_lock);
	}
}

static const struct rpmsg_virtio_link_ops inproc_link_ops = {
	.get_status = link_get_status,
	.set_status = link_set_status,
	.get_device_features = link_get_device_features,
	.get_driver_features = link_get_driver_features,
	.set_driver_features = link_set_driver_features,
	.notify = link_notify,
};

/* --- doorbell delivery ---------------------------------------------- */

static int side_service(struct inproc_side *s)
{
	unsigned int bits = atomic_exchange(&s->pending, 0u);
	int rc, n = 0;
	unsigned int vq;

	for (vq = 0; vq < 2; vq++) {
		if (!(bits & (1u << vq)))
			continue;
		rc = rpmsg_virtio_notified(&s->vdev, vq);
		if (rc < 0)
			return rc;
		n += rc;
		/* Stopped at its bound: the doorbell stays rung. */
		if (rpmsg_virtio_rx_pending(&s->vdev) == 1)
			atomic_fetch_or(&s->pending, 1u << s->vdev.rvq_index);
	}
	return n;
}

static uint64_t mono_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Pumped mode: a side waiting for a buffer lets its peer run. */
static void pumped_idle(void *arg)
{
	side_service(peer_of(arg));
}

static void *bell_thread(void *arg)
{
	struct inproc_side *s = arg;

	pthread_mutex_lock(&s->bell_lock);
	while (!s->stop) {
		if (!atomic_load(&s->pending)) {
			pthread_cond_wait(&s->bell, &s->bell_lock);
			continue;
		}
		pthread_mutex_unlock(&s->bell_lock);
		side_service(s);
		pthread_mutex_lock(&s->bell_lock);
	}
	pthread_mutex_unlock(&s->bell_lock);
	return NULL;
}

int rpmsg_inproc_pump(struct rpmsg_inproc *link)
{
	int rc, total = 0;

	if (!link || link->cfg.threaded)
		return -EINVAL;
	while (atomic_load(&link->host.pending) ||
	       atomic_load(&link->remote.pending)) {
		rc = side_service(&link->remote);
		if (rc < 0)
			return rc;
		total += rc;
		rc = side_service(&link->host);
		if (rc < 0)
			return rc;
		total += rc;
	}
	return total;
}

/* --- set-up ----------------------------------------------------------- */

static int side_init(struct rpmsg_inproc *link, struct inproc_side *s,
		     enum rpmsg_virtio_role role, size_t ring_size)
{
	struct rpmsg_virtio_config vc;
	unsigned int i;
	int rc;

	s->link = link;
	atomic_init(&s->pending, 0u);
	for (i = 0; i < 2; i++) {
		s->slots[i] = calloc(link->cfg.vring_num, sizeof(*s->slots[i]));
		if (!s->slots[i])
			return -ENOMEM;
	}
	if (link->cfg.threaded) {
		rc = rpmsg_posix_os_init(&s->posix);
		if (rc)
			return rc;
		if (pthread_mutex_init(&s->bell_lock, NULL) ||
		    pthread_cond_init(&s->bell, NULL))
			return -ENOMEM;
	} else {
		s->noos.now_ns = mono_ns;
		s->noos.idle = pumped_idle;
		s->noos.arg = s;
	}

	memset(&vc, 0, sizeof(vc));
	vc.role = role;
	vc.link = &inproc_link_ops;
	vc.link_ctx = s;
	vc.os = link->cfg.threaded ? &rpmsg_posix_os_ops : &rpmsg_noos_ops;
	vc.os_ctx = link->cfg.threaded ? (void *)&s->posix : (void *)&s->noos;
	vc.mem = &link->mem;
	vc.vring[0] = link->region;
	vc.vring[1] = (uint8_t *)link->region + ring_size;
	vc.vring_num = link->cfg.vring_num;
	vc.vring_align = INPROC_ALIGN;
	vc.slots[0] = s->slots[0];
	vc.slots[1] = s->slots[1];
	vc.buffers = (uint8_t *)link->region + 2 * ring_size;
	vc.num_bufs = link->cfg.num_bufs;
	vc.buf_size = link->cfg.buf_size;
	vc.buf_state = link->buf_state;
	vc.features = role == RPMSG_VIRTIO_HOST ? link->cfg.host_features
						: link->cfg.remote_features;
	return rpmsg_virtio_init(&s->vdev, &vc);
}

static void side_stop_thread(struct inproc_side *s)
{
	if (s->thread_running) {
		pthread_mutex_lock(&s->bell_lock);
		s->stop = true;
		pthread_cond_signal(&s->bell);
		pthread_mutex_unlock(&s->bell_lock);
		pthread_join(s->thread, NULL);
		s->thread_running = false;
	}
}

int rpmsg_inproc_create(struct rpmsg_inproc **out,
			const struct rpmsg_inproc_config *cfg)
{
	struct rpmsg_inproc *link;
	size_t ring_size, pool;
	int rc;

	if (!out)
		return -EINVAL;
	link = calloc(1, sizeof(*link));
	if (!link)
		return -ENOMEM;
	if (cfg) {
		link->cfg = *cfg;
	} else {
		link->cfg.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES;
		link->cfg.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES;
	}
	if (!link->cfg.num_bufs)
		link->cfg.num_bufs = RPMSG_VIRTIO_DEFAULT_NUM_BUFS;
	if (!link->cfg.buf_size)
		link->cfg.buf_size = RPMSG_VIRTIO_DEFAULT_BUF_SIZE;
	if (!link->cfg.vring_num)
		link->cfg.vring_num = link->cfg.num_bufs / 2;
	ring_size = rpmsg_vring_size(link->cfg.vring_num, INPROC_ALIGN);
	rc = -EINVAL;
	if (!ring_size || link->cfg.num_bufs < 2)
		goto err;
	ring_size = (ring_size + INPROC_ALIGN - 1) & ~(size_t)(INPROC_ALIGN - 1);
	pool = (size_t)link->cfg.num_bufs * link->cfg.buf_size;
	link->region_size = 2 * ring_size + pool;
	rc = -ENOMEM;
	link->region = aligned_alloc(INPROC_ALIGN,
				     (link->region_size + INPROC_ALIGN - 1) &
					     ~(size_t)(INPROC_ALIGN - 1));
	link->buf_state = calloc(link->cfg.num_bufs, 1);
	if (!link->region || !link->buf_state)
		goto err;
	memset(link->region, 0, link->region_size);
	rpmsg_mem_init_linear(&link->mem, link->region, INPROC_DA_BASE,
			      link->region_size);
	atomic_init(&link->status, 0u);
	atomic_init(&link->driver_features, 0ull);

	rc = side_init(link, &link->host, RPMSG_VIRTIO_HOST, ring_size);
	if (!rc)
		rc = side_init(link, &link->remote, RPMSG_VIRTIO_REMOTE,
			       ring_size);
	if (rc)
		goto err;
	*out = link;
	return 0;

err:
	rpmsg_inproc_destroy(link);
	return rc;
}

int rpmsg_inproc_start_threads(struct rpmsg_inproc *link)
{
	struct inproc_side *sides[2];
	unsigned int i;

	if (!link || !link->cfg.threaded)
		return -EINVAL;
	sides[0] = &link->host;
	sides[1] = &link->remote;
	for (i = 0; i < 2; i++) {
		if (sides[i]->thread_running)
			continue;
		if (pthread_create(&sides[i]->thread, NULL, bell_thread,
				   sides[i]))
			return -ENOMEM;
		sides[i]->thread_running = true;
	}
	return 0;
}

int rpmsg_inproc_start(struct rpmsg_inproc *link)
{
	int rc;

	if (!link)
		return -EINVAL;
	if (link->cfg.threaded) {
		rc = rpmsg_inproc_start_threads(link);
		if (rc)
			return rc;
	}
	rc = rpmsg_virtio_start(&link->host.vdev, 0);
	if (!rc)
		rc = rpmsg_virtio_start(&link->remote.vdev, 0);
	if (!rc && !link->cfg.threaded)
		rc = rpmsg_inproc_pump(link);
	return rc < 0 ? rc : 0;
}

struct rpmsg_device *rpmsg_inproc_host(struct rpmsg_inproc *link)
{
	return link ? &link->host.vdev.bus : NULL;
}

struct rpmsg_device *rpmsg_inproc_remote(struct rpmsg_inproc *link)
{
	return link ? &link->remote.vdev.bus : NULL;
}

struct rpmsg_virtio_device *rpmsg_inproc_host_vdev(struct rpmsg_inproc *link)
{
	return link ? &link->host.vdev : NULL;
}

struct rpmsg_virtio_device *rpmsg_inproc_remote_vdev(struct rpmsg_inproc *link)
{
	return link ? &link->remote.vdev : NULL;
}

void *rpmsg_inproc_region(struct rpmsg_inproc *link, size_t *size)
{
	if (!link)
		return NULL;
	if (size)
		*size = link->region_size;
	return link->region;
}

void rpmsg_inproc_destroy(struct rpmsg_inproc *link)
{
	struct inproc_side *sides[2];
	unsigned int i;

	if (!link)
		return;
	sides[0] = &link->host;
	sides[1] = &link->remote;
	/* Threads first: nothing may deliver while the devices go down. */
	for (i = 0; i < 2; i++)
		side_stop_thread(sides[i]);
	for (i = 0; i < 2; i++) {
		if (sides[i]->vdev.bus.os)
			rpmsg_virtio_stop(&sides[i]->vdev);
		free(sides[i]->slots[0]);
		free(sides[i]->slots[1]);
		if (link->cfg.threaded && sides[i]->link) {
			rpmsg_posix_os_destroy(&sides[i]->posix);
			pthread_mutex_destroy(&sides[i]->bell_lock);
			pthread_cond_destroy(&sides[i]->bell);
		}
	}
	free(link->buf_state);
	free(link->region);
	free(link);
}
