// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fault injection over an in-process rpmsg-virtio link.
 *
 * The test builds its own link: a host and a remote rpmsg_virtio_device
 * over one heap region, each with a doorbell thread. The link's notify hook
 * is wrapped: a PRNG seeded from --seed decides per notification whether
 * it is delivered, dropped, duplicated or delayed (queued and delivered
 * later by the peer's doorbell thread). Doorbell threads wait at most
 * 1 ms and then call rpmsg_virtio_poll(): the recovery path for lost
 * doorbells.
 *
 * Scenarios:
 *   notify  - dropped, duplicated and delayed notifications: sequenced,
 *             checksummed traffic both ways must arrive exactly once and
 *             in order.
 *   vandal  - a thread writes garbage into the peer-owned parts of shared
 *             memory (used rings, avail rings, descriptors, buffers) while
 *             traffic flows: no crash, no hang, errors are counted, no
 *             sender stops without an error; after a reset of both
 *             devices on the region as the vandal left it, a new stream
 *             each way arrives complete, intact, in order and once
 *             (check_after_vandal(), check_after_reset()).
 *   full    - receivers hold every rx buffer: trysend fails with -ENOMEM,
 *             a blocking send with -ETIMEDOUT; after the release traffic
 *             resumes in order.
 *
 *   death   - shared-memory transport between two processes: the remote is
 *             killed after a number of echoes drawn from the seed; the
 *             host's sends end with -EPIPE, never hang; a new remote with
 *             the same name is started and echoes resume.
 *
 * Usage: test_fault [--seed N] [--strict-after] [--scenario notify|vandal|full|death|all]
 * Exit status: 0 pass, 1 a check failed, 2 the watchdog fired.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#include "fixture.h"

#define F_ALIGN 4096u
#define F_DA_BASE 0x40000000ull
#define F_VRING_NUM 32u
#define F_NUM_BUFS 64u
#define F_BUF_SIZE 256u
#define F_MAX_DELAYED 64u
#define F_HDR 12u
#define F_WATCHDOG_S 100u
#define F_AFTER_WAIT_MS 20000ul /* no delivery for this long: stalled */

#define ADDR_HOST_RX 0x400u
#define ADDR_HOST_TX 0x401u
#define ADDR_REMOTE_RX 0x500u
#define ADDR_REMOTE_TX 0x501u

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define F_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define F_TSAN 1
#endif

enum { HOST = 0, REMOTE = 1 };

struct fault_link;

/* A notification waiting in a peer's queue to be delivered later. */
struct delayed {
	unsigned int vq;
	unsigned int ticks; /* doorbell-thread iterations still to wait */
};

struct side {
	struct fault_link *link;
	int role;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_posix_os posix;
	struct rpmsg_vq_slot slots[2][F_VRING_NUM];
	atomic_uint pending;
	pthread_t thread;
	pthread_mutex_t bell_lock;
	pthread_cond_t bell;
	struct delayed delayed[F_MAX_DELAYED]; /* under bell_lock */
	unsigned int ndelayed;
	bool stop;
	bool running;
	atomic_int rx_error; /* first error seen by the doorbell thread */
};

struct counts {
	atomic_ulong notifies, dropped, duplicated, delayed;
	atomic_ulong garbage;
};

struct fault_link {
	void *region;
	size_t region_size;
	size_t ring_size;
	struct rpmsg_mem mem;
	uint8_t buf_state[F_NUM_BUFS];
	atomic_uint status;
	atomic_ullong driver_features;
	struct side side[2];
	/* notification faults, per mille; read once the link is up */
	atomic_bool faults_on;
	unsigned int drop_pm, dup_pm, delay_pm;
	atomic_uint decided; /* notifications decided with faults on */
	pthread_mutex_t rng_lock;
	uint64_t rng;
	struct counts c;
};

/* --- PRNG ------------------------------------------------------------ */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t link_rand(struct fault_link *l)
{
	uint64_t r;

	pthread_mutex_lock(&l->rng_lock);
	r = splitmix(&l->rng);
	pthread_mutex_unlock(&l->rng_lock);
	return r;
}

/* --- link ops -------------------------------------------------------- */

static struct side *peer_of(struct side *s)
{
	return &s->link->side[s->role == HOST ? REMOTE : HOST];
}

static uint8_t op_get_status(void *ctx)
{
	return (uint8_t)atomic_load(&((struct side *)ctx)->link->status);
}

static void op_set_status(void *ctx, uint8_t status)
{
	struct side *s = ctx;

	atomic_store(&s->link->status, status);
	rpmsg_virtio_config_changed(&peer_of(s)->vdev);
}

static uint64_t op_get_device_features(void *ctx)
{
	(void)ctx;
	return RPMSG_VIRTIO_SUPPORTED_FEATURES;
}

static uint64_t op_get_driver_features(void *ctx)
{
	return atomic_load(&((struct side *)ctx)->link->driver_features);
}

static void op_set_driver_features(void *ctx, uint64_t f)
{
	atomic_store(&((struct side *)ctx)->link->driver_features, f);
}

/* Deliver one doorbell to @peer for @vq. */
static void ring_bell(struct side *peer, unsigned int vq)
{
	/* The send queue only wakes senders: do it here, as the in-process
	 * transport does, so that a sender never waits on its own thread. */
	if (vq == peer->vdev.svq_index) {
		rpmsg_virtio_notified(&peer->vdev, vq);
		return;
	}
	atomic_fetch_or(&peer->pending, 1u << vq);
	pthread_mutex_lock(&peer->bell_lock);
	pthread_cond_signal(&peer->bell);
	pthread_mutex_unlock(&peer->bell_lock);
}

/*
 * The fault for the next notification, as a number in [0, 1000) that falls
 * in the drop, duplicate or delay band (or past them: delivered). The
 * first three take each band the scenario enables in turn, so that every
 * kind is injected however few notifications the run makes (that number
 * depends on thread timing); the seed decides the rest.
 */
static unsigned int fault_pick(struct fault_link *l)
{
	const unsigned int band[3] = { l->drop_pm, l->dup_pm, l->delay_pm };
	unsigned int k = atomic_fetch_add(&l->decided, 1), start = 0, i;

	if (k < 3 && band[k]) {
		for (i = 0; i < k; i++)
			start += band[i];
		return start;
	}
	return (unsigned int)(link_rand(l) % 1000u);
}

static void op_notify(void *ctx, unsigned int vq)
{
	struct side *peer = peer_of(ctx);
	struct fault_link *l = peer->link;
	unsigned int r;

	atomic_fetch_add(&l->c.notifies, 1);
	if (!atomic_load(&l->faults_on)) {
		ring_bell(peer, vq);
		return;
	}
	r = fault_pick(l);
	if (r < l->drop_pm) {
		atomic_fetch_add(&l->c.dropped, 1);
		return;
	}
	r -= l->drop_pm;
	if (r < l->dup_pm) {
		atomic_fetch_add(&l->c.duplicated, 1);
		ring_bell(peer, vq);
		ring_bell(peer, vq);
		return;
	}
	r -= l->dup_pm;
	if (r < l->delay_pm) {
		pthread_mutex_lock(&peer->bell_lock);
		if (peer->ndelayed < F_MAX_DELAYED) {
			peer->delayed[peer->ndelayed].vq = vq;
			peer->delayed[peer->ndelayed].ticks =
				1u + (unsigned int)(link_rand(l) % 8u);
			peer->ndelayed++;
			pthread_mutex_unlock(&peer->bell_lock);
			atomic_fetch_add(&l->c.delayed, 1);
			return;
		}
		pthread_mutex_unlock(&peer->bell_lock);
	}
	ring_bell(peer, vq);
}

static const struct rpmsg_virtio_link_ops fault_link_ops = {
	.get_status = op_get_status,
	.set_status = op_set_status,
	.get_device_features = op_get_device_features,
	.get_driver_features = op_get_driver_features,
	.set_driver_features = op_set_driver_features,
	.notify = op_notify,
};

/* --- doorbell threads ------------------------------------------------ */

static void note_error(struct side *s, int rc)
{
	int zero = 0;

	if (rc < 0)
		atomic_compare_exchange_strong(&s->rx_error, &zero, rc);
}

static void *bell_thread(void *arg)
{
	struct side *s = arg;
	unsigned int due[F_MAX_DELAYED], ndue, i, j, bits, vq;
	struct timespec ts;

	pthread_mutex_lock(&s->bell_lock);
	while (!s->stop) {
		if (!atomic_load(&s->pending)) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_nsec -= 1000000000;
				ts.tv_sec++;
			}
			pthread_cond_timedwait(&s->bell, &s->bell_lock, &ts);
		}
		/* Delayed doorbells whose time has come. */
		ndue = 0;
		for (i = 0, j = 0; i < s->ndelayed; i++) {
			if (--s->delayed[i].ticks == 0)
				due[ndue++] = s->delayed[i].vq;
			else
				s->delayed[j++] = s->delayed[i];
		}
		s->ndelayed = j;
		if (s->stop)
			break;
		pthread_mutex_unlock(&s->bell_lock);
		for (i = 0; i < ndue; i++) {
			if (due[i] == s->vdev.svq_index)
				rpmsg_virtio_notified(&s->vdev, due[i]);
			else
				atomic_fetch_or(&s->pending, 1u << due[i]);
		}
		bits = atomic_exchange(&s->pending, 0u);
		for (vq = 0; vq < 2; vq++)
			if (bits & (1u << vq))
				note_error(s, rpmsg_virtio_notified(&s->vdev,
								    vq));
		/* The safety net: whatever doorbell was lost. */
		note_error(s, rpmsg_virtio_poll(&s->vdev));
		pthread_mutex_lock(&s->bell_lock);
	}
	pthread_mutex_unlock(&s->bell_lock);
	return NULL;
}

