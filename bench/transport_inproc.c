// SPDX-License-Identifier: BSD-3-Clause
/*
 * The in-process transport under test: host in the calling thread, remote
 * in another thread of the same process.
 *
 * block: the transport's own doorbell threads deliver (rpmsg_inproc_start);
 * poll:  no doorbell threads; a remote thread spins on
 *        rpmsg_virtio_poll() and the host polls from the bench loop;
 *        both sides ask for no doorbells (rpmsg_virtio_rx_notify()).
 * The in-process transport has no doorbell a caller can sleep on, so it
 * has no spin-then-block mode.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <rpmsg/rpmsg_inproc.h>

#include "bench.h"

struct bench_link {
	struct rpmsg_inproc *link;
	struct bench_remote remote;
	pthread_t thread;
	atomic_bool stop;
	bool thread_running;
	bool bound;
};

static void *remote_spin(void *arg)
{
	struct bench_link *l = arg;
	struct rpmsg_virtio_device *vdev = rpmsg_inproc_remote_vdev(l->link);

	while (!atomic_load_explicit(&l->stop, memory_order_relaxed))
		if (rpmsg_virtio_poll(vdev) < 0)
			break;
	return NULL;
}

static void inproc_close(struct bench_link *l)
{
	if (!l)
		return;
	if (l->thread_running) {
		atomic_store(&l->stop, true);
		pthread_join(l->thread, NULL);
	}
	/* Stops both devices (and joins the doorbell threads) first. */
	rpmsg_inproc_destroy(l->link);
	free(l);
}

static int inproc_open(struct bench_link **out, enum bench_mode mode,
		       uint64_t spin_ns)
{
	struct rpmsg_inproc_config cfg = {
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.threaded = true,
	};
	struct bench_link *l;
	int rc;

	(void)spin_ns;
	if (mode != BENCH_BLOCK && mode != BENCH_POLL)
		return -EOPNOTSUPP;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	atomic_init(&l->stop, false);
	rc = rpmsg_inproc_create(&l->link, &cfg);
	if (rc)
		goto err;
	rc = bench_remote_bind(&l->remote, rpmsg_inproc_remote(l->link));
	if (rc)
		goto err;
	if (mode == BENCH_BLOCK) {
		rc = rpmsg_inproc_start(l->link);
	} else {
		/* Host first: the remote checks DRIVER_OK once. */
		rc = rpmsg_virtio_start(rpmsg_inproc_host_vdev(l->link), 0);
		if (!rc)
			rc = rpmsg_virtio_start(
				rpmsg_inproc_remote_vdev(l->link), 0);
		/* Both sides poll: neither needs a doorbell per message. */
		if (!rc)
			rc = rpmsg_virtio_rx_notify(
				rpmsg_inproc_host_vdev(l->link), false);
		if (!rc)
			rc = rpmsg_virtio_rx_notify(
				rpmsg_inproc_remote_vdev(l->link), false);
		if (!rc) {
			rc = pthread_create(&l->thread, NULL, remote_spin, l)
				     ? -ENOMEM
				     : 0;
			l->thread_running = !rc;
		}
	}
	if (rc)
		goto err;
	*out = l;
	return 0;
err:
	inproc_close(l);
	return rc;
}

static struct rpmsg_device *inproc_host(struct bench_link *l)
{
	return rpmsg_inproc_host(l->link);
}

static int inproc_service(struct bench_link *l)
{
	return rpmsg_virtio_poll(rpmsg_inproc_host_vdev(l->link));
}

const struct bench_transport bench_inproc = {
	.name = "inproc",
	.modes = (1u << BENCH_BLOCK) | (1u << BENCH_POLL),
	.open = inproc_open,
	.host = inproc_host,
	.service = inproc_service,
	.wait = NULL,
	.close = inproc_close,
};
