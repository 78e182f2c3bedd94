// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the commands share: the state of a host-side client, the host's
 * attach, and the control socket of a running side.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

#include "ctl.h"
#include "tool.h"

struct client client = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

void abs_deadline(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000u;
	ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

uint32_t ms_until(const struct timespec *ts)
{
	struct timespec now;
	int64_t ms;

	clock_gettime(CLOCK_REALTIME, &now);
	ms = (int64_t)(ts->tv_sec - now.tv_sec) * 1000 +
	     (ts->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0u : ms >= UINT32_MAX ? UINT32_MAX - 1u : (uint32_t)ms;
}

/* The channel goes: wait until no send on its endpoint is in progress
 * (blocked senders were already released with -EPIPE). */
void client_remove(struct rpmsg_channel *ch)
{
	struct timespec ts;
	int rc = 0;

	(void)ch;
	abs_deadline(&ts, 10000);
	pthread_mutex_lock(&client.lock);
	client.lost = true;
	client.ept = NULL;
	pthread_cond_broadcast(&client.cond);
	while (client.in_send && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	pthread_mutex_unlock(&client.lock);
}

/* Send on the client's channel unless it has been removed. */
int client_send(const void *data, size_t len)
{
	struct rpmsg_endpoint *ept;
	int rc;

	pthread_mutex_lock(&client.lock);
	ept = client.ept;
	if (ept)
		client.in_send++;
	pthread_mutex_unlock(&client.lock);
	if (!ept)
		return -EPIPE;
	rc = tool_sendto(ept, data, len, ept->dst);
	pthread_mutex_lock(&client.lock);
	client.in_send--;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return rc;
}

/* --- echo client (host) --------------------------------------------------- */

int echo_client_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	tool_trace_rx(ept, data, len, src);
	pthread_mutex_lock(&client.lock);
	if (len > sizeof(client.last))
		len = sizeof(client.last);
	memcpy(client.last, data, len);
	client.last_len = len;
	client.received++;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

int echo_client_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&client.lock);
	client.ept = &ch->ept;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

const struct rpmsg_driver echo_client_driver = {
	.name = "rpmsg-echo-client",
	.id_table = echo_ids,
	.probe = echo_client_probe,
	.remove = client_remove,
	.callback = echo_client_cb,
};

const char *prog_cmd = "host";

void print_totals(const char *why)
{
	unsigned int hosts = atomic_load(&tool_totals.hosts);

	if (!strcmp(prog_cmd, "trace"))
		fprintf(stderr, "trace: %s: %u messages traced\n", why,
			atomic_load(&tool_totals.traced));
	else if (hosts)
		fprintf(stderr, "%s: %s: %u host%s served, %u messages received, %u sent\n",
			prog_cmd, why, hosts, hosts == 1 ? "" : "s",
			atomic_load(&tool_totals.rx),
			atomic_load(&tool_totals.tx));
	else
		fprintf(stderr, "%s: %s: %u messages received, %u sent\n",
			prog_cmd, why, atomic_load(&tool_totals.rx),
			atomic_load(&tool_totals.tx));
}

/* --- control socket ------------------------------------------------------ */

/* Serve "rpmsg ls" and "rpmsg trace" for this side; the tool works
 * without it (a second process with the same name and side). */
void serve_ctl(const char *name, const char *side)
{
	int rc = ctl_serve(name, side);

	if (rc)
		fprintf(stderr, "rpmsg: no control socket for %s (%s): %s\n",
			name, side, strerror(-rc));
}

/* --- host side ------------------------------------------------------------- */

/* Why the host could not attach to @what, in the user's terms: a timeout
 * means nobody serves that name (or a remote busy with another host). */
static void attach_error(const char *what, uint32_t timeout_ms, int rc)
{
	int fd;

	if (rc != -ETIMEDOUT && rc != -ECONNREFUSED && rc != -ENOENT) {
		fprintf(stderr, "rpmsg %s: cannot attach to %s: %s\n", prog_cmd,
			what, strerror(-rc));
		return;
	}
	if (tool_vhost_user) {
		fprintf(stderr, "rpmsg %s: no vhost-user backend answered at %s (waited %u ms)\n",
			prog_cmd, what, (unsigned)timeout_ms);
		return;
	}
	fd = ctl_connect(what, "remote");
	if (fd >= 0) {
		close(fd);
		fprintf(stderr, "rpmsg %s: remote %s is running but did not take us as its host within %u ms (it serves one host at a time)\n",
			prog_cmd, what, (unsigned)timeout_ms);
		return;
	}
	fprintf(stderr, "rpmsg %s: no remote named %s is running (waited %u ms; start one with: rpmsg remote --name %s)\n",
		prog_cmd, what, (unsigned)timeout_ms, what);
}

int host_connect(const char *name, const struct rpmsg_driver *drv,
		 uint32_t timeout_ms, struct tool_link *out)
{
	const char *what = tool_vhost_user ? tool_vhost_user : name;
	int rc;

	rc = tool_host_create(out, name, timeout_ms);
	if (rc) {
		attach_error(what, timeout_ms, rc);
		return rc;
	}
	rc = rpmsg_register_driver(tool_link_bus(out), drv);
	/* shm attached in create; vhost-user connects in start. */
	if (!rc)
		rc = tool_link_start(out, tool_vhost_user ? timeout_ms : 0);
	if (rc && tool_vhost_user)
		attach_error(what, timeout_ms, rc);
	else if (rc)
		fprintf(stderr, "rpmsg %s: start: %s\n", prog_cmd,
			tool_error(tool_link_bus(out), rc));
	if (rc)
		link_destroy(out);
	return rc;
}
