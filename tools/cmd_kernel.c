// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg ls|send|listen|echo|bench --kernel, rpmsg tty, rpmsg rproc,
 * rpmsg channel: the tool on a Linux system whose remote processor the
 * kernel manages,
 * through its rpmsg drivers (rpmsg_kernel.h). Chosen by --kernel, or by
 * itself when a /dev/rpmsg_ctrlN exists and no user-space link is named.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_kernel.h>

#include "cmd.h"
#include "tool.h"

#define EXIT_USAGE 2
#define KERNEL_ECHO_ADDR 0x401u /* rpmsg-echo of a librpmsg remote */

struct kopts {
	const char *service;
	uint32_t dst;
	uint32_t src;	   /* RPMSG_ADDR_ANY unless given */
	bool dst_given;	   /* channel: --dst, else any */
	const char *ctrl;  /* channel: NULL for the first control device */
	uint32_t timeout_ms;
	unsigned long count;
	bool json;
	bool reply;
	const char *device;
	const char *firmware;
};

static struct rpmsg_kernel kctx;

/* @s, a name the peer (or whoever set it) chose, escaped for a line of
 * text into @buf of ESC_SIZE bytes, as rpmsg ls escapes the names of
 * user-space links: it cannot drive the reader's terminal. */
#define ESC_SIZE (4u * RPMSG_KERNEL_PATH_SIZE + 1u)

static const char *esc(char *buf, const char *s)
{
	text_escape(buf, ESC_SIZE, s, strlen(s));
	return buf;
}

/* The library's sentence may quote the remote's channel names: escaped. */
static int kfail(const char *cmd, int rc)
{
	char e[ESC_SIZE];

	fprintf(stderr, "rpmsg %s: %s\n", cmd,
		*rpmsg_kernel_error(&kctx) ? esc(e, rpmsg_kernel_error(&kctx)) :
					     strerror(-rc));
	return 1;
}

bool kernel_cmd_wanted(int argc, char **argv)
{
	static const char *const user_link[] = { "-n", "--name", "--vhost-user",
						 "--side", "-S", NULL };
	static const char *const cmds[] = { "ls", "send", "listen", "echo",
					    "bench", NULL };
	glob_t g;
	int i, j;
	bool known = false;

	if (argc < 2)
		return false;
	if (!strcmp(argv[1], "tty") || !strcmp(argv[1], "rproc") ||
	    !strcmp(argv[1], "channel"))
		return true;
	for (j = 0; cmds[j]; j++)
		known |= !strcmp(argv[1], cmds[j]);
	if (!known)
		return false;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel"))
			return true;
		for (j = 0; user_link[j]; j++)
			if (!strncmp(argv[i], user_link[j], strlen(user_link[j])))
				return false;
	}
	/* No link named: the kernel's, if this system has one. */
	if (glob("/dev/rpmsg_ctrl*", 0, NULL, &g) != 0)
		return false;
	globfree(&g);
	return true;
}

static void addr_text(char *buf, size_t size, uint32_t a)
{
	if (a == RPMSG_ADDR_ANY)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "0x%x", (unsigned int)a);
}

static void json_addr(const char *key, uint32_t a)
{
	if (a == RPMSG_ADDR_ANY)
		printf(",\"%s\":null", key);
	else
		printf(",\"%s\":%u", key, (unsigned int)a);
}

