// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg-soak: a load test of the threaded in-process transport, and with
 * --shm of the shared-memory transport between two processes (the parent
 * is the host, a forked child the remote).
 *
 * Each side runs N sender threads. Sender k of a side owns one endpoint of
 * its own and sends to one receiving endpoint on the other side, so that
 * traffic flows host->remote and remote->host at the same time over 2N
 * independent streams. Every message carries a header (stream, sequence,
 * length, checksum) and a pseudo-random payload of varied length up to the
 * MTU; the checksum is FNV-1a over the header fields and the payload.
 *
 * A receiver checks per endpoint that the source address is its sender's,
 * that the header and checksum are intact, and that sequence numbers come
 * strictly in order, each exactly once. Senders use blocking
 * rpmsg_sendto(); every message whose send returned 0 must arrive.
 *
 * Every wait is bounded. After --timeout seconds the wait for messages
 * still due gives up and what is missing counts as lost; a watchdog ten
 * seconds later ends a run stuck anywhere else (a sender blocked for good,
 * a teardown that hangs) with status 2. Nothing depends on speed; the rate
 * is printed for information only.
 *
 * A message counts once: "messages" and "bytes" (rpmsg payload, our
 * header included) are the distinct intact messages delivered; "lost"
 * those whose send returned 0 but never came intact; "corrupted"
 * deliveries with a bad header, source, length or checksum; "duplicated"
 * a sequence number seen again; "out-of-order" a message that was not the
 * next one expected (after a gap or a step back). --shm adds both
 * processes' figures.
 *
 * Restarts (--shm --restarts K). The remote process is SIGKILLed K times,
 * when the count of messages in the host (its sends that returned 0 plus
 * the intact messages it received, both directions) reaches i * N / (K+1)
 * for i = 1..K: points of the message count, never of time. The host
 * waits for rpmsg_link_wait_peer_gone(), joins its senders (their sends
 * fail with -EPIPE once the peer is gone), reaps the child, destroys its
 * link, forks a new remote on the same carveout name and attaches a new
 * host link to it (one peer per link: rpmsg_link.h). The streams' state
 * (next sequence number to send, each receiver's bitmap of sequence
 * numbers seen, its counts) lives in memory shared by the host and every
 * remote it forks, so that numbering continues across restarts: after a
 * kill, each stream goes on at the number after the highest one sent or
 * received, and its receiver expects exactly that one.
 *
 * What "sent" means across a kill: a send that returned 0 is sent, even
 * to a remote that died before reading it (it is in flight); a send that
 * failed is not, and the message is sent again with the same number to
 * the next remote, unless it was seen to arrive (a send can fail after
 * its message reached the ring), in which case it counts as sent once.
 *
 * lost-at-restart: at each kill, per stream, the messages sent above the
 * highest number received: those in flight when the peer died. Every
 * other figure stays exact while a peer lives: a gap below the highest
 * number received is lost, a number seen twice is duplicated, the
 * receivers' in-order check runs across the restart (it expects the
 * number after the gap). The bound, required for each restart: at most
 * the buffers in the two rings, the host's pool (min(2 x vring_num, 512),
 * half each way; Linux's rule, which the shm transport follows). Why: a
 * host->remote message the remote did not count still holds one of the
 * host's tx buffers, since the remote returns a buffer on the used ring
 * only after its callback, which marks the message seen, has returned; a
 * remote->host message the host did not count still holds one of the
 * host's rx buffers, since the remote sends only into buffers the host
 * posted and the host posts a buffer again only after its callback.
 * Half the pool each way, the pool in all. Remote->host, the bound is 0:
 * a send the remote saw return 0 is in the used ring, and the host
 * delivers what a peer published before it died before it stops the
 * device (link_service.h); a number the host never counted there fails
 * the run. The remote's counts are
 * recomputed from its bitmap after a kill (a SIGKILL can land between
 * two updates; a bit set is one store).
 *
 * Per restart, for information only (never asserted): the time from the
 * kill to the host seeing the peer gone, and from the new child's fork to
 * the first intact message from it reaching the host.
 *
 * Output: with --restarts, one line per restart
 *   soak: restart I/K at M messages: lost-at-restart=... (to remote ...,
 *         to host ...; bound ...) peer-gone=...ms traffic-again=...ms
 * then one line (lost-at-restart= only with --restarts):
 *   soak: messages=... bytes=... lost=... duplicated=... corrupted=...
 *         out-of-order=... [lost-at-restart=... ]send-errors=...
 *         elapsed=...s rate=... msgs/s
 * Exit status: 0 if every fault count is zero, each restart's
 * lost-at-restart within its bound and every other message arrived, 1
 * otherwise, 2 when the watchdog fires or the link cannot be set up.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#define MAX_SENDERS 64
