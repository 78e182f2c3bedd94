// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory transport: the handshake on the socket (shm.c, docs/SPEC.md
 * "Shared-memory handshake"). The remote listens, admits one host, sends
 * the hello with three descriptors (the region, the host's end of the
 * doorbell of vq 0 and of vq 1) and waits for DRIVER_OK; the host
 * connects, retrying while nobody listens, and checks what it received.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "peer_cred.h"
#include "peer_fd.h"
#include "shm_internal.h"

/* How long a host that connected has to set DRIVER_OK, whatever the
 * start timeout: one that connects and says nothing must not keep the
 * remote from the next host for good. A host needs milliseconds. */
#define HANDSHAKE_MS 5000u

/* Milliseconds left for poll(): -1 for no deadline, 0 once passed. */
static int poll_ms(uint64_t deadline)
{
	uint64_t now;

	if (deadline == UINT64_MAX)
		return -1;
	now = rpmsg_shm_now_ns();
	if (now >= deadline)
		return 0;
	if ((deadline - now) / 1000000u >= 0x7fffffffu)
		return 0x7fffffff;
	return (int)((deadline - now + 999999u) / 1000000u);
}

/* Abstract socket address "\0rpmsg-<name>". */
static socklen_t sock_addr(const char *name, struct sockaddr_un *sa)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "rpmsg-%s",
		     name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   (size_t)n);
}

int rpmsg_shm_listen(struct rpmsg_shm *link)
{
	struct sockaddr_un sa;
	socklen_t salen;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		int pair[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
						SOCK_NONBLOCK, 0, pair))
			return -errno;
		link->bell[i] = pair[0];
		link->bell_gift[i] = pair[1];
	}
	link->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
					  SOCK_NONBLOCK, 0);
	if (link->listen_fd < 0)
		return -errno;
	salen = sock_addr(link->name, &sa);
	if (bind(link->listen_fd, (struct sockaddr *)&sa, salen) ||
	    listen(link->listen_fd, 1))
		return -errno;
	return 0;
}