/* --- set-up and teardown --------------------------------------------- */

static int side_init(struct fault_link *l, int role)
{
	struct side *s = &l->side[role];
	struct rpmsg_virtio_config vc;
	int rc;

	s->link = l;
	s->role = role;
	atomic_init(&s->pending, 0u);
	atomic_init(&s->rx_error, 0);
	rc = rpmsg_posix_os_init(&s->posix);
	if (rc)
		return rc;
	if (pthread_mutex_init(&s->bell_lock, NULL) ||
	    pthread_cond_init(&s->bell, NULL))
		return -ENOMEM;
	memset(&vc, 0, sizeof(vc));
	vc.role = role == HOST ? RPMSG_VIRTIO_HOST : RPMSG_VIRTIO_REMOTE;
	vc.link = &fault_link_ops;
	vc.link_ctx = s;
	vc.os = &rpmsg_posix_os_ops;
	vc.os_ctx = &s->posix;
	vc.mem = &l->mem;
	vc.vring[0] = l->region;
	vc.vring[1] = (uint8_t *)l->region + l->ring_size;
	vc.vring_num = F_VRING_NUM;
	vc.vring_align = F_ALIGN;
	vc.slots[0] = s->slots[0];
	vc.slots[1] = s->slots[1];
	vc.buffers = (uint8_t *)l->region + 2 * l->ring_size;
	vc.num_bufs = F_NUM_BUFS;
	vc.buf_size = F_BUF_SIZE;
	vc.buf_state = l->buf_state;
	vc.features = RPMSG_VIRTIO_SUPPORTED_FEATURES;
	return rpmsg_virtio_init(&s->vdev, &vc);
}

static void side_stop_thread(struct side *s)
{
	if (!s->running)
		return;
	pthread_mutex_lock(&s->bell_lock);
	s->stop = true;
	pthread_cond_signal(&s->bell);
	pthread_mutex_unlock(&s->bell_lock);
	pthread_join(s->thread, NULL);
	s->running = false;
}

/*
 * Both sides' threads stopped and their devices released. The region and
 * what the peer left in it stay, as after a reset of a real link.
 */
static void link_down(struct fault_link *l)
{
	int i;

	atomic_store(&l->faults_on, false);
	for (i = 0; i < 2; i++)
		side_stop_thread(&l->side[i]);
	for (i = 0; i < 2; i++) {
		if (l->side[i].link) {
			rpmsg_virtio_stop(&l->side[i].vdev);
			rpmsg_posix_os_destroy(&l->side[i].posix);
			pthread_mutex_destroy(&l->side[i].bell_lock);
			pthread_cond_destroy(&l->side[i].bell);
			l->side[i].link = NULL;
		}
	}
}

/* Both sides initialised on the region as it is, their threads running
 * and the link started: what link_create() does after clearing it, and a
 * reset does on whatever the region holds. */