#define MAX_RESTARTS 100
#define RX_BASE_ADDR 0x800u
#define TX_BASE_ADDR 0xc00u
#define HDR_WORDS 4
#define HDR_BYTES (HDR_WORDS * 4u)
#define DEFAULT_MESSAGES 10000000ull
#define DEFAULT_SENDERS 4
#define DEFAULT_TIMEOUT 3600
#define WATCHDOG_GRACE 10 /* s after --timeout for the report and teardown */
#define SHM_DEFAULT_VRING 256u /* the shm transport's vring_num for 0 */
#define SHM_MAX_POOL 512u /* and its largest pool (shm_region.c) */

enum { HOST = 0, REMOTE = 1 };

/* What a stream's sender and receiver know, in memory shared by the host
 * and every remote it forks (--shm), so that it outlives a killed remote.
 * The receiver's fields are written under the receiving process's g.lock;
 * the host reads a dead remote's only after reaping it. */
struct stream_state {
	_Atomic uint64_t sent; /* sends that returned 0 = next number to send */
	uint64_t next;	   /* next sequence number expected */
	uint64_t unique;   /* distinct good messages */
	uint64_t arrived;  /* callbacks, good or not */
	uint64_t bytes;	   /* payload bytes of distinct good messages */
	uint64_t dup;
	uint64_t corrupt;
	uint64_t ooo;
	uint64_t lost_at_restart; /* in flight at a kill (--restarts) */
};

/* One stream: a sending endpoint on one side, a receiving one on the other. */
struct stream {
	unsigned int id;
	int from;
	struct rpmsg_endpoint tx;
	struct rpmsg_endpoint rx;
	uint32_t rx_addr;
	uint64_t count;	   /* messages to send */
	pthread_t thread;
	bool started;
	bool local_tx;	   /* sent from this process */
	bool local_rx;	   /* received in this process */
	/* sender side: the error that stopped it, else 0 (written by the
	 * sender, read after join and, by an expiring watchdog, before) */
	_Atomic int send_rc;
	struct stream_state *st; /* shared */
	uint8_t *seen;		 /* shared: one bit per sequence number */
	uint64_t epoch_start;	 /* host: the first number since the last kill */
};

/* Per restart, in the host. */
struct restart_fig {
	uint64_t at;	   /* the host's message count at the kill */
	uint64_t lost;	   /* lost-at-restart */
	uint64_t lost_to_host; /* of which sent by the remote */
	double gone_ms;	   /* kill -> peer gone seen */
	double again_ms;   /* fork -> first intact message from the new child */
	bool again;	   /* that message came */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool draining;		 /* main waits for arrivals */
	bool finished;		 /* the watchdog may stop */
	struct timespec deadline;
	struct rpmsg_link *link;       /* both roles, or --shm: this side */
	int side;		       /* --shm: HOST (parent) or REMOTE */
	bool use_shm;
	unsigned int bufs;	       /* pool size, both ways (0: default) */
	uint32_t link_timeout_ms;      /* for create and start */
	pid_t child;		       /* --shm, in the host: the remote */
	int to_peer, from_peer;	       /* --shm: pipes to the other process */
	struct stream streams[2 * MAX_SENDERS];
	unsigned int nstreams;
	size_t mtu;
	struct timespec start;
	void *shared;		       /* the streams' state and bitmaps */
	size_t shared_size;
	/* --restarts, in the host */
	unsigned int restarts, restarted;
	_Atomic uint64_t progress;     /* sends returned 0 + intact receipts */
	_Atomic uint64_t kill_at;      /* progress that makes the kill due */
	_Atomic bool kill_flagged;     /* kill_due was set */
	_Atomic bool killed;	       /* the current remote was killed */
	bool kill_due;		       /* under lock */
	bool flow_seen;		       /* under lock: the remote's first */
	struct timespec flow_at, spawned_at;
	struct restart_fig fig[MAX_RESTARTS];
	pthread_t watchdog;
} g = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

struct totals {
	uint64_t messages, bytes, lost, dup, corrupt, ooo, send_errors;
	uint64_t lost_at_restart;
};

/* --- message format -------------------------------------------------- */

static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

#define FNV_BASIS 2166136261u

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* Length of message @seq of stream @id: HDR_BYTES .. mtu, inclusive. Every
 * 64th message is exactly the MTU, every 64th + 1 exactly the header. */
