// SPDX-License-Identifier: BSD-3-Clause
/*
 * Control socket of a running side: listings for "rpmsg ls" and message
 * events for "rpmsg trace". One detached thread accepts clients; trace
 * subscribers are kept and fed from whichever thread sends or receives.
 * Events are sent without blocking: a subscriber too slow to keep up
 * misses messages rather than stalling the link.
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
#define CTL_MAX_EPTS 64

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rpmsg_device *ctl_dev;
static char ctl_name[RPMSG_NAME_SIZE * 2 + 1];
static char ctl_side[8];

struct tool_totals tool_totals;

static pthread_mutex_t sub_lock = PTHREAD_MUTEX_INITIALIZER;
static int subs[CTL_MAX_SUBS];
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

static void json_str(FILE *f, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* A count from rpmsg_list_*() as entries copied out. */
static int clamp(int n, int max)
{
	return n < 0 ? 0 : n > max ? max : n;
}

static void json_addr(FILE *f, const char *key, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%u", key, (unsigned)addr);
}

/* What "ls" shows of a device, in either format. */
struct listing {
	struct rpmsg_channel_info ch[RPMSG_CFG_MAX_CHANNELS];
	struct rpmsg_endpoint_info ep[CTL_MAX_EPTS];
	struct rpmsg_stats st;
	int nch;
	int nep;
};

static void gather(struct listing *l, struct rpmsg_device *dev)
{
	memset(l, 0, sizeof(*l));
	if (!dev)
		return;
	l->nch = clamp(rpmsg_list_channels(dev, l->ch, RPMSG_CFG_MAX_CHANNELS),
		       RPMSG_CFG_MAX_CHANNELS);
	l->nep = clamp(rpmsg_list_endpoints(dev, l->ep, CTL_MAX_EPTS),
		       CTL_MAX_EPTS);
	rpmsg_get_stats(dev, &l->st);
}

static void list_json(FILE *f, struct rpmsg_device *dev)
{
	struct listing l;
	int i;

	gather(&l, dev);
	fprintf(f, "{\"name\":");
	json_str(f, ctl_name);
	fprintf(f, ",\"side\":\"%s\",\"up\":%s,\"channels\":[", ctl_side,
		dev ? "true" : "false");
	for (i = 0; i < l.nch; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_str(f, l.ch[i].name);
		json_addr(f, "src", l.ch[i].src);
		json_addr(f, "dst", l.ch[i].dst);
		fprintf(f, ",\"announce\":%s,\"driver\":",
			l.ch[i].announce ? "true" : "false");
		if (l.ch[i].driver[0])
			json_str(f, l.ch[i].driver);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs("],\"endpoints\":[", f);
	for (i = 0; i < l.nep; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_str(f, l.ep[i].name);
		json_addr(f, "addr", l.ep[i].addr);
		json_addr(f, "dst", l.ep[i].dst);
		fprintf(f, ",\"channel\":%s}",
			l.ep[i].is_channel_default ? "true" : "false");
	}
	fprintf(f, "],\"stats\":{\"rx\":%u,\"tx\":%u,\"dropped\":%u,"
		"\"bad\":%u},\"totals\":{\"hosts\":%u,\"rx\":%u,\"tx\":%u}}\n",
		(unsigned)l.st.rx, (unsigned)l.st.tx, (unsigned)l.st.dropped,
		(unsigned)l.st.bad, atomic_load(&tool_totals.hosts),
		atomic_load(&tool_totals.rx), atomic_load(&tool_totals.tx));
}

static void addr_str(char *buf, size_t size, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "0x%x", (unsigned)addr);
}

