// SPDX-License-Identifier: BSD-3-Clause
/*
 * RPMSG_LINK_KERNEL (src/linux/kernel_link.c) without a kernel: the link
 * runs on a sysfs tree this test writes, and the endpoint devices it
 * would open are SOCK_SEQPACKET sockets (one message per read and write,
 * as the char driver), whose other ends the test holds. The link's calls
 * into the rest of the module are replaced at link time (ld --wrap, see
 * tests/CMakeLists.txt): rpmsg_kernel_init() points it at the tree,
 * rpmsg_kernel_create_ept() (an endpoint made on the control device) and
 * rpmsg_k_open_channel_dev() (a channel's /dev/rpmsgN) hand it a socket,
 * and poll() tells the test when a sender has started waiting for room.
 * The kernel tests (tests/kernel) run the same link on the real drivers.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_kernel.h>
#include <rpmsg/rpmsg_link.h>

#include "sysfs_tree.h"

#define VDEV "devices/virtual/virtio0"
#define WAIT_MS 10000 /* bound of every wait for something that must come */
#define MAX_FAKES 16

static char ctrl_path[320];

/* --- what the wrapped calls handed out ----------------------------------- */

/* One endpoint device the link opened: its end and the test's. */
struct fake {
	bool channel;   /* a channel's node, else made on the control device */
	char what[RPMSG_KERNEL_DEV_NAME_SIZE]; /* dev_name, or the ept's name */
	uint32_t src, dst;
	int fd;		/* the link's end */
	int peer;	/* the test's end (non-blocking) */
};

static pthread_mutex_t fk_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fk_cond = PTHREAD_COND_INITIALIZER;
static struct fake fakes[MAX_FAKES];
static int nfakes;
static int create_rc;	/* what the next rpmsg_kernel_create_ept() fails with */
static int watch_fd = -1; /* a poll() for room on it is counted */
static int room_waits;

int __real_rpmsg_kernel_init(struct rpmsg_kernel *k, const char *sysfs_root,
			     const char *dev_root);
int __real_poll(struct pollfd *fds, nfds_t n, int timeout);

int __wrap_rpmsg_kernel_init(struct rpmsg_kernel *k, const char *sysfs_root,
			     const char *dev_root);
int __wrap_rpmsg_kernel_create_ept(struct rpmsg_kernel *k,
				   struct rpmsg_kernel_ept *ept,
				   const char *ctrl, const char *name,
				   uint32_t src, uint32_t dst,
				   rpmsg_kernel_rx_cb_t cb, void *priv);
int __wrap_rpmsg_k_open_channel_dev(struct rpmsg_kernel *k,
				    struct rpmsg_kernel_ept *ept,
				    const char *dev_name, uint32_t timeout_ms,
				    rpmsg_kernel_rx_cb_t cb, void *priv);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);

int __wrap_rpmsg_kernel_init(struct rpmsg_kernel *k, const char *sysfs_root,
			     const char *dev_root)
{
	/* The link asks for the system's: it gets the test's tree. */
	if (!sysfs_root && !dev_root) {
		sysfs_root = sys_dir;
		dev_root = dev_dir;
	}
	return __real_rpmsg_kernel_init(k, sysfs_root, dev_root);
}

/* A socket pair, the link's end adopted into @ept: its fake, or NULL. */
static struct fake *hand_out(struct rpmsg_kernel *k,
			     struct rpmsg_kernel_ept *ept, bool channel,
			     const char *what, uint32_t src, uint32_t dst)
{
	int sv[2], small = 4096;
	struct fake *f;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return NULL;
	/* A small send buffer: a few messages fill it. */
	(void)setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	if (fcntl(sv[1], F_SETFL, O_NONBLOCK) != 0 ||
	    rpmsg_kernel_adopt_ept(k, ept, sv[0], dst, NULL, NULL) != 0) {
		close(sv[1]);
		return NULL;
	}
	pthread_mutex_lock(&fk_lock);
	if (nfakes == MAX_FAKES)
		abort();
	f = &fakes[nfakes++];
	f->channel = channel;
	snprintf(f->what, sizeof(f->what), "%s", what);
	f->src = src;
	f->dst = dst;
	f->fd = sv[0];
	f->peer = sv[1];
	pthread_cond_broadcast(&fk_cond);
	pthread_mutex_unlock(&fk_lock);
	return f;
}