static int link_up(struct fault_link *l)
{
	int i;

	atomic_store(&l->status, 0u);
	atomic_store(&l->driver_features, 0ull);
	atomic_store(&l->faults_on, false);
	for (i = 0; i < 2; i++) {
		memset(&l->side[i], 0, sizeof(l->side[i]));
		if (side_init(l, i))
			return -1;
	}
	for (i = 0; i < 2; i++) {
		if (pthread_create(&l->side[i].thread, NULL, bell_thread,
				   &l->side[i]))
			return -1;
		l->side[i].running = true;
	}
	if (rpmsg_virtio_start(&l->side[HOST].vdev, 0) ||
	    rpmsg_virtio_start(&l->side[REMOTE].vdev, 1000))
		return -1;
	return 0;
}

static void link_destroy(struct fault_link *l)
{
	if (!l)
		return;
	link_down(l);
	pthread_mutex_destroy(&l->rng_lock);
	free(l->region);
	free(l);
}

static struct fault_link *link_create(uint64_t seed)
{
	struct fault_link *l = calloc(1, sizeof(*l));
	size_t ring;

	if (!l)
		return NULL;
	pthread_mutex_init(&l->rng_lock, NULL);
	l->rng = seed;
	ring = rpmsg_vring_size(F_VRING_NUM, F_ALIGN);
	l->ring_size = (ring + F_ALIGN - 1) & ~(size_t)(F_ALIGN - 1);
	l->region_size = 2 * l->ring_size + (size_t)F_NUM_BUFS * F_BUF_SIZE;
	l->region = aligned_alloc(F_ALIGN, (l->region_size + F_ALIGN - 1) &
						   ~(size_t)(F_ALIGN - 1));
	if (!l->region)
		goto err;
	memset(l->region, 0, l->region_size);
	rpmsg_mem_init_linear(&l->mem, l->region, F_DA_BASE, l->region_size);
	if (link_up(l))
		goto err;
	return l;
err:
	link_destroy(l);
	return NULL;
}

/* --- traffic ------------------------------------------------------- */

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Message: sequence, length, checksum of the rest, then the payload. */
static size_t make_msg(uint8_t *buf, uint32_t stream, uint32_t seq,
		       size_t mtu)
{
	uint64_t r = ((uint64_t)stream << 32) | seq;
	size_t len = F_HDR + (size_t)(splitmix(&r) % (mtu - F_HDR + 1));
	size_t i;

	put32(buf, seq);
	put32(buf + 4, (uint32_t)len);
	for (i = F_HDR; i < len; i++)
		buf[i] = (uint8_t)splitmix(&r);
	put32(buf + 8, fnv1a(buf + F_HDR, len - F_HDR) ^ seq);
	return len;
}

/* Receiving side of one direction. */
struct rx {
	struct rpmsg_endpoint ept;
	pthread_mutex_t lock;
	uint32_t next;	   /* sequence expected */
	unsigned long good, dup, ooo, corrupt;
	/* scenario full: hold buffers */
	bool hold;
	void *held[F_NUM_BUFS];
	unsigned int nheld;
};

static int rx_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	struct rx *rx = priv;
	const uint8_t *m = data;
	uint32_t seq;

	(void)src;
	pthread_mutex_lock(&rx->lock);
	if (len < F_HDR || get32(m + 4) != len ||
	    (fnv1a(m + F_HDR, len - F_HDR) ^ get32(m)) != get32(m + 8)) {
		rx->corrupt++;
	} else {
		seq = get32(m);
		if (seq == rx->next) {
			rx->good++;
			rx->next++;
		} else if (seq < rx->next) {
			rx->dup++;
		} else {
			rx->ooo++;
			rx->next = seq + 1;
		}
	}
	if (rx->hold && rx->nheld < F_NUM_BUFS &&
	    !rpmsg_hold_rx_buffer(ept, data))
		rx->held[rx->nheld++] = data;
	pthread_mutex_unlock(&rx->lock);
	return 0;
}

/* Sending side of one direction. */
struct tx {
	struct rpmsg_endpoint ept;
	uint32_t dst;
	uint32_t stream;
	uint32_t count;	    /* messages to send */
	uint32_t timeout_ms;
	bool retry;	    /* resend after -ETIMEDOUT (scenario notify) */
	bool tolerate;	    /* scenario vandal: errors expected */
	pthread_t thread;
	/* results */
	uint32_t sent;
	unsigned long timeouts, errors;
	int last_rc;
};

static void *tx_thread(void *arg)
{
	struct tx *t = arg;
	uint8_t msg[F_BUF_SIZE];
	unsigned int fails = 0;
	size_t len, mtu;
	uint32_t seq = 0;
	int rc;

	mtu = (size_t)rpmsg_get_mtu(&t->ept);
	if (mtu > sizeof(msg))
		mtu = sizeof(msg);
	while (seq < t->count) {
		len = make_msg(msg, t->stream, seq, mtu);
		rc = rpmsg_send_offchannel_timeout(&t->ept, t->ept.addr,
						   t->dst, msg, len,
						   t->timeout_ms);
		if (!rc) {
			t->sent++;
			seq++;
			fails = 0;
			continue;
		}
		t->last_rc = rc;
		if (rc == -ETIMEDOUT)
			t->timeouts++;
		else
			t->errors++;
		if (t->retry && rc == -ETIMEDOUT && ++fails < 1000)
			continue;
		if (!t->tolerate)
			break;
		/* A broken or torn-down link stays so; give up. */
		if (rc == -EIO || rc == -EPIPE || ++fails >= 20)
			break;
		seq++;
	}
	return NULL;
}

static int make_ept(struct rpmsg_endpoint *ept, struct side *s,
		    uint32_t addr, void *priv)
{
	return rpmsg_create_ept(ept, &s->vdev.bus, "fault", addr,
				RPMSG_ADDR_ANY, rx_cb, priv);
}

/* The four endpoints of a run: host->remote and remote->host. */
struct traffic {
	struct rx rx[2];	/* rx[HOST]: received by the host */
	struct tx tx[2];	/* tx[HOST]: sent by the host */
};

/* The endpoints at the fixed addresses plus @shift, streams from @stream. */
static int traffic_setup_at(struct traffic *t, struct fault_link *l,
			    uint32_t count, uint32_t timeout_ms,
			    uint32_t shift, uint32_t stream)
{
	static const uint32_t rx_addr[2] = { ADDR_HOST_RX, ADDR_REMOTE_RX };
	static const uint32_t tx_addr[2] = { ADDR_HOST_TX, ADDR_REMOTE_TX };
	int i, rc;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < 2; i++) {
		pthread_mutex_init(&t->rx[i].lock, NULL);
		rc = make_ept(&t->rx[i].ept, &l->side[i], rx_addr[i] + shift,
			      &t->rx[i]);
		if (rc)
			return rc;
		/* The sender's own endpoint receives nothing. */
		rc = make_ept(&t->tx[i].ept, &l->side[i], tx_addr[i] + shift,
			      &t->rx[i]);
		if (rc)
			return rc;
		t->tx[i].dst = rx_addr[!i] + shift;
		t->tx[i].stream = stream + (uint32_t)i;
		t->tx[i].count = count;
		t->tx[i].timeout_ms = timeout_ms;
	}
	return 0;
}

