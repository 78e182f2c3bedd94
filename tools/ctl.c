// SPDX-License-Identifier: BSD-3-Clause
/*
 * Control socket of a running side: listings for "rpmsg ls" and message
 * events for "rpmsg trace". One detached thread serves every client,
 * polling them and never blocking on one; trace subscribers are kept and
 * fed from whichever thread sends or receives. Events are sent without
 * blocking: a subscriber too slow to keep up misses messages rather than
 * stalling the link, and one that misses CTL_MISS_MAX in a row is
 * dropped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "tool.h"

#define CTL_MAX_SUBS 8
/* Bounds on what one client may hold of the server. */
#define CTL_MAX_PENDING 32	/* clients whose request has not come */
#define CTL_REQ_MAX 32		/* bytes of a request packet */
#define CTL_REQ_TIMEOUT_MS 2000 /* for the request to come */
#define CTL_MISS_MAX 256	/* events in a row a subscriber may miss */
#define CTL_PAUSE_MS 100	/* accepting, when out of descriptors */

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rpmsg_device *ctl_dev;
static char ctl_name[RPMSG_NAME_SIZE * 2 + 1];
static char ctl_side[8];

struct tool_totals tool_totals;

static pthread_mutex_t sub_lock = PTHREAD_MUTEX_INITIALIZER;
/* A subscriber whose queue stayed full for CTL_MISS_MAX events in a row
 * does not read: it is dropped, its slot freed. */
static struct {
	int fd;
	unsigned int misses;
} subs[CTL_MAX_SUBS];
static int nsubs;

static socklen_t ctl_addr(struct sockaddr_un *sun, const char *name,
			  const char *side)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1,
		     "rpmsg-ctl-%s-%s", name, side);
	if (n < 0 || (size_t)n >= sizeof(sun->sun_path) - 1)
		return 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1u +
			   (size_t)n);
}

void ctl_set_dev(struct rpmsg_device *dev)
{
	pthread_mutex_lock(&dev_lock);
	ctl_dev = dev;
	pthread_mutex_unlock(&dev_lock);
}

static void reply_ls(int fd, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	pthread_mutex_lock(&dev_lock);
	ctl_list(f, ctl_dev, ctl_name, ctl_side, json);
	pthread_mutex_unlock(&dev_lock);
	fclose(f);
	if (len > CTL_PKT_MAX)
		len = CTL_PKT_MAX;
	/* A fresh socket has room for one packet: never wait for it. */
	send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	free(buf);
}

static void drop_sub(int i)
{
	close(subs[i].fd);
	subs[i] = subs[--nsubs];
}

/* Forget subscribers that hung up. Called with sub_lock held. */
static void reap_subs(void)
{
	struct pollfd pfd;
	int i;

	for (i = 0; i < nsubs;) {
		pfd.fd = subs[i].fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* A subscriber never writes: readable means gone. */
		if (poll(&pfd, 1, 0) > 0 &&
		    (pfd.revents & (POLLHUP | POLLERR | POLLIN)))
			drop_sub(i);
		else
			i++;
	}
}