static int remote_send_hello(struct rpmsg_shm *link)
{
	struct shm_hello hello = {
		.magic = RPMSG_SHM_MAGIC,
		.version = RPMSG_SHM_LAYOUT_VERSION,
		.region_size = link->region_size,
	};
	union {
		char buf[CMSG_SPACE(SHM_HELLO_FDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &hello, .iov_len = sizeof(hello) };
	struct msghdr msg;
	struct cmsghdr *c;
	int fds[SHM_HELLO_FDS] = { link->mem_fd, link->bell_gift[0],
				   link->bell_gift[1] };
	ssize_t n;

	memset(&u, 0, sizeof(u));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	n = sendmsg(link->sock, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
	/* The host has its ends now (or never will): ours only from here. */
	rpmsg_shm_close_fd(&link->bell_gift[0]);
	rpmsg_shm_close_fd(&link->bell_gift[1]);
	return n == (ssize_t)sizeof(hello) ? 0 : -EPIPE;
}

/* Wait for the host's DRIVER_OK, told by a status byte on the socket. */
static int remote_wait_driver_ok(struct rpmsg_shm *link, uint64_t deadline)
{
	struct pollfd pfd = { .fd = link->sock, .events = POLLIN };
	char buf[64];
	ssize_t n;
	int rc;

	while (!(rpmsg_shm_region_status(link) & RPMSG_VIRTIO_STATUS_DRIVER_OK)) {
		rc = poll(&pfd, 1, poll_ms(deadline));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (!rc)
			return -ETIMEDOUT;
		n = recv(link->sock, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return -EPIPE;
	}
	return 0;
}

int rpmsg_shm_accept_host(struct rpmsg_shm *link, uint64_t deadline)
{
	uint64_t hs;
	int rc;

	/* Only an admitted host: another user connecting first is hung up
	 * on and the wait goes on. */
	rc = rpmsg_fd_accept(link->listen_fd, deadline, &link->cfg.access);
	if (rc < 0)
		return rc;
	link->sock = rc;
	/* One host per link: nobody else may connect now. */
	rpmsg_shm_close_fd(&link->listen_fd);
	hs = rpmsg_shm_now_ns() + (uint64_t)HANDSHAKE_MS * 1000000u;
	if (hs > deadline)
		hs = deadline;
	rc = remote_send_hello(link);
	if (!rc)
		rc = remote_wait_driver_ok(link, hs);
	/* The host's time ran out, not ours: it broke off its start-up. */
	if (rc == -ETIMEDOUT && hs < deadline)
		rc = -ECONNABORTED;
	return rc;
}

static int host_connect(struct rpmsg_shm *link, uint64_t deadline)
{
	struct sockaddr_un sa;
	socklen_t salen = sock_addr(link->name, &sa);
	struct timespec ts = { 0, (long)SHM_CONNECT_RETRY_NS };

	for (;;) {
		link->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (link->sock < 0)
			return -errno;
		/* A remote of another user may have taken the name. */
		if (!connect(link->sock, (struct sockaddr *)&sa, salen))
			return rpmsg_access_check(link->sock, &link->cfg.access);
		if (errno != ECONNREFUSED && errno != ENOENT &&
		    errno != EAGAIN && errno != EINTR)
			return -errno;
		rpmsg_shm_close_fd(&link->sock);
		/* Nobody listens yet: retry until the deadline. */
		if (deadline != UINT64_MAX && rpmsg_shm_now_ns() >= deadline)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
}

/* The descriptors that came with @msg: the first SHM_HELLO_FDS into @fds,
 * any further one closed; how many came. */
static unsigned int take_fds(struct msghdr *msg, int fds[SHM_HELLO_FDS])
{
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);
	unsigned int i, n;
	int fd;

	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len < CMSG_LEN(0))
		return 0;
	n = (unsigned int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
	for (i = 0; i < n; i++) {
		memcpy(&fd, CMSG_DATA(c) + (size_t)i * sizeof(int), sizeof(fd));
		if (i < SHM_HELLO_FDS)
			fds[i] = fd;
		else
			close(fd);
	}
	return n;
}

static int host_recv_hello(struct rpmsg_shm *link, uint64_t deadline,
			   struct shm_hello *hello)
{
	union {
		char buf[CMSG_SPACE(SHM_HELLO_FDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	unsigned char bytes[sizeof(struct shm_hello)];
	struct pollfd pfd = { .fd = link->sock, .events = POLLIN };
	struct iovec iov = { .iov_base = bytes, .iov_len = sizeof(bytes) };
	struct msghdr msg;
	int fds[SHM_HELLO_FDS], rc;
	unsigned int got, i;
	ssize_t n;

	do {
		rc = poll(&pfd, 1, poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	if (!rc)
		return -ETIMEDOUT;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	n = recvmsg(link->sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	got = take_fds(&msg, fds);
	if (n == 0 && !got)
		return -EPIPE;
	/* Checked apart from the socket (shm_hello.c); more descriptors
	 * than fit count as a wrong number. */
	rc = rpmsg_shm_hello_parse(bytes, (size_t)n,
				   msg.msg_flags & MSG_CTRUNC ? got + 1u : got,
				   hello);
	if (rc) {
		for (i = 0; i < got && i < SHM_HELLO_FDS; i++)
			close(fds[i]);
		return rc;
	}
	link->mem_fd = fds[0];
	link->bell[0] = fds[1];
	link->bell[1] = fds[2];
	/* Doorbells must be sockets: only those have per-call flags. */
	if (rpmsg_fd_kind(link->bell[0]) != RPMSG_FD_SOCKET ||
	    rpmsg_fd_kind(link->bell[1]) != RPMSG_FD_SOCKET)
		return -EPROTO;
	return 0;
}

int rpmsg_shm_connect_remote(struct rpmsg_shm *link, uint64_t deadline,
			     struct shm_hello *hello)
{
	int rc = host_connect(link, deadline);

	return rc ? rc : host_recv_hello(link, deadline, hello);
}
