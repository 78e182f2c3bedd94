// SPDX-License-Identifier: BSD-3-Clause
/*
 * Waiting for the kernel's devices to change, woken by events only:
 * the kernel's uevent broadcast (a netlink socket, every device added or
 * removed anywhere) and inotify on directories (which is how a tree that
 * is not sysfs, such as a test's, tells of changes; sysfs itself sends
 * no inotify events, devtmpfs does). The watch is armed before the
 * caller looks, so a change between the look and the wait still wakes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kernel_internal.h"

uint64_t rpmsg_k_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

uint64_t rpmsg_k_deadline(uint32_t timeout_ms)
{
	if (timeout_ms == RPMSG_TIMEOUT_FOREVER)
		return UINT64_MAX;
	return rpmsg_k_now_ms() + timeout_ms;
}

int rpmsg_k_poll_ms(uint64_t deadline)
{
	uint64_t now;

	if (deadline == UINT64_MAX)
		return -1;
	now = rpmsg_k_now_ms();
	if (now >= deadline)
		return 0;
	return deadline - now > INT32_MAX ? INT32_MAX : (int)(deadline - now);
}

static int uevent_open(void)
{
	struct sockaddr_nl sa;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = 1; /* the kernel's own broadcast (not udev's) */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int rpmsg_k_watch_open(struct rpmsg_k_watch *w, const char *const *dirs)
{
	int watched = 0;

	w->uevent = uevent_open();
	w->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	for (; w->inotify >= 0 && dirs && *dirs; dirs++)
		if (inotify_add_watch(w->inotify, *dirs,
				      IN_CREATE | IN_DELETE | IN_MOVED_TO |
					      IN_MOVED_FROM | IN_ATTRIB |
					      IN_CLOSE_WRITE) >= 0)
			watched++;
	if (w->uevent < 0 && !watched) {
		int err = errno ? errno : ENOSYS;

		rpmsg_k_watch_close(w);
		return -err;
	}
	return 0;
}

/* Empties a non-blocking descriptor of what it has queued. */
static void drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

int rpmsg_k_watch_wait(struct rpmsg_k_watch *w, uint64_t deadline_ms)
{
	struct pollfd p[2];
	int rc;

	p[0].fd = w->uevent;
	p[1].fd = w->inotify;
	p[0].events = p[1].events = POLLIN;
	do {
		rc = poll(p, 2, rpmsg_k_poll_ms(deadline_ms));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	if (rc == 0)
		return 0;
	if (w->uevent >= 0)
		drain(w->uevent);
	if (w->inotify >= 0)
		drain(w->inotify);
	return 1;
}

void rpmsg_k_watch_close(struct rpmsg_k_watch *w)
{
	if (w->uevent >= 0)
		close(w->uevent);
	if (w->inotify >= 0)
		close(w->inotify);
	w->uevent = w->inotify = -1;
}
