// SPDX-License-Identifier: BSD-3-Clause
/*
 * The shared-memory transport under test: the remote is a child process
 * (fork), the host this process, over a link named bench-PID-K.
 *
 * block: both sides use the transport's service threads.
 * poll:  own-loop mode; each side spins on rpmsg_virtio_poll() (no system
 *        call) and calls rpmsg_link_service() every SHM_SERVICE_EVERY
 *        turns to drain doorbells and notice a peer that went away. Both
 *        ask for no doorbells (rpmsg_virtio_rx_notify()), so a send
 *        makes no system call either.
 * spin:  own-loop mode; spin as in poll while messages keep coming, and
 *        after spin_ns without one, turn doorbells on and sleep in poll()
 *        on the link's fds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_shm.h>

#include "bench.h"

#define SHM_SERVICE_EVERY 4096u

struct bench_link {
	struct rpmsg_link *link;
	struct rpmsg_virtio_device *vdev;
	enum bench_mode mode;
	pid_t child;
	unsigned int turns;
};

/* One turn of an own-loop side: the rings, and now and then the rest. */
static int own_loop_turn(struct rpmsg_link *link,
			 struct rpmsg_virtio_device *vdev, unsigned int *turns)
{
	if (++*turns % SHM_SERVICE_EVERY == 0)
		return rpmsg_link_service(link);
	return rpmsg_virtio_poll(vdev);
}

/* Sleep until a doorbell or the socket. Doorbells are off while
 * spinning: turn them on, and sleep only if nothing came meanwhile; what
 * is pending is delivered first (a doorbell rung after that wakes the
 * poll()). */
static int own_loop_sleep(struct rpmsg_link *link)
{
	struct rpmsg_virtio_device *vdev = rpmsg_link_vdev(link);
	struct pollfd pfd[RPMSG_LINK_MAX_FDS];
	int fds[RPMSG_LINK_MAX_FDS], n, i, rc;

	rc = rpmsg_virtio_rx_notify(vdev, true);
	if (rc == 0)
		rc = rpmsg_link_service(link);
	if (rc == 0) {
		n = rpmsg_link_poll_fds(link, fds, RPMSG_LINK_MAX_FDS);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = POLLIN;
		}
		while (poll(pfd, (nfds_t)n, -1) < 0)
			if (errno != EINTR)
				return -errno;
	}
	if (rc < 0)
		return rc;
	return rpmsg_virtio_rx_notify(vdev, false) < 0 ? -EPIPE : 0;
}

static void remote_main(const char *name, enum bench_mode mode,
			uint64_t spin_ns)
{
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_SHM,
				     .role = RPMSG_VIRTIO_REMOTE,
				     .name = name,
				     .own_loop = mode != BENCH_BLOCK };
	struct rpmsg_virtio_device *vdev;
	struct bench_remote r;
	struct rpmsg_link *link;
	unsigned int turns = 0;
	uint64_t last;
	int rc;

	if (rpmsg_link_create(&link, &d))
		_exit(1);
	vdev = rpmsg_link_vdev(link);
	if (bench_remote_bind(&r, rpmsg_link_bus(link)) ||
	    rpmsg_link_start(link, 10000))
		_exit(1);
	if (mode == BENCH_BLOCK) {
		rpmsg_link_wait_peer_gone(link, RPMSG_TIMEOUT_FOREVER);
	} else if (rpmsg_virtio_rx_notify(vdev, false) == 0) {
		last = bench_now_ns();
		for (;;) {
			rc = own_loop_turn(link, vdev, &turns);
			if (rc < 0)
				break;
			if (mode != BENCH_SPIN)
				continue;
			if (rc > 0) {
				last = bench_now_ns();
			} else if (bench_now_ns() - last > spin_ns) {
				if (own_loop_sleep(link) < 0)
					break;
				last = bench_now_ns();
			}
		}
	}
	bench_remote_unbind(&r);
	rpmsg_link_destroy(link);
	_exit(0);
}

static void shm_close(struct bench_link *l)
{
	if (!l)
		return;
	rpmsg_link_destroy(l->link);
	bench_reap_remote(l->child, false);
	free(l);
}

static int shm_open_link(struct bench_link **out, enum bench_mode mode,
			 uint64_t spin_ns)
{
	static unsigned int seq;
	struct rpmsg_link_desc d = { .transport = RPMSG_LINK_SHM,
				     .role = RPMSG_VIRTIO_HOST,
				     .connect_timeout_ms = 10000,
				     .own_loop = mode != BENCH_BLOCK };
	char name[RPMSG_SHM_NAME_MAX];
	struct bench_link *l;
	int rc;

	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->mode = mode;
	snprintf(name, sizeof(name), "bench-%ld-%u", (long)getpid(), seq++);
	l->child = bench_spawn_remote(remote_main, name, mode, spin_ns);
	d.name = name;
	rc = l->child < 0 ? (int)l->child : rpmsg_link_create(&l->link, &d);
	if (!rc) {
		l->vdev = rpmsg_link_vdev(l->link);
		rc = rpmsg_link_start(l->link, 0);
	}
	/* Polling sides need no doorbell per message. */
	if (!rc && mode != BENCH_BLOCK)
		rc = rpmsg_virtio_rx_notify(l->vdev, false);
	if (rc) {
		bench_reap_remote(l->child, true);
		l->child = 0;
		shm_close(l);
		return rc;
	}
	*out = l;
	return 0;
}

static struct rpmsg_device *shm_host(struct bench_link *l)
{
	return rpmsg_link_bus(l->link);
}

static int shm_service(struct bench_link *l)
{
	return own_loop_turn(l->link, l->vdev, &l->turns);
}

static int shm_wait(struct bench_link *l)
{
	return own_loop_sleep(l->link);
}

const struct bench_transport bench_shm = {
	.name = "shm",
	.modes = (1u << BENCH_BLOCK) | (1u << BENCH_POLL) | (1u << BENCH_SPIN),
	.open = shm_open_link,
	.host = shm_host,
	.service = shm_service,
	.wait = shm_wait,
	.close = shm_close,
};