static void subscribe(int fd)
{
	pthread_mutex_lock(&sub_lock);
	reap_subs();
	if (nsubs < CTL_MAX_SUBS) {
		subs[nsubs].fd = fd;
		subs[nsubs].misses = 0;
		nsubs++;
		send(fd, "ok", 2, MSG_NOSIGNAL | MSG_DONTWAIT);
		fd = -1;
	}
	pthread_mutex_unlock(&sub_lock);
	if (fd >= 0) {
		send(fd, "busy", 4, MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
	}
}

/* Serve the request waiting on @fd (non-blocking). Return: false when
 * none was there after all (keep waiting), true when @fd was closed or
 * became a subscriber. */
static bool handle(int fd)
{
	char req[CTL_REQ_MAX + 1];
	struct iovec iov = { req, CTL_REQ_MAX };
	struct msghdr msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (n <= 0) {
		close(fd);
		return true;
	}
	req[n] = '\0';
	if (msg.msg_flags & MSG_TRUNC) {
		req[0] = '\0'; /* longer than any request */
	} else if (!strcmp(req, "ls") || !strcmp(req, "ls json")) {
		reply_ls(fd, req[2] != '\0');
		close(fd);
		return true;
	} else if (!strcmp(req, "trace")) {
		subscribe(fd);
		return true;
	}
	send(fd, "bad request", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
	return true;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Clients accepted whose request has not come yet: each for at most
 * CTL_REQ_TIMEOUT_MS, and at most CTL_MAX_PENDING of them; the oldest
 * makes room for a newcomer. Only the server thread touches them. */
struct pending {
	int fd[CTL_MAX_PENDING];
	uint64_t deadline[CTL_MAX_PENDING];
	int n;
};

static void pending_forget(struct pending *p, int i)
{
	p->n--;
	p->fd[i] = p->fd[p->n];
	p->deadline[i] = p->deadline[p->n];
}

static void pending_drop(struct pending *p, int i)
{
	close(p->fd[i]);
	pending_forget(p, i);
}

static void pending_add(struct pending *p, int fd, uint64_t now)
{
	int i, oldest = 0;

	if (p->n == CTL_MAX_PENDING) {
		for (i = 1; i < p->n; i++)
			if (p->deadline[i] < p->deadline[oldest])
				oldest = i;
		pending_drop(p, oldest);
	}
	p->fd[p->n] = fd;
	p->deadline[p->n] = now + CTL_REQ_TIMEOUT_MS;
	p->n++;
}

/* Accept every client waiting on @lfd. Return: 0, or -1 when out of
 * descriptors with none to give back (the caller pauses accepting). */
static int accept_all(int lfd, struct pending *p, uint64_t now)
{
	int fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN)
				return 0;
			/* EMFILE and kin: give back the oldest waiter's. */
			if (!p->n)
				return -1;
			pending_drop(p, 0);
			continue;
		}
		/* The listing and the trace show what crosses the link:
		 * for our own user, root and an allowed group only. */
		if (rpmsg_access_check(fd, &tool_access)) {
			close(fd);
			continue;
		}
		pending_add(p, fd, now);
	}
}

/* One thread serves every client: the listening socket and each waiting
 * client are polled, nothing blocks on a client. */
static void *ctl_thread(void *arg)
{
	struct pollfd pfd[CTL_MAX_PENDING + 1];
	int lfd = (int)(intptr_t)arg, i, timeout;
	uint64_t now, paused_until = 0;
	struct pending p = { .n = 0 };

	for (;;) {
		now = now_ms();
		pfd[0].fd = lfd;
		pfd[0].events = now >= paused_until ? POLLIN : 0;
		timeout = now >= paused_until ? -1 :
			  (int)(paused_until - now);
		for (i = 0; i < p.n; i++) {
			pfd[i + 1].fd = p.fd[i];
			pfd[i + 1].events = POLLIN;
			if (p.deadline[i] <= now)
				timeout = 0;
			else if (timeout < 0 ||
				 p.deadline[i] - now < (uint64_t)timeout)
				timeout = (int)(p.deadline[i] - now);
		}
		if (poll(pfd, (nfds_t)p.n + 1, timeout) < 0 && errno != EINTR)
			break;
		now = now_ms();
		/* Backwards: a client dropped is replaced by the last one,
		 * already looked at. */
		for (i = p.n - 1; i >= 0; i--) {
			if (pfd[i + 1].revents && handle(p.fd[i]))
				pending_forget(&p, i);
			else if (p.deadline[i] <= now)
				pending_drop(&p, i);
		}
		if ((pfd[0].revents & POLLIN) && accept_all(lfd, &p, now))
			paused_until = now + CTL_PAUSE_MS;
	}
	while (p.n)
		pending_drop(&p, 0);
	close(lfd);
	return NULL;
}