static int kernel_ls(const struct kopts *o)
{
	struct rpmsg_kernel_channel ch[64];
	struct rpmsg_kernel_node nd[64];
	struct rpmsg_kernel_rproc rp[8];
	char a[16], b[16], n[ESC_SIZE], d[ESC_SIZE], p[ESC_SIZE];
	int nch, nnd, nrp, i;

	nch = rpmsg_kernel_list_channels(&kctx, ch, 64);
	if (nch < 0)
		return kfail("ls", nch);
	nnd = rpmsg_kernel_list_nodes(&kctx, nd, 64);
	if (nnd < 0)
		nnd = 0; /* the channels alone say enough */
	nrp = rpmsg_kernel_list_rprocs(&kctx, rp, 8);
	nch = nch > 64 ? 64 : nch;
	nnd = nnd > 64 ? 64 : nnd;
	nrp = nrp < 0 ? 0 : nrp > 8 ? 8 : nrp;
	if (o->json) {
		printf("{\"name\":\"kernel\",\"side\":\"kernel\",\"up\":%s,"
		       "\"channels\":[", nch ? "true" : "false");
		for (i = 0; i < nch; i++) {
			printf("%s{\"name\":", i ? "," : "");
			print_json_str(stdout, ch[i].name);
			json_addr("src", ch[i].src);
			json_addr("dst", ch[i].dst);
			printf(",\"announce\":true,\"driver\":");
			if (*ch[i].driver)
				print_json_str(stdout, ch[i].driver);
			else
				fputs("null", stdout);
			printf(",\"node\":");
			print_json_str(stdout, ch[i].node);
			printf(",\"device\":");
			print_json_str(stdout, ch[i].dev_name);
			putchar('}');
		}
		fputs("],\"endpoints\":[", stdout);
		for (i = 0; i < nnd; i++) {
			printf("%s{\"name\":", i ? "," : "");
			print_json_str(stdout, nd[i].kind == RPMSG_KERNEL_NODE_CTRL ? "" :
									nd[i].name);
			json_addr("addr", nd[i].src);
			json_addr("dst", nd[i].dst);
			printf(",\"channel\":%s,\"node\":",
			       *nd[i].ctrl || nd[i].kind == RPMSG_KERNEL_NODE_CTRL ?
				       "false" : "true");
			print_json_str(stdout, nd[i].node);
			printf(",\"control\":%s}",
			       nd[i].kind == RPMSG_KERNEL_NODE_CTRL ? "true" :
								      "false");
		}
		fputs("],\"remoteprocs\":[", stdout);
		for (i = 0; i < nrp; i++) {
			printf("%s{\"name\":", i ? "," : "");
			print_json_str(stdout, rp[i].name);
			printf(",\"state\":");
			print_json_str(stdout, rp[i].state);
			printf(",\"firmware\":");
			print_json_str(stdout, rp[i].firmware);
			putchar('}');
		}
		fputs("]}\n", stdout);
		return fflush(stdout) ? 1 : 0;
	}
	/* Every string from sysfs escaped: the channels' and endpoints'
	 * names are the remote's (its announcements), the others are
	 * whatever wrote them. */
	printf("kernel (%s)%s\n", esc(n, kctx.sysfs), nch ? "" : ": no channels");
	printf("%-32s %-10s %-10s %-8s %-14s %s\n", "CHANNEL", "SRC", "DST",
	       "ANNOUNCE", "DRIVER", "NODE");
	for (i = 0; i < nch; i++) {
		addr_text(a, sizeof(a), ch[i].src);
		addr_text(b, sizeof(b), ch[i].dst);
		printf("%-32s %-10s %-10s %-8s %-14s %s\n", esc(n, ch[i].name), a,
		       b, "yes", *ch[i].driver ? esc(d, ch[i].driver) : "-",
		       *ch[i].node ? esc(p, ch[i].node) : "-");
	}
	printf("%-32s %-10s %-10s %-8s %s\n", "ENDPOINT", "ADDR", "DST",
	       "DEFAULT", "NODE");
	for (i = 0; i < nnd; i++) {
		if (nd[i].kind == RPMSG_KERNEL_NODE_CTRL) {
			printf("%-32s %-10s %-10s %-8s %s\n", "(control)", "-",
			       "-", "-", esc(p, nd[i].node));
			continue;
		}
		addr_text(a, sizeof(a), nd[i].src);
		addr_text(b, sizeof(b), nd[i].dst);
		printf("%-32s %-10s %-10s %-8s %s\n",
		       *nd[i].name ? esc(n, nd[i].name) : "-", a, b,
		       *nd[i].ctrl ? "no" : "yes", esc(p, nd[i].node));
	}
	if (nrp) {
		printf("%-32s %-10s %s\n", "REMOTEPROC", "STATE", "FIRMWARE");
		for (i = 0; i < nrp; i++)
			printf("%-32s %-10s %s\n", esc(n, rp[i].name),
			       esc(d, rp[i].state), esc(p, rp[i].firmware));
	}
	return fflush(stdout) ? 1 : 0;
}

