// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user messages on a UNIX stream socket: header and payload are
 * sent as two iovecs of one sendmsg() (the header is 12 bytes, so the
 * payload is not where a C struct would put it), descriptors with them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "vhost_user_proto.h"

uint64_t rpmsg_vhu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t rpmsg_vhu_deadline(uint32_t timeout_ms)
{
	if (timeout_ms == UINT32_MAX)
		return UINT64_MAX;
	return rpmsg_vhu_now_ns() + (uint64_t)timeout_ms * 1000000u;
}

void rpmsg_vhu_close_fds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Wait until @sock is ready for @events or @deadline passes. */
static int wait_ready(int sock, short events, uint64_t deadline)
{
	struct pollfd pfd = { .fd = sock, .events = events };
	uint64_t now;
	int ms, rc;

	for (;;) {
		if (deadline == UINT64_MAX) {
			ms = -1;
		} else {
			now = rpmsg_vhu_now_ns();
			if (now >= deadline)
				return -ETIMEDOUT;
			ms = (int)((deadline - now + 999999u) / 1000000u);
		}
		rc = poll(&pfd, 1, ms);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

int rpmsg_vhu_send(int sock, const struct vhu_msg *msg, const int *fds,
	     unsigned int nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VHU_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2];
	struct msghdr mh;
	struct cmsghdr *cm;
	size_t total, done = 0;
	uint64_t deadline;
	ssize_t n;
	int rc;

	if (nfds > VHU_MAX_FDS || msg->hdr.size > sizeof(msg->p))
		return -EINVAL;
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = (void *)&msg->hdr;
	iov[0].iov_len = sizeof(msg->hdr);
	iov[1].iov_base = (void *)&msg->p;
	iov[1].iov_len = msg->hdr.size;
	total = sizeof(msg->hdr) + msg->hdr.size;
	mh.msg_iov = iov;
	mh.msg_iovlen = msg->hdr.size ? 2 : 1;
	if (nfds) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	/* Never blocked by a peer that does not read: the socket may be
	 * blocking (a descriptor the application handed over), so each
	 * try is non-blocking and the wait for room is bounded. */
	deadline = rpmsg_vhu_deadline(VHU_SEND_TIMEOUT_MS);
	while (done < total) {
		n = sendmsg(sock, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			rc = wait_ready(sock, POLLOUT, deadline);
			if (rc)
				return rc;
			continue;
		}
		if (n < 0)
			return errno == ECONNRESET ? -EPIPE : -errno;
		done += (size_t)n;
		/* The descriptors went with the first bytes; send the rest
		 * as a plain stream. */
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
		while (n > 0 && mh.msg_iovlen) {
			size_t take = (size_t)n < mh.msg_iov->iov_len
					      ? (size_t)n
					      : mh.msg_iov->iov_len;

			mh.msg_iov->iov_base = (char *)mh.msg_iov->iov_base +
					       take;
			mh.msg_iov->iov_len -= take;
			n -= (ssize_t)take;
			if (!mh.msg_iov->iov_len) {
				mh.msg_iov++;
				mh.msg_iovlen--;
			}
		}
	}
	return 0;
}

/* Read exactly @len bytes (no descriptors expected any more). */
static int read_full(int sock, void *buf, size_t len, uint64_t deadline)
{
	size_t done = 0;
	ssize_t n;
	int rc;

	while (done < len) {
		rc = wait_ready(sock, POLLIN, deadline);
		if (rc)
			return rc;
		n = recv(sock, (char *)buf + done, len - done, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return errno == ECONNRESET ? -EPIPE : -errno;
		if (n == 0)
			return -EPIPE;
		done += (size_t)n;
	}
	return 0;
}

/* Collect the SCM_RIGHTS descriptors of @mh into @fds. */
static int take_fds(struct msghdr *mh, int fds[VHU_MAX_FDS],
		    unsigned int *nfds)
{
	struct cmsghdr *cm;
	int bad = 0;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t n, i;
		int fd;

		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(int));
			if (*nfds < VHU_MAX_FDS)
				fds[(*nfds)++] = fd;
			else
				close(fd), bad = 1;
		}
	}
	return bad || (mh->msg_flags & MSG_CTRUNC) ? -EPROTO : 0;
}

int rpmsg_vhu_recv(int sock, struct vhu_msg *msg, int fds[VHU_MAX_FDS],
	     unsigned int *nfds, uint64_t deadline_ns)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VHU_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov;
	struct msghdr mh;
	size_t got = 0;
	ssize_t n;
	unsigned int i;
	int rc;

	for (i = 0; i < VHU_MAX_FDS; i++)
		fds[i] = -1;
	*nfds = 0;
	memset(msg, 0, sizeof(*msg));
	/* The header, with whatever descriptors accompany it. */
	while (got < sizeof(msg->hdr)) {
		rc = wait_ready(sock, POLLIN, deadline_ns);
		if (rc)
			goto fail;
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = (char *)&msg->hdr + got;
		iov.iov_len = sizeof(msg->hdr) - got;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			rc = n == 0 || errno == ECONNRESET ? -EPIPE : -errno;
			goto fail;
		}
		rc = take_fds(&mh, fds, nfds);
		if (rc)
			goto fail;
		got += (size_t)n;
	}
	if ((msg->hdr.flags & VHU_VERSION_MASK) != VHU_VERSION ||
	    msg->hdr.size > sizeof(msg->p)) {
		rc = -EPROTO;
		goto fail;
	}
	rc = read_full(sock, &msg->p, msg->hdr.size, deadline_ns);
	if (rc)
		goto fail;
	return 0;
fail:
	rpmsg_vhu_close_fds(fds, VHU_MAX_FDS);
	*nfds = 0;
	return rc;
}