int __wrap_rpmsg_kernel_create_ept(struct rpmsg_kernel *k,
				   struct rpmsg_kernel_ept *ept,
				   const char *ctrl, const char *name,
				   uint32_t src, uint32_t dst,
				   rpmsg_kernel_rx_cb_t cb, void *priv)
{
	int rc;

	(void)ctrl;
	(void)cb;
	(void)priv;
	pthread_mutex_lock(&fk_lock);
	rc = create_rc;
	create_rc = 0;
	pthread_mutex_unlock(&fk_lock);
	if (rc)
		return rc;
	if (!hand_out(k, ept, false, name, src, dst))
		return -ENOMEM;
	ept->made = true;
	ept->src = src;
	snprintf(ept->name, sizeof(ept->name), "%s", name);
	return 0;
}

int __wrap_rpmsg_k_open_channel_dev(struct rpmsg_kernel *k,
				    struct rpmsg_kernel_ept *ept,
				    const char *dev_name, uint32_t timeout_ms,
				    rpmsg_kernel_rx_cb_t cb, void *priv)
{
	struct rpmsg_kernel_channel ch;

	(void)timeout_ms;
	(void)cb;
	(void)priv;
	if (rpmsg_kernel_wait_channel(k, "rpmsg-echo", 0, &ch) != 0 ||
	    strcmp(ch.dev_name, dev_name))
		return -EPIPE;
	return hand_out(k, ept, true, dev_name, 0x400, ch.dst) ? 0 : -ENOMEM;
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	nfds_t i;

	pthread_mutex_lock(&fk_lock);
	for (i = 0; i < n; i++)
		if (watch_fd >= 0 && fds[i].fd == watch_fd &&
		    (fds[i].events & POLLOUT)) {
			room_waits++;
			pthread_cond_broadcast(&fk_cond);
		}
	pthread_mutex_unlock(&fk_lock);
	return __real_poll(fds, n, timeout);
}

static struct timespec deadline_in(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* The fake made for @dst (a made endpoint, or a channel's), waiting for
 * it up to WAIT_MS: its index. */
static int fake_for(uint32_t dst, bool channel)
{
	struct timespec t = deadline_in(WAIT_MS);
	int i, found = -1;

	pthread_mutex_lock(&fk_lock);
	while (found < 0) {
		for (i = 0; i < nfakes; i++)
			if (fakes[i].dst == dst && fakes[i].channel == channel &&
			    fakes[i].peer >= 0)
				found = i;
		if (found < 0 &&
		    pthread_cond_timedwait(&fk_cond, &fk_lock, &t) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&fk_lock);
	if (found < 0)
		fail_msg("the link opened no endpoint device to 0x%x",
			 (unsigned int)dst);
	return found;
}

/* --- the tree ------------------------------------------------------------ */

#define ECHO_DEV "virtio0.rpmsg-echo.-1.1026"

/* The remote announces rpmsg-echo at 0x402: made aside, then renamed
 * into the bus in one step, as a device appears in sysfs. */
static void announce_echo(void)
{
	char from[800], to[800];

	mkdirs("stage/" ECHO_DEV);
	put("stage/" ECHO_DEV "/name", "rpmsg-echo");
	put("stage/" ECHO_DEV "/src", "0xffffffff");
	put("stage/" ECHO_DEV "/dst", "0x402");
	put("stage/" ECHO_DEV "/driver_override", "(null)");
	snprintf(from, sizeof(from), "%s/stage/" ECHO_DEV, root);
	snprintf(to, sizeof(to), "%s/sys/bus/rpmsg/devices/" ECHO_DEV, root);
	assert_int_equal(rename(from, to), 0);
}

/* ... and removes it again, the way the kernel does on a destroy. */
static void remove_echo(void)
{
	char from[800], to[800];

	snprintf(from, sizeof(from), "%s/sys/bus/rpmsg/devices/" ECHO_DEV, root);
	snprintf(to, sizeof(to), "%s/gone-" ECHO_DEV, root);
	assert_int_equal(rename(from, to), 0);
}

static int setup(void **state)
{
	(void)state;
	tree_new("klink");
	snprintf(ctrl_path, sizeof(ctrl_path), "%s/rpmsg_ctrl0", dev_dir);
	mkdirs("sys/bus/rpmsg/devices");
	mkdirs("sys/bus/rpmsg/drivers/rpmsg_chrdev");
	mkdirs("sys/class/rpmsg");
	put("dev/rpmsg_ctrl0", "");
	nfakes = 0;
	create_rc = 0;
	watch_fd = -1;
	room_waits = 0;
	return 0;
}

static int teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < nfakes; i++)
		if (fakes[i].peer >= 0)
			close(fakes[i].peer);
	nfakes = 0;
	tree_remove();
	return 0;
}

static struct rpmsg_link *start_link(void (*before)(struct rpmsg_device *))
{
	struct rpmsg_link_desc desc = { .transport = RPMSG_LINK_KERNEL,
					.name = ctrl_path };
	struct rpmsg_link *link;

	assert_int_equal(rpmsg_link_create(&link, &desc), 0);
	if (before)
		before(rpmsg_link_bus(link));
	assert_int_equal(rpmsg_link_start(link, WAIT_MS), 0);
	return link;
}

/* --- receiving ------------------------------------------------------------ */

struct inbox {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int count;
	size_t len;
	unsigned char last[RPMSG_KERNEL_MAX_PAYLOAD];
	uint32_t src;
};

#define INBOX_INIT                                                        \
	{ .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER }

static int inbox_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	struct inbox *in = priv;

	(void)ept;
	pthread_mutex_lock(&in->lock);
	in->count++;
	in->len = len < sizeof(in->last) ? len : sizeof(in->last);
	memcpy(in->last, data, in->len);
	in->src = src;
	pthread_cond_broadcast(&in->cond);
	pthread_mutex_unlock(&in->lock);
	return 0;
}