/* The endpoint of a command: the announced --service's, or a new one to
 * --dst through the control device, at --src if given. */
static int kernel_ept(const char *cmd, const struct kopts *o,
		      struct rpmsg_kernel_ept *ept, rpmsg_kernel_rx_cb_t cb,
		      void *priv)
{
	char name[RPMSG_NAME_SIZE];
	int rc;

	if (o->service)
		rc = rpmsg_kernel_open_channel(&kctx, ept, o->service,
					       o->timeout_ms, cb, priv);
	else {
		snprintf(name, sizeof(name), "rpmsg-%s-%d", cmd, (int)getpid());
		rc = rpmsg_kernel_create_ept(&kctx, ept, NULL, name, o->src,
					     o->dst, cb, priv);
		if (!rc)
			rc = rpmsg_kernel_set_timeout(ept, o->timeout_ms);
	}
	return rc ? kfail(cmd, rc) : 0;
}

static int kernel_send(const struct kopts *o, const char *msg)
{
	unsigned char reply[RPMSG_KERNEL_MAX_PAYLOAD];
	struct rpmsg_kernel_ept ept;
	int rc, status = 0;

	if (kernel_ept("send", o, &ept, NULL, NULL))
		return 1;
	rc = rpmsg_kernel_send(&ept, msg, strlen(msg));
	if (rc)
		status = kfail("send", rc);
	else if (o->reply) {
		rc = rpmsg_kernel_recv(&ept, reply, sizeof(reply), o->timeout_ms);
		if (rc < 0)
			status = kfail("send", rc);
		else
			print_payload(stdout, reply, (size_t)rc, OUT_LINE);
	}
	rpmsg_kernel_destroy_ept(&ept);
	return status || fflush(stdout) ? 1 : 0;
}

struct serve_state {
	bool echo;
	unsigned long got;
};

static int serve_cb(struct rpmsg_kernel_ept *ept, void *data, size_t len,
		    void *priv)
{
	struct serve_state *s = priv;

	s->got++;
	if (s->echo)
		return rpmsg_kernel_send(ept, data, len);
	printf("0x%x: ", (unsigned int)ept->dst);
	print_payload(stdout, data, len, OUT_LINE);
	return fflush(stdout) ? -EIO : 0;
}

/* listen / echo: until --count messages, the endpoint gone, or nothing
 * for --timeout. */
static int kernel_serve(const char *cmd, const struct kopts *o, bool echo)
{
	struct serve_state s = { .echo = echo };
	struct rpmsg_kernel_ept ept, *one = &ept;
	char n[ESC_SIZE];
	int rc = 0;

	if (kernel_ept(cmd, o, &ept, serve_cb, &s))
		return 1;
	fprintf(stderr, "%s: %s (0x%x -> 0x%x) on %s\n", cmd, esc(n, ept.name),
		(unsigned int)ept.src, (unsigned int)ept.dst, ept.node);
	while (!o->count || s.got < o->count) {
		rc = rpmsg_kernel_poll(&one, 1, o->timeout_ms);
		if (rc < 0)
			break;
	}
	fprintf(stderr, "%s: %lu messages%s%s\n", cmd, s.got,
		rc < 0 ? ": " : "",
		rc < 0 ? (*rpmsg_kernel_error(&kctx) ?
				  esc(n, rpmsg_kernel_error(&kctx)) :
				  strerror(-rc)) :
			 "");
	rpmsg_kernel_destroy_ept(&ept);
	return rc < 0 ? 1 : 0;
}

