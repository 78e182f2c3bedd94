// SPDX-License-Identifier: BSD-3-Clause
/*
 * The in-process transport under test: host in the calling thread, remote
 * in another thread of the same process.
 *
 * The link is a struct rpmsg_link (RPMSG_LINK_INPROC, host role), started
 * with its doorbell threads in both modes.
 * block: those threads deliver;
 * poll:  both sides ask for no doorbells (rpmsg_virtio_rx_notify()), so
 *        the threads stay asleep; a remote thread spins on
 *        rpmsg_virtio_poll() and the host polls from the bench loop.
 * The in-process transport has no doorbell a caller can sleep on, so it
 * has no spin-then-block mode.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <rpmsg/rpmsg_link.h>

#include "bench.h"

struct bench_link {
	struct rpmsg_link *link;
	struct bench_remote remote;
	pthread_t thread;
	atomic_bool stop;
	bool thread_running;
};

static void *remote_spin(void *arg)
{
	struct bench_link *l = arg;
	struct rpmsg_virtio_device *vdev = rpmsg_link_peer_vdev(l->link);

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
	/* Joins the doorbell threads, then stops both devices. */
	rpmsg_link_destroy(l->link);
	free(l);
}

/* Both sides poll: neither needs a doorbell per message. */
static int poll_begin(struct bench_link *l)
{
	int rc = rpmsg_virtio_rx_notify(rpmsg_link_vdev(l->link), false);

	if (!rc)
		rc = rpmsg_virtio_rx_notify(rpmsg_link_peer_vdev(l->link),
					    false);
	if (rc)
		return rc;
	if (pthread_create(&l->thread, NULL, remote_spin, l))
		return -ENOMEM;
	l->thread_running = true;
	return 0;
}

static int inproc_open(struct bench_link **out, enum bench_mode mode,
		       uint64_t spin_ns)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_INPROC,
				     .role = RPMSG_VIRTIO_HOST };
	struct bench_link *l;
	int rc;

	(void)spin_ns;
	if (mode != BENCH_BLOCK && mode != BENCH_POLL)
		return -EOPNOTSUPP;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	atomic_init(&l->stop, false);
	rc = rpmsg_link_create(&l->link, &d);
	if (rc)
		goto err;
	rc = bench_remote_bind(&l->remote, rpmsg_link_peer_bus(l->link));
	if (!rc)
		rc = rpmsg_link_start(l->link, 0);
	if (!rc && mode == BENCH_POLL)
		rc = poll_begin(l);
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
	return rpmsg_link_bus(l->link);
}

static int inproc_service(struct bench_link *l)
{
	return rpmsg_virtio_poll(rpmsg_link_vdev(l->link));
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
