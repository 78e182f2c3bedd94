// SPDX-License-Identifier: BSD-3-Clause
/*
 * The far side of every measurement: "echo" at BENCH_ECHO_ADDR sends each
 * message back to its sender; "sink" at BENCH_SINK_ADDR counts messages
 * and reads their first and last bytes, as a consumer would.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	/* One message in flight: a buffer is free, so never wait (in
	 * own-loop mode nobody would wake this thread). */
	return rpmsg_send_offchannel_timeout(ept, ept->addr, src, data, len,
					     0) < 0;
}

static int sink_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	struct bench_remote *r = priv;
	volatile const uint8_t *p = data;

	(void)ept;
	(void)src;
	if (len)
		(void)(p[0] + p[len - 1]);
	r->sunk++;
	return 0;
}

int bench_remote_bind(struct bench_remote *r, struct rpmsg_device *dev)
{
	int rc;

	r->sunk = 0;
	rc = rpmsg_create_ept(&r->echo, dev, "bench-echo", BENCH_ECHO_ADDR,
			      RPMSG_ADDR_ANY, echo_cb, r);
	if (rc)
		return rc;
	rc = rpmsg_create_ept(&r->sink, dev, "bench-sink", BENCH_SINK_ADDR,
			      RPMSG_ADDR_ANY, sink_cb, r);
	if (rc)
		rpmsg_destroy_ept(&r->echo);
	return rc;
}

void bench_remote_unbind(struct bench_remote *r)
{
	rpmsg_destroy_ept(&r->sink);
	rpmsg_destroy_ept(&r->echo);
}

pid_t bench_spawn_remote(void (*remote)(const char *name,
					enum bench_mode mode, uint64_t spin_ns),
			 const char *name, enum bench_mode mode,
			 uint64_t spin_ns)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		remote(name, mode, spin_ns);
		_exit(1);
	}
	return pid < 0 ? -errno : pid;
}

void bench_reap_remote(pid_t pid, bool kill_it)
{
	int st;

	if (pid <= 0)
		return;
	if (kill_it)
		kill(pid, SIGKILL);
	/* Otherwise it leaves by itself once it sees the host go. */
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}
