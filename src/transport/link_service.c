// SPDX-License-Identifier: BSD-3-Clause
/*
 * Service threads and peer state of a process transport (see
 * link_service.h).
 *
 * Locking: s->lock guards ready/gone/stopped/stop_done only; it is never held while
 * the core runs (stopping the device takes the bus lock and runs drivers'
 * remove callbacks).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_transport.h>

#include "link_service.h"

int rpmsg_link_service_init(struct rpmsg_link_service *s)
{
	pthread_condattr_t attr;
	int rc;

	s->rx_bell = s->tx_bell = s->sock = -1;
	s->quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->quit_fd < 0)
		return -errno;
	s->left_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->left_fd < 0) {
		rc = -errno;
		close(s->quit_fd);
		s->quit_fd = -1;
		return rc;
	}
	if (pthread_condattr_init(&attr))
		goto fail;
	/* Deadlines are CLOCK_MONOTONIC: the wall clock may jump. */
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!rc)
		rc = pthread_cond_init(&s->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (rc)
		goto fail;
	if (pthread_mutex_init(&s->lock, NULL)) {
		pthread_cond_destroy(&s->cond);
		goto fail;
	}
	s->ready = true;
	return 0;
fail:
	close(s->left_fd);
	close(s->quit_fd);
	s->left_fd = s->quit_fd = -1;
	return -ENOMEM;
}

