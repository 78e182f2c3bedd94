// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg listen and rpmsg echo: be the remote, announce a service, print
 * and maybe send back what arrives.
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

struct rpmsg_device_id user_ids[2];

struct serve_opts serve_opts;

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void print_msg(const void *data, size_t len, uint32_t src)
{
	pthread_mutex_lock(&out_lock);
	if (serve_opts.out == OUT_SRC)
		printf("0x%x: ", (unsigned)src);
	print_payload(stdout, data, len, serve_opts.out);
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

/* The announced channel, where and as what (for --reannounce), and
 * whether --destroy-after has removed it. */
static struct rpmsg_channel *serve_channel;
static struct rpmsg_device *serve_bus;
static const char *serve_service;
static uint32_t serve_addr;
static bool serve_destroyed;

/*
 * --destroy-after N: the callback of the Nth message destroys the channel
 * (an NS DESTROY to the host) right after its echo, so the host has both
 * before it can leave. A callback may destroy its own endpoint.
 */
static void destroy_if_due(void)
{
	bool due;
	int rc;

	pthread_mutex_lock(&client.lock);
	due = serve_opts.destroy_after && !serve_destroyed &&
	      client.received >= (int)serve_opts.destroy_after;
	if (due)
		serve_destroyed = true;
	pthread_mutex_unlock(&client.lock);
	if (!due)
		return;
	rc = rpmsg_destroy_channel(serve_channel);
	fprintf(stderr, "%s: channel destroyed after %u messages: %s\n",
		prog_cmd, (unsigned)serve_opts.destroy_after,
		rc ? strerror(-rc) : "announced");
	if (rc || !serve_opts.reannounce)
		return;
	/* The callback's own endpoint is gone: a new one, announced anew. */
	rc = rpmsg_create_channel(serve_bus, serve_service, serve_addr,
				  RPMSG_ADDR_ANY, &serve_channel);
	fprintf(stderr, "%s: channel announced again: %s\n", prog_cmd,
		rc ? strerror(-rc) : "ok");
}

static int serve_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	int rc = 0;

	(void)priv;
	tool_trace_rx(ept, data, len, src);
	print_msg(data, len, src);
	if (serve_opts.echo)
		rc = tool_sendto(ept, data, len, src);
	pthread_mutex_lock(&client.lock);
	client.received++;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	destroy_if_due();
	return rc;
}

/* Wait until @count messages arrived (0: never), the host left, or the
 * deadline passed. Return: 0 count reached, 1 host gone, -1 timed out. */
static int serve_wait(struct tool_link *link, uint32_t count,
		      const struct timespec *deadline)
{
	struct timespec ts, now;
	int rc = 1;

	/* No count (then no deadline either): only the host's departure
	 * ends the wait, and the link tells it at once. */
	if (!count)
		return tool_link_wait_gone(link, RPMSG_TIMEOUT_FOREVER) ? -1 : 1;
	for (;;) {
		pthread_mutex_lock(&client.lock);
		if (count && client.received >= (int)count) {
			pthread_mutex_unlock(&client.lock);
			return 0;
		}
		/* Nothing signals the host's departure: look every 100 ms. */
		abs_deadline(&ts, 100);
		if (deadline && (ts.tv_sec > deadline->tv_sec ||
				 (ts.tv_sec == deadline->tv_sec &&
				  ts.tv_nsec > deadline->tv_nsec)))
			ts = *deadline;
		pthread_cond_timedwait(&client.cond, &client.lock, &ts);
		pthread_mutex_unlock(&client.lock);
		if (tool_link_gone(link))
			return rc;
		if (deadline) {
			clock_gettime(CLOCK_REALTIME, &now);
			if (now.tv_sec > deadline->tv_sec ||
			    (now.tv_sec == deadline->tv_sec &&
			     now.tv_nsec >= deadline->tv_nsec))
				return -1;
		}
	}
}

/*
 * Be the remote: announce @service at @addr, print (and with @echo send
 * back) what arrives, to one host after another until @count messages
 * arrived. @count 0: until the first host leaves if @once, else until
 * killed. @once with @count: all within @timeout_ms.
 */
int run_serve(const char *cmd, const char *name, const char *service,
	      uint32_t addr, uint32_t timeout_ms, uint32_t count,
	      bool once)
{
	const char *what = tool_vhost_user ? tool_vhost_user : name;
	struct rpmsg_driver drv = {
		.name = strcmp(cmd, "listen") ? "rpmsg-echo" : "rpmsg-listen",
		.id_table = user_ids,
		.callback = serve_cb,
	};
	struct timespec deadline;
	struct tool_link link;
	int rc, before;

	serve_ctl(name, "remote");
	fprintf(stderr, "%s: serving %s at 0x%x on %s, %s\n", cmd, service,
		(unsigned)addr, what,
		count ? "until the count is reached" :
		once ? "until the first host leaves" :
		"one host after another until stopped (Ctrl-C)");
	if (once && count)
		abs_deadline(&deadline, timeout_ms);
	for (;;) {
		rc = tool_remote_create(&link, name);
		if (rc) {
			fprintf(stderr, "rpmsg %s: cannot create link %s: %s\n",
				cmd, tool_vhost_user ? tool_vhost_user : name,
				strerror(-rc));
			return 1;
		}
		serve_channel = NULL;
		serve_destroyed = false;
		serve_bus = tool_link_bus(&link);
		serve_service = service;
		serve_addr = addr;
		rc = rpmsg_register_driver(tool_link_bus(&link), &drv);
		if (!rc)
			rc = rpmsg_create_channel(tool_link_bus(&link), service,
						  addr, RPMSG_ADDR_ANY,
						  &serve_channel);
		if (rc) {
			fprintf(stderr, "rpmsg %s: set-up: %s\n", cmd,
				strerror(-rc));
			link_destroy(&link);
			return 1;
		}
		rc = tool_start_outcome(cmd, &link,
					tool_link_start(&link, timeout_ms));
		if (rc) {
			link_destroy(&link);
			if (rc > 0)
				continue;
			return 1;
		}
		atomic_fetch_add(&tool_totals.hosts, 1u);
		pthread_mutex_lock(&client.lock);
		before = client.received;
		pthread_mutex_unlock(&client.lock);
		fprintf(stderr, "%s: host connected, serving %s\n", cmd,
			service);
		rc = serve_wait(&link, count, once && count ? &deadline : NULL);
		/* Count reached: let the host leave first, or a message in
		 * flight to it (an echo) could be lost with the link. */
		if (!rc)
			tool_link_wait_gone(&link, timeout_ms);
		/* Destroying the link ends its callbacks: count them all. */
		link_destroy(&link);
		pthread_mutex_lock(&client.lock);
		if (count && client.received >= (int)count)
			rc = 0;
		pthread_mutex_unlock(&client.lock);
		if (rc < 0) {
			fprintf(stderr, "rpmsg %s: timed out\n", cmd);
			return 1;
		}
		if (!rc || (once && !count)) {
			print_totals("done");
			return 0;
		}
		pthread_mutex_lock(&client.lock);
		before = client.received - before;
		pthread_mutex_unlock(&client.lock);
		fprintf(stderr, "%s: host gone after %d message%s; waiting for the next host\n",
			cmd, before, before == 1 ? "" : "s");
	}
}