static size_t msg_len(unsigned int id, uint64_t seq, size_t mtu)
{
	uint64_t r;

	if (seq % 64 == 0)
		return mtu;
	if (seq % 64 == 1)
		return HDR_BYTES;
	r = mix64(((uint64_t)id << 48) ^ seq ^ 0x5a5a5a5aull);
	return HDR_BYTES + (size_t)(r % (mtu - HDR_BYTES + 1));
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

static uint32_t msg_sum(const uint8_t *msg, size_t len)
{
	uint32_t h = fnv1a(FNV_BASIS, msg, 12);

	return fnv1a(h, msg + HDR_BYTES, len - HDR_BYTES);
}

/* Header: stream id, sequence (low 32 bits), length, checksum. */
static size_t make_msg(uint8_t *buf, unsigned int id, uint64_t seq,
		       size_t mtu)
{
	size_t len = msg_len(id, seq, mtu);
	uint64_t r = mix64(((uint64_t)id << 40) + seq);
	size_t i;

	put32(buf, id);
	put32(buf + 4, (uint32_t)seq);
	put32(buf + 8, (uint32_t)len);
	for (i = HDR_BYTES; i < len; i++) {
		if ((i & 7) == 0)
			r = mix64(r + i);
		buf[i] = (uint8_t)(r >> (8 * (i & 7)));
	}
	put32(buf + 12, msg_sum(buf, len));
	return len;
}

/* --- time ------------------------------------------------------------ */

static struct timespec now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static double seconds_since(struct timespec t0)
{
	struct timespec t1 = now();

	return (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* --- restarts: when the kill is due ------------------------------------ */

/* One more message counted in the host; @locked: g.lock is held. The
 * thread whose count reaches g.kill_at wakes main to kill the remote. */
static void count_progress(bool locked)
{
	uint64_t at = atomic_load_explicit(&g.kill_at, memory_order_relaxed);
	uint64_t p = atomic_fetch_add_explicit(&g.progress, 1,
					       memory_order_relaxed) + 1;

	if (!at || p < at ||
	    atomic_load_explicit(&g.kill_flagged, memory_order_relaxed) ||
	    atomic_exchange(&g.kill_flagged, true))
		return;
	if (!locked)
		pthread_mutex_lock(&g.lock);
	g.kill_due = true;
	pthread_cond_broadcast(&g.cond);
	if (!locked)
		pthread_mutex_unlock(&g.lock);
}

/* --- receiving ------------------------------------------------------- */

static int rx_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	struct stream *s = priv;
	struct stream_state *st;
	const uint8_t *msg = data;
	bool good;
	uint64_t seq = 0;

	/* nothing is sent to a sending endpoint or to the MTU probe */
	if (!s)
		return 0;
	st = s->st;
	good = ept == &s->rx && s->local_rx && len >= HDR_BYTES &&
	       len <= g.mtu &&
	       src == TX_BASE_ADDR + s->id &&
	       get32(msg) == s->id && get32(msg + 8) == len &&
	       get32(msg + 12) == msg_sum(msg, len);

	pthread_mutex_lock(&g.lock);
	st->arrived++;
	if (good) {
		/* widen the 32-bit sequence around the one expected */
		uint32_t low = get32(msg + 4);

		seq = (st->next & ~0xffffffffull) | low;
		if (seq + 0x80000000ull < st->next)
			seq += 0x100000000ull;
		else if (seq > st->next + 0x80000000ull &&
			 seq >= 0x100000000ull)
			seq -= 0x100000000ull;
		if (seq >= s->count)
			good = false;
	}
	if (!good) {
		st->corrupt++;
	} else if (s->seen[seq / 8] & (1u << (seq % 8))) {
		st->dup++;
	} else {
		/* the bit first: a remote killed between the two stores is
		 * recounted from its bitmap */
		s->seen[seq / 8] |= (uint8_t)(1u << (seq % 8));
		st->unique++;
		st->bytes += len;
		if (seq != st->next)
			st->ooo++;
		if (seq >= st->next)
			st->next = seq + 1;
		if (g.restarts && g.side == HOST) {
			if (!g.flow_seen) {
				g.flow_seen = true;
				g.flow_at = now();
			}
			count_progress(true);
		}
	}
	if (g.draining)
		pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	return 0;
}

/* --- sending --------------------------------------------------------- */

static void *sender_main(void *arg)
{
	struct stream *s = arg;
	uint8_t *buf = malloc(g.mtu);
	bool counting = g.restarts && g.side == HOST;
	uint64_t seq;
	int rc = 0;

	if (!buf) {
		s->send_rc = -ENOMEM;
		return NULL;
	}
	/* from where the stream stands: 0, or after a restart the number
	 * after the highest one sent or received */
	for (seq = atomic_load(&s->st->sent); seq < s->count; seq++) {
		size_t len = make_msg(buf, s->id, seq, g.mtu);

		rc = rpmsg_sendto(&s->tx, buf, len, s->rx_addr);
		if (rc != 0)
			break;
		atomic_store_explicit(&s->st->sent, seq + 1,
				      memory_order_relaxed);
		if (counting)
			count_progress(false);
	}
	/* A send that fails once the remote was killed is what a restart
	 * does: the message goes again to the next remote. */
	if (rc && !atomic_load(&g.killed))
		s->send_rc = rc;
	free(buf);
	return NULL;
}

/* --- watchdog and report --------------------------------------------- */

/* Lock held. */
static void sum_up(struct totals *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		struct stream_state *st = s->st;
		uint64_t sent = atomic_load_explicit(&st->sent,
						     memory_order_relaxed);
		uint64_t got = st->unique + st->lost_at_restart;

		if (s->local_tx && s->send_rc)
			t->send_errors++;
		if (!s->local_rx)
			continue;
		t->messages += st->unique;
		t->bytes += st->bytes;
		if (sent > got)
			t->lost += sent - got;
		t->dup += st->dup;
		t->corrupt += st->corrupt;
		t->ooo += st->ooo;
		t->lost_at_restart += st->lost_at_restart;
	}
}

/* Progress goes to a terminal only: piped or logged, the run is quiet. */
static bool progress_tty;

static void print_line(const struct totals *t, double secs)
{
	char lar[48] = "";

	if (progress_tty)
		fputs("\r\033[K", stderr);
	if (g.restarts)
		snprintf(lar, sizeof(lar), " lost-at-restart=%" PRIu64,
			 t->lost_at_restart);
	printf("soak: messages=%" PRIu64 " bytes=%" PRIu64 " lost=%" PRIu64
	       " duplicated=%" PRIu64 " corrupted=%" PRIu64
	       " out-of-order=%" PRIu64 "%s send-errors=%" PRIu64
	       " elapsed=%.3fs rate=%.0f msgs/s\n",
	       t->messages, t->bytes, t->lost, t->dup, t->corrupt, t->ooo,
	       lar, t->send_errors, secs,
	       secs > 0 ? (double)t->messages / secs : 0.0);
	fflush(stdout);
}

/* Stuck: report what is known and leave without tearing anything down
 * (senders may be blocked in the library for good). Counters are read
 * racily here, for information only. */
static void abandon(const char *why)
{
	struct totals t;

	pthread_mutex_lock(&g.lock);
	sum_up(&t);
	pthread_mutex_unlock(&g.lock);
	if (g.use_shm && g.side == REMOTE) {
		fprintf(stderr, "soak: remote: %s\n", why);
		_exit(2);
	}
	fprintf(stderr, "soak: %s, test failed\n", why);
	print_line(&t, seconds_since(g.start));
	if (g.child > 0) {
		kill(g.child, SIGKILL);
		waitpid(g.child, NULL, 0);
	}
	_exit(2);
}

static void *watchdog_main(void *arg)
{
	struct timespec dl, tick;
	struct totals t;
	int rc = 0;

	(void)arg;
	pthread_mutex_lock(&g.lock);
	dl = g.deadline;
	dl.tv_sec += WATCHDOG_GRACE;
	while (!g.finished && rc != ETIMEDOUT) {
		if (!progress_tty) {
			rc = pthread_cond_timedwait(&g.cond, &g.lock, &dl);
			continue;
		}
		/* On a terminal: the count so far, once a second. */
		tick = now();
		tick.tv_sec++;
		if (tick.tv_sec > dl.tv_sec ||
		    (tick.tv_sec == dl.tv_sec && tick.tv_nsec > dl.tv_nsec))
			tick = dl;
		rc = pthread_cond_timedwait(&g.cond, &g.lock, &tick);
		if (rc == ETIMEDOUT && (tick.tv_sec != dl.tv_sec ||
					tick.tv_nsec != dl.tv_nsec))
			rc = 0;
		if (!g.finished) {
			sum_up(&t);
			fprintf(stderr, "\r\033[Ksoak: %" PRIu64 " messages arrived%s",
				t.messages, g.use_shm ? " here" : "");
		}
	}
	if (progress_tty)
		fputs("\r\033[K", stderr);
	if (g.finished) {
		pthread_mutex_unlock(&g.lock);
		return NULL;
	}
	pthread_mutex_unlock(&g.lock);
	abandon("watchdog expired");
	return NULL;
}

static bool watchdog_on;

static int watchdog_start(void)
{
	pthread_mutex_lock(&g.lock);
	g.finished = false;
	pthread_mutex_unlock(&g.lock);
	if (pthread_create(&g.watchdog, NULL, watchdog_main, NULL)) {
		fprintf(stderr, "soak: cannot start the watchdog\n");
		return -1;
	}
	watchdog_on = true;
	return 0;
}

/* Stopping a stopped one is harmless. */
static void watchdog_stop(void)
{
	if (!watchdog_on)
		return;
	watchdog_on = false;
	pthread_mutex_lock(&g.lock);
	g.finished = true;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	pthread_join(g.watchdog, NULL);
}

/* --- setup ----------------------------------------------------------- */

static struct rpmsg_device *dev_of(int side)
{
	if (g.use_shm)
		return side == g.side ? rpmsg_link_bus(g.link) : NULL;
	return side == HOST ? rpmsg_link_bus(g.link)
			    : rpmsg_link_peer_bus(g.link);
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--messages N] [--senders N] [--timeout S]\n"
		"       [--bufs N] [--shm [--restarts K]]\n"
		"  --messages N  total messages, both directions (default "
		"%llu)\n"
		"  --senders N   sender threads per side (default %d, max %d)\n"
		"  --timeout S   bound on the run in seconds (default %d)\n"
		"  --bufs N      buffers in the pool, half each way, a\n"
		"                power of two from 4 (default: the "
		"transport's)\n"
		"  --shm         host and remote in two processes over the\n"
		"                shared-memory transport\n"
		"  --restarts K  with --shm: SIGKILL the remote K times at\n"
		"                evenly spaced message counts and fork a new\n"
		"                one (max %d; N at least (K+1) x K x 512)\n",
		prog, DEFAULT_MESSAGES, DEFAULT_SENDERS, MAX_SENDERS,
		DEFAULT_TIMEOUT, MAX_RESTARTS);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* The buffers in both rings of a shm link: the host's pool. */