/* Message @seq of bench and the echo checks: its size cycles through
 * 1..496 (37 is prime to 496), its bytes depend on seq and offset. */
static size_t msg_make(unsigned long seq, unsigned char *buf)
{
	size_t len = 1 + (size_t)((seq * 37u) % RPMSG_KERNEL_MAX_PAYLOAD), i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seq * 131u + i * 7u + (seq >> 8));
	return len;
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One round trip of message @seq, checked: 0, or 1 after saying why. */
static int round_trip(struct rpmsg_kernel_ept *ept, unsigned long seq,
		      uint32_t timeout_ms)
{
	unsigned char want[RPMSG_KERNEL_MAX_PAYLOAD], got[RPMSG_KERNEL_MAX_PAYLOAD];
	size_t len = msg_make(seq, want);
	int rc = rpmsg_kernel_send(ept, want, len);

	if (!rc)
		rc = rpmsg_kernel_recv(ept, got, sizeof(got), timeout_ms);
	if (rc < 0)
		return kfail("bench", rc);
	if ((size_t)rc != len || memcmp(got, want, len)) {
		fprintf(stderr,
			"rpmsg bench: message %lu came back wrong (%d bytes, "
			"%zu sent)\n", seq, rc, len);
		return 1;
	}
	return 0;
}

/* bench --kernel: --count round trips of sizes 1..496, each checked,
 * then the same count streamed with a window of 16 for throughput. */
static int kernel_bench(const struct kopts *o)
{
	unsigned long n = o->count ? o->count : 10000, i, sent = 0, back = 0;
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD], got[RPMSG_KERNEL_MAX_PAYLOAD];
	struct rpmsg_kernel_ept ept;
	double *lat, t0, secs, bytes = 0;
	int status = 0, rc;

	if (kernel_ept("bench", o, &ept, NULL, NULL))
		return 1;
	lat = calloc(n, sizeof(*lat));
	if (!lat) {
		rpmsg_kernel_destroy_ept(&ept);
		return 1;
	}
	for (i = 0; i < n && !status; i++) {
		t0 = now_us();
		status = round_trip(&ept, i, o->timeout_ms);
		lat[i] = now_us() - t0;
	}
	t0 = now_us();
	while (!status && back < n) {
		while (sent < n && sent - back < 16) {
			size_t len = msg_make(n + sent, buf);

			rc = rpmsg_kernel_trysend(&ept, buf, len);
			if (rc == -EAGAIN)
				break;
			if (rc) {
				status = kfail("bench", rc);
				break;
			}
			sent++;
		}
		if (status)
			break;
		rc = rpmsg_kernel_recv(&ept, got, sizeof(got), o->timeout_ms);
		if (rc < 0) {
			status = kfail("bench", rc);
			break;
		}
		if ((size_t)rc != msg_make(n + back, buf) || memcmp(got, buf, (size_t)rc)) {
			fprintf(stderr, "rpmsg bench: streamed message %lu came "
				"back wrong\n", back);
			status = 1;
		}
		bytes += rc;
		back++;
	}
	secs = (now_us() - t0) / 1e6;
	rpmsg_kernel_destroy_ept(&ept);
	if (!status) {
		qsort(lat, n, sizeof(*lat), cmp_double);
		if (o->json)
			printf("{\"link\":\"kernel\",\"node\":\"%s\",\"messages\":%lu,"
			       "\"intact\":%lu,\"rtt_us\":{\"p50\":%.1f,\"p99\":%.1f,"
			       "\"max\":%.1f},\"throughput\":{\"msgs_per_s\":%.0f,"
			       "\"mb_per_s\":%.3f}}\n", ept.node, n, n,
			       lat[n / 2], lat[n * 99 / 100], lat[n - 1],
			       (double)n / secs, bytes / secs / 1e6);
		else
			printf("kernel: %lu of %lu messages echoed intact through "
			       "%s (sizes 1..%u)\nround trip: p50 %.1f us, p99 "
			       "%.1f us, max %.1f us\nthroughput (window 16): %.0f "
			       "msg/s, %.3f MB/s\n", n, n, ept.node,
			       RPMSG_KERNEL_MAX_PAYLOAD, lat[n / 2],
			       lat[n * 99 / 100], lat[n - 1], (double)n / secs,
			       bytes / secs / 1e6);
	}
	free(lat);
	return status || fflush(stdout) ? 1 : 0;
}

