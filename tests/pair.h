/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture: a host and a remote device over one region, each side with
 * the OS port, memory view and doorbell delivery a test chooses.
 *
 * Each side may see the region through its own view (a copy at another
 * address, for the non-coherent test) with its own struct rpmsg_mem; both
 * agree on device addresses (PAIR_DA).
 */
#ifndef RPMSG_TEST_PAIR_H
#define RPMSG_TEST_PAIR_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#define PAIR_NUM 8u	      /* ring entries */
#define PAIR_ALIGN 16u
#define PAIR_BUF 256u	      /* bytes per buffer */
#define PAIR_RING_BYTES 1024u /* each ring's slot in the region */
#define PAIR_POOL_OFF (2u * PAIR_RING_BYTES)
#define PAIR_SIZE (PAIR_POOL_OFF + 2u * PAIR_NUM * PAIR_BUF)
#define PAIR_DA 0x80000000u   /* device address of the region */

/**
 * struct pair_side - how one side is built
 * @os, @os_ctx: its OS port
 * @mem: its view of the region (NULL: linear over the fixture's region)
 * @doorbell: the peer rang this side's doorbell for @vq (required)
 * @arg: passed to @doorbell
 */
struct pair_side {
	const struct rpmsg_os_ops *os;
	void *os_ctx;
	const struct rpmsg_mem *mem;
	void (*doorbell)(void *arg, unsigned int vq);
	void *arg;
};

struct pair {
	_Alignas(64) unsigned char region[PAIR_SIZE];
	struct rpmsg_mem linear;
	uint8_t status;
	uint64_t driver_features;
	uint64_t device_features;
	struct rpmsg_virtio_device host;
	struct rpmsg_virtio_device remote;
	struct rpmsg_vq_slot slots[2][2][PAIR_NUM];
	uint8_t buf_state[2 * PAIR_NUM];
	struct pair_side side[2]; /* [RPMSG_VIRTIO_HOST], [..._REMOTE] */
};

/**
 * pair_init() - initialise both devices (nothing started)
 * @num_bufs: host pool (even, each half at most PAIR_NUM)
 * @features: offered by the remote and wanted by the host
 * Return: 0 or the first error.
 */
int pair_init(struct pair *p, unsigned int num_bufs, uint64_t features,
	      const struct pair_side *host, const struct pair_side *remote);

/**
 * struct pair_irq - a thread standing for one side's doorbell interrupt:
 * it calls rpmsg_virtio_notified() for every vq rung, unless held.
 * pair_irq_ring() is async-signal-safe (an atomic and sem_post), so a
 * simulated interrupt handler may ring it.
 */
struct pair_irq {
	struct rpmsg_virtio_device *vdev;
	pthread_t thread;
	sem_t rung;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int pending; /* bit per vq; atomic */
	bool held;	      /* doorbells wait until released; under lock */
	bool stop;	      /* atomic */
	int error;	      /* first negative notified() result */
	unsigned int calls[2]; /* notified() calls per vq; atomic */
};

int pair_irq_start(struct pair_irq *irq, struct rpmsg_virtio_device *vdev);
/* A pair_side.doorbell for a pair_irq. */
void pair_irq_ring(void *arg, unsigned int vq);
void pair_irq_hold(struct pair_irq *irq, bool held);
void pair_irq_stop(struct pair_irq *irq);

/*
 * Single-threaded doorbells: pair_bell_ring() records vq in the unsigned
 * int its argument points to; pair_pump() delivers what both sides
 * recorded (bells[0] the host's, bells[1] the remote's) until none is left.
 * Returns messages delivered, or the first negative notified() result.
 */
void pair_bell_ring(void *arg, unsigned int vq);
int pair_pump(struct pair *p, unsigned int bells[2]);

/* pair_init() with both sides on the polled no-OS port (noos[0] the
 * host's, noos[1] the remote's; a clock stuck at 0) and pair_bell_ring()
 * doorbells into @bells, cleared first. */
int pair_init_pumped(struct pair *p, struct rpmsg_noos noos[2],
		     unsigned int bells[2], unsigned int num_bufs,
		     uint64_t features);

/**
 * struct pair_counter - an endpoint that counts messages carrying the
 * sequence numbers 0, 1, 2... (a uint32_t each) from @src, in order.
 */
struct pair_counter {
	struct rpmsg_endpoint ept;
	uint32_t src;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int count; /* under lock */
	unsigned int bad;   /* wrong length, source or sequence */
};

int pair_counter_init(struct pair_counter *c, struct rpmsg_device *dev,
		      uint32_t addr, uint32_t peer);
/* Wait until @n messages have arrived; returns the bad count. */
unsigned int pair_counter_wait(struct pair_counter *c, unsigned int n);
void pair_counter_destroy(struct pair_counter *c);

#endif /* RPMSG_TEST_PAIR_H */
