// SPDX-License-Identifier: BSD-3-Clause
/*
 * Guest-side client of the kernel tests: runs inside User-Mode Linux,
 * linked statically, and talks to the remote through the kernel's
 * rpmsg_char driver only.
 *
 * It asks /dev/rpmsg_ctrl0 for an endpoint bound to a destination
 * address (RPMSG_CREATE_EPT_IOCTL), opens the /dev/rpmsgN the kernel
 * created for it, and sends sequenced messages of sizes cycling through
 * 1..496 bytes, keeping a window of them in flight. The remote echoes
 * each one back; every echo must come back in order and byte for byte.
 * Every wait is a poll() with a timeout, so a remote that dies is
 * reported as a loss instead of hanging the guest.
 *
 * Output: one summary line; exit status 0 when every message came back
 * intact, 1 otherwise, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define PROG "rpmsg_char_client"
#define MAX_PAYLOAD 496u /* 512-byte buffers less the 16-byte header */

struct options {
	const char *ctrl;
	uint32_t dst;
	unsigned long count;
	unsigned int window;
	int timeout_ms;
	unsigned long announce_after;
};

/* Size of message @seq: 37 is prime to 496, so every size in 1..496
 * appears once in any 496 consecutive messages. */
static size_t msg_size(unsigned long seq)
{
	return 1 + (size_t)((seq * 37u) % MAX_PAYLOAD);
}

/* Content of message @seq: its low sequence byte first, then a pattern
 * that depends on both the sequence number and the offset. */