static int traffic_setup(struct traffic *t, struct fault_link *l,
			 uint32_t count, uint32_t timeout_ms)
{
	return traffic_setup_at(t, l, count, timeout_ms, 0, 1);
}

static void traffic_teardown(struct traffic *t)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (t->rx[i].ept.bound)
			rpmsg_destroy_ept(&t->rx[i].ept);
		if (t->tx[i].ept.bound)
			rpmsg_destroy_ept(&t->tx[i].ept);
		pthread_mutex_destroy(&t->rx[i].lock);
	}
}

static unsigned long rx_good(struct rx *rx)
{
	unsigned long n;

	pthread_mutex_lock(&rx->lock);
	n = rx->good;
	pthread_mutex_unlock(&rx->lock);
	return n;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000u, (long)(ms % 1000u) * 1000000L };

	nanosleep(&ts, NULL);
}

/* --- checks and reporting -------------------------------------------- */

static int failures;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__,        \
				__LINE__, #cond);                            \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			failures++;                                          \
		}                                                            \
	} while (0)

/* What @rx counted so far, read under its lock: a doorbell thread can
 * still be delivering a late message while the main thread reads. */
struct rx_counts {
	unsigned long good, dup, ooo, corrupt;
};

static struct rx_counts rx_counts(struct rx *rx)
{
	struct rx_counts c;

	pthread_mutex_lock(&rx->lock);
	c.good = rx->good;
	c.dup = rx->dup;
	c.ooo = rx->ooo;
	c.corrupt = rx->corrupt;
	pthread_mutex_unlock(&rx->lock);
	return c;
}

static void print_counts(const char *name, struct fault_link *l,
			 struct traffic *t, unsigned long extra_bad)
{
	struct rx_counts h = rx_counts(&t->rx[HOST]);
	struct rx_counts r = rx_counts(&t->rx[REMOTE]);
	struct rpmsg_stats hs, rs;

	rpmsg_get_stats(&l->side[HOST].vdev.bus, &hs);
	rpmsg_get_stats(&l->side[REMOTE].vdev.bus, &rs);
	printf("%s: notifications=%lu dropped=%lu duplicated=%lu "
	       "delayed=%lu garbage-writes=%lu\n",
	       name, atomic_load(&l->c.notifies), atomic_load(&l->c.dropped),
	       atomic_load(&l->c.duplicated), atomic_load(&l->c.delayed),
	       atomic_load(&l->c.garbage));
	printf("%s: sent h->r=%" PRIu32 " r->h=%" PRIu32
	       " delivered h->r=%lu r->h=%lu dup=%lu ooo=%lu corrupt=%lu\n",
	       name, t->tx[HOST].sent, t->tx[REMOTE].sent,
	       r.good, h.good, h.dup + r.dup, h.ooo + r.ooo,
	       h.corrupt + r.corrupt);
	printf("%s: bad host=%" PRIu32 " remote=%" PRIu32
	       " send-timeouts=%lu send-errors=%lu ring-errors=%lu\n",
	       name, hs.bad, rs.bad,
	       t->tx[HOST].timeouts + t->tx[REMOTE].timeouts,
	       t->tx[HOST].errors + t->tx[REMOTE].errors, extra_bad);
}

/* --- scenario 1: notification faults ---------------------------------- */

