// SPDX-License-Identifier: BSD-3-Clause
/*
 * Descriptors a peer hands over: kind checks and non-blocking, SIGPIPE-free
 * use (see peer_fd.h for why each kind is used the way it is).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "peer_fd.h"

/* An eventfd is an anonymous inode whose /proc link names it. */
static bool is_eventfd(int fd)
{
	static const char want[] = "anon_inode:[eventfd]";
	char path[40], link[sizeof(want) + 1];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link));
	return n == (ssize_t)(sizeof(want) - 1) &&
	       !memcmp(link, want, sizeof(want) - 1);
}

/* A connected UNIX stream socket (a listening or unconnected one has no
 * peer, and one of another type has no end of file). */
static bool is_unix_stream(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(int);
	int v;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) || v != AF_UNIX)
		return false;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) || v != SOCK_STREAM)
		return false;
	len = sizeof(sa);
	return !getpeername(fd, (struct sockaddr *)&sa, &len);
}

enum rpmsg_fd_kind rpmsg_fd_kind(int fd)
{
	struct stat st;

	if (fd < 0 || fstat(fd, &st))
		return RPMSG_FD_BAD;
	if (S_ISFIFO(st.st_mode))
		return RPMSG_FD_FIFO;
	if (S_ISREG(st.st_mode))
		return RPMSG_FD_MEMORY;
	if (S_ISSOCK(st.st_mode))
		return is_unix_stream(fd) ? RPMSG_FD_SOCKET : RPMSG_FD_BAD;
	/* Anonymous inodes have no file type bits. */
	if (!(st.st_mode & S_IFMT) && is_eventfd(fd))
		return RPMSG_FD_EVENTFD;
	return RPMSG_FD_BAD;
}

int rpmsg_fd_bell_own(int fd, enum rpmsg_fd_kind kind, bool for_write)
{
	char path[40];
	int nfd, rc;

	if (kind != RPMSG_FD_FIFO)
		return fd;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* A FIFO opened for writing without readers fails with ENXIO: the
	 * peer holds its read end, or the doorbell is useless anyway. */
	nfd = open(path, (for_write ? O_WRONLY : O_RDONLY) | O_NONBLOCK |
				 O_CLOEXEC);
	rc = nfd < 0 ? -errno : nfd;
	close(fd);
	return rc;
}

bool rpmsg_fd_bell_drain(int fd, enum rpmsg_fd_kind kind)
{
	char buf[64];
	uint64_t count;
	struct iovec iov = { .iov_base = &count, .iov_len = sizeof(count) };
	ssize_t n;

	switch (kind) {
	case RPMSG_FD_EVENTFD:
		n = preadv2(fd, &iov, 1, -1, RWF_NOWAIT);
		break;
	case RPMSG_FD_SOCKET:
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		break;
	case RPMSG_FD_FIFO: /* our own non-blocking description */
		n = read(fd, buf, sizeof(buf));
		break;
	default:
		return false;
	}
	return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
}

/* write() to a FIFO with SIGPIPE held off in this thread only. */
static void fifo_write(int fd, const void *p, size_t len)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t pipe_set, old, pending;
	bool was_pending;
	ssize_t n;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE) == 1;
	n = write(fd, p, len);
	/* The SIGPIPE this write raised is ours to take back. */
	if (n < 0 && errno == EPIPE && !was_pending)
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 &&
		       errno == EINTR)
			;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void rpmsg_fd_bell_ring(int fd, enum rpmsg_fd_kind kind)
{
	uint64_t one = 1;

	switch (kind) {
	case RPMSG_FD_EVENTFD:
		if (write(fd, &one, sizeof(one)) < 0)
			return; /* saturated: the peer is rung anyway */
		break;
	case RPMSG_FD_SOCKET:
		/* Eight bytes, as to an eventfd: User Mode Linux reads its
		 * call sockets eight bytes at a time. Small enough to go
		 * whole or not at all. */
		if (send(fd, &one, sizeof(one), MSG_DONTWAIT | MSG_NOSIGNAL) <
		    0)
			return; /* full, or the peer is gone: noticed elsewhere */
		break;
	case RPMSG_FD_FIFO:
		fifo_write(fd, &one, sizeof(one));
		break;
	default:
		break;
	}
}

int rpmsg_fd_check_memory(int fd, uint64_t size, int seals)
{
	struct stat st;
	int have;

	if (rpmsg_fd_kind(fd) != RPMSG_FD_MEMORY || fstat(fd, &st) ||
	    st.st_size < 0 || (uint64_t)st.st_size < size)
		return -EPROTO;
	if (!seals)
		return 0;
	have = fcntl(fd, F_GET_SEALS);
	return have >= 0 && (have & seals) == seals ? 0 : -EPROTO;
}
