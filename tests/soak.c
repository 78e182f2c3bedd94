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
 * Output (one line):
 *   soak: messages=... bytes=... lost=... duplicated=... corrupted=...
 *         out-of-order=... send-errors=... elapsed=...s rate=... msgs/s
 * Exit status: 0 if every fault count is zero and every message arrived,
 * 1 otherwise, 2 when the watchdog fires or the link cannot be set up.
 */
#define _POSIX_C_SOURCE 200809L
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
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#define MAX_SENDERS 64
#define RX_BASE_ADDR 0x800u
#define TX_BASE_ADDR 0xc00u
#define HDR_WORDS 4
#define HDR_BYTES (HDR_WORDS * 4u)
#define DEFAULT_MESSAGES 10000000ull
#define DEFAULT_SENDERS 4
#define DEFAULT_TIMEOUT 3600
#define WATCHDOG_GRACE 10 /* s after --timeout for the report and teardown */

enum { HOST = 0, REMOTE = 1 };

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
	/* sender side, written by the sender, read after join (and, by an
	 * expiring watchdog, before) */
	_Atomic uint64_t sent; /* sends that returned 0 */
	_Atomic int send_rc; /* the error that stopped it, else 0 */
	/* receiver side, under g.lock */
	uint64_t next;	   /* next sequence number expected */
	uint64_t unique;   /* distinct good messages */
	uint64_t arrived;  /* callbacks, good or not */
	uint64_t bytes;	   /* payload bytes of distinct good messages */
	uint64_t dup;
	uint64_t corrupt;
	uint64_t ooo;
	uint8_t *seen;	   /* one bit per sequence number */
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
	pid_t child;		       /* --shm, in the host: the remote */
	int to_peer, from_peer;	       /* --shm: pipes to the other process */
	struct stream streams[2 * MAX_SENDERS];
	unsigned int nstreams;
	size_t mtu;
	struct timespec start;
} g = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

struct totals {
	uint64_t messages, bytes, lost, dup, corrupt, ooo, send_errors;
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

/* --- receiving ------------------------------------------------------- */

static int rx_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	struct stream *s = priv;
	const uint8_t *msg = data;
	bool good;
	uint64_t seq = 0;

	/* nothing is sent to a sending endpoint or to the MTU probe */
	if (!s)
		return 0;
	good = ept == &s->rx && s->local_rx && len >= HDR_BYTES &&
	       len <= g.mtu &&
	       src == TX_BASE_ADDR + s->id &&
	       get32(msg) == s->id && get32(msg + 8) == len &&
	       get32(msg + 12) == msg_sum(msg, len);

	pthread_mutex_lock(&g.lock);
	s->arrived++;
	if (good) {
		/* widen the 32-bit sequence around the one expected */
		uint32_t low = get32(msg + 4);

		seq = (s->next & ~0xffffffffull) | low;
		if (seq + 0x80000000ull < s->next)
			seq += 0x100000000ull;
		else if (seq > s->next + 0x80000000ull && seq >= 0x100000000ull)
			seq -= 0x100000000ull;
		if (seq >= s->count)
			good = false;
	}
	if (!good) {
		s->corrupt++;
	} else if (s->seen[seq / 8] & (1u << (seq % 8))) {
		s->dup++;
	} else {
		s->seen[seq / 8] |= (uint8_t)(1u << (seq % 8));
		s->unique++;
		s->bytes += len;
		if (seq != s->next)
			s->ooo++;
		if (seq >= s->next)
			s->next = seq + 1;
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
	uint64_t seq;
	int rc = 0;

	if (!buf) {
		s->send_rc = -ENOMEM;
		return NULL;
	}
	for (seq = 0; seq < s->count; seq++) {
		size_t len = make_msg(buf, s->id, seq, g.mtu);

		rc = rpmsg_sendto(&s->tx, buf, len, s->rx_addr);
		if (rc != 0)
			break;
		atomic_fetch_add_explicit(&s->sent, 1, memory_order_relaxed);
	}
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

		uint64_t sent = atomic_load_explicit(&s->sent,
						     memory_order_relaxed);

		if (s->local_tx && s->send_rc)
			t->send_errors++;
		if (!s->local_rx)
			continue;
		t->messages += s->unique;
		t->bytes += s->bytes;
		if (sent > s->unique)
			t->lost += sent - s->unique;
		t->dup += s->dup;
		t->corrupt += s->corrupt;
		t->ooo += s->ooo;
	}
}