/* Waits up to WAIT_MS until @in has @count messages: true if so. */
static bool inbox_wait(struct inbox *in, unsigned int count)
{
	struct timespec t = deadline_in(WAIT_MS);
	bool ok;

	pthread_mutex_lock(&in->lock);
	while (in->count < count)
		if (pthread_cond_timedwait(&in->cond, &in->lock, &t) ==
		    ETIMEDOUT)
			break;
	ok = in->count >= count;
	pthread_mutex_unlock(&in->lock);
	return ok;
}

/* Reads one message from the test's end of @f, waiting up to WAIT_MS:
 * its length, or -1. */
static ssize_t peer_read(int i, void *buf, size_t size)
{
	struct pollfd p = { .fd = fakes[i].peer, .events = POLLIN };

	if (__real_poll(&p, 1, WAIT_MS) != 1)
		return -1;
	return read(fakes[i].peer, buf, size);
}

/* --- a send waiting for room ----------------------------------------------- */

static struct rpmsg_endpoint ept_a, ept_b;
static struct inbox in_a = INBOX_INIT, in_b = INBOX_INIT;

static void bind_a_b(struct rpmsg_device *bus)
{
	memset(&in_a.count, 0, sizeof(in_a) - offsetof(struct inbox, count));
	memset(&in_b.count, 0, sizeof(in_b) - offsetof(struct inbox, count));
	assert_int_equal(rpmsg_create_ept(&ept_a, bus, "a", RPMSG_ADDR_ANY,
					  0x500, inbox_cb, &in_a),
			 0);
	assert_int_equal(rpmsg_create_ept(&ept_b, bus, "b", RPMSG_ADDR_ANY,
					  0x501, inbox_cb, &in_b),
			 0);
}

/* What the blocked sender got. */
struct sender {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_endpoint *ept;
	unsigned char msg[RPMSG_KERNEL_MAX_PAYLOAD];
	bool done;
	int rc;
};

static void *send_one(void *arg)
{
	struct sender *s = arg;
	int rc = rpmsg_send(s->ept, s->msg, sizeof(s->msg));

	pthread_mutex_lock(&s->lock);
	s->rc = rc;
	s->done = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static bool sender_done(struct sender *s)
{
	bool done;

	pthread_mutex_lock(&s->lock);
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	return done;
}

/* Fills @ept's endpoint device until a send that does not wait is
 * refused: the number of messages it took. */
static int fill(struct rpmsg_endpoint *ept)
{
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD];
	int n = 0, rc;

	memset(buf, 0x11, sizeof(buf));
	while ((rc = rpmsg_trysend(ept, buf, sizeof(buf))) == 0)
		assert_true(++n < 100000);
	assert_int_equal(rc, -ENOMEM);
	return n;
}

