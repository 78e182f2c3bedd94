// SPDX-License-Identifier: BSD-3-Clause
/*
 * Peer credentials of a connected UNIX socket against a policy
 * (rpmsg_access.h), and accepting only admitted peers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_access.h>

#include "peer_cred.h"

/* Supplementary groups a peer may have (SO_PEERGROUPS); more are not
 * looked at. */
#define PEER_GROUPS_MAX 64

static bool in_peer_groups(int sock, gid_t gid)
{
	gid_t groups[PEER_GROUPS_MAX];
	socklen_t len = sizeof(groups);
	size_t i;

	if (getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, groups, &len))
		return false;
	for (i = 0; i < len / sizeof(gid_t); i++)
		if (groups[i] == gid)
			return true;
	return false;
}

int rpmsg_access_check(int sock, const struct rpmsg_access *access)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return -errno;
	if (len != sizeof(cred) || cred.pid <= 0)
		return -ENOTCONN; /* not connected, or no credentials */
	if (cred.uid == geteuid() || cred.uid == 0)
		return 0;
	if (access && access->allow_group &&
	    (cred.gid == (gid_t)access->gid ||
	     in_peer_groups(sock, (gid_t)access->gid)))
		return 0;
	return -EACCES;
}

static int ms_left(uint64_t deadline_ns)
{
	struct timespec ts;
	uint64_t now;

	if (deadline_ns == UINT64_MAX)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (now >= deadline_ns)
		return 0;
	if ((deadline_ns - now) / 1000000u >= 0x7fffffffu)
		return 0x7fffffff;
	return (int)((deadline_ns - now + 999999u) / 1000000u);
}

int rpmsg_fd_accept(int listen_fd, uint64_t deadline_ns,
		    const struct rpmsg_access *access)
{
	struct pollfd pfd = { .fd = listen_fd, .events = POLLIN };
	int rc, sock, ms;

	for (;;) {
		ms = ms_left(deadline_ns);
		rc = poll(&pfd, 1, ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (!rc && !ms)
			return -ETIMEDOUT;
		if (!rc)
			continue; /* poll's timeout rounded short */
		sock = accept4(listen_fd, NULL, NULL,
			       SOCK_CLOEXEC);
		if (sock < 0) {
			if (errno == EAGAIN || errno == ECONNABORTED ||
			    errno == EINTR || errno == EPROTO)
				continue;
			return -errno;
		}
		/* Someone else: hang up on them and go on waiting. */
		if (rpmsg_access_check(sock, access)) {
			close(sock);
			continue;
		}
		return sock;
	}
}