static void scenario_notify(uint64_t seed)
{
	struct fault_link *l = link_create(seed);
	struct traffic t;
	const uint32_t count = 3000;
	int i;

	CHECK(l, "link set-up");
	if (!l)
		return;
	CHECK(!traffic_setup(&t, l, count, 2000), "endpoints");
	l->drop_pm = 150;
	l->dup_pm = 150;
	l->delay_pm = 150;
	atomic_store(&l->faults_on, true);
	for (i = 0; i < 2; i++) {
		t.tx[i].retry = true;
		pthread_create(&t.tx[i].thread, NULL, tx_thread, &t.tx[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t.tx[i].thread, NULL);
	/* Every sent message is due; the poll safety net brings the rest.
	 * The watchdog bounds this wait. */
	while (rx_good(&t.rx[HOST]) < t.tx[REMOTE].sent ||
	       rx_good(&t.rx[REMOTE]) < t.tx[HOST].sent)
		sleep_ms(1);
	atomic_store(&l->faults_on, false);
	for (i = 0; i < 2; i++)
		side_stop_thread(&l->side[i]);
	print_counts("notify", l, &t, 0);
	for (i = 0; i < 2; i++) {
		CHECK(t.tx[i].sent == count, "side %d sent %" PRIu32
		      " (last error %d)", i, t.tx[i].sent, t.tx[i].last_rc);
		CHECK(t.rx[i].good == count, "side %d got %lu", i,
		      t.rx[i].good);
		CHECK(!t.rx[i].dup && !t.rx[i].ooo && !t.rx[i].corrupt,
		      "side %d dup %lu ooo %lu corrupt %lu", i, t.rx[i].dup,
		      t.rx[i].ooo, t.rx[i].corrupt);
		CHECK(!atomic_load(&l->side[i].rx_error), "side %d rx error %d",
		      i, atomic_load(&l->side[i].rx_error));
	}
	/* The first three notifications under faults are one of each kind
	 * (fault_pick()); a run with fewer notifications has fewer kinds. */
	CHECK(atomic_load(&l->decided) < 3 ||
		      (atomic_load(&l->c.dropped) &&
		       atomic_load(&l->c.duplicated) &&
		       atomic_load(&l->c.delayed)),
	      "every kind of fault injected");
	traffic_teardown(&t);
	link_destroy(l);
}

/* --- scenario 2: garbage in shared memory ----------------------------- */

struct vandal {
	struct fault_link *l;
	uint64_t rng;
	unsigned long writes;
	bool data_only; /* descriptors and buffers, not the rings' entries */
	atomic_bool stop;
};

/* A range of shared memory the vandal may write. */
struct target {
	size_t off, len;
};

/* The peer's writes are invisible to the race detector: in a real system
 * they come from another processor, and the library must cope with them
 * through its own checks, not through synchronisation. */
#if defined(F_TSAN)
__attribute__((no_sanitize("thread")))
#endif
static void scribble(uint8_t *p, uint64_t v, unsigned int n)
{
	volatile uint8_t *q = p;
	unsigned int i;

	for (i = 0; i < n; i++)
		q[i] = (uint8_t)(v >> (8 * i));
}

static void *vandal_thread(void *arg)
{
	struct vandal *v = arg;
	struct fault_link *l = v->l;
	size_t desc = 16u * F_VRING_NUM;
	size_t avail = 6u + 2u * F_VRING_NUM;
	size_t used_off = (desc + avail + F_ALIGN - 1) & ~(size_t)(F_ALIGN - 1);
	size_t used = 6u + 8u * F_VRING_NUM;
	struct target tg[5];
	uint64_t r, w;
	unsigned int k, n;
	size_t off;

	/* vq0 and vq1 used rings (written by the remote), their avail rings
	 * and descriptor tables (written by the host), the buffers. */
	tg[0].off = used_off;
	tg[0].len = used;
	tg[1].off = l->ring_size + used_off;
	tg[1].len = used;
	tg[2].off = 0;
	tg[2].len = desc + (v->data_only ? 0 : avail);
	tg[3].off = l->ring_size;
	tg[3].len = desc + (v->data_only ? 0 : avail);
	tg[4].off = 2 * l->ring_size;
	tg[4].len = (size_t)F_NUM_BUFS * F_BUF_SIZE;
	while (!atomic_load(&v->stop) && v->writes < 20000) {
		r = splitmix(&v->rng);
		w = splitmix(&v->rng);
		k = v->data_only ? 2u + (unsigned int)(r % 3u)
				 : (unsigned int)(r % 5u);
		n = 1u << ((r >> 8) % 3u); /* 1, 2 or 4 bytes */
		off = tg[k].off + (size_t)((r >> 16) % (tg[k].len - n + 1));
		scribble((uint8_t *)l->region + off, w, n);
		v->writes++;
		atomic_fetch_add(&l->c.garbage, 1);
		if ((r >> 60) == 0)
			sleep_ms(1);
	}
	return NULL;
}

/* Both tx threads of @t sending, then joined. */
static void run_senders(struct traffic *t)
{
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&t->tx[i].thread, NULL, tx_thread, &t->tx[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t->tx[i].thread, NULL);
}

/* The link said it is broken: a ring refused for good (-EIO from the
 * doorbell path) or a send that ended with -EIO or -EPIPE. */
static bool declared_broken(struct fault_link *l, const struct tx *tx)
{
	return atomic_load(&l->side[HOST].rx_error) ||
	       atomic_load(&l->side[REMOTE].rx_error) ||
	       tx->last_rc == -EIO || tx->last_rc == -EPIPE;
}

/*
 * What a survivor of vandalism guarantees, and what it does not.
 *
 * While the peer writes garbage into what it owns, rpmsg (no checksum, no
 * sequence numbers on the wire) cannot tell a forged used entry or a
 * rewritten buffer from a real one: duplicated, reordered and corrupt
 * deliveries are the peer's doing. Nor does that end when the writes
 * stop. A forged used entry that names a buffer still in flight makes
 * the driver take it back early and post it again, so that the same
 * buffer sits in the avail ring twice; each time the device returns the
 * first posting the driver frees the buffer under the second, and the
 * pair keeps circulating, each message read twice and its predecessor
 * lost, for as long as the link runs. The device refuses a head it
 * already holds (VQ-AVAIL-HELD), which catches the pair only when both
 * postings are in flight at once; nothing on the wire catches the rest.
 *
 * So what is asserted, on every run:
 *  - while the vandal writes and afterwards: no memory error (the
 *    sanitizer builds), every wait bounded, every refusal counted, no
 *    more distinct messages delivered than were sent, and a sender that
 *    stops early got an error;
 *  - after a reset (both devices stopped and started again on the same
 *    region, the vandal's garbage still in it: what SECURITY.md tells an
 *    application to do with a peer that wrote garbage into the rings),
 *    a new stream each way of F_AFTER_COUNT messages is sent without an
 *    error and delivered intact, in order and exactly once.
 * The stream on the vandalised link before the reset is printed; with
 * --strict-after it must also be intact, in order and once unless the
 * link declared itself broken (true in most runs, not all: see above).
 */
#define F_AFTER_COUNT 500u

/* --strict-after: require the stream before the reset to arrive intact
 * as well (a diagnostic run; it fails when a forged pair survived). */
static bool strict_after;

/* Messages the two devices refused and counted so far. */
static unsigned long refusals(struct fault_link *l)
{
	struct rpmsg_stats hs, rs;

	rpmsg_get_stats(&l->side[HOST].vdev.bus, &hs);
	rpmsg_get_stats(&l->side[REMOTE].vdev.bus, &rs);
	return (unsigned long)hs.bad + rs.bad;
}

/* Waits until every message @after sent has arrived, the link declared
 * itself broken, or nothing arrived for F_AFTER_WAIT_MS: true then. */
static bool wait_delivered(struct fault_link *l, struct traffic *after)
{
	bool stalled = false;
	int from;

	for (from = 0; from < 2; from++) {
		unsigned long seen = 0, idle = 0;

		while (rx_good(&after->rx[!from]) < after->tx[from].sent &&
		       !declared_broken(l, &after->tx[from])) {
			unsigned long now = rx_good(&after->rx[!from]);

			idle = now == seen ? idle + 1 : 0;
			seen = now;
			if (idle > F_AFTER_WAIT_MS) {
				stalled = true;
				break;
			}
			sleep_ms(1);
		}
	}
	return stalled;
}

/* The stream on the vandalised link, after a warm-up of three rings'
 * worth each way on the first stream's endpoints. */
static void check_after_vandal(struct fault_link *l, struct traffic *t)
{
	bool stalled, refused;
	struct traffic after;
	unsigned long bad0;
	int i, from;

	for (i = 0; i < 2; i++) {
		t->tx[i].count = 3 * F_VRING_NUM;
		t->tx[i].sent = 0;
		t->tx[i].last_rc = 0;
	}
	run_senders(t);
	CHECK(!traffic_setup_at(&after, l, F_AFTER_COUNT, 2000, 0x1000, 3),
	      "endpoints after the vandal");
	bad0 = refusals(l);
	run_senders(&after);
	stalled = wait_delivered(l, &after);
	refused = refusals(l) > bad0;
	for (from = 0; from < 2; from++) {
		struct rx *rx = &after.rx[!from];
		struct tx *tx = &after.tx[from];

		pthread_mutex_lock(&rx->lock);
		printf("vandal: after, side %d sent %" PRIu32 " delivered %lu "
		       "dup %lu ooo %lu corrupt %lu last error %d%s\n", from,
		       tx->sent, rx->good, rx->dup, rx->ooo, rx->corrupt,
		       tx->last_rc,
		       declared_broken(l, tx) ? " (broken)" : "");
		if (strict_after)
		CHECK(!rx->dup && !rx->ooo && !rx->corrupt,
		      "after the vandal, side %d: dup %lu ooo %lu corrupt %lu",
		      from, rx->dup, rx->ooo, rx->corrupt);
		CHECK(rx->good <= tx->sent, "side %d: %lu delivered of %" PRIu32
		      " sent", from, rx->good, tx->sent);
		if (stalled)
			printf("vandal: after, stalled; refusals counted: %s\n",
			       refused ? "yes" : "no");
		if (strict_after && !declared_broken(l, tx) &&
		    !(stalled && refused))
			CHECK(rx->good == tx->sent,
			      "after the vandal, side %d: sent %" PRIu32
			      " delivered %lu, link not declared broken", from,
			      tx->sent, rx->good);
		/* A sender that stopped early says why. */
		CHECK(tx->sent == F_AFTER_COUNT || tx->last_rc,
		      "side %d: %" PRIu32 " sent without an error", from,
		      tx->sent);
		pthread_mutex_unlock(&rx->lock);
	}
	traffic_teardown(&after);
}

/* The reset: both devices down and up again on the region as the vandal
 * left it, then a stream each way that must be perfect. */
static void check_after_reset(struct fault_link *l)
{
	struct traffic after;
	bool stalled;
	int from;

	link_down(l);
	if (link_up(l)) {
		/* Nothing to send over: link_destroy() releases what is up. */
		CHECK(false, "link started again on the vandalised region");
		return;
	}
	CHECK(!traffic_setup_at(&after, l, F_AFTER_COUNT, 2000, 0x2000, 5),
	      "endpoints after the reset");
	run_senders(&after);
	stalled = wait_delivered(l, &after);
	for (from = 0; from < 2; from++) {
		struct rx *rx = &after.rx[!from];
		struct tx *tx = &after.tx[from];

		pthread_mutex_lock(&rx->lock);
		printf("vandal: after the reset, side %d sent %" PRIu32
		       " delivered %lu dup %lu ooo %lu corrupt %lu last error "
		       "%d%s\n", from, tx->sent, rx->good, rx->dup, rx->ooo,
		       rx->corrupt, tx->last_rc, stalled ? " (stalled)" : "");
		CHECK(tx->sent == F_AFTER_COUNT && !tx->last_rc,
		      "after the reset, side %d: %" PRIu32 " of %u sent, "
		      "last error %d", from, tx->sent, F_AFTER_COUNT,
		      tx->last_rc);
		CHECK(rx->good == tx->sent && !rx->dup && !rx->ooo &&
			      !rx->corrupt,
		      "after the reset, side %d: sent %" PRIu32 " delivered "
		      "%lu dup %lu ooo %lu corrupt %lu", from, tx->sent,
		      rx->good, rx->dup, rx->ooo, rx->corrupt);
		pthread_mutex_unlock(&rx->lock);
	}
	CHECK(!declared_broken(l, &after.tx[0]) &&
		      !declared_broken(l, &after.tx[1]),
	      "the link after the reset declared itself broken");
	traffic_teardown(&after);
}

static void scenario_vandal(uint64_t seed)
{
	struct fault_link *l = link_create(seed);
	struct rpmsg_stats hs, rs;
	struct vandal v;
	struct traffic t;
	unsigned long errors, ring_errors = 0;
	pthread_t vt;
	int i;

	CHECK(l, "link set-up");
	if (!l)
		return;
	CHECK(!traffic_setup(&t, l, 20000, 50), "endpoints");
	/* Notification faults too: the safety net must not trip on garbage. */
	l->drop_pm = 50;
	l->dup_pm = 50;
	l->delay_pm = 50;
	atomic_store(&l->faults_on, true);
	memset(&v, 0, sizeof(v));
	v.l = l;
	v.rng = seed ^ 0xa5a5a5a5a5a5a5a5ull;
	/* Odd seeds write into every peer-owned word (the link usually ends
	 * broken or without buffers); even seeds only into descriptors and
	 * buffers, so that the link survives and the stream after the
	 * vandal is checked delivered. */
	v.data_only = !(seed & 1);
	atomic_init(&v.stop, false);
	for (i = 0; i < 2; i++)
		t.tx[i].tolerate = true;
	pthread_create(&vt, NULL, vandal_thread, &v);
	run_senders(&t);
	atomic_store(&v.stop, true);
	pthread_join(vt, NULL);
	atomic_store(&l->faults_on, false);
	rpmsg_get_stats(&l->side[HOST].vdev.bus, &hs);
	rpmsg_get_stats(&l->side[REMOTE].vdev.bus, &rs);
	errors = hs.bad + rs.bad + t.tx[HOST].timeouts +
		 t.tx[REMOTE].timeouts + t.tx[HOST].errors +
		 t.tx[REMOTE].errors + rx_counts(&t.rx[HOST]).corrupt +
		 rx_counts(&t.rx[REMOTE]).corrupt;
	for (i = 0; i < 2; i++)
		if (atomic_load(&l->side[i].rx_error))
			ring_errors++;
	print_counts("vandal", l, &t, ring_errors);
	CHECK(v.writes > 0, "garbage written");
	CHECK(errors + ring_errors > 0, "errors counted");
	check_after_vandal(l, &t);
	for (i = 0; i < 2; i++)
		side_stop_thread(&l->side[i]);
	traffic_teardown(&t);
	check_after_reset(l);
	link_destroy(l);
}

/* --- scenario 3: rings filled ---------------------------------------- */

static void fill_one_way(struct fault_link *l, struct traffic *t, int from)
{
	struct tx *tx = &t->tx[from];
	struct rx *rx = &t->rx[!from];
	uint8_t msg[F_BUF_SIZE];
	size_t mtu = (size_t)rpmsg_get_mtu(&tx->ept);
	uint32_t seq = 0, filled, resumed = 200;
	unsigned int i, nheld;
	size_t len;
	int rc;

	(void)l;
	if (mtu > sizeof(msg))
		mtu = sizeof(msg);
	pthread_mutex_lock(&rx->lock);
	rx->hold = true;
	pthread_mutex_unlock(&rx->lock);
	/* Until no buffer is left: each one ends up held by the receiver. */
	for (;;) {
		len = make_msg(msg, tx->stream, seq, mtu);
		rc = rpmsg_send_offchannel_timeout(&tx->ept, tx->ept.addr,
						   tx->dst, msg, len, 0);
		if (rc)
			break;
		seq++;
	}
	filled = seq;
	CHECK(rc == -ENOMEM, "trysend on a full ring: %d", rc);
	CHECK(filled > 0 && filled <= F_NUM_BUFS / 2, "filled %" PRIu32,
	      filled);
	/* Bounded by the watchdog: the doorbell thread holds them all. */
	while (rx_good(rx) < filled)
		sleep_ms(1);
	len = make_msg(msg, tx->stream, seq, mtu);
	rc = rpmsg_send_offchannel_timeout(&tx->ept, tx->ept.addr, tx->dst,
					   msg, len, 0);
	CHECK(rc == -ENOMEM, "trysend while held: %d", rc);
	rc = rpmsg_send_offchannel_timeout(&tx->ept, tx->ept.addr, tx->dst,
					   msg, len, 20);
	CHECK(rc == -ETIMEDOUT, "blocking send while held: %d", rc);
	if (rc == -ETIMEDOUT)
		tx->timeouts++;
	pthread_mutex_lock(&rx->lock);
	rx->hold = false;
	nheld = rx->nheld;
	rx->nheld = 0;
	pthread_mutex_unlock(&rx->lock);
	CHECK(nheld == filled, "held %u of %" PRIu32, nheld, filled);
	for (i = 0; i < nheld; i++)
		CHECK(!rpmsg_release_rx_buffer(&rx->ept, rx->held[i]),
		      "release %u", i);
	/* Traffic resumes. */
	for (i = 0; i < resumed; i++) {
		len = make_msg(msg, tx->stream, seq, mtu);
		rc = rpmsg_send_offchannel_timeout(&tx->ept, tx->ept.addr,
						   tx->dst, msg, len, 10000);
		CHECK(!rc, "send after release: %d", rc);
		if (rc)
			break;
		seq++;
	}
	tx->sent = seq;
	while (rx_good(rx) < seq)
		sleep_ms(1);
	pthread_mutex_lock(&rx->lock);
	CHECK(rx->good == seq && !rx->dup && !rx->ooo && !rx->corrupt,
	      "good %lu of %" PRIu32 " dup %lu ooo %lu corrupt %lu",
	      rx->good, seq, rx->dup, rx->ooo, rx->corrupt);
	pthread_mutex_unlock(&rx->lock);
}

static void scenario_full(uint64_t seed)
{
	struct fault_link *l = link_create(seed);
	struct traffic t;
	int i;

	CHECK(l, "link set-up");
	if (!l)
		return;
	CHECK(!traffic_setup(&t, l, 0, 0), "endpoints");
	fill_one_way(l, &t, HOST);
	fill_one_way(l, &t, REMOTE);
	for (i = 0; i < 2; i++)
		side_stop_thread(&l->side[i]);
	print_counts("full", l, &t, 0);
	traffic_teardown(&t);
	link_destroy(l);
}

/* --- scenario 4: peer death and restart (shared-memory transport) ---- */

#define DEATH_ECHO_ADDR 0x600u
#define DEATH_HOST_ADDR 0x601u
#define DEATH_WAIT_MS 20000u
#define DEATH_STREAM 0x80000000u /* sequence bit: streamed, not pinged */

static char death_name[RPMSG_SHM_NAME_MAX];

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint32_t echoed;	/* echoes received in order */
	unsigned long streamed;	/* echoes of the stream cut by the kill */
	unsigned long bad;	/* echoes out of order or corrupted */
} dg = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	const uint8_t *m = data;

	(void)ept;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&dg.lock);
	if (len >= F_HDR && (get32(m) & DEATH_STREAM))
		dg.streamed++;
	else if (len >= F_HDR && get32(m + 4) == len &&
	    (fnv1a(m + F_HDR, len - F_HDR) ^ get32(m)) == get32(m + 8) &&
	    get32(m) == dg.echoed)
		dg.echoed++;
	else
		dg.bad++;
	pthread_cond_broadcast(&dg.cond);
	pthread_mutex_unlock(&dg.lock);
	return 0;
}