/* Reads one line of at most @size - 1 bytes from @fd within @ms each
 * wait (lines come one at a time: nothing past the newline is read). */
static int tty_line(int fd, char *buf, size_t size, uint32_t ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t used = 0;

	while (used + 1 < size) {
		char *nl;
		ssize_t n;

		if (poll(&p, 1, (int)ms) <= 0)
			return -ETIMEDOUT;
		n = read(fd, buf + used, size - 1 - used);
		if (n <= 0)
			return n ? -errno : -EPIPE;
		nl = memchr(buf + used, '\n', (size_t)n);
		used += (size_t)n;
		if (nl) {
			*nl = '\0';
			return nl + 1 == buf + used ? (int)(nl - buf) : -EBADMSG;
		}
	}
	return -EMSGSIZE;
}

/* rpmsg tty: --count lines through /dev/ttyRPMSGN, each echoed back by
 * the remote and compared: 1..495 characters and a newline, so that
 * each line is one message of 2..496 bytes. */
static int kernel_tty(const struct kopts *o)
{
	const char *dev = o->device ? o->device : "/dev/ttyRPMSG0";
	unsigned long n = o->count ? o->count : 1, i;
	char line[600], got[600];
	struct termios t;
	int fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC), rc = 0;

	if (fd < 0) {
		fprintf(stderr, "rpmsg tty: cannot open %s: %s%s\n", dev,
			strerror(errno),
			errno == ENOENT ? " (no rpmsg-tty channel announced, or "
					  "rpmsg_tty not loaded)" : "");
		return 1;
	}
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	for (i = 0; i < n && rc >= 0; i++) {
		unsigned char m[RPMSG_KERNEL_MAX_PAYLOAD];
		size_t len = (msg_make(i, m) - 1) % (RPMSG_KERNEL_MAX_PAYLOAD - 1) + 1, k;

		for (k = 0; k < len; k++)
			line[k] = (char)('a' + (m[k] % 26));
		line[len] = '\n';
		if (write(fd, line, len + 1) != (ssize_t)(len + 1)) {
			rc = -errno;
			break;
		}
		rc = tty_line(fd, got, sizeof(got), o->timeout_ms);
		if (rc >= 0 && ((size_t)rc != len || memcmp(got, line, len))) {
			fprintf(stderr, "rpmsg tty: line %lu came back wrong\n", i);
			rc = -EBADMSG;
		}
	}
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "rpmsg tty: %s after %lu of %lu lines\n",
			strerror(-rc), i ? i - 1 : 0, n);
		return 1;
	}
	printf("tty: %lu of %lu lines echoed intact through %s\n", n, n, dev);
	return fflush(stdout) ? 1 : 0;
}

/* rpmsg rproc [NAME [start|stop]] [--firmware FILE] */
static int kernel_rproc(const struct kopts *o, const char *name,
			const char *state)
{
	int rc;

	if (!name || (!state && !o->firmware)) {
		struct kopts ls = *o;

		return kernel_ls(&ls);
	}
	rc = rpmsg_kernel_set_rproc(&kctx, name, o->firmware, state);
	return rc ? kfail("rproc", rc) : 0;
}