int ctl_serve(const char *name, const char *side)
{
	struct sockaddr_un sun;
	pthread_attr_t attr;
	pthread_t th;
	socklen_t alen;
	int fd, rc;

	snprintf(ctl_name, sizeof(ctl_name), "%s", name);
	snprintf(ctl_side, sizeof(ctl_side), "%s", side);
	alen = ctl_addr(&sun, name, side);
	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, alen) ||
	    listen(fd, CTL_MAX_PENDING)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&th, &attr, ctl_thread, (void *)(intptr_t)fd);
	pthread_attr_destroy(&attr);
	if (rc) {
		close(fd);
		return -rc;
	}
	return 0;
}

int ctl_connect(const char *name, const char *side)
{
	struct sockaddr_un sun;
	socklen_t alen;
	int fd, rc;

	alen = ctl_addr(&sun, name, side);
	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = connect(fd, (struct sockaddr *)&sun, alen) ? -errno : 0;
	/* Someone else may serve that name, to feed us fake listings. */
	if (!rc)
		rc = rpmsg_access_check(fd, &tool_access);
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Connect to @side, or when NULL to the remote, else the host. */
static int ctl_open_side(const char *name, const char **side)
{
	static const char *const sides[] = { "remote", "host" };
	int fd = -ENOENT;
	unsigned int i;

	if (*side)
		return ctl_connect(name, *side);
	for (i = 0; i < 2 && fd < 0; i++) {
		fd = ctl_connect(name, sides[i]);
		if (fd >= 0)
			*side = sides[i];
	}
	return fd;
}

static void ctl_no_side(const char *cmd, const char *name, const char *side,
			int err)
{
	fprintf(stderr, "rpmsg %s: no running %s side of link %s: %s\n", cmd,
		side ? side : "remote or host", name, strerror(-err));
}

int ctl_request(const char *cmd, const char *name, const char **side,
		const char *req, void *buf, ssize_t *n)
{
	int fd;

	*n = -1;
	fd = ctl_open_side(name, side);
	if (fd < 0) {
		ctl_no_side(cmd, name, *side, fd);
		return -1;
	}
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) >= 0)
		*n = recv(fd, buf, CTL_PKT_MAX, 0);
	return fd;
}

void ctl_trace(uint32_t dir, uint32_t src, uint32_t dst, const void *data,
	       size_t len)
{
	struct ctl_event ev;
	struct timespec ts;
	struct iovec iov[2];
	struct msghdr msg;
	int i;

	pthread_mutex_lock(&sub_lock);
	if (!nsubs) {
		pthread_mutex_unlock(&sub_lock);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	if (len > CTL_PKT_MAX - sizeof(ev))
		len = CTL_PKT_MAX - sizeof(ev);
	memset(&ev, 0, sizeof(ev));
	ev.time_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	ev.dir = dir;
	ev.src = src;
	ev.dst = dst;
	ev.len = (uint32_t)len;
	iov[0].iov_base = &ev;
	iov[0].iov_len = sizeof(ev);
	iov[1].iov_base = (void *)(uintptr_t)data;
	iov[1].iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	for (i = 0; i < nsubs;) {
		if (sendmsg(subs[i].fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) >= 0)
			subs[i].misses = 0;
		else if (errno != EAGAIN || ++subs[i].misses >= CTL_MISS_MAX) {
			drop_sub(i);
			continue;
		}
		i++;
	}
	pthread_mutex_unlock(&sub_lock);
}

int tool_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		uint32_t dst)
{
	int rc;

	ctl_trace(CTL_TX, ept->addr, dst, data, len);
	rc = rpmsg_sendto(ept, data, len, dst);
	if (!rc)
		atomic_fetch_add(&tool_totals.tx, 1u);
	return rc;
}

void tool_trace_rx(struct rpmsg_endpoint *ept, const void *data, size_t len,
		   uint32_t src)
{
	atomic_fetch_add(&tool_totals.rx, 1u);
	ctl_trace(CTL_RX, src, ept->addr, data, len);
}