/* Send message @seq and wait for its echo (bounded). */
static int ping(struct rpmsg_endpoint *ept, uint32_t seq)
{
	uint8_t msg[F_BUF_SIZE];
	struct timespec ts;
	size_t mtu = (size_t)rpmsg_get_mtu(ept);
	size_t len;
	int rc = 0;

	if (mtu > sizeof(msg))
		mtu = sizeof(msg);
	len = make_msg(msg, 7, seq, mtu);
	rc = rpmsg_send_offchannel_timeout(ept, ept->addr, DEATH_ECHO_ADDR,
					   msg, len, 1000);
	if (rc)
		return rc;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += DEATH_WAIT_MS / 1000u;
	pthread_mutex_lock(&dg.lock);
	while (dg.echoed <= seq && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&dg.cond, &dg.lock, &ts);
	rc = dg.echoed > seq ? 0 : -ETIMEDOUT;
	pthread_mutex_unlock(&dg.lock);
	return rc;
}

/* Streams to the remote until the link fails; the kill cuts it. */
struct streamer {
	struct rpmsg_endpoint *ept;
	uint32_t sent;
	int rc;
};

static void *streamer_main(void *arg)
{
	struct streamer *st = arg;
	uint8_t msg[F_BUF_SIZE];
	size_t mtu = (size_t)rpmsg_get_mtu(st->ept);
	size_t len;
	int rc;

	if (mtu > sizeof(msg))
		mtu = sizeof(msg);
	do {
		len = make_msg(msg, 8, DEATH_STREAM | st->sent, mtu);
		rc = rpmsg_send_offchannel_timeout(st->ept, st->ept->addr,
						   DEATH_ECHO_ADDR, msg, len,
						   1000);
		if (!rc)
			st->sent++;
	} while (!rc || rc == -ETIMEDOUT);
	st->rc = rc;
	return NULL;
}

