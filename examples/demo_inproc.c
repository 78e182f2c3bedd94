// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-process demo: a remote announces "rpmsg-client-sample" and echoes;
 * the host's driver for that name sends "hello world!" and answers every
 * echo with another, 100 times, as Linux's samples/rpmsg does.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>

#define SAMPLE_NAME "rpmsg-client-sample"
#define SAMPLE_ADDR 0x400u
#define MSG "hello world!"
#define COUNT 100

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static int received;
static int finished;

/* Remote side: echo back to the sender. */
static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_sendto(ept, data, len, src);
}

static const struct rpmsg_device_id sample_ids[] = { { SAMPLE_NAME }, { "" } };

static const struct rpmsg_driver echo_driver = {
	.name = "sample-echo",
	.id_table = sample_ids,
	.callback = echo_cb,
};

/* Host side: the client sample. */
static int client_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	int n;

	(void)priv;
	pthread_mutex_lock(&done_lock);
	n = ++received;
	pthread_mutex_unlock(&done_lock);
	printf("host: incoming msg %d (src: 0x%x): %.*s\n", n, (unsigned)src,
	       (int)len, (const char *)data);
	if (n < COUNT)
		return rpmsg_send(ept, MSG, strlen(MSG));
	printf("host: goodbye!\n");
	pthread_mutex_lock(&done_lock);
	finished = 1;
	pthread_cond_signal(&done_cond);
	pthread_mutex_unlock(&done_lock);
	return 0;
}

static int client_probe(struct rpmsg_channel *ch)
{
	printf("host: new channel: 0x%x -> 0x%x (%s)\n", (unsigned)ch->src,
	       (unsigned)ch->dst, ch->name);
	return rpmsg_send(&ch->ept, MSG, strlen(MSG));
}

static const struct rpmsg_driver client_driver = {
	.name = "rpmsg_client_sample",
	.id_table = sample_ids,
	.probe = client_probe,
	.callback = client_cb,
};

int main(void)
{
	struct rpmsg_inproc_config cfg = {
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.threaded = true,
	};
	struct rpmsg_channel_info info;
	struct rpmsg_inproc *link;
	int rc;

	rc = rpmsg_inproc_create(&link, &cfg);
	if (rc) {
		fprintf(stderr, "rpmsg_inproc_create: %s\n", strerror(-rc));
		return 1;
	}
	/* The remote serves the sample; the host runs its client. */
	rc = rpmsg_register_driver(rpmsg_inproc_remote(link), &echo_driver);
	if (!rc)
		rc = rpmsg_create_channel(rpmsg_inproc_remote(link),
					  SAMPLE_NAME, SAMPLE_ADDR,
					  RPMSG_ADDR_ANY, NULL);
	if (!rc)
		rc = rpmsg_register_driver(rpmsg_inproc_host(link),
					   &client_driver);
	if (!rc)
		rc = rpmsg_inproc_start(link);
	if (rc) {
		fprintf(stderr, "set-up failed: %s\n", strerror(-rc));
		rpmsg_inproc_destroy(link);
		return 1;
	}

	pthread_mutex_lock(&done_lock);
	while (!finished)
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);

	if (rpmsg_list_channels(rpmsg_inproc_host(link), &info, 1) == 1)
		printf("host: channel %s src 0x%x dst 0x%x driver %s\n",
		       info.name, (unsigned)info.src, (unsigned)info.dst,
		       info.driver);
	rpmsg_inproc_destroy(link);
	printf("demo: %d of %d messages echoed\n", received, COUNT);
	return received == COUNT ? 0 : 1;
}