/* Progress goes to a terminal only: piped or logged, the run is quiet. */
static bool progress_tty;

static void print_line(const struct totals *t, double secs)
{
	if (progress_tty)
		fputs("\r\033[K", stderr);
	printf("soak: messages=%" PRIu64 " bytes=%" PRIu64 " lost=%" PRIu64
	       " duplicated=%" PRIu64 " corrupted=%" PRIu64
	       " out-of-order=%" PRIu64 " send-errors=%" PRIu64
	       " elapsed=%.3fs rate=%.0f msgs/s\n",
	       t->messages, t->bytes, t->lost, t->dup, t->corrupt, t->ooo,
	       t->send_errors, secs,
	       secs > 0 ? (double)t->messages / secs : 0.0);
	fflush(stdout);
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
	/* Senders may be blocked in the library for good: report and leave
	 * without tearing anything down. Senders' counters are read racily
	 * here, for information only. */
	sum_up(&t);
	pthread_mutex_unlock(&g.lock);
	if (g.use_shm && g.side == REMOTE) {
		fprintf(stderr, "soak: remote: watchdog expired\n");
		_exit(2);
	}
	fprintf(stderr, "soak: watchdog expired, test failed\n");
	print_line(&t, seconds_since(g.start));
	if (g.child > 0) {
		kill(g.child, SIGKILL);
		waitpid(g.child, NULL, 0);
	}
	_exit(2);
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
		"       [--bufs N] [--shm]\n"
		"  --messages N  total messages, both directions (default "
		"%llu)\n"
		"  --senders N   sender threads per side (default %d, max %d)\n"
		"  --timeout S   bound on the run in seconds (default %d)\n"
		"  --bufs N      buffers in the pool, half each way, a\n"
		"                power of two from 4 (default: the "
		"transport's)\n"
		"  --shm         host and remote in two processes over the\n"
		"                shared-memory transport\n",
		prog, DEFAULT_MESSAGES, DEFAULT_SENDERS, MAX_SENDERS,
		DEFAULT_TIMEOUT);
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

/* In-process: both roles here (this side is the host); --shm: g.side
 * over the carveout @name. */
static int setup_link(const char *name, uint32_t timeout_ms)
{
	struct rpmsg_link_desc d = {
		.transport = g.use_shm ? RPMSG_LINK_SHM : RPMSG_LINK_INPROC,
		.role = g.use_shm && g.side == REMOTE ? RPMSG_VIRTIO_REMOTE
						      : RPMSG_VIRTIO_HOST,
		.name = name,
		.num_bufs = g.bufs,
		.vring_num = g.bufs / 2,
		.connect_timeout_ms = timeout_ms,
	};
	const char *who = d.role == RPMSG_VIRTIO_HOST ? "host" : "remote";
	int rc;

	rc = rpmsg_link_create(&g.link, &d);
	if (rc) {
		fprintf(stderr, "soak: %s create: %d\n", who, rc);
		g.link = NULL;
		return rc;
	}
	rc = rpmsg_link_start(g.link, timeout_ms);
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

static int setup_streams(unsigned int senders, uint64_t messages)
{
	unsigned int i;
	int rc;

	rc = learn_mtu();
	if (rc)
		return rc;
	g.nstreams = 2 * senders;
	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];
		int to;

		s->id = i;
		s->from = i < senders ? HOST : REMOTE;
		to = s->from == HOST ? REMOTE : HOST;
		s->local_tx = !g.use_shm || s->from == g.side;
		s->local_rx = !g.use_shm || to == g.side;
		s->rx_addr = RX_BASE_ADDR + i;
		s->count = messages / g.nstreams +
			   (i < messages % g.nstreams ? 1 : 0);
		if (s->local_rx) {
			s->seen = calloc((size_t)(s->count / 8 + 1), 1);
			if (!s->seen)
				return -ENOMEM;
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
		free(s->seen);
		s->seen = NULL;
	}
	rpmsg_link_destroy(g.link);
	g.link = NULL;
}