/* The channel of the kernel's bus that rpmsg channel create made. */
static bool made_channel(const char *name, uint32_t src, uint32_t dst,
			 struct rpmsg_kernel_channel *out)
{
	struct rpmsg_kernel_channel ch[64];
	int n = rpmsg_kernel_list_channels(&kctx, ch, 64), i;

	for (i = 0; i < n && i < 64; i++)
		if (!strcmp(ch[i].name, name) &&
		    (src == RPMSG_ADDR_ANY || ch[i].src == src) &&
		    (dst == RPMSG_ADDR_ANY || ch[i].dst == dst)) {
			*out = ch[i];
			return true;
		}
	return false;
}

/* rpmsg channel create|release NAME [--src A] [--dst B] [--ctrl DEV] */
static int kernel_channel(const struct kopts *o, int argc, char **argv)
{
	uint32_t dst = o->dst_given ? o->dst : RPMSG_ADDR_ANY;
	struct rpmsg_kernel_channel ch;
	char a[16], b[16], n[ESC_SIZE], d[ESC_SIZE], r[ESC_SIZE], p[ESC_SIZE];
	bool create;
	int rc;

	if (argc != 2 ||
	    (strcmp(argv[0], "create") && strcmp(argv[0], "release"))) {
		fprintf(stderr, "rpmsg channel: create|release NAME\n");
		return EXIT_USAGE;
	}
	create = !strcmp(argv[0], "create");
	rc = create ? rpmsg_kernel_create_channel(&kctx, o->ctrl, argv[1],
						  o->src, dst) :
		      rpmsg_kernel_release_channel(&kctx, o->ctrl, argv[1],
						   o->src, dst);
	if (rc)
		return kfail("channel", rc);
	addr_text(a, sizeof(a), o->src);
	addr_text(b, sizeof(b), dst);
	esc(n, argv[1]);
	if (!create)
		printf("channel %s (src %s, dst %s) released\n", n, a, b);
	else if (!made_channel(argv[1], o->src, dst, &ch))
		printf("channel %s (src %s, dst %s) created\n", n, a, b);
	else /* registered, and probed, before the ioctl returned */
		printf("channel %s (src %s, dst %s) created: %s, driver %s, "
		       "node %s\n", n, a, b, esc(d, ch.dev_name),
		       *ch.driver ? esc(r, ch.driver) : "-",
		       *ch.node ? esc(p, ch.node) : "-");
	return fflush(stdout) ? 1 : 0;
}

/* The forms of the kernel commands; @cmd's comes first, as its synopsis. */
static const char *const kernel_forms[][2] = {
	{ "ls", "ls --kernel [--json]" },
	{ "send", "send --kernel [--service NAME | --dst ADDR [--src ADDR]] [--reply] MESSAGE" },
	{ "listen", "listen --kernel [--service NAME | --dst ADDR] [--count N]" },
	{ "echo", "echo --kernel [--service NAME | --dst ADDR] [--count N]" },
	{ "bench", "bench --kernel [--service NAME | --dst ADDR] [--count N] [--json]" },
	{ "tty", "tty [--device /dev/ttyRPMSGN] [--count N]" },
	{ "rproc", "rproc [NAME start|stop] [--firmware FILE]" },
	{ "channel", "channel create|release NAME [--src ADDR] [--dst ADDR] "
		     "[--ctrl /dev/rpmsg_ctrlN]" },
};