/* The link of the death scenario (its role set by the fixture). */
static const struct rpmsg_link_desc death_link = {
	.transport = RPMSG_LINK_SHM,
	.name = death_name,
};

static int host_setup(struct rpmsg_link *link, void *arg)
{
	return rpmsg_create_ept(arg, rpmsg_link_bus(link), "host",
				DEATH_HOST_ADDR, RPMSG_ADDR_ANY, host_cb, NULL);
}

static struct rpmsg_link *host_connect(struct rpmsg_endpoint *ept)
{
	struct rpmsg_link *link;

	if (fixture_host_open(&link, &death_link, host_setup, ept,
			      DEATH_WAIT_MS))
		return NULL;
	return link;
}

/* The remote: echoes until killed, or until the host has gone. */
static pid_t fork_remote(void)
{
	struct fixture_remote r = { .link = death_link,
				    .echo_addr = DEATH_ECHO_ADDR,
				    .start_ms = DEATH_WAIT_MS };

	return fixture_fork_remote(&r);
}

static void scenario_death(uint64_t seed)
{
	struct rpmsg_endpoint ept;
	struct rpmsg_link *link;
	uint64_t r = seed;
	uint32_t kill_at = (uint32_t)(splitmix(&r) % 200u), seq, resumed = 200;
	unsigned long sends_after = 0;
	struct streamer stream;
	pthread_t stream_thread;
	unsigned int kill_us;
	int rc, st;
	pid_t pid;

	snprintf(death_name, sizeof(death_name), "fault-%ld-%" PRIu64,
		 (long)getpid(), seed);
	fflush(stdout);
	/* First life: killed after kill_at echoes. */
	pid = fork_remote();
	CHECK(pid >= 0, "fork");
	if (pid < 0)
		return;
	memset(&ept, 0, sizeof(ept));
	link = host_connect(&ept);
	CHECK(link, "host connects to the first remote");
	if (!link) {
		kill(pid, SIGKILL);
		fixture_wait_child(pid);
		return;
	}
	for (seq = 0; seq < kill_at; seq++) {
		rc = ping(&ept, seq);
		CHECK(!rc, "echo %" PRIu32 " before the kill: %d", seq, rc);
		if (rc)
			break;
	}
	/* Then a stream, killed a seeded number of microseconds in. */
	stream.ept = &ept;
	stream.sent = 0;
	stream.rc = 0;
	pthread_create(&stream_thread, NULL, streamer_main, &stream);
	kill_us = (unsigned int)(splitmix(&r) % 20000u);
	nanosleep(&(struct timespec){ 0, (long)kill_us * 1000L }, NULL);
	CHECK(!kill(pid, SIGKILL), "kill");
	pthread_join(stream_thread, NULL);
	CHECK(stream.rc == -EPIPE, "stream ended with %d", stream.rc);
	st = fixture_wait_child(pid);
	CHECK(st == 128 + SIGKILL, "remote status %d", st);
	/* Sends go on until the death is noticed; then -EPIPE, never a
	 * hang (each send is bounded, the watchdog bounds the loop). */
	do {
		rc = ping(&ept, seq);
		sends_after++;
	} while (rc != -EPIPE && sends_after < 100000);
	CHECK(rc == -EPIPE, "send after the death: %d", rc);
	CHECK(!rpmsg_link_wait_peer_gone(link, DEATH_WAIT_MS), "peer gone");
	CHECK(rpmsg_trysendto(&ept, "x", 1, DEATH_ECHO_ADDR) == -EPIPE,
	      "trysend after death");
	rpmsg_link_destroy(link);

	/* Second life: a new remote with the same name. */
	pthread_mutex_lock(&dg.lock);
	dg.echoed = 0;
	pthread_mutex_unlock(&dg.lock);
	pid = fork_remote();
	CHECK(pid >= 0, "fork");
	if (pid < 0)
		return;
	memset(&ept, 0, sizeof(ept));
	link = host_connect(&ept);
	CHECK(link, "host connects to the restarted remote");
	if (!link) {
		kill(pid, SIGKILL);
		fixture_wait_child(pid);
		return;
	}
	for (seq = 0; seq < resumed; seq++) {
		rc = ping(&ept, seq);
		CHECK(!rc, "echo %" PRIu32 " after the restart: %d", seq, rc);
		if (rc)
			break;
	}
	rpmsg_link_destroy(link);
	st = fixture_wait_child(pid);
	CHECK(st == 0, "restarted remote status %d", st);
	printf("death: killed after %" PRIu32 " echoes and %u us of streaming"
	       " (%" PRIu32 " streamed, %lu echoed), sends until -EPIPE=%lu,"
	       " echoed after restart=%" PRIu32 " of %" PRIu32
	       " bad echoes=%lu\n", kill_at, kill_us, stream.sent,
	       dg.streamed, sends_after, dg.echoed, resumed, dg.bad);
	CHECK(!dg.bad, "bad echoes %lu", dg.bad);
}