static uint64_t ring_buffers(void)
{
	unsigned int num = g.bufs ? g.bufs / 2 : SHM_DEFAULT_VRING;

	return num < SHM_MAX_POOL / 2 ? 2ull * num : SHM_MAX_POOL;
}

/* In-process: both roles here (this side is the host); --shm: g.side
 * over the carveout @name. */
static int setup_link(const char *name)
{
	struct rpmsg_link_desc d = {
		.transport = g.use_shm ? RPMSG_LINK_SHM : RPMSG_LINK_INPROC,
		.role = g.use_shm && g.side == REMOTE ? RPMSG_VIRTIO_REMOTE
						      : RPMSG_VIRTIO_HOST,
		.name = name,
		.num_bufs = g.bufs,
		.vring_num = g.bufs / 2,
		.connect_timeout_ms = g.link_timeout_ms,
	};
	const char *who = d.role == RPMSG_VIRTIO_HOST ? "host" : "remote";
	int rc;

	rc = rpmsg_link_create(&g.link, &d);
	if (rc) {
		fprintf(stderr, "soak: %s create: %d\n", who, rc);
		g.link = NULL;
		return rc;
	}
	rc = rpmsg_link_start(g.link, g.link_timeout_ms);
	if (rc)
		fprintf(stderr, "soak: %s start: %d\n", who, rc);
	return rc;
}

