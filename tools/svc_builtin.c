// SPDX-License-Identifier: BSD-3-Clause
/*
 * Built-in services of "rpmsg remote" besides the echo:
 *  - "rpmsg-sink": takes every message and drops it (for throughput and
 *    for testing that a host can send without reading replies);
 *  - "rpmsg-raw" (with --stdio): messages that arrive are written to
 *    stdout; what is read from stdin is sent, one read() per message, to
 *    the address that last wrote to the service. Like a /dev/rpmsgN on the
 *    firmware side, for use from shell scripts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "ctl.h"
#include "tool.h"

static int sink_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	tool_trace_rx(ept, data, len, src);
	return 0;
}

static const struct rpmsg_device_id sink_ids[] = { { SINK_NAME }, { "" } };

const struct rpmsg_driver sink_driver = {
	.name = SINK_NAME,
	.id_table = sink_ids,
	.callback = sink_cb,
};

/* State of the stdin/stdout bridge, shared with the stdin thread. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_endpoint *ept; /* the channel's endpoint while bound */
	uint32_t peer;		    /* last sender, or RPMSG_ADDR_ANY */
	int in_send;		    /* stdin thread inside a send */
	bool started;
} raw = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
	.peer = RPMSG_ADDR_ANY,
};

static int raw_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, uint32_t src)
{
	(void)priv;
	tool_trace_rx(ept, data, len, src);
	fwrite(data, 1, len, stdout);
	fflush(stdout);
	pthread_mutex_lock(&raw.lock);
	raw.peer = src;
	pthread_cond_broadcast(&raw.cond);
	pthread_mutex_unlock(&raw.lock);
	return 0;
}

static int raw_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&raw.lock);
	raw.ept = &ch->ept;
	raw.peer = RPMSG_ADDR_ANY;
	pthread_mutex_unlock(&raw.lock);
	return 0;
}

/* The channel goes with its link: wait until the stdin thread is out of
 * its send (a blocked one is released with -EPIPE by the stop). */
static void raw_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	pthread_mutex_lock(&raw.lock);
	raw.ept = NULL;
	raw.peer = RPMSG_ADDR_ANY;
	while (raw.in_send)
		pthread_cond_wait(&raw.cond, &raw.lock);
	pthread_mutex_unlock(&raw.lock);
}

static const struct rpmsg_device_id raw_ids[] = { { RAW_NAME }, { "" } };

const struct rpmsg_driver raw_driver = {
	.name = RAW_NAME,
	.id_table = raw_ids,
	.probe = raw_probe,
	.remove = raw_remove,
	.callback = raw_cb,
};

static void *stdin_main(void *arg)
{
	unsigned char buf[RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE];
	struct rpmsg_endpoint *ept;
	uint32_t peer;
	ssize_t n;
	int rc;

	(void)arg;
	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		/* Nobody to talk to until a host has written to us. */
		pthread_mutex_lock(&raw.lock);
		while (!raw.ept || raw.peer == RPMSG_ADDR_ANY)
			pthread_cond_wait(&raw.cond, &raw.lock);
		ept = raw.ept;
		peer = raw.peer;
		raw.in_send++;
		pthread_mutex_unlock(&raw.lock);
		rc = tool_sendto(ept, buf, (size_t)n, peer);
		pthread_mutex_lock(&raw.lock);
		raw.in_send--;
		pthread_cond_broadcast(&raw.cond);
		pthread_mutex_unlock(&raw.lock);
		if (rc)
			fprintf(stderr, "rpmsg remote: stdin: %s\n",
				strerror(-rc));
	}
}

int raw_start_stdin(void)
{
	pthread_t th;

	if (raw.started)
		return 0;
	if (pthread_create(&th, NULL, stdin_main, NULL))
		return -ENOMEM;
	pthread_detach(th);
	raw.started = true;
	return 0;
}
