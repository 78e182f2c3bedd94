// SPDX-License-Identifier: BSD-3-Clause
/*
 * Runs the example firmware on the build machine against librpmsg's host
 * role, to check it end to end without a board.
 *
 * firmware/main.c is compiled for the host with main renamed fw_main and
 * linked non-PIE with its ".rpmsg_shm" section at FW_SHM_DA, so that the
 * vrings are where its resource table says; the rest of the carveout (the
 * host's buffer pool from FW_SHM_DA + 4 KiB, and the firmware's trace
 * buffer) is mapped at run time. The SysTick registers are a page mapped
 * at their address. fw_main() runs in a thread; this thread is
 * the host: it parses the firmware's resource table, drives the status
 * byte and features in it, posts its buffer pool in the carveout, waits
 * for the "rpmsg-client-sample" announcement, checks 100 echoes and the
 * firmware's log in its trace buffer. Both sides poll (no doorbells).
 * The host's setup is fw_host.c, as on the dual-core board.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#include "fw_host.h"
#include "rsc_link.h"
#include "rsc_table.h"

#define MSGS 100

int fw_main(void);
extern struct fw_resource_table resource_table;

static struct fw_host host;
static int echoes, sent;

static void notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	(void)vq;
}

static const struct rpmsg_virtio_link_ops link_ops =
	FW_RSC_HOST_LINK_OPS(notify);

static uint64_t now_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void idle(void *arg)
{
	(void)arg;
	rpmsg_virtio_poll(&host.dev);
}

static struct rpmsg_noos noos = { .now_ns = now_ns, .idle = idle };

static int on_echo(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	char want[32];

	(void)ept;
	(void)priv;
	(void)src;
	snprintf(want, sizeof(want), "hello world! %d", echoes);
	if (len != strlen(want) || memcmp(data, want, len)) {
		fprintf(stderr, "host_sim: echo %d: wrong payload\n", echoes);
		exit(1);
	}
	echoes++;
	return 0;
}

static struct rpmsg_endpoint *sample_ept;

static void die(const char *what, int rc);

#if RPMSG_CFG_CHANNELS
static int on_probe(struct rpmsg_channel *ch)
{
	sample_ept = &ch->ept;
	return 0;
}

static const struct rpmsg_driver sample_drv = {
	.name = "sample",
	.id_table = fw_host_ids,
	.probe = on_probe,
	.callback = on_echo,
};
#else
/* Without channels: an endpoint of ours towards the announced address. */
static struct rpmsg_endpoint host_ept;

static void on_announce(struct rpmsg_device *dev, const char *name,
			uint32_t addr, uint32_t flags, void *priv)
{
	(void)priv;
	if (flags != RPMSG_NS_CREATE || strcmp(name, FW_SERVICE) ||
	    sample_ept)
		return;
	if (rpmsg_create_ept(&host_ept, dev, name, RPMSG_ADDR_ANY, addr,
			     on_echo, NULL))
		die("host endpoint", -1);
	sample_ept = &host_ept;
}
#endif

static void *remote_thread(void *arg)
{
	(void)arg;
	fw_main();
	return NULL;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "host_sim: %s: %d\n", what, rc);
	exit(1);
}

int main(void)
{
	const volatile char *log;
	pthread_t remote;
	uint64_t deadline;
	uint32_t log_size;
	char msg[32];
	int rc;

	/* The SysTick registers the firmware programs. */
	if (mmap((void *)0xE000E000u, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		 0) == MAP_FAILED)
		die("mmap SysTick", -1);

	/* The rest of the carveout, after the page holding the vrings: the
	 * host's buffer pool and the firmware's trace buffer. */
	if (mmap((void *)(uintptr_t)(FW_SHM_DA + FW_HOST_POOL_OFFSET),
		 FW_SHM_SIZE - FW_HOST_POOL_OFFSET, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		 0) == MAP_FAILED)
		die("mmap carveout", -1);

	/* What a host learns from the firmware: its resource table. */
	rc = fw_host_init(&host, &resource_table, sizeof(resource_table),
			  &link_ops, &resource_table, &rpmsg_noos_ops, &noos);
	if (rc)
		die("resource table or host init", rc);
	if (pthread_create(&remote, NULL, remote_thread, NULL))
		die("pthread_create", -1);
#if RPMSG_CFG_CHANNELS
	if (!rc)
		rc = rpmsg_register_driver(&host.dev.bus, &sample_drv);
#else
	if (!rc)
		rc = rpmsg_ns_set_cb(&host.dev.bus, on_announce, NULL);
#endif
	if (!rc)
		rc = rpmsg_virtio_start(&host.dev, 0);
	if (rc)
		die("host start", rc);

	deadline = now_ns(NULL) + 10000000000ull;
	while (echoes < MSGS) {
		if (now_ns(NULL) > deadline)
			die("timeout, echoes", echoes);
		rc = rpmsg_virtio_poll(&host.dev);
		if (rc < 0)
			die("poll", rc);
		if (sample_ept && sent == echoes) {
			snprintf(msg, sizeof(msg), "hello world! %d", sent);
			rc = rpmsg_send(sample_ept, msg, strlen(msg));
			if (rc)
				die("send", rc);
			sent++;
		}
	}
	/* The firmware's log, where its table says (the minimal profile's
	 * table has none). */
	log = fw_host_trace(&resource_table, sizeof(resource_table),
			    &log_size);
	if (FW_RSC_TRACE &&
	    (!log || !fw_host_trace_has(log, log_size, FW_SERVICE " announced")))
		die("firmware log not in its trace buffer", -1);
	printf("host_sim: firmware announced " FW_SERVICE " at 0x%x "
	       "and echoed %d messages; features 0x%llx%s\n",
	       sample_ept->dst, echoes,
	       (unsigned long long)rpmsg_virtio_features(&host.dev),
	       FW_RSC_TRACE ? "; its log in the trace buffer" : "");
	return 0;
}