/* Fills @ept's device, starts a sender on it that may wait @timeout_ms,
 * and waits until that sender is in its wait for room (a poll() for
 * POLLOUT on @fd, the link's end of the device). */
static void start_blocked_sender(struct sender *s, pthread_t *t,
				 struct rpmsg_endpoint *ept, int fd,
				 uint32_t timeout_ms)
{
	struct timespec dl;

	fill(ept);
	assert_int_equal(rpmsg_set_timeout(ept, timeout_ms), 0);
	dl = deadline_in(WAIT_MS);

	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	s->ept = ept;
	memset(s->msg, 0xee, sizeof(s->msg));
	s->done = false;
	pthread_mutex_lock(&fk_lock);
	watch_fd = fd;
	room_waits = 0;
	pthread_mutex_unlock(&fk_lock);
	assert_int_equal(pthread_create(t, NULL, send_one, s), 0);
	pthread_mutex_lock(&fk_lock);
	while (room_waits == 0)
		if (pthread_cond_timedwait(&fk_cond, &fk_lock, &dl) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&fk_lock);
	assert_true(room_waits > 0);
}

/* A send waiting for room on one endpoint holds up neither what arrives
 * for the others nor their sends; once room is made it completes. */
static void test_send_waits_alone(void **state)
{
	struct rpmsg_link *link;
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD + 16];
	struct sender s;
	pthread_t t;
	int fa, fb, marked = 0;
	ssize_t n;

	(void)state;
	link = start_link(bind_a_b);
	fa = fake_for(0x500, false);
	fb = fake_for(0x501, false);
	assert_string_equal(fakes[fa].what, "a");
	/* Long enough that a wait holding the link up would fail below. */
	start_blocked_sender(&s, &t, &ept_a, fakes[fa].fd, 60000);
	/* The sender waits: B receives ... */
	assert_int_equal(write(fakes[fb].peer, "to b", 4), 4);
	assert_true(inbox_wait(&in_b, 1));
	assert_int_equal(in_b.len, 4);
	assert_memory_equal(in_b.last, "to b", 4);
	assert_int_equal(in_b.src, 0x501);
	/* ... and sends, and so does A's own receive side. */
	assert_int_equal(rpmsg_send(&ept_b, "from b", 6), 0);
	assert_int_equal(peer_read(fb, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "from b", 6);
	assert_int_equal(write(fakes[fa].peer, "to a", 4), 4);
	assert_true(inbox_wait(&in_a, 1));
	assert_false(sender_done(&s));
	/* Room: the waiting message goes, whole, after the others. */
	while ((n = read(fakes[fa].peer, buf, sizeof(buf))) > 0)
		marked += n == RPMSG_KERNEL_MAX_PAYLOAD && buf[0] == 0xee;
	pthread_join(t, NULL);
	assert_int_equal(s.rc, 0);
	while (!marked && (n = peer_read(fa, buf, sizeof(buf))) > 0)
		marked += n == RPMSG_KERNEL_MAX_PAYLOAD && buf[0] == 0xee;
	assert_int_equal(marked, 1);
	rpmsg_destroy_ept(&ept_a);
	rpmsg_destroy_ept(&ept_b);
	rpmsg_link_destroy(link);
}

/* A send waiting for room ends with -EPIPE when the link is stopped,
 * however long it was willing to wait. */
static void test_send_wait_stopped(void **state)
{
	struct rpmsg_link *link;
	struct sender s;
	pthread_t t;
	int fa;

	(void)state;
	link = start_link(bind_a_b);
	fa = fake_for(0x500, false);
	start_blocked_sender(&s, &t, &ept_a, fakes[fa].fd,
			     RPMSG_TIMEOUT_FOREVER);
	rpmsg_link_stop(link);
	pthread_join(t, NULL);
	assert_int_equal(s.rc, -EPIPE);
	rpmsg_destroy_ept(&ept_a);
	rpmsg_destroy_ept(&ept_b);
	rpmsg_link_destroy(link);
}

