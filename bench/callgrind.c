// SPDX-License-Identifier: BSD-3-Clause
/*
 * Instructions per message, counted by valgrind --tool=callgrind, which
 * is deterministic where timings are not.
 *
 * The workload (rpmsg bench --callgrind-workload N) is one thread driving
 * an in-process link with the POSIX port (real mutexes) and no doorbell
 * threads, N times:
 *   cg_host_tx    host sends one message to the remote's sink
 *   cg_remote_rx  remote polls its receive ring: delivers it, returns the
 *                 buffer
 *   cg_remote_tx  remote sends one message to the host
 *   cg_host_rx    host polls its receive ring: delivers it, reposts the
 *                 buffer
 * Each step is a function of its own, so its inclusive count (all it
 * calls included) is that side's cost for that direction. Payloads are
 * empty: the figures are the per-message cost without the payload copy
 * (a copy of L bytes adds what memcpy of L bytes costs).
 *
 * Set-up (allocation, start, the dynamic loader, valgrind's own start) is
 * cancelled by running the workload for N and for 2N messages and
 * dividing the difference of each count by N.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg_inproc.h>

#include "bench.h"

static unsigned long cg_rx_count;
/* One counter per step keeps the compiler from merging step functions
 * with identical bodies (their names are what callgrind reports). */
static volatile unsigned long cg_steps[4];

static int cg_count_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		       void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	cg_rx_count++;
	return 0;
}

__attribute__((noinline)) static int cg_host_tx(struct rpmsg_endpoint *ept)
{
	cg_steps[0]++;
	return rpmsg_send_offchannel_timeout(ept, BENCH_HOST_ADDR,
					     BENCH_SINK_ADDR, ept, 0, 0);
}

__attribute__((noinline)) static int cg_remote_tx(struct rpmsg_endpoint *ept)
{
	cg_steps[1]++;
	return rpmsg_send_offchannel_timeout(ept, BENCH_SINK_ADDR,
					     BENCH_HOST_ADDR, ept, 0, 0);
}

__attribute__((noinline)) static int cg_remote_rx(struct rpmsg_virtio_device *v)
{
	cg_steps[2]++;
	return rpmsg_virtio_poll(v);
}

__attribute__((noinline)) static int cg_host_rx(struct rpmsg_virtio_device *v)
{
	cg_steps[3]++;
	return rpmsg_virtio_poll(v);
}

int bench_callgrind_workload(unsigned long n, bool poll)
{
	struct rpmsg_inproc_config cfg = {
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.threaded = true,
	};
	struct rpmsg_virtio_device *hv, *rv;
	struct rpmsg_endpoint hept;
	struct bench_remote r;
	struct rpmsg_inproc *link;
	unsigned long i;
	int rc;

	rc = rpmsg_inproc_create(&link, &cfg);
	if (rc)
		return rc;
	hv = rpmsg_inproc_host_vdev(link);
	rv = rpmsg_inproc_remote_vdev(link);
	rc = bench_remote_bind(&r, &rv->bus);
	if (!rc)
		rc = rpmsg_create_ept(&hept, &hv->bus, "bench-host",
				      BENCH_HOST_ADDR, BENCH_SINK_ADDR,
				      cg_count_cb, NULL);
	if (!rc)
		rc = rpmsg_virtio_start(hv, 0);
	if (!rc)
		rc = rpmsg_virtio_start(rv, 0);
	/* The fast path: both sides poll and ask for no doorbells. */
	if (!rc && poll)
		rc = rpmsg_virtio_rx_notify(hv, false) ||
		     rpmsg_virtio_rx_notify(rv, false);
	for (i = 0; i < n && !rc; i++) {
		rc = cg_host_tx(&hept);
		if (!rc && cg_remote_rx(rv) != 1)
			rc = -EIO;
		if (!rc)
			rc = cg_remote_tx(&r.sink);
		if (!rc && cg_host_rx(hv) != 1)
			rc = -EIO;
	}
	if (!rc && (r.sunk != n || cg_rx_count != n))
		rc = -EIO;
	rpmsg_inproc_destroy(link);
	return rc;
}