static void msg_fill(unsigned long seq, unsigned char *buf, size_t len)
{
	size_t i;

	buf[0] = (unsigned char)seq;
	for (i = 1; i < len; i++)
		buf[i] = (unsigned char)(seq * 131u + i * 7u + (seq >> 8));
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Finds the /dev node of the endpoint device named @name; 0 on success. */
static int find_eptdev(const char *name, char *path, size_t size)
{
	DIR *d = opendir("/sys/class/rpmsg");
	struct dirent *e;
	int found = -1;

	if (!d)
		return -1;
	while (found && (e = readdir(d))) {
		char attr[300], val[64] = "";
		FILE *f;

		if (strncmp(e->d_name, "rpmsg", 5) ||
		    !strncmp(e->d_name, "rpmsg_ctrl", 10))
			continue;
		snprintf(attr, sizeof(attr), "/sys/class/rpmsg/%s/name",
			 e->d_name);
		f = fopen(attr, "r");
		if (!f)
			continue;
		if (fgets(val, sizeof(val), f)) {
			val[strcspn(val, "\n")] = '\0';
			if (!strcmp(val, name)) {
				snprintf(path, size, "/dev/%s", e->d_name);
				found = 0;
			}
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

/* Creates the endpoint and opens its device; returns the fd or -1. */
static int open_endpoint(const struct options *o)
{
	struct rpmsg_endpoint_info info;
	char path[300];
	int ctrl, fd;

	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "char-client-%d", (int)getpid());
	info.src = RPMSG_ADDR_ANY;
	info.dst = o->dst;

	ctrl = open(o->ctrl, O_RDWR | O_CLOEXEC);
	if (ctrl < 0) {
		printf(PROG ": FAIL: open %s: %s\n", o->ctrl, strerror(errno));
		return -1;
	}
	if (ioctl(ctrl, RPMSG_CREATE_EPT_IOCTL, &info) < 0) {
		printf(PROG ": FAIL: RPMSG_CREATE_EPT_IOCTL: %s\n",
		       strerror(errno));
		close(ctrl);
		return -1;
	}
	close(ctrl);
	/* devtmpfs creates the node before the ioctl returns. */
	if (find_eptdev(info.name, path, sizeof(path))) {
		printf(PROG ": FAIL: no device for endpoint %s\n", info.name);
		return -1;
	}
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		printf(PROG ": FAIL: open %s: %s\n", path, strerror(errno));
	else
		printf(PROG ": endpoint %s at %s -> 0x%x\n", info.name, path,
		       (unsigned int)o->dst);
	return fd;
}

/* Checks one received echo against message @seq; 0 if intact. */
static int check_echo(unsigned long seq, const unsigned char *got, size_t len)
{
	unsigned char want[MAX_PAYLOAD];
	size_t wlen = msg_size(seq), i;

	msg_fill(seq, want, wlen);
	if (len != wlen) {
		printf(PROG ": FAIL: echo of message %lu has %zu bytes, sent %zu"
		       " (first byte 0x%02x, expected 0x%02x)\n",
		       seq, len, wlen, len ? got[0] : 0, want[0]);
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			printf(PROG ": FAIL: echo of message %lu differs at "
			       "byte %zu: 0x%02x, sent 0x%02x\n",
			       seq, i, got[i], want[i]);
			return -1;
		}
	}
	return 0;
}

/* The kernel removed the endpoint: its remote went away. */
static const char *lost(ssize_t n)
{
	return n < 0 && (errno == EPIPE || errno == ENODEV) ?
		       "; remote lost" : "";
}

static int exchange(int fd, const struct options *o)
{
	unsigned char buf[MAX_PAYLOAD + 16];
	unsigned long sent = 0, echoed = 0;
	unsigned long long bytes = 0;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (echoed < o->count) {
		int want_out = sent < o->count && sent - echoed < o->window;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int r;

		if (want_out) {
			size_t len = msg_size(sent);

			msg_fill(sent, buf, len);
			n = write(fd, buf, len);
			if (n == (ssize_t)len) {
				sent++;
				bytes += len;
				continue;
			}
			if (n >= 0 || errno != EAGAIN) {
				printf(PROG ": FAIL: write of message %lu: %s%s\n",
				       sent, n < 0 ? strerror(errno) : "short",
				       lost(n));
				return -1;
			}
			p.events |= POLLOUT;
		}
		r = poll(&p, 1, o->timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			printf(PROG ": FAIL: poll: %s\n", strerror(errno));
			return -1;
		}
		if (r == 0) {
			printf(PROG ": FAIL: no echo within %d ms: %lu sent, "
			       "%lu of %lu echoed; remote silent\n",
			       o->timeout_ms, sent, echoed, o->count);
			return -1;
		}
		if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
			printf(PROG ": FAIL: endpoint error (revents 0x%x) after"
			       " %lu of %lu echoed; remote lost\n",
			       (unsigned int)p.revents, echoed, o->count);
			return -1;
		}
		if (!(p.revents & POLLIN))
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0) {
			printf(PROG ": FAIL: read after %lu echoed: %s%s\n",
			       echoed, strerror(errno), lost(n));
			return -1;
		}
		if (echoed >= sent) {
			printf(PROG ": FAIL: %zd unexpected bytes after %lu "
			       "echoed\n", n, echoed);
			return -1;
		}
		if (check_echo(echoed, buf, (size_t)n))
			return -1;
		bytes += (size_t)n;
		if (++echoed == o->announce_after) {
			printf(PROG ": traffic started (%lu echoed)\n", echoed);
			fflush(stdout);
		}
	}
	printf(PROG ": %lu of %lu messages echoed intact, sizes 1..%u, "
	       "%llu bytes both ways, window %u, %ld ms\n",
	       echoed, o->count, MAX_PAYLOAD, bytes, o->window,
	       elapsed_ms(&t0));
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: " PROG " [--ctrl DEV] [--dst ADDR] [--count N]\n"
		"       [--window N] [--timeout-ms MS] [--announce-after N]\n");
	return 2;
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct options o = {
		.ctrl = "/dev/rpmsg_ctrl0", .dst = 0x401, .count = 10000,
		.window = 16, .timeout_ms = 5000, .announce_after = 0,
	};
	int i, fd, rc;

	for (i = 1; i + 1 < argc; i += 2) {
		unsigned long v = 0;

		if (!strcmp(argv[i], "--ctrl")) {
			o.ctrl = argv[i + 1];
			continue;
		}
		if (parse_ulong(argv[i + 1], &v))
			return usage();
		if (!strcmp(argv[i], "--dst") && v <= UINT32_MAX)
			o.dst = (uint32_t)v;
		else if (!strcmp(argv[i], "--count") && v > 0)
			o.count = v;
		else if (!strcmp(argv[i], "--window") && v > 0 && v <= 256)
			o.window = (unsigned int)v;
		else if (!strcmp(argv[i], "--timeout-ms") && v > 0 &&
			 v <= 600000)
			o.timeout_ms = (int)v;
		else if (!strcmp(argv[i], "--announce-after"))
			o.announce_after = v;
		else
			return usage();
	}
	if (i != argc)
		return usage();

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open_endpoint(&o);
	if (fd < 0)
		return 1;
	rc = exchange(fd, &o);
	/*
	 * After a failure the remote may be gone, and the kernel may have
	 * removed the endpoint device with it: a destroy then would be a
	 * second one (Linux 6.1 does not survive that). Closing is enough.
	 */
	if (rc == 0 && ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) < 0) {
		printf(PROG ": FAIL: RPMSG_DESTROY_EPT_IOCTL: %s\n",
		       strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc ? 1 : 0;
}