/* A send that finds no room in its timeout: -ETIMEDOUT and the reason. */
static void test_send_wait_times_out(void **state)
{
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD] = { 0 };
	struct rpmsg_link *link;

	(void)state;
	link = start_link(bind_a_b);
	(void)fake_for(0x500, false);
	fill(&ept_a);
	assert_int_equal(rpmsg_set_timeout(&ept_a, 50), 0);
	assert_int_equal(rpmsg_send(&ept_a, buf, sizeof(buf)), -ETIMEDOUT);
	assert_non_null(strstr(rpmsg_link_why(link), "no room"));
	rpmsg_destroy_ept(&ept_a);
	rpmsg_destroy_ept(&ept_b);
	rpmsg_link_destroy(link);
}

/* --- endpoints bound after the start --------------------------------------- */

/* The fake made for the endpoint at @src without a destination. */
static int listen_fake(uint32_t src)
{
	int i = fake_for(RPMSG_ADDR_ANY, false);

	assert_int_equal(fakes[i].src, src);
	return i;
}

/* The link's end of fake @i is closed: its peer reads the end. */
static void assert_closed(int i)
{
	char buf[8];

	assert_int_equal(peer_read(i, buf, sizeof(buf)), 0);
}

/* A listen-only endpoint (no destination) bound after the start gets an
 * endpoint made at its own address, so the remote's messages to that
 * address arrive (from an unknown source: the kernel does not say);
 * destroyed, the kernel endpoint goes too, and the address can be bound
 * again. One with a destination bound after the start receives before
 * it has sent anything. */
static void test_bound_after_start(void **state)
{
	struct rpmsg_endpoint ept;
	struct inbox in = INBOX_INIT;
	struct rpmsg_link *link;
	unsigned char buf[16];
	int f;

	(void)state;
	link = start_link(NULL);
	assert_int_equal(nfakes, 0);
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_link_bus(link), "listen",
					  0x600, RPMSG_ADDR_ANY, inbox_cb, &in),
			 0);
	f = listen_fake(0x600);
	assert_string_equal(fakes[f].what, "listen");
	assert_int_equal(write(fakes[f].peer, "unasked", 7), 7);
	assert_true(inbox_wait(&in, 1));
	assert_int_equal(in.len, 7);
	assert_memory_equal(in.last, "unasked", 7);
	assert_int_equal(in.src, RPMSG_ADDR_ANY);
	assert_int_equal(rpmsg_destroy_ept(&ept), 0);
	assert_closed(f);
	/* Again at the same address: a new kernel endpoint. */
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_link_bus(link), "listen",
					  0x600, RPMSG_ADDR_ANY, inbox_cb, &in),
			 0);
	close(fakes[f].peer);
	fakes[f].peer = -1;
	f = listen_fake(0x600);
	assert_int_equal(write(fakes[f].peer, "again", 5), 5);
	assert_true(inbox_wait(&in, 2));
	assert_int_equal(rpmsg_destroy_ept(&ept), 0);
	/* With a destination: made at the bind, from an address the kernel
	 * picks; the remote's message arrives before any send. */
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_link_bus(link), "talk",
					  RPMSG_ADDR_ANY, 0x700, inbox_cb, &in),
			 0);
	f = fake_for(0x700, false);
	assert_int_equal(fakes[f].src, RPMSG_ADDR_ANY);
	assert_int_equal(write(fakes[f].peer, "first", 5), 5);
	assert_true(inbox_wait(&in, 3));
	assert_int_equal(in.src, 0x700);
	assert_int_equal(rpmsg_send(&ept, "reply", 5), 0);
	assert_int_equal(peer_read(f, buf, sizeof(buf)), 5);
	assert_int_equal(rpmsg_destroy_ept(&ept), 0);
	assert_closed(f);
	rpmsg_link_destroy(link);
}

/* A listen-only endpoint bound before the start gets its kernel
 * endpoint at the start. */
static struct rpmsg_endpoint early;
static struct inbox in_early = INBOX_INIT;

static void bind_early(struct rpmsg_device *bus)
{
	assert_int_equal(rpmsg_create_ept(&early, bus, "early", 0x601,
					  RPMSG_ADDR_ANY, inbox_cb, &in_early),
			 0);
}

static void test_listen_before_start(void **state)
{
	struct rpmsg_link *link;
	int f;

	(void)state;
	link = start_link(bind_early);
	f = listen_fake(0x601);
	assert_int_equal(write(fakes[f].peer, "early", 5), 5);
	assert_true(inbox_wait(&in_early, 1));
	rpmsg_destroy_ept(&early);
	rpmsg_link_destroy(link);
}