/* Run the workload for @n messages under callgrind into @out. */
static int cg_run(const char *self, unsigned long n, bool poll,
		  const char *out)
{
	char nbuf[32], obuf[512];
	int st, fd;
	pid_t pid;

	snprintf(nbuf, sizeof(nbuf), "%lu", n);
	snprintf(obuf, sizeof(obuf), "--callgrind-out-file=%s", out);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("valgrind", "valgrind", "--tool=callgrind", obuf, self,
		       "bench", "--callgrind-workload", nbuf,
		       poll ? "--mode=poll" : "--mode=block", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(st))
		return -EIO;
	return WEXITSTATUS(st) == 127 ? -ENOENT
				      : WEXITSTATUS(st) ? -EIO : 0;
}

enum { CG_HOST_TX, CG_REMOTE_RX, CG_REMOTE_TX, CG_HOST_RX, CG_COPY, CG_N };

static const char *const cg_funcs[CG_COPY] = {
	":cg_host_tx ", ":cg_remote_rx ", ":cg_remote_tx ", ":cg_host_rx ",
};

/* Inclusive counts of the four steps (and of memcpy) from @file. */
static int cg_parse(const char *file, double v[CG_N])
{
	char cmd[600], line[1024], digits[64];
	size_t k, j;
	FILE *p;
	int found = 0;

	memset(v, 0, sizeof(double) * CG_N);
	snprintf(cmd, sizeof(cmd),
		 "callgrind_annotate --inclusive=yes --threshold=100 '%s' "
		 "2>/dev/null",
		 file);
	p = popen(cmd, "r");
	if (!p)
		return -errno;
	while (fgets(line, sizeof(line), p)) {
		for (j = 0, k = 0; line[k] == ' '; k++)
			;
		for (; (line[k] >= '0' && line[k] <= '9') || line[k] == ',';
		     k++)
			if (line[k] != ',' && j + 1 < sizeof(digits))
				digits[j++] = line[k];
		digits[j] = 0;
		if (!j)
			continue;
		for (k = 0; k < CG_COPY; k++) {
			if (strstr(line, cg_funcs[k])) {
				v[k] = strtod(digits, NULL);
				found |= 1 << k;
			}
		}
		if (strstr(line, ":__memcpy") || strstr(line, ":__memmove"))
			v[CG_COPY] += strtod(digits, NULL);
	}
	pclose(p);
	return found == (1 << CG_COPY) - 1 ? 0 : -ENOENT;
}

int bench_callgrind(const char *self, unsigned long n, bool poll,
		    struct bench_instr *out)
{
	char f1[64], f2[64];
	double a[CG_N], b[CG_N];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!n)
		return -EINVAL;
	snprintf(f1, sizeof(f1), "/tmp/rpmsg-bench-cg-%ld-1", (long)getpid());
	snprintf(f2, sizeof(f2), "/tmp/rpmsg-bench-cg-%ld-2", (long)getpid());
	rc = cg_run(self, n, poll, f1);
	if (!rc)
		rc = cg_run(self, 2 * n, poll, f2);
	if (!rc)
		rc = cg_parse(f1, a);
	if (!rc)
		rc = cg_parse(f2, b);
	unlink(f1);
	unlink(f2);
	if (rc)
		return rc;
	out->host_tx = (b[CG_HOST_TX] - a[CG_HOST_TX]) / (double)n;
	out->remote_rx = (b[CG_REMOTE_RX] - a[CG_REMOTE_RX]) / (double)n;
	out->remote_tx = (b[CG_REMOTE_TX] - a[CG_REMOTE_TX]) / (double)n;
	out->host_rx = (b[CG_HOST_RX] - a[CG_HOST_RX]) / (double)n;
	out->copy = (b[CG_COPY] - a[CG_COPY]) / (double)n;
	out->n = n;
	out->valid = true;
	return 0;
}
