// SPDX-License-Identifier: BSD-3-Clause
/* rpmsg send: attach as the host and send one message to a service. */
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

static int send_probe(struct rpmsg_channel *ch)
{
	return echo_client_probe(ch);
}

/* Attach as the host, send one message to @service, maybe await a reply. */
int run_send(const char *name, const void *msg, size_t msg_len,
	     uint32_t timeout_ms, bool reply, enum out_mode out)
{
	struct rpmsg_driver drv = {
		.name = "rpmsg-send",
		.id_table = user_ids,
		.probe = send_probe,
		.remove = client_remove,
		.callback = echo_client_cb,
	};
	const char *what = tool_vhost_user ? tool_vhost_user : name;
	struct tool_link link;
	struct timespec ts;
	bool lost;
	int rc = 0;

	if (host_connect(name, &drv, timeout_ms, &link))
		return 1;
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.ept && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	lost = client.lost;
	pthread_mutex_unlock(&client.lock);
	rc = client_send(msg, msg_len);
	if (rc == -EPIPE && lost)
		fprintf(stderr, "rpmsg send: remote %s left before %s was announced\n",
			what, user_ids[0].name);
	else if (rc == -EPIPE)
		fprintf(stderr, "rpmsg send: remote %s did not announce %s within %u ms\n",
			what, user_ids[0].name, (unsigned)timeout_ms);
	else if (rc)
		fprintf(stderr, "rpmsg send: %s: %s\n", user_ids[0].name,
			strerror(-rc));
	if (rc) {
		link_destroy(&link);
		return 1;
	}
	if (reply) {
		rc = 0;
		pthread_mutex_lock(&client.lock);
		while (!client.received && !client.lost && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&client.cond, &client.lock,
						    &ts);
		if (client.received) {
			print_payload(stdout, client.last, client.last_len,
				      out);
			fflush(stdout);
		}
		lost = client.lost;
		rc = client.received ? 0 : 1;
		pthread_mutex_unlock(&client.lock);
		if (rc)
			fprintf(stderr, "rpmsg send: no reply (%s)\n",
				lost ? "remote gone" : "timed out");
	}
	link_destroy(&link);
	return rc;
}

/* Read the whole of stdin, at most @max bytes. Return: length or -1. */
long read_stdin(unsigned char *buf, size_t max)
{
	size_t len = 0, n;

	for (;;) {
		n = fread(buf + len, 1, max + 1 - len, stdin);
		len += n;
		if (len > max) {
			fprintf(stderr, "rpmsg send: message longer than %zu bytes\n",
				max);
			return -1;
		}
		if (!n)
			break;
	}
	if (ferror(stdin)) {
		perror("rpmsg send: stdin");
		return -1;
	}
	return (long)len;
}