/* The kernel refuses the endpoint (its address taken, the control device
 * not accessible): rpmsg_create_ept() fails with its error and the
 * reason, nothing stays bound, and the storage can be bound again; bound
 * before the start, the start fails. */
static void test_bind_refused(void **state)
{
	struct rpmsg_ept_info ei[8];
	struct rpmsg_endpoint ept;
	struct inbox in = INBOX_INIT;
	struct rpmsg_link_desc desc = { .transport = RPMSG_LINK_KERNEL,
					.name = ctrl_path };
	struct rpmsg_link *link;
	int i, n;

	(void)state;
	link = start_link(NULL);
	create_rc = -EBUSY;
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_link_bus(link), "taken",
					  0x602, RPMSG_ADDR_ANY, inbox_cb, &in),
			 -EBUSY);
	n = rpmsg_list_endpoints(rpmsg_link_bus(link), ei, 8);
	for (i = 0; i < n; i++)
		assert_int_not_equal(ei[i].addr, 0x602);
	assert_int_equal(rpmsg_create_ept(&ept, rpmsg_link_bus(link), "taken",
					  0x602, RPMSG_ADDR_ANY, inbox_cb, &in),
			 0);
	(void)listen_fake(0x602);
	rpmsg_destroy_ept(&ept);
	rpmsg_link_destroy(link);
	/* Before the start. */
	assert_int_equal(rpmsg_link_create(&link, &desc), 0);
	bind_early(rpmsg_link_bus(link));
	create_rc = -EACCES;
	assert_int_equal(rpmsg_link_start(link, WAIT_MS), -EACCES);
	rpmsg_destroy_ept(&early);
	rpmsg_link_destroy(link);
}

/* --- the remote's channel going away --------------------------------------- */

struct echo_drv {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_channel *ch;
	unsigned int probes, removes;
};

static struct echo_drv ed = { .lock = PTHREAD_MUTEX_INITIALIZER,
			      .cond = PTHREAD_COND_INITIALIZER };
static struct inbox in_ch = INBOX_INIT;

static int ed_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&ed.lock);
	ed.ch = ch;
	ed.probes++;
	pthread_cond_broadcast(&ed.cond);
	pthread_mutex_unlock(&ed.lock);
	return 0;
}

static void ed_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	pthread_mutex_lock(&ed.lock);
	ed.ch = NULL;
	ed.removes++;
	pthread_cond_broadcast(&ed.cond);
	pthread_mutex_unlock(&ed.lock);
}

static int ed_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	(void)priv;
	return inbox_cb(ept, data, len, &in_ch, src);
}

static const struct rpmsg_device_id ed_ids[] = { { "rpmsg-echo" }, { "" } };
static const struct rpmsg_driver ed_drv = {
	.name = "test-echo",
	.id_table = ed_ids,
	.probe = ed_probe,
	.remove = ed_remove,
	.callback = ed_cb,
};

static void register_ed(struct rpmsg_device *bus)
{
	ed.ch = NULL;
	ed.probes = ed.removes = 0;
	memset(&in_ch.count, 0, sizeof(in_ch) - offsetof(struct inbox, count));
	assert_int_equal(rpmsg_register_driver(bus, &ed_drv), 0);
}

/* Waits up to WAIT_MS until the driver has been probed @probes times and
 * removed @removes times; the channel's endpoint, NULL if removed. */
static struct rpmsg_endpoint *ed_wait(unsigned int probes,
				      unsigned int removes)
{
	struct timespec t = deadline_in(WAIT_MS);
	struct rpmsg_endpoint *ept;

	pthread_mutex_lock(&ed.lock);
	while (ed.probes < probes || ed.removes < removes)
		if (pthread_cond_timedwait(&ed.cond, &ed.lock, &t) == ETIMEDOUT)
			break;
	assert_int_equal(ed.probes, probes);
	assert_int_equal(ed.removes, removes);
	ept = ed.ch ? &ed.ch->ept : NULL;
	pthread_mutex_unlock(&ed.lock);
	return ept;
}

/* Exchanges one message each way on the channel's node @i. */
static void ed_exchange(struct rpmsg_endpoint *ept, int i, unsigned int nth)
{
	unsigned char buf[64];

	assert_int_equal(rpmsg_send(ept, "ping", 4), 0);
	assert_int_equal(peer_read(i, buf, sizeof(buf)), 4);
	assert_int_equal(write(fakes[i].peer, "pong", 4), 4);
	assert_true(inbox_wait(&in_ch, nth));
	assert_memory_equal(in_ch.last, "pong", 4);
	assert_int_equal(in_ch.src, 0x402);
}

