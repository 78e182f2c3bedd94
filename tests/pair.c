// SPDX-License-Identifier: BSD-3-Clause
/* Test fixture: a host and a remote with ports of the test's choosing. */
#include <string.h>

#include "pair.h"

struct link_ctx {
	struct pair *p;
	int side;
};

/* One context per side so that notify knows who rang. */
static struct link_ctx link_ctx[2];

static uint8_t get_status(void *ctx)
{
	struct link_ctx *l = ctx;

	return __atomic_load_n(&l->p->status, __ATOMIC_ACQUIRE);
}

static void set_status(void *ctx, uint8_t s)
{
	struct link_ctx *l = ctx;

	__atomic_store_n(&l->p->status, s, __ATOMIC_RELEASE);
}

static uint64_t get_device_features(void *ctx)
{
	struct link_ctx *l = ctx;

	return l->p->device_features;
}

static uint64_t get_driver_features(void *ctx)
{
	struct link_ctx *l = ctx;

	return __atomic_load_n(&l->p->driver_features, __ATOMIC_ACQUIRE);
}

static void set_driver_features(void *ctx, uint64_t f)
{
	struct link_ctx *l = ctx;

	__atomic_store_n(&l->p->driver_features, f, __ATOMIC_RELEASE);
}

/* Side s rang: the other side's doorbell. */
static void notify(void *ctx, unsigned int vq)
{
	struct link_ctx *l = ctx;
	struct pair_side *peer = &l->p->side[!l->side];

	peer->doorbell(peer->arg, vq);
}

static const struct rpmsg_virtio_link_ops pair_link = {
	.get_status = get_status,
	.set_status = set_status,
	.get_device_features = get_device_features,
	.get_driver_features = get_driver_features,
	.set_driver_features = set_driver_features,
	.notify = notify,
};

static int side_init(struct pair *p, int s, unsigned int num_bufs,
		     uint64_t features)
{
	const struct rpmsg_mem *mem = p->side[s].mem ? p->side[s].mem
						     : &p->linear;
	unsigned char *va = mem->va;
	struct rpmsg_virtio_config cfg = {
		.role = s ? RPMSG_VIRTIO_REMOTE : RPMSG_VIRTIO_HOST,
		.link = &pair_link,
		.link_ctx = &link_ctx[s],
		.os = p->side[s].os,
		.os_ctx = p->side[s].os_ctx,
		.mem = mem,
		.vring = { va, va + PAIR_RING_BYTES },
		.vring_num = PAIR_NUM,
		.vring_align = PAIR_ALIGN,
		.slots = { p->slots[s][0], p->slots[s][1] },
		.buffers = va + PAIR_POOL_OFF,
		.num_bufs = num_bufs,
		.buf_size = PAIR_BUF,
		.buf_state = p->buf_state,
		.features = features,
	};

	link_ctx[s].p = p;
	link_ctx[s].side = s;
	return rpmsg_virtio_init(s ? &p->remote : &p->host, &cfg);
}

int pair_init(struct pair *p, unsigned int num_bufs, uint64_t features,
	      const struct pair_side *host, const struct pair_side *remote)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = rpmsg_mem_init_linear(&p->linear, p->region, PAIR_DA,
				   sizeof(p->region));
	if (rc)
		return rc;
	p->side[0] = *host;
	p->side[1] = *remote;
	p->device_features = features;
	rc = side_init(p, 0, num_bufs, features);
	return rc ? rc : side_init(p, 1, num_bufs, features);
}

static void *irq_main(void *arg)
{
	struct pair_irq *irq = arg;
	unsigned int pending, vq;
	int rc;

	for (;;) {
		while (sem_wait(&irq->rung))
			;
		if (__atomic_load_n(&irq->stop, __ATOMIC_ACQUIRE))
			break;
		pthread_mutex_lock(&irq->lock);
		while (irq->held && !__atomic_load_n(&irq->stop,
						     __ATOMIC_ACQUIRE))
			pthread_cond_wait(&irq->cond, &irq->lock);
		pthread_mutex_unlock(&irq->lock);
		pending = __atomic_exchange_n(&irq->pending, 0,
					      __ATOMIC_ACQ_REL);
		for (vq = 0; vq < 2; vq++) {
			if (!(pending & (1u << vq)))
				continue;
			__atomic_fetch_add(&irq->calls[vq], 1,
					   __ATOMIC_RELAXED);
			rc = rpmsg_virtio_notified(irq->vdev, vq);
			if (rc < 0 && !irq->error)
				irq->error = rc;
		}
		/* A call that stopped at its bound: ring again. */
		if (rpmsg_virtio_rx_pending(irq->vdev) == 1) {
			__atomic_fetch_or(&irq->pending,
					  1u << irq->vdev->rvq_index,
					  __ATOMIC_ACQ_REL);
			sem_post(&irq->rung);
		}
	}
	return NULL;
}