static void list_text(FILE *f, struct rpmsg_device *dev)
{
	struct listing l;
	char a[16], b[16];
	int i;

	gather(&l, dev);
	fprintf(f, "%s (%s)%s\n", ctl_name, ctl_side, dev ? "" : ": no link");
	fprintf(f, "%-32s %-10s %-10s %-8s %s\n", "CHANNEL", "SRC", "DST",
		"ANNOUNCE", "DRIVER");
	for (i = 0; i < l.nch; i++) {
		addr_str(a, sizeof(a), l.ch[i].src);
		addr_str(b, sizeof(b), l.ch[i].dst);
		fprintf(f, "%-32s %-10s %-10s %-8s %s\n", l.ch[i].name, a, b,
			l.ch[i].announce ? "yes" : "no",
			l.ch[i].driver[0] ? l.ch[i].driver : "-");
	}
	fprintf(f, "%-32s %-10s %-10s %s\n", "ENDPOINT", "ADDR", "DST",
		"DEFAULT");
	for (i = 0; i < l.nep; i++) {
		addr_str(a, sizeof(a), l.ep[i].addr);
		addr_str(b, sizeof(b), l.ep[i].dst);
		fprintf(f, "%-32s %-10s %-10s %s\n",
			l.ep[i].name[0] ? l.ep[i].name : "-", a, b,
			l.ep[i].is_channel_default ? "yes" : "no");
	}
	fprintf(f, "rx %u tx %u dropped %u bad %u\n", (unsigned)l.st.rx,
		(unsigned)l.st.tx, (unsigned)l.st.dropped, (unsigned)l.st.bad);
	fprintf(f, "since start: hosts %u rx %u tx %u\n",
		atomic_load(&tool_totals.hosts), atomic_load(&tool_totals.rx),
		atomic_load(&tool_totals.tx));
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
	if (json)
		list_json(f, ctl_dev);
	else
		list_text(f, ctl_dev);
	pthread_mutex_unlock(&dev_lock);
	fclose(f);
	if (len > CTL_PKT_MAX)
		len = CTL_PKT_MAX;
	send(fd, buf, len, MSG_NOSIGNAL);
	free(buf);
}

/* Forget subscribers that hung up. Called with sub_lock held. */
static void reap_subs(void)
{
	struct pollfd pfd;
	int i;

	for (i = 0; i < nsubs;) {
		pfd.fd = subs[i];
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* A subscriber never writes: readable means gone. */
		if (poll(&pfd, 1, 0) > 0 &&
		    (pfd.revents & (POLLHUP | POLLERR | POLLIN))) {
			close(subs[i]);
			subs[i] = subs[--nsubs];
		} else {
			i++;
		}
	}
}

static void handle(int fd)
{
	struct timeval tv = { 2, 0 };
	char req[32];
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recv(fd, req, sizeof(req) - 1, 0);
	if (n <= 0) {
		close(fd);
		return;
	}
	req[n] = '\0';
	if (!strcmp(req, "ls") || !strcmp(req, "ls json")) {
		reply_ls(fd, req[2] != '\0');
		close(fd);
		return;
	}
	if (!strcmp(req, "trace")) {
		pthread_mutex_lock(&sub_lock);
		reap_subs();
		if (nsubs < CTL_MAX_SUBS) {
			subs[nsubs++] = fd;
			send(fd, "ok", 2, MSG_NOSIGNAL);
			fd = -1;
		}
		pthread_mutex_unlock(&sub_lock);
		if (fd >= 0) {
			send(fd, "busy", 4, MSG_NOSIGNAL);
			close(fd);
		}
		return;
	}
	send(fd, "bad request", 11, MSG_NOSIGNAL);
	close(fd);
}

static void *ctl_thread(void *arg)
{
	int lfd = (int)(intptr_t)arg, fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		/* The listing and the trace show what crosses the link:
		 * for our own user, root and an allowed group only. */
		if (rpmsg_access_check(fd, &tool_access)) {
			close(fd);
			continue;
		}
		handle(fd);
	}
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
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, alen) || listen(fd, 8)) {
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
		if (sendmsg(subs[i], &msg, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
		    errno != EAGAIN) {
			close(subs[i]);
			subs[i] = subs[--nsubs];
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