/* A link whose driver serves the remote's rpmsg-echo: its endpoint and
 * the index of its node's fake, one message exchanged each way. */
static struct rpmsg_link *start_echo(struct rpmsg_endpoint **ept, int *fc)
{
	struct rpmsg_link *link;

	announce_echo();
	link = start_link(register_ed);
	*ept = ed_wait(1, 0);
	assert_non_null(*ept);
	*fc = fake_for(0x402, true);
	ed_exchange(*ept, *fc, 1);
	return link;
}

/* The remote destroys its channel while the application waits to send on
 * it: the channel's removal (sysfs alone says so; the device's end is
 * left open) ends the wait with -EPIPE and runs the driver's remove;
 * announced again, the channel probes and serves. The
 * kernel taking the device away while a send waits (its end hung up)
 * ends it the same way. */
static void test_channel_lost(void **state)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_link *link;
	struct sender s;
	pthread_t t;
	int fc;

	(void)state;
	link = start_echo(&ept, &fc);
	/* Gone from sysfs while a send waits for room. */
	start_blocked_sender(&s, &t, ept, fakes[fc].fd, 60000);
	remove_echo();
	pthread_join(t, NULL);
	assert_int_equal(s.rc, -EPIPE);
	assert_null(ed_wait(1, 1));
	close(fakes[fc].peer);
	fakes[fc].peer = -1;
	/* Back: a new probe, a new node, messages again. */
	{
		char from[800], to[800];

		snprintf(from, sizeof(from), "%s/gone-" ECHO_DEV, root);
		snprintf(to, sizeof(to), "%s/sys/bus/rpmsg/devices/" ECHO_DEV,
			 root);
		assert_int_equal(rename(from, to), 0);
	}
	ept = ed_wait(2, 1);
	assert_non_null(ept);
	fc = fake_for(0x402, true);
	ed_exchange(ept, fc, 2);
	/* The device taken away by the kernel while a send waits. */
	start_blocked_sender(&s, &t, ept, fakes[fc].fd, 60000);
	close(fakes[fc].peer);
	fakes[fc].peer = -1;
	pthread_join(t, NULL);
	assert_int_equal(s.rc, -EPIPE);
	rpmsg_link_destroy(link);
}

/* The kernel removes the channel's device and the remote announces it
 * again before the link has looked at sysfs (the same sysfs name, so
 * sysfs alone shows no change): the device's end hanging up is the
 * removal all the same. The driver's remove runs, then its probe for
 * the channel announced again, which serves. */
static void test_channel_replaced(void **state)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_link *link;
	int fc;

	(void)state;
	link = start_echo(&ept, &fc);
	close(fakes[fc].peer);
	fakes[fc].peer = -1;
	ept = ed_wait(2, 1);
	assert_non_null(ept);
	fc = fake_for(0x402, true);
	ed_exchange(ept, fc, 2);
	rpmsg_link_destroy(link);
}

/* The remote's virtio device goes (the control device with it): the
 * link reports the peer gone, sends fail, a waiting send ends. */
static void test_control_device_gone(void **state)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_link *link;
	struct sender s;
	pthread_t t;
	int fc;

	(void)state;
	link = start_echo(&ept, &fc);
	start_blocked_sender(&s, &t, ept, fakes[fc].fd, 60000);
	assert_int_equal(unlink(ctrl_path), 0);
	remove_echo();
	assert_int_equal(rpmsg_link_wait_peer_gone(link, WAIT_MS), 0);
	pthread_join(t, NULL);
	assert_int_equal(s.rc, -EPIPE);
	assert_null(ed_wait(1, 1));
	assert_true(rpmsg_link_peer_gone(link));
	assert_int_equal(rpmsg_create_ept(&ept_a, rpmsg_link_bus(link), "a",
					  RPMSG_ADDR_ANY, 0x500, inbox_cb,
					  &in_a),
			 -EPIPE);
	rpmsg_link_destroy(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_waits_alone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_send_wait_stopped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_send_wait_times_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_after_start, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_listen_before_start,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_channel_lost, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_channel_replaced, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_control_device_gone,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