/* Lock held. Has every message sent arrived (well or badly)? */
static bool all_arrived(void)
{
	unsigned int i;

	for (i = 0; i < g.nstreams; i++) {
		struct stream *s = &g.streams[i];

		if (s->local_rx &&
		    s->arrived < atomic_load_explicit(&s->sent,
						      memory_order_relaxed))
			return false;
	}
	return true;
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
		uint64_t v = atomic_load_explicit(&s->sent,
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
		atomic_store_explicit(&s->sent, v, memory_order_relaxed);
	}
	return true;
}

/* --- main ------------------------------------------------------------ */

int main(int argc, char **argv)
{
	uint64_t messages = DEFAULT_MESSAGES, senders = DEFAULT_SENDERS;
	uint64_t timeout = DEFAULT_TIMEOUT, bufs = 0;
	char name[RPMSG_SHM_NAME_MAX];
	pthread_condattr_t ca;
	pthread_t watchdog;
	struct totals t, peer;
	pid_t child = -1;
	double secs;
	unsigned int i;
	int argi = 1, rc, status = 2;

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
		else
			ok = false;
		if (!ok) {
			usage(argv[0]);
			return 2;
		}
		argi += 2;
	}

	g.bufs = (unsigned int)bufs;
	g.start = now();
	g.deadline = g.start;
	g.deadline.tv_sec += (time_t)timeout;

	/* Fork before any thread exists: the parent is the host. */
	if (g.use_shm) {
		int p2c[2], c2p[2];

		snprintf(name, sizeof(name), "soak-%ld", (long)getpid());
		if (pipe(p2c) || pipe(c2p)) {
			perror("soak: pipe");
			return 2;
		}
		fflush(stdout);
		child = fork();
		if (child < 0) {
			perror("soak: fork");
			return 2;
		}
		g.side = child == 0 ? REMOTE : HOST;
		g.child = child;
		g.to_peer = child == 0 ? c2p[1] : p2c[1];
		g.from_peer = child == 0 ? p2c[0] : c2p[0];
		close(child == 0 ? c2p[0] : p2c[0]);
		close(child == 0 ? p2c[1] : c2p[1]);
	}

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g.cond, &ca);
	pthread_condattr_destroy(&ca);
	/* One process shows progress: this one, or the host of two. */
	progress_tty = isatty(STDERR_FILENO) && !(g.use_shm && g.side == REMOTE);
	if (pthread_create(&watchdog, NULL, watchdog_main, NULL)) {
		fprintf(stderr, "soak: cannot start the watchdog\n");
		return 2;
	}

	if (setup_link(g.use_shm ? name : NULL,
		       timeout * 1000 < RPMSG_TIMEOUT_DEFAULT
			       ? (uint32_t)(timeout * 1000)
			       : RPMSG_TIMEOUT_FOREVER))
		goto out;
	if (setup_streams((unsigned int)senders, messages))
		goto out;
	if (g.use_shm && !meet_peer()) {
		fprintf(stderr, "soak: lost the peer process\n");
		goto out;
	}

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
	for (i = 0; i < g.nstreams; i++)
		if (g.streams[i].started)
			pthread_join(g.streams[i].thread, NULL);
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
	}
	print_line(&t, secs);
	status = (t.lost || t.dup || t.corrupt || t.ooo || t.send_errors ||
		  t.messages != messages) ? 1 : 0;
out:
	teardown();
	pthread_mutex_lock(&g.lock);
	g.finished = true;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	pthread_join(watchdog, NULL);
	pthread_cond_destroy(&g.cond);
	if (g.use_shm) {
		close(g.to_peer);
		close(g.from_peer);
	}
	if (child > 0) {
		int st;

		if (waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "soak: the remote process failed\n");
			if (status == 0)
				status = 1;
		}
	}
	return status;
}