/* The MTU, learnt before any endpoint a callback could run for exists:
 * the callbacks read g.mtu without a lock. */
static int learn_mtu(void)
{
	struct rpmsg_endpoint probe;
	int rc, mtu;

	memset(&probe, 0, sizeof(probe));
	rc = rpmsg_create_ept(&probe, dev_of(g.use_shm ? g.side : HOST),
			      "soak-probe", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
			      rx_cb, NULL);
	if (rc) {
		fprintf(stderr, "soak: rpmsg_create_ept: %d\n", rc);
		return rc;
	}
	mtu = rpmsg_get_mtu(&probe);
	rpmsg_destroy_ept(&probe);
	if (mtu < (int)HDR_BYTES) {
		fprintf(stderr, "soak: MTU %d too small\n", mtu);
		return -EINVAL;
	}
	g.mtu = (size_t)mtu;
	return 0;
}

/* The streams and their shared state, before the first fork. */
static int plan_streams(unsigned int senders, uint64_t messages)
{
	size_t size, off;
	uint8_t *p;
	unsigned int i;

	g.nstreams = 2 * senders;
	size = g.nstreams * sizeof(struct stream_state);
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];

		s->id = i;
		s->from = i < senders ? HOST : REMOTE;
		s->rx_addr = RX_BASE_ADDR + i;
		s->count = messages / g.nstreams +
			   (i < messages % g.nstreams ? 1 : 0);
		size += (size_t)(s->count / 8 + 1);
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		perror("soak: mmap");
		return -ENOMEM;
	}
	g.shared = p;
	g.shared_size = size;
	off = g.nstreams * sizeof(struct stream_state);
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];

		s->st = (struct stream_state *)(void *)p + i;
		s->seen = p + off;
		off += (size_t)(s->count / 8 + 1);
	}
	return 0;
}

/* This side's endpoints on the link just set up. */
static int setup_streams(void)
{
	unsigned int i;
	int rc;

	rc = learn_mtu();
	if (rc)
		return rc;
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		int to = s->from == HOST ? REMOTE : HOST;

		s->local_tx = !g.use_shm || s->from == g.side;
		s->local_rx = !g.use_shm || to == g.side;
		s->started = false;
		s->send_rc = 0;
		memset(&s->tx, 0, sizeof(s->tx));
		memset(&s->rx, 0, sizeof(s->rx));
		if (s->local_rx) {
			rc = rpmsg_create_ept(&s->rx, dev_of(to), "soak-rx",
					      s->rx_addr, RPMSG_ADDR_ANY,
					      rx_cb, s);
			if (rc)
				goto fail;
		}
		if (s->local_tx) {
			rc = rpmsg_create_ept(&s->tx, dev_of(s->from),
					      "soak-tx", TX_BASE_ADDR + i,
					      s->rx_addr, rx_cb, s);
			if (rc)
				goto fail;
		}
	}
	return 0;
fail:
	fprintf(stderr, "soak: rpmsg_create_ept: %d\n", rc);
	return rc;
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];

		if (s->tx.bound)
			rpmsg_destroy_ept(&s->tx);
		if (s->rx.bound)
			rpmsg_destroy_ept(&s->rx);
	}
	rpmsg_link_destroy(g.link);
	g.link = NULL;
}

/* Lock held. Has every message sent arrived (well or badly)? Those lost
 * at a restart never will. */
static bool all_arrived(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++) {
		struct stream_state *st = g.streams[i].st;

		if (g.streams[i].local_rx &&
		    st->arrived + st->lost_at_restart <
			    atomic_load_explicit(&st->sent,
						 memory_order_relaxed))
			return false;
	}
	return true;
}