int pair_irq_start(struct pair_irq *irq, struct rpmsg_virtio_device *vdev)
{
	memset(irq, 0, sizeof(*irq));
	irq->vdev = vdev;
	sem_init(&irq->rung, 0, 0);
	pthread_mutex_init(&irq->lock, NULL);
	pthread_cond_init(&irq->cond, NULL);
	return -pthread_create(&irq->thread, NULL, irq_main, irq);
}

void pair_irq_ring(void *arg, unsigned int vq)
{
	struct pair_irq *irq = arg;

	__atomic_fetch_or(&irq->pending, 1u << vq, __ATOMIC_ACQ_REL);
	sem_post(&irq->rung);
}

void pair_irq_hold(struct pair_irq *irq, bool held)
{
	pthread_mutex_lock(&irq->lock);
	irq->held = held;
	pthread_cond_broadcast(&irq->cond);
	pthread_mutex_unlock(&irq->lock);
}

void pair_irq_stop(struct pair_irq *irq)
{
	__atomic_store_n(&irq->stop, true, __ATOMIC_RELEASE);
	sem_post(&irq->rung);
	pair_irq_hold(irq, false);
	pthread_join(irq->thread, NULL);
	sem_destroy(&irq->rung);
	pthread_mutex_destroy(&irq->lock);
	pthread_cond_destroy(&irq->cond);
}

static int counter_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		      void *priv, uint32_t src)
{
	struct pair_counter *c = priv;
	uint32_t seq;

	(void)ept;
	pthread_mutex_lock(&c->lock);
	if (len != sizeof(seq) || src != c->src) {
		c->bad++;
	} else {
		memcpy(&seq, data, sizeof(seq));
		if (seq != c->count)
			c->bad++;
		c->count++;
	}
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return 0;
}

int pair_counter_init(struct pair_counter *c, struct rpmsg_device *dev,
		      uint32_t addr, uint32_t peer)
{
	memset(c, 0, sizeof(*c));
	c->src = peer;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	return rpmsg_create_ept(&c->ept, dev, "counter", addr, peer,
				counter_cb, c);
}

unsigned int pair_counter_wait(struct pair_counter *c, unsigned int n)
{
	unsigned int bad;

	pthread_mutex_lock(&c->lock);
	while (c->count < n)
		pthread_cond_wait(&c->cond, &c->lock);
	bad = c->bad;
	pthread_mutex_unlock(&c->lock);
	return bad;
}

void pair_counter_destroy(struct pair_counter *c)
{
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
}

void pair_bell_ring(void *arg, unsigned int vq)
{
	unsigned int *bits = arg;

	*bits |= 1u << vq;
}

int pair_pump(struct pair *p, unsigned int bells[2])
{
	int total = 0, rc, s;
	unsigned int vq, bits;
	bool again = true;

	while (again) {
		again = false;
		for (s = 0; s < 2; s++) {
			bits = bells[s];
			bells[s] = 0;
			for (vq = 0; vq < 2; vq++) {
				if (!(bits & (1u << vq)))
					continue;
				again = true;
				rc = rpmsg_virtio_notified(s ? &p->remote
							     : &p->host, vq);
				if (rc < 0)
					return rc;
				total += rc;
			}
		}
	}
	return total;
}

static uint64_t clock_zero(void *arg)
{
	(void)arg;
	return 0;
}

int pair_init_pumped(struct pair *p, struct rpmsg_noos noos[2],
		     unsigned int bells[2], unsigned int num_bufs,
		     uint64_t features)
{
	struct pair_side sd[2];
	int s;

	for (s = 0; s < 2; s++) {
		bells[s] = 0;
		memset(&noos[s], 0, sizeof(noos[s]));
		noos[s].now_ns = clock_zero;
		sd[s] = (struct pair_side){
			.os = &rpmsg_noos_ops,
			.os_ctx = &noos[s],
			.doorbell = pair_bell_ring,
			.arg = &bells[s],
		};
	}
	return pair_init(p, num_bufs, features, &sd[0], &sd[1]);
}
