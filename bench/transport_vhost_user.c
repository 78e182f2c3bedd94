// SPDX-License-Identifier: BSD-3-Clause
/*
 * The vhost-user transport under test: the backend (remote) is a child
 * process (fork), the frontend (host) this process, over the abstract
 * socket @rpmsg-bench-vu-PID-K.
 *
 * block: both sides use the transport's service threads.
 * poll:  the service threads stay, but both sides ask for no doorbells
 *        (rpmsg_virtio_rx_notify()) so they sleep, and each side spins on
 *        rpmsg_virtio_poll(), looking every VU_CHECK_EVERY turns whether
 *        the peer has gone. The transport has no own-loop mode to sleep
 *        in from the caller's thread, hence no spin-then-block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rpmsg/rpmsg_link.h>

#include "bench.h"

#define VU_CHECK_EVERY 4096u

struct bench_link {
	struct rpmsg_link *link;
	struct rpmsg_virtio_device *vdev;
	pid_t child;
	unsigned int turns;
};

static int vu_turn(struct rpmsg_link *link, struct rpmsg_virtio_device *vdev,
		   unsigned int *turns)
{
	if (++*turns % VU_CHECK_EVERY == 0 && rpmsg_link_peer_gone(link))
		return -EPIPE;
	return rpmsg_virtio_poll(vdev);
}

static void backend_main(const char *path, enum bench_mode mode,
			 uint64_t spin_ns)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_VHOST_USER,
				     .role = RPMSG_VIRTIO_REMOTE,
				     .name = path };
	struct rpmsg_virtio_device *vdev;
	struct rpmsg_link *link;
	struct bench_remote r;
	unsigned int turns = 0;

	(void)spin_ns;
	if (rpmsg_link_create(&link, &d))
		_exit(1);
	vdev = rpmsg_link_vdev(link);
	if (bench_remote_bind(&r, rpmsg_link_bus(link)) ||
	    rpmsg_link_start(link, 10000))
		_exit(1);
	if (mode == BENCH_BLOCK)
		rpmsg_link_wait_peer_gone(link, RPMSG_TIMEOUT_FOREVER);
	else if (!rpmsg_virtio_rx_notify(vdev, false))
		while (vu_turn(link, vdev, &turns) >= 0)
			;
	bench_remote_unbind(&r);
	rpmsg_link_destroy(link);
	_exit(0);
}

static void vu_close(struct bench_link *l)
{
	if (!l)
		return;
	rpmsg_link_destroy(l->link);
	bench_reap_remote(l->child, false);
	free(l);
}

static int vu_open(struct bench_link **out, enum bench_mode mode,
		   uint64_t spin_ns)
{
	static unsigned int seq;
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_VHOST_USER,
				     .role = RPMSG_VIRTIO_HOST };
	char path[64];
	struct bench_link *l;
	int rc;

	if (mode != BENCH_BLOCK && mode != BENCH_POLL)
		return -EOPNOTSUPP;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	snprintf(path, sizeof(path), "@rpmsg-bench-vu-%ld-%u", (long)getpid(),
		 seq++);
	l->child = bench_spawn_remote(backend_main, path, mode, spin_ns);
	d.name = path;
	rc = l->child < 0 ? (int)l->child : rpmsg_link_create(&l->link, &d);
	if (!rc) {
		l->vdev = rpmsg_link_vdev(l->link);
		rc = rpmsg_link_start(l->link, 10000);
	}
	if (!rc && mode == BENCH_POLL)
		rc = rpmsg_virtio_rx_notify(l->vdev, false);
	if (rc) {
		bench_reap_remote(l->child, true);
		l->child = 0;
		vu_close(l);
		return rc;
	}
	*out = l;
	return 0;
}

static struct rpmsg_device *vu_host(struct bench_link *l)
{
	return rpmsg_link_bus(l->link);
}

static int vu_service(struct bench_link *l)
{
	return vu_turn(l->link, l->vdev, &l->turns);
}

const struct bench_transport bench_vhost_user = {
	.name = "vhost-user",
	.modes = (1u << BENCH_BLOCK) | (1u << BENCH_POLL),
	.open = vu_open,
	.host = vu_host,
	.service = vu_service,
	.wait = NULL,
	.close = vu_close,
};
