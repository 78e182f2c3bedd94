// SPDX-License-Identifier: BSD-3-Clause
/*
 * The minimal remote profile (rpmsg_mini.h) as the remote of the kernel
 * tests: a vhost-user backend (rpmsg_vhost_user_mini_create()) in one
 * thread, announcing "rpmsg-echo" at 0x401 and echoing every message to
 * its sender, for one frontend (a User-Mode Linux guest) until it leaves.
 *
 * Usage: mini_remote --vhost-user SOCK [--timeout MS] [--once]
 *   --timeout  how long the guest may take to come and go (default 60 s)
 *   --once     accepted for the runner's sake: one frontend is all there is
 * Output (stderr): a line when the first message arrives, then
 * "mini: host gone: N messages echoed, F not" at the end.
 * Exit status: 0 when the frontend came, left, and every echo was sent;
 * 1 otherwise; 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_vhost_user.h>

#define ECHO_ADDR 0x401u
/* How long an echo may wait for the guest to give a buffer back. */
#define SEND_TIMEOUT_MS 2000u

struct echo_state {
	struct rpmsg_vhost_user *link;
	unsigned long echoed;
	unsigned long failed;
};

static int echo_cb(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
		   void *data, uint32_t len, uint32_t src)
{
	struct echo_state *st = ept->priv;
	int rc;

	(void)m;
	if (!st->echoed && !st->failed)
		fprintf(stderr, "remote: host connected, first message from 0x%x\n",
			(unsigned int)src);
	rc = rpmsg_vhost_user_mini_send(st->link, ept->addr, src, data, len,
					SEND_TIMEOUT_MS);
	if (rc) {
		if (!st->failed)
			fprintf(stderr, "mini: echo of %u bytes to 0x%x: %s\n",
				(unsigned int)len, (unsigned int)src,
				strerror(-rc));
		st->failed++;
	} else {
		st->echoed++;
	}
	return 0;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int usage(void)
{
	fprintf(stderr, "usage: mini_remote --vhost-user SOCK [--timeout MS] [--once]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct rpmsg_vhost_user_config cfg;
	struct echo_state st = { 0 };
	struct rpmsg_mini_ept ept = { 0 };
	struct rpmsg_mini_ept *epts[] = { &ept };
	struct rpmsg_vhost_user *link;
	unsigned long timeout_ms = 60000;
	const char *sock = NULL;
	struct rpmsg_mini m;
	struct timespec t0;
	long left;
	char *end;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--once"))
			continue;
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--vhost-user")) {
			sock = argv[++i];
		} else if (!strcmp(argv[i], "--timeout")) {
			errno = 0;
			timeout_ms = strtoul(argv[++i], &end, 0);
			if (errno || *end || !timeout_ms || timeout_ms > 3600000ul)
				return usage();
		} else {
			return usage();
		}
	}
	if (!sock)
		return usage();
	memset(&cfg, 0, sizeof(cfg));
	cfg.path = sock;
	ept.name = "rpmsg-echo";
	ept.addr = ECHO_ADDR;
	ept.cb = echo_cb;
	ept.priv = &st;
	rc = rpmsg_vhost_user_mini_create(&link, &cfg, &m, epts, 1);
	if (rc) {
		fprintf(stderr, "mini: cannot listen on %s: %s\n", sock,
			strerror(-rc));
		return 1;
	}
	st.link = link;
	fprintf(stderr, "mini: serving rpmsg-echo at 0x%x on %s\n", ECHO_ADDR,
		sock);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		left = (long)timeout_ms - elapsed_ms(&t0);
		if (left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		rc = rpmsg_vhost_user_mini_run(link, (uint32_t)left);
		if (rc < 0 && rc != -ETIMEDOUT)
			break;
	}
	rpmsg_vhost_user_destroy(link);
	if (rc != -EPIPE) {
		fprintf(stderr, "mini: %s after %lu messages echoed\n",
			rc == -ETIMEDOUT ? "the host was still there (or never came)"
					 : strerror(-rc),
			st.echoed);
		return 1;
	}
	fprintf(stderr, "mini: host gone: %lu messages echoed, %lu not\n",
		st.echoed, st.failed);
	return st.failed || !st.echoed ? 1 : 0;
}