void rpmsg_link_service_stop_device(struct rpmsg_link_service *s)
{
	bool stop;

	pthread_mutex_lock(&s->lock);
	stop = !s->stopped;
	s->stopped = true;
	pthread_mutex_unlock(&s->lock);
	if (stop) {
		if (s->device_live)
			rpmsg_virtio_stop(s->vdev);
		pthread_mutex_lock(&s->lock);
		s->stop_done = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		return;
	}
	/* Another thread is stopping it (the rx thread found a broken ring
	 * while the control thread saw the socket close, say): return only
	 * once it has, so that nobody declares the peer gone while channels
	 * are still being removed. The stop itself waits only for callbacks
	 * in flight, which it releases (-EPIPE), never for the peer. */
	pthread_mutex_lock(&s->lock);
	while (!s->stop_done)
		pthread_cond_wait(&s->cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

void rpmsg_link_service_peer_gone(struct rpmsg_link_service *s)
{
	rpmsg_link_service_stop_device(s);
	/* Whatever the cause (a broken ring, say), make sure the peer
	 * learns of it too: it sees the socket close. */
	if (s->sock >= 0)
		shutdown(s->sock, SHUT_RDWR);
	pthread_mutex_lock(&s->lock);
	s->gone = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/*
 * The peer has left: deliver what it published before (the rx thread's
 * job, one deliverer keeps ring order). Bounded, as a peer that closed
 * its socket may still be running: it can have published at most one
 * ring's worth before we saw it leave, one call takes that much, and a
 * second one takes what it published while the first call reposted.
 */
static void rx_drain(struct rpmsg_link_service *s, unsigned int vq)
{
	unsigned int turns;

	for (turns = 2; turns; turns--) {
		if (rpmsg_virtio_rx_pending(s->vdev) != 1 ||
		    rpmsg_virtio_notified(s->vdev, vq) < 0)
			break;
	}
}

static void *rx_main(void *arg)
{
	struct rpmsg_link_service *s = arg;
	unsigned int vq = s->vdev->rvq_index;
	struct pollfd pfd[3];
	bool ok, more = false;
	int rc;

	pfd[0].fd = s->rx_bell;
	pfd[0].events = POLLIN;
	pfd[1].fd = s->quit_fd;
	pfd[1].events = POLLIN;
	pfd[2].fd = s->left_fd;
	pfd[2].events = POLLIN;
	for (;;) {
		/* Entries left by a call that reached its bound: look at the
		 * quit fd, then go on without waiting for a doorbell. */
		rc = poll(pfd, 3, more ? 0 : -1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || pfd[1].revents)
			return NULL;
		if (pfd[2].revents) {
			rx_drain(s, vq);
			break;
		}
		if (!pfd[0].revents && !more)
			continue;
		/* A doorbell at end of file: the peer has gone, but what it
		 * published before is in the ring; deliver it first. */
		ok = !pfd[0].revents ||
		     rpmsg_fd_bell_drain(pfd[0].fd, s->rx_kind);
		if (rpmsg_virtio_notified(s->vdev, vq) < 0)
			break; /* the peer broke a ring */
		if (!ok) {
			rx_drain(s, vq); /* it left */
			break;
		}
		more = rpmsg_virtio_rx_pending(s->vdev) == 1;
	}
	rpmsg_link_service_peer_gone(s);
	return NULL;
}

/* The control thread saw the peer leave: senders fail now, the rx thread
 * delivers what is left in the ring and then declares the peer gone. */
static void peer_left(struct rpmsg_link_service *s)
{
	uint64_t one = 1;

	rpmsg_device_peer_lost(&s->vdev->bus);
	if (write(s->left_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		rpmsg_link_service_peer_gone(s); /* cannot happen (a fresh
						  * counter); stop here */
}

static void *ctl_main(void *arg)
{
	struct rpmsg_link_service *s = arg;
	unsigned int svq = s->vdev->svq_index;
	struct pollfd pfd[3];
	int rc;

	pfd[0].fd = s->sock;
	pfd[0].events = POLLIN;
	pfd[1].fd = s->quit_fd;
	pfd[1].events = POLLIN;
	pfd[2].fd = s->tx_bell;
	pfd[2].events = POLLIN;
	for (;;) {
		rc = poll(pfd, 3, -1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || pfd[1].revents)
			return NULL;
		if (pfd[2].revents) {
			/* Buffers came back: wake senders, run no callback. */
			bool ok = rpmsg_fd_bell_drain(pfd[2].fd, s->tx_kind);

			rpmsg_virtio_notified(s->vdev, svq);
			if (!ok)
				break; /* at end of file: the peer left */
		}
		if (pfd[0].revents && s->on_socket(s->ctx))
			break;
	}
	/* What the peer sent before going is in the ring: the rx thread
	 * delivers it, then stops the device. */
	peer_left(s);
	return NULL;
}

int rpmsg_link_service_start(struct rpmsg_link_service *s)
{
	if (pthread_create(&s->rx_thread, NULL, rx_main, s))
		return -ENOMEM;
	s->rx_running = true;
	if (pthread_create(&s->ctl_thread, NULL, ctl_main, s))
		return -ENOMEM;
	s->ctl_running = true;
	return 0;
}

int rpmsg_link_service_wait_gone(struct rpmsg_link_service *s,
				 uint32_t timeout_ms)
{
	struct timespec ts;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)(timeout_ms / 1000u);
	ts.tv_nsec += (long)(timeout_ms % 1000u) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (!s->gone && rc != ETIMEDOUT) {
		if (timeout_ms == UINT32_MAX)
			pthread_cond_wait(&s->cond, &s->lock);
		else
			rc = pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
	rc = s->gone ? 0 : -ETIMEDOUT;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

bool rpmsg_link_service_is_gone(struct rpmsg_link_service *s)
{
	bool gone;

	pthread_mutex_lock(&s->lock);
	gone = s->gone;
	pthread_mutex_unlock(&s->lock);
	return gone;
}

void rpmsg_link_service_destroy(struct rpmsg_link_service *s)
{
	uint64_t one = 1;

	if (!s->ready)
		return; /* never initialised, or init failed and cleaned up */
	if ((s->rx_running || s->ctl_running) &&
	    write(s->quit_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		one = 0; /* cannot happen: the counter is far from full */
	if (s->ctl_running)
		pthread_join(s->ctl_thread, NULL);
	if (s->rx_running)
		pthread_join(s->rx_thread, NULL);
	s->rx_running = s->ctl_running = false;
	rpmsg_link_service_stop_device(s);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	s->ready = false;
	close(s->left_fd);
	close(s->quit_fd);
	s->left_fd = s->quit_fd = -1;
}