static void kernel_usage(FILE *f, const char *cmd)
{
	size_t i, n = sizeof(kernel_forms) / sizeof(kernel_forms[0]);
	const char *lead = "usage:";

	for (i = 0; i < n; i++)
		if (!strcmp(cmd, kernel_forms[i][0])) {
			fprintf(f, "%s rpmsg %s\n", lead, kernel_forms[i][1]);
			lead = "      ";
		}
	for (i = 0; i < n; i++)
		if (strcmp(cmd, kernel_forms[i][0])) {
			fprintf(f, "%s rpmsg %s\n", lead, kernel_forms[i][1]);
			lead = "      ";
		}
	fputs("\n"
	      "Through the Linux kernel's rpmsg drivers: the channels of\n"
	      "/sys/bus/rpmsg, endpoints made on /dev/rpmsg_ctrlN (to --dst,\n"
	      "default 0x401, from --src, default one the kernel picks) or an\n"
	      "announced --service's /dev/rpmsgN.\n"
	      "Chosen without --kernel when /dev/rpmsg_ctrlN exists and no\n"
	      "link is named. --timeout MS (default 10000) bounds every wait;\n"
	      "--sysfs DIR and --dev DIR look elsewhere than /sys and /dev.\n"
	      "channel: makes (Linux 5.18 on) or removes a channel on the bus\n"
	      "of --ctrl (default the first /dev/rpmsg_ctrlN); --src and --dst\n"
	      "default to any, a fixed --src is announced to the remote.\n",
	      f);
}

int cmd_kernel(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", no_argument, NULL, 'K' },
		{ "service", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "src", required_argument, NULL, 'S' },
		{ "ctrl", required_argument, NULL, 'C' },
		{ "timeout", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "reply", no_argument, NULL, 'r' },
		{ "device", required_argument, NULL, 'D' },
		{ "firmware", required_argument, NULL, 'f' },
		{ "sysfs", required_argument, NULL, 'Y' },
		{ "dev", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct kopts o = { .dst = KERNEL_ECHO_ADDR, .src = RPMSG_ADDR_ANY,
			   .timeout_ms = 10000 };
	const char *cmd = argv[0], *sysfs = NULL, *devdir = NULL;
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, "Ks:d:t:c:jrD:f:h", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'K':
			break;
		case 's':
			o.service = optarg;
			break;
		case 'd':
		case 'S':
		case 't':
		case 'c': {
			unsigned long v = strtoul(optarg, &end, 0);

			if (*end || end == optarg) {
				fprintf(stderr, "rpmsg %s: bad number '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			if (opt == 'd') {
				o.dst = (uint32_t)v;
				o.dst_given = true;
			} else if (opt == 'S')
				o.src = (uint32_t)v;
			else if (opt == 't')
				o.timeout_ms = (uint32_t)v;
			else
				o.count = v;
			break;
		}
		case 'j':
			o.json = true;
			break;
		case 'r':
			o.reply = true;
			break;
		case 'D':
			o.device = optarg;
			break;
		case 'f':
			o.firmware = optarg;
			break;
		case 'C':
			o.ctrl = optarg;
			break;
		case 'Y':
			sysfs = optarg;
			break;
		case 'V':
			devdir = optarg;
			break;
		case 'h':
			kernel_usage(stdout, cmd);
			return 0;
		default:
			kernel_usage(stderr, cmd);
			return EXIT_USAGE;
		}
	}
	if (rpmsg_kernel_init(&kctx, sysfs, devdir)) {
		fprintf(stderr, "rpmsg %s: path too long\n", cmd);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "ls"))
		return kernel_ls(&o);
	if (!strcmp(cmd, "send")) {
		if (optind != argc - 1) {
			fprintf(stderr, "rpmsg send: one MESSAGE\n");
			return EXIT_USAGE;
		}
		return kernel_send(&o, argv[optind]);
	}
	if (!strcmp(cmd, "listen") || !strcmp(cmd, "echo"))
		return kernel_serve(cmd, &o, !strcmp(cmd, "echo"));
	if (!strcmp(cmd, "bench"))
		return kernel_bench(&o);
	if (!strcmp(cmd, "tty"))
		return kernel_tty(&o);
	if (!strcmp(cmd, "rproc"))
		return kernel_rproc(&o, optind < argc ? argv[optind] : NULL,
				    optind + 1 < argc ? argv[optind + 1] : NULL);
	if (!strcmp(cmd, "channel"))
		return kernel_channel(&o, argc - optind, argv + optind);
	kernel_usage(stderr, cmd);
	return EXIT_USAGE;
}