/* --- main -------------------------------------------------------------- */

static void watchdog(int sig)
{
	static const char msg[] = "test_fault: watchdog fired (hang)\n";
	ssize_t n;

	(void)sig;
	n = write(2, msg, sizeof(msg) - 1);
	(void)n;
	_exit(2);
}

int main(int argc, char **argv)
{
	const char *which = "all";
	uint64_t seed = 0;
	bool have_seed = false;
	struct timespec ts;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
			have_seed = true;
		} else if (!strcmp(argv[i], "--scenario") && i + 1 < argc) {
			which = argv[++i];
		} else if (!strcmp(argv[i], "--strict-after")) {
			strict_after = true;
		} else {
			fprintf(stderr, "usage: %s [--seed N] [--strict-after] "
				"[--scenario notify|vandal|full|death|all]\n",
				argv[0]);
			return 1;
		}
	}
	if (!have_seed) {
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec;
	}
	printf("test_fault: seed=%" PRIu64 "\n", seed);
	fflush(stdout);
	signal(SIGALRM, watchdog);

	if (!strcmp(which, "all") || !strcmp(which, "notify")) {
		alarm(F_WATCHDOG_S);
		scenario_notify(seed);
	}
	if (!strcmp(which, "all") || !strcmp(which, "vandal")) {
		alarm(F_WATCHDOG_S);
		scenario_vandal(seed + 1);
	}
	if (!strcmp(which, "all") || !strcmp(which, "full")) {
		alarm(F_WATCHDOG_S);
		scenario_full(seed + 2);
	}
	if (!strcmp(which, "all") || !strcmp(which, "death")) {
		alarm(F_WATCHDOG_S);
		scenario_death(seed + 3);
	}
	alarm(0);
	printf("test_fault: %s (seed=%" PRIu64 ")\n",
	       failures ? "FAILED" : "passed", seed);
	return failures ? 1 : 0;
}
