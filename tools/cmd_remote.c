// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg remote: serve "rpmsg-echo" to one host after another.
 * rpmsg host: attach, send to "rpmsg-echo" and check every echo.
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

/* --- echo service (remote) ------------------------------------------------ */

int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
	    void *priv, uint32_t src)
{
	(void)priv;
	tool_trace_rx(ept, data, len, src);
	return tool_sendto(ept, data, len, src);
}


const struct rpmsg_device_id echo_ids[] = { { ECHO_NAME }, { "" } };

const struct rpmsg_driver echo_driver = {
	.name = "rpmsg-echo",
	.id_table = echo_ids,
	.callback = echo_cb,
};

/* --- remote side ---------------------------------------------------------- */

/* Register each service's driver and announce its channel. */
static int add_services(struct rpmsg_device *dev,
			const struct remote_service *svcs, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		rc = rpmsg_register_driver(dev, svcs[i].drv);
		if (!rc)
			rc = rpmsg_create_channel(dev, svcs[i].name,
						  svcs[i].addr,
						  RPMSG_ADDR_ANY, NULL);
	}
	return rc;
}

int run_remote(const char *name, const struct remote_service *svcs,
	       size_t n_svcs, uint32_t timeout_ms, bool once)
{
	const char *what = tool_vhost_user ? tool_vhost_user : name;
	struct tool_link link;
	struct timespec end;
	int rc;

	serve_ctl(name, "remote");
	fprintf(stderr, "remote: serving %s%s on %s, %s\n", svcs[0].name,
		n_svcs > 1 ? " and more" : "", what,
		once ? "until the first host leaves" :
		"one host after another until stopped (Ctrl-C)");
	/* --once: one host within timeout_ms, however many broke off
	 * before it. */
	abs_deadline(&end, timeout_ms);
	for (;;) {
		rc = tool_remote_create(&link, name);
		if (rc) {
			fprintf(stderr, "rpmsg remote: cannot create link %s: %s\n",
				what, strerror(-rc));
			return 1;
		}
		rc = add_services(tool_link_bus(&link), svcs, n_svcs);
		if (rc) {
			fprintf(stderr, "rpmsg remote: set-up: %s\n",
				strerror(-rc));
			link_destroy(&link);
			return 1;
		}
		rc = tool_link_start(&link,
				     !once ? RPMSG_TIMEOUT_FOREVER
				     : timeout_ms == RPMSG_TIMEOUT_FOREVER
					     ? timeout_ms
					     : ms_until(&end));
		rc = tool_start_outcome("remote", &link, rc);
		if (rc) {
			link_destroy(&link);
			if (rc > 0)
				continue;
			return 1;
		}
		atomic_fetch_add(&tool_totals.hosts, 1u);
		fprintf(stderr, "remote: host connected, serving %s%s\n",
			svcs[0].name, n_svcs > 1 ? " and more" : "");
		rc = tool_link_wait_gone(&link, once ? timeout_ms
						     : RPMSG_TIMEOUT_FOREVER);
		link_destroy(&link);
		if (rc) {
			fprintf(stderr, "rpmsg remote: host still there after %u ms\n",
				(unsigned)timeout_ms);
			return 1;
		}
		fprintf(stderr, "remote: host gone%s\n",
			once ? "" : "; waiting for the next host");
		if (once)
			break;
	}
	print_totals("done");
	return 0;
}

static void fill(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed * 31u + i * 7u + 1u);
}

/* Send one message of @len bytes and wait for its echo. */
static int echo_once(size_t len, unsigned int seed, uint32_t timeout_ms)
{
	unsigned char msg[RPMSG_VIRTIO_DEFAULT_BUF_SIZE];
	struct rpmsg_endpoint *ept;
	struct timespec ts;
	int rc = 0, want;

	fill(msg, len, seed);
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.ept && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	ept = client.ept;
	want = client.received + 1;
	pthread_mutex_unlock(&client.lock);
	if (!ept)
		return rc == ETIMEDOUT ? -ETIMEDOUT : -EPIPE;
	rc = client_send(msg, len);
	if (rc)
		return rc;
	pthread_mutex_lock(&client.lock);
	while (client.received < want && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	if (client.received < want)
		rc = client.lost ? -EPIPE : -ETIMEDOUT;
	else if (client.last_len != len || memcmp(client.last, msg, len))
		rc = -EBADMSG;
	else
		rc = 0;
	pthread_mutex_unlock(&client.lock);
	return rc;
}

int run_echo_host(const char *name, uint32_t timeout_ms,
		  unsigned int count, long size)
{
	struct tool_link link;
	unsigned int i, ok = 0;
	size_t len;
	int rc = 0;

	serve_ctl(name, "host");
	if (host_connect(name, &echo_client_driver, timeout_ms, &link))
		return 1;
	for (i = 0; i < count; i++) {
		/* A long run shows how far it got, a hundred steps. */
		if (count >= 1000 && !(i % (count / 100)))
			print_progress("host: echoed", i, count);
		/* size -1: walk every size from 0 to the MTU. */
		len = size >= 0 ? (size_t)size
				: i % (RPMSG_VIRTIO_DEFAULT_BUF_SIZE -
				       RPMSG_HDR_SIZE + 1u);
		rc = echo_once(len, i, timeout_ms);
		if (rc) {
			fprintf(stderr, "rpmsg host: message %u (%zu bytes): %s\n",
				i, len, strerror(-rc));
			break;
		}
		ok++;
	}
	if (count >= 1000)
		print_progress("host: echoed", count, count);
	link_destroy(&link);
	printf("host: %u of %u messages echoed\n", ok, count);
	return ok == count ? 0 : 1;
}

