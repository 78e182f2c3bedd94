// SPDX-License-Identifier: BSD-3-Clause
/*
 * Runs the example firmware on the build machine against librpmsg's host
 * role, to check it end to end without a board.
 *
 * firmware/main.c is compiled for the host with main renamed fw_main and
 * linked non-PIE with its ".rpmsg_shm" section at FW_SHM_DA, so that the
 * vrings are where its resource table says; the rest of the carveout (the
 * host's buffer pool, from FW_SHM_DA + 4 KiB) is mapped at run time. The SysTick registers are a
 * page mapped at their address. fw_main() runs in a thread; this thread is
 * the host: it parses the firmware's resource table, drives the status
 * byte and features in it, posts its buffer pool in the carveout, waits
 * for the "rpmsg-client-sample" announcement and checks 100 echoes.
 * Both sides poll (no doorbells).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#include "rsc_link.h"
#include "rsc_table.h"

#define MSGS 100
#define NUM_BUFS (2 * FW_VRING_NUM)
#define POOL_OFFSET 0x1000u

int fw_main(void);
extern struct fw_resource_table resource_table;

static struct rpmsg_virtio_device host;
static struct rpmsg_vq_slot host_slots[2][FW_VRING_NUM];
static uint8_t buf_state[NUM_BUFS];
static struct rpmsg_mem shm;
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
	rpmsg_virtio_poll(&host);
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

static const struct rpmsg_device_id ids[] = {
	{ "rpmsg-client-sample" },
	{ "" },
};

static const struct rpmsg_driver sample_drv = {
	.name = "sample",
	.id_table = ids,
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
	if (flags != RPMSG_NS_CREATE || strcmp(name, "rpmsg-client-sample") ||
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
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_virtio_config cfg;
	pthread_t remote;
	uint64_t deadline;
	char msg[32];
	int rc;

	/* The SysTick registers the firmware programs. */
	if (mmap((void *)0xE000E000u, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		 0) == MAP_FAILED)
		die("mmap SysTick", -1);

	/* The rest of the carveout, after the page holding the vrings: the
	 * host's buffer pool. */
	if (mmap((void *)(uintptr_t)(FW_SHM_DA + POOL_OFFSET),
		 FW_SHM_SIZE - POOL_OFFSET, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		 0) == MAP_FAILED)
		die("mmap carveout", -1);

	/* What a host learns from the firmware: its resource table. */
	rc = rpmsg_shm_parse_rsc_table(&resource_table, sizeof(resource_table),
				       (uint64_t)FW_SHM_DA + FW_SHM_SIZE,
				       &info);
	if (rc)
		die("resource table", rc);

	if (pthread_create(&remote, NULL, remote_thread, NULL))
		die("pthread_create", -1);

	rc = rpmsg_mem_init_linear(&shm, (void *)(uintptr_t)FW_SHM_DA,
				   FW_SHM_DA, FW_SHM_SIZE);
	if (rc)
		die("mem", rc);
	memset(&cfg, 0, sizeof(cfg));
	cfg.role = RPMSG_VIRTIO_HOST;
	cfg.link = &link_ops;
	cfg.link_ctx = &resource_table;
	cfg.os = &rpmsg_noos_ops;
	cfg.os_ctx = &noos;
	cfg.mem = &shm;
	cfg.vring[0] = (void *)(uintptr_t)info.vring_da[0];
	cfg.vring[1] = (void *)(uintptr_t)info.vring_da[1];
	cfg.vring_num = info.vring_num;
	cfg.vring_align = info.vring_align;
	cfg.slots[0] = host_slots[0];
	cfg.slots[1] = host_slots[1];
	cfg.buffers = (uint8_t *)(uintptr_t)FW_SHM_DA + POOL_OFFSET;
	cfg.num_bufs = NUM_BUFS;
	cfg.buf_size = FW_BUF_SIZE;
	cfg.buf_state = buf_state;
	cfg.features = info.dfeatures;

	rc = rpmsg_virtio_init(&host, &cfg);
#if RPMSG_CFG_CHANNELS
	if (!rc)
		rc = rpmsg_register_driver(&host.bus, &sample_drv);
#else
	if (!rc)
		rc = rpmsg_ns_set_cb(&host.bus, on_announce, NULL);
#endif
	if (!rc)
		rc = rpmsg_virtio_start(&host, 0);
	if (rc)
		die("host start", rc);

	deadline = now_ns(NULL) + 10000000000ull;
	while (echoes < MSGS) {
		if (now_ns(NULL) > deadline)
			die("timeout, echoes", echoes);
		rc = rpmsg_virtio_poll(&host);
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
	printf("host_sim: firmware announced rpmsg-client-sample at 0x%x "
	       "and echoed %d messages; features 0x%llx\n",
	       sample_ept->dst, echoes,
	       (unsigned long long)rpmsg_virtio_features(&host));
	return 0;
}