static void start_senders(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];

		if (!s->local_tx)
			continue;
		if (pthread_create(&s->thread, NULL, sender_main, s)) {
			fprintf(stderr, "soak: cannot start sender %u\n", i);
			break;
		}
		s->started = true;
	}
}

static void join_senders(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++)
		if (g.streams[i].started) {
			pthread_join(g.streams[i].thread, NULL);
			g.streams[i].started = false;
		}
}

/* --- the two processes of --shm -------------------------------------- */

static bool write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Both endpoints sets are bound: neither side sends before the other can
 * receive. */
static bool meet_peer(void)
{
	char c = 'R';

	return write_all(g.to_peer, &c, 1) && read_all(g.from_peer, &c, 1) &&
	       c == 'R';
}

/* Tell the peer how many messages each of our streams sent, and learn how
 * many each of its streams sent. */
static bool swap_counts(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		uint64_t v = atomic_load_explicit(&s->st->sent,
						  memory_order_relaxed);

		if (s->local_tx && !write_all(g.to_peer, &v, sizeof(v)))
			return false;
	}
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		uint64_t v;

		if (s->local_tx)
			continue;
		if (!read_all(g.from_peer, &v, sizeof(v)))
			return false;
		atomic_store_explicit(&s->st->sent, v, memory_order_relaxed);
	}
	return true;
}

/* Fork a remote: 0 in the child (now the remote), the child's pid in the
 * host, -1 if it failed. Called while no thread of ours runs, so that
 * the child is a copy of a single-threaded process (a sanitizer's
 * runtime requires it; nothing is left locked). */
