// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg demo: a remote process announcing "rpmsg-client-sample" and a
 * host process running the Linux client sample, 100 echoes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

#include "ctl.h"
#include "tool.h"

#define SAMPLE_NAME "rpmsg-client-sample"
#define SAMPLE_ADDR 0x400u
#define HELLO "hello world!"
#define SAMPLE_COUNT 100

static const struct rpmsg_device_id sample_ids[] = { { SAMPLE_NAME }, { "" } };

static const struct rpmsg_driver sample_echo_driver = {
	.name = "sample-echo",
	.id_table = sample_ids,
	.callback = echo_cb,
};


/* --- the client sample (host) -------------------------------------------- */

static int sample_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	int n;

	(void)priv;
	tool_trace_rx(ept, data, len, src);
	pthread_mutex_lock(&client.lock);
	n = ++client.received;
	pthread_mutex_unlock(&client.lock);
	printf("host: incoming msg %d (src: 0x%x): %.*s\n", n, (unsigned)src,
	       (int)len, (const char *)data);
	if (n < SAMPLE_COUNT)
		return tool_sendto(ept, HELLO, strlen(HELLO), ept->dst);
	printf("host: goodbye!\n");
	pthread_mutex_lock(&client.lock);
	client.finished = true;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

static int sample_probe(struct rpmsg_channel *ch)
{
	printf("host: new channel: 0x%x -> 0x%x (%s)\n", (unsigned)ch->src,
	       (unsigned)ch->dst, ch->name);
	return tool_sendto(&ch->ept, HELLO, strlen(HELLO), ch->ept.dst);
}

static const struct rpmsg_driver sample_client_driver = {
	.name = "rpmsg_client_sample",
	.id_table = sample_ids,
	.probe = sample_probe,
	.remove = client_remove,
	.callback = sample_cb,
};

static int run_sample_host(const char *name, uint32_t timeout_ms)
{
	struct tool_link link;
	struct timespec ts;
	int rc = 0, received;
	bool finished;

	serve_ctl(name, "host");
	if (host_connect(name, &sample_client_driver, timeout_ms, &link))
		return 1;
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.finished && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	finished = client.finished;
	pthread_mutex_unlock(&client.lock);
	link_destroy(&link);
	pthread_mutex_lock(&client.lock);
	received = client.received;
	pthread_mutex_unlock(&client.lock);
	if (!finished)
		fprintf(stderr, "rpmsg demo: %s\n",
			rc == ETIMEDOUT ? "timed out" : "remote lost");
	printf("demo: %d of %d messages echoed\n", received, SAMPLE_COUNT);
	return finished && received == SAMPLE_COUNT ? 0 : 1;
}

/* --- demo ------------------------------------------------------------------ */

static int wait_child(pid_t pid, const char *who)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		fprintf(stderr, "rpmsg demo: %s killed by signal %d\n", who,
			WTERMSIG(st));
	else
		fprintf(stderr, "rpmsg demo: %s failed (exit %d)\n", who,
			WEXITSTATUS(st));
	return 1;
}

int run_demo(const char *name, uint32_t timeout_ms)
{
	pid_t remote, host;
	int rc;

	fflush(NULL);
	remote = fork();
	if (remote < 0) {
		perror("rpmsg demo: fork");
		return 1;
	}
	if (remote == 0) {
		/* If the parent dies, do not outlive it. */
		alarm(timeout_ms / 1000u + 5u);
		static const struct remote_service sample = {
			&sample_echo_driver, SAMPLE_NAME, SAMPLE_ADDR
		};

		_exit(run_remote(name, &sample, 1, timeout_ms, true));
	}
	host = fork();
	if (host < 0) {
		perror("rpmsg demo: fork");
		kill(remote, SIGKILL);
		wait_child(remote, "remote");
		return 1;
	}
	if (host == 0) {
		alarm(timeout_ms / 1000u + 5u);
		rc = run_sample_host(name, timeout_ms);
		fflush(NULL);
		_exit(rc);
	}
	rc = wait_child(host, "host");
	/* The host is gone, so the remote notices and exits. */
	rc |= wait_child(remote, "remote");
	return rc ? 1 : 0;
}