static pid_t spawn_remote(void)
{
	int p2c[2], c2p[2];
	pid_t pid;

	if (pipe(p2c)) {
		perror("soak: pipe");
		return -1;
	}
	if (pipe(c2p)) {
		perror("soak: pipe");
		close(p2c[0]);
		close(p2c[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("soak: fork");
		close(p2c[0]);
		close(p2c[1]);
		close(c2p[0]);
		close(c2p[1]);
		return -1;
	}
	g.side = pid == 0 ? REMOTE : HOST;
	g.child = pid;
	g.to_peer = pid == 0 ? c2p[1] : p2c[1];
	g.from_peer = pid == 0 ? p2c[0] : c2p[0];
	close(pid == 0 ? c2p[0] : p2c[0]);
	close(pid == 0 ? p2c[1] : c2p[1]);
	if (pid == 0) {
		/* one process shows progress: the host */
		progress_tty = false;
		watchdog_on = false;
		atomic_store(&g.kill_at, 0);
	}
	return pid;
}

/* --- restarts -------------------------------------------------------- */

static uint64_t messages_total;

/* The host's message count at which kill @i (1..K) is due. */
static uint64_t kill_point(unsigned int i)
{
	return messages_total / (g.restarts + 1) * i +
	       messages_total % (g.restarts + 1) * i / (g.restarts + 1);
}

static double ms_between(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) * 1e3 +
	       (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

/* Milliseconds to the deadline, at least 1. */
static uint32_t ms_left(void)
{
	struct timespec t = now();
	int64_t ms = (int64_t)(g.deadline.tv_sec - t.tv_sec) * 1000 +
		     (g.deadline.tv_nsec - t.tv_nsec) / 1000000;

	return ms < 1 ? 1u : (uint32_t)ms;
}

/* One more than the highest sequence number seen in [@from, count), or
 * @from if none. */
static uint64_t seen_end(const struct stream *s, uint64_t from)
{
	uint64_t seq = s->count;

	while (seq > from) {
		seq--;
		if (s->seen[seq / 8] & (1u << (seq % 8)))
			return seq + 1;
	}
	return from;
}

/* A killed remote's receiver counts, again from its bitmap: the kill can
 * have landed between the bit and the counts. */
static void recount(struct stream *s)
{
	struct stream_state *st = s->st;
	uint64_t seq, unique = 0, bytes = 0;

	for (seq = 0; seq < s->count; seq++) {
		if (s->seen[seq / 8] & (1u << (seq % 8))) {
			unique++;
			bytes += msg_len(s->id, seq, g.mtu);
		}
	}
	st->unique = unique;
	st->bytes = bytes;
	st->arrived = unique + st->dup + st->corrupt;
}

/* Lock held: when traffic from the last remote forked began, if it did. */
static void note_flow(void)
{
	struct restart_fig *f;

	if (!g.restarted)
		return;
	f = &g.fig[g.restarted - 1];
	f->again = g.flow_seen;
	if (g.flow_seen)
		f->again_ms = ms_between(g.spawned_at, g.flow_at);
}

/* Host, senders running: wait for the kill to be due, kill the remote,
 * see it gone, account for what was in flight and fork the next one.
 * Return: 1 in the new remote; 0 in the host, the watchdog stopped (for
 * the fork), the link torn down; -1 in the host if it went wrong. */
static int restart_peer(void)
{
	struct restart_fig *f = &g.fig[g.restarted];
	struct timespec t_kill;
	unsigned int i;
	bool due;
	int rc = 0, wst;
	pid_t pid;

	pthread_mutex_lock(&g.lock);
	while (!g.kill_due && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g.cond, &g.lock, &g.deadline);
	due = g.kill_due;
	pthread_mutex_unlock(&g.lock);
	if (!due)
		abandon("the count for a restart was never reached");

	f->at = atomic_load(&g.progress);
	atomic_store(&g.killed, true);
	t_kill = now();
	if (kill(g.child, SIGKILL))
		abandon("cannot kill the remote");
	rc = rpmsg_link_wait_peer_gone(g.link, ms_left());
	if (rc)
		abandon("the host did not see the remote go");
	f->gone_ms = ms_between(t_kill, now());
	join_senders();
	pid = waitpid(g.child, &wst, 0);
	g.child = -1;
	close(g.to_peer);
	close(g.from_peer);
	teardown(); /* the link's threads joined: no callback runs */
	if (pid < 0 || !WIFSIGNALED(wst) || WTERMSIG(wst) != SIGKILL) {
		fprintf(stderr, "soak: restart %u: the remote had ended "
			"before its kill\n", g.restarted + 1);
		return -1;
	}

	pthread_mutex_lock(&g.lock);
	note_flow();
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		struct stream_state *st = s->st;
		uint64_t end = seen_end(s, s->epoch_start);
		uint64_t sent = atomic_load(&st->sent);
		uint64_t next = sent > end ? sent : end;

		if (s->from == HOST)
			recount(s);
		/* sent above the highest received: in flight at the kill;
		 * received above the sent count: the send failed after its
		 * message was out, or the remote died before counting a
		 * send that returned 0 (either way sent, once) */
		st->lost_at_restart += next - end;
		f->lost += next - end;
		if (s->from == REMOTE)
			f->lost_to_host += next - end;
		atomic_store(&st->sent, next);
		st->next = next;
		s->epoch_start = next;
	}
	g.kill_due = false;
	g.flow_seen = false;
	pthread_mutex_unlock(&g.lock);
	g.restarted++;
	atomic_store(&g.kill_flagged, false);
	atomic_store(&g.kill_at, g.restarted < g.restarts
					 ? kill_point(g.restarted + 1)
					 : 0);
	atomic_store(&g.killed, false);

	watchdog_stop();
	g.spawned_at = now();
	pid = spawn_remote();
	if (pid < 0)
		return -1;
	return pid == 0 ? 1 : 0;
}

static void print_restarts(void)
{
	unsigned int i;

	for (i = 0; i < g.restarted; i++) {
		const struct restart_fig *f = &g.fig[i];
		char again[32] = "none";

		if (f->again)
			snprintf(again, sizeof(again), "%.3fms", f->again_ms);
		printf("soak: restart %u/%u at %" PRIu64 " messages: "
		       "lost-at-restart=%" PRIu64 " (to remote %" PRIu64
		       ", to host %" PRIu64 "; bound %" PRIu64 ") "
		       "peer-gone=%.3fms traffic-again=%s\n",
		       i + 1, g.restarts, f->at, f->lost,
		       f->lost - f->lost_to_host, f->lost_to_host,
		       ring_buffers(), f->gone_ms, again);
	}
}

/* --- one side's run ---------------------------------------------------- */

/* This process's side, to the end: the host's with its restarts, or a
 * remote's until it ends or is killed. Return: the exit status. */
static int run(const char *name)
{
	struct totals t, peer;
	double secs;
	unsigned int i;
	int rc, status = 2;

again:
	if (watchdog_start())
		return 2;
	if (setup_link(g.use_shm ? name : NULL))
		goto out;
	if (setup_streams())
		goto out;
	if (g.use_shm && !meet_peer()) {
		fprintf(stderr, "soak: lost the peer process\n");
		goto out;
	}
	start_senders();
	if (g.use_shm && g.side == HOST && g.restarted < g.restarts) {
		rc = restart_peer();
		if (rc >= 0)
			goto again; /* the host with a new remote, or that one */
		status = 1;
		goto out;
	}
	join_senders();
	if (g.use_shm && !swap_counts()) {
		fprintf(stderr, "soak: lost the peer process\n");
		goto out;
	}

	/* Wait for every message sent to arrive; a lost one leaves the
	 * watchdog to end the run. */
	rc = 0;
	pthread_mutex_lock(&g.lock);
	g.draining = true;
	while (!all_arrived() && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g.cond, &g.lock, &g.deadline);
	pthread_mutex_unlock(&g.lock);
	secs = seconds_since(g.start);

	for (i = 0; i < g.nstreams; i++)
		if (g.streams[i].local_tx && g.streams[i].send_rc)
			fprintf(stderr, "soak: stream %u stopped: send %d\n", i,
				(int)g.streams[i].send_rc);

	pthread_mutex_lock(&g.lock);
	sum_up(&t);
	note_flow();
	pthread_mutex_unlock(&g.lock);

	if (g.use_shm && g.side == REMOTE) {
		/* Hand our figures to the host; stay up until it has them. */
		char c;

		if (write_all(g.to_peer, &t, sizeof(t)))
			(void)read_all(g.from_peer, &c, 1);
		status = 0;
		goto out;
	}
	if (g.use_shm) {
		char c = 'B';

		if (!read_all(g.from_peer, &peer, sizeof(peer))) {
			fprintf(stderr, "soak: no figures from the remote\n");
			goto out;
		}
		(void)write_all(g.to_peer, &c, 1);
		secs = seconds_since(g.start);
		t.messages += peer.messages;
		t.bytes += peer.bytes;
		t.lost += peer.lost;
		t.dup += peer.dup;
		t.corrupt += peer.corrupt;
		t.ooo += peer.ooo;
		t.send_errors += peer.send_errors;
		t.lost_at_restart += peer.lost_at_restart;
	}
	print_restarts();
	print_line(&t, secs);
	status = (t.lost || t.dup || t.corrupt || t.ooo || t.send_errors ||
		  t.messages + t.lost_at_restart != messages_total ||
		  g.restarted != g.restarts) ? 1 : 0;
	for (i = 0; i < g.restarted; i++) {
		if (g.fig[i].lost_to_host) {
			fprintf(stderr, "soak: restart %u: %" PRIu64
				" messages the remote had sent before its kill"
				" never reached the host\n", i + 1,
				g.fig[i].lost_to_host);
			status = 1;
		}
		if (g.fig[i].lost > ring_buffers()) {
			fprintf(stderr, "soak: restart %u lost %" PRIu64
				" messages, more than the %" PRIu64
				" buffers in the rings\n", i + 1,
				g.fig[i].lost, ring_buffers());
			status = 1;
		}
	}
out:
	teardown();
	watchdog_stop();
	return status;
}

/* --- main ------------------------------------------------------------ */

int main(int argc, char **argv)
{
	uint64_t messages = DEFAULT_MESSAGES, senders = DEFAULT_SENDERS;
	uint64_t timeout = DEFAULT_TIMEOUT, bufs = 0, restarts = 0;
	char name[RPMSG_SHM_NAME_MAX] = "";
	pthread_condattr_t ca;
	int argi = 1, status;

	while (argi < argc) {
		const char *a = argv[argi];
		const char *v = argi + 1 < argc ? argv[argi + 1] : NULL;
		bool ok;

		if (!strcmp(a, "--shm")) {
			g.use_shm = true;
			argi++;
			continue;
		}
		if (!strcmp(a, "--messages"))
			ok = parse_u64(v, &messages);
		else if (!strcmp(a, "--senders"))
			ok = parse_u64(v, &senders) && senders >= 1 &&
			     senders <= MAX_SENDERS;
		else if (!strcmp(a, "--bufs"))
			ok = parse_u64(v, &bufs) && bufs >= 4 &&
			     bufs <= 65536 && (bufs & (bufs - 1)) == 0;
		else if (!strcmp(a, "--timeout"))
			ok = parse_u64(v, &timeout) && timeout >= 1 &&
			     timeout <= 86400;
		else if (!strcmp(a, "--restarts"))
			ok = parse_u64(v, &restarts) &&
			     restarts <= MAX_RESTARTS;
		else
			ok = false;
		if (!ok) {
			usage(argv[0]);
			return 2;
		}
		argi += 2;
	}
	/* Each kill point must stay below the count the host reaches
	 * however much the kills before it lost. */
	if (restarts && (!g.use_shm ||
			 messages < (restarts + 1) * restarts * SHM_MAX_POOL)) {
		usage(argv[0]);
		return 2;
	}

	g.bufs = (unsigned int)bufs;
	g.restarts = (unsigned int)restarts;
	messages_total = messages;
	g.link_timeout_ms = timeout * 1000 < RPMSG_TIMEOUT_DEFAULT
				    ? (uint32_t)(timeout * 1000)
				    : RPMSG_TIMEOUT_FOREVER;
	g.start = now();
	g.deadline = g.start;
	g.deadline.tv_sec += (time_t)timeout;
	if (plan_streams((unsigned int)senders, messages))
		return 2;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g.cond, &ca);
	pthread_condattr_destroy(&ca);
	progress_tty = isatty(STDERR_FILENO);

	/* Fork before any thread exists: the parent is the host. */
	if (g.use_shm) {
		snprintf(name, sizeof(name), "soak-%ld", (long)getpid());
		if (g.restarts)
			atomic_store(&g.kill_at, kill_point(1));
		if (spawn_remote() < 0)
			return 2;
	}

	status = run(name);
	pthread_cond_destroy(&g.cond);
	if (g.use_shm && g.child != -1) {
		close(g.to_peer);
		close(g.from_peer);
	}
	if (g.child > 0) {
		int st;

		if (waitpid(g.child, &st, 0) != g.child || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "soak: the remote process failed\n");
			if (status == 0)
				status = 1;
		}
	}
	munmap(g.shared, g.shared_size);
	return status;
}
