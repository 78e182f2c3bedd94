// SPDX-License-Identifier: BSD-3-Clause
/*
 * One program, two ways to reach the remote: built with
 * LINK_ECHO_KERNEL it talks through the Linux kernel's rpmsg drivers
 * (run inside the User-Mode Linux guest, kernel_link-echo); without, it
 * is the host of a user-space vhost-user link to the same rpmsg remote
 * (link_echo_vhost_user, on the build machine). Only LINK_DESC differs:
 * LINK is the control device (/dev/rpmsg_ctrl0) or the socket.
 *
 * On the link's bus (rpmsg.h, nothing of the transport):
 *   1. a driver for "rpmsg-echo" probes when the remote announces it;
 *   2. COUNT messages of 1..MTU bytes go through the channel's default
 *      endpoint, WINDOW in flight, each echo checked in order and intact;
 *   3. an endpoint made with rpmsg_create_ept() to the channel's remote
 *      address does the same with 100 messages;
 *   4. the link is destroyed.
 * With "gone" (against rpmsg echo --destroy-after N --reannounce): the
 * exchange on the channel must end with an error when the remote
 * destroys it, within TIMEOUT_MS, the driver's remove called; then the
 * channel announced again probes and COUNT messages go through it.
 * With "listen ADDR": after the start, a listen-only endpoint (no
 * destination) is bound at ADDR, "@@ traffic started" printed, and COUNT
 * messages the remote sends to ADDR unasked must arrive within
 * TIMEOUT_MS (the kernel test has the remote's rpmsg-raw send them).
 * Usage: link_echo LINK COUNT TIMEOUT_MS [gone | listen ADDR]
 * Prints "link: ..." lines; exit 0 only if every echo came back intact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>

/* The one line that differs: what the remote is reached through. */
#ifdef LINK_ECHO_KERNEL
#define LINK_DESC { .transport = RPMSG_LINK_KERNEL, .name = argv[1] }
#else
#define LINK_DESC { .transport = RPMSG_LINK_VHOST_USER, .name = argv[1] }
#endif

#define WINDOW 8u
#define EPT_COUNT 100u

/* What the callbacks check and the sender waits for. */
struct echo {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_channel *ch; /* set by probe */
	bool removed;
	unsigned int probes;
	unsigned int mtu;
	unsigned int seed; /* distinguishes the two runs' payloads */
	unsigned int got;  /* echoes checked so far */
	unsigned int sent; /* messages sent by exchange() */
	unsigned int bad;  /* echoes that were not what was sent */
	/* Echoes of messages sent with @old_seed from @old_from to @old_to
	 * (in flight when the remote destroyed its channel) that arrive
	 * later are counted here, not as bad. */
	unsigned int old_seed, old_from, old_to, strays;
};

static struct echo echo = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

/* Message @i: 1..mtu bytes, every byte a function of @i and its place. */
static size_t make_msg(unsigned char *buf, unsigned int i, unsigned int mtu,
		       unsigned int seed)
{
	size_t len = 1 + (i % mtu), j;

	for (j = 0; j < len; j++)
		buf[j] = (unsigned char)(i * 131u + j * 7u + seed);
	return len;
}

/* Is @data the echo of a message of the channel destroyed before? */
static bool stray(const void *data, size_t len)
{
	unsigned char old[RPMSG_NAME_SIZE * 64];
	unsigned int j;

	for (j = echo.old_from; j < echo.old_to; j++)
		if (make_msg(old, j, echo.mtu, echo.old_seed) == len &&
		    !memcmp(old, data, len))
			return true;
	return false;
}

static int on_echo(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	unsigned char want[RPMSG_NAME_SIZE * 64];
	size_t n;

	(void)ept;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&echo.lock);
	n = make_msg(want, echo.got, echo.mtu, echo.seed);
	if ((n != len || memcmp(want, data, n)) && stray(data, len)) {
		echo.strays++;
		pthread_mutex_unlock(&echo.lock);
		return 0;
	}
	if (n != len || memcmp(want, data, n)) {
		if (echo.bad++ < 5)
			printf("link: echo %u: %zu bytes, %zu expected, or "
			       "different\n", echo.got, len, n);
	}
	echo.got++;
	pthread_cond_broadcast(&echo.cond);
	pthread_mutex_unlock(&echo.lock);
	return 0;
}

static int on_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&echo.lock);
	echo.ch = ch;
	echo.probes++;
	pthread_cond_broadcast(&echo.cond);
	pthread_mutex_unlock(&echo.lock);
	return 0;
}

static void on_remove(struct rpmsg_channel *ch)
{
	(void)ch;
	pthread_mutex_lock(&echo.lock);
	echo.removed = true;
	pthread_cond_broadcast(&echo.cond);
	pthread_mutex_unlock(&echo.lock);
}

static const struct rpmsg_device_id echo_ids[] = { { "rpmsg-echo" }, { "" } };
static const struct rpmsg_driver echo_drv = {
	.name = "link-echo",
	.id_table = echo_ids,
	.probe = on_probe,
	.remove = on_remove,
	.callback = on_echo,
};

static struct timespec deadline_in(uint32_t ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000u;
	t.tv_nsec += (long)(ms % 1000u) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Waits (echo.lock held) until echo.got reaches @want: 0 or -ETIMEDOUT. */
static int wait_got(unsigned int want, uint32_t timeout_ms)
{
	struct timespec t = deadline_in(timeout_ms);

	while (echo.got < want && !echo.removed)
		if (pthread_cond_timedwait(&echo.cond, &echo.lock, &t) ==
		    ETIMEDOUT)
			return -ETIMEDOUT;
	return echo.got >= want ? 0 : -EPIPE;
}

/* @count messages on @ept, WINDOW in flight: 0 or a negative errno. */
static int exchange(struct rpmsg_endpoint *ept, unsigned int count,
		    unsigned int seed, uint32_t timeout_ms)
{
	unsigned char buf[1024];
	unsigned int i;
	int rc = 0;

	pthread_mutex_lock(&echo.lock);
	echo.got = 0;
	echo.sent = 0;
	echo.seed = seed;
	pthread_mutex_unlock(&echo.lock);
	for (i = 0; i < count && !rc; i++) {
		size_t len = make_msg(buf, i, echo.mtu, seed);

		pthread_mutex_lock(&echo.lock);
		rc = i >= WINDOW ? wait_got(i - WINDOW + 1, timeout_ms) : 0;
		pthread_mutex_unlock(&echo.lock);
		if (!rc)
			rc = rpmsg_send(ept, buf, len);
		if (!rc) {
			pthread_mutex_lock(&echo.lock);
			echo.sent = i + 1;
			pthread_mutex_unlock(&echo.lock);
		}
	}
	pthread_mutex_lock(&echo.lock);
	if (!rc)
		rc = wait_got(count, timeout_ms);
	pthread_mutex_unlock(&echo.lock);
	return rc;
}

/* Waits until the driver has been probed @probes times: the channel. */
static struct rpmsg_channel *wait_probe(unsigned int probes,
					uint32_t timeout_ms)
{
	struct timespec t = deadline_in(timeout_ms);
	struct rpmsg_channel *ch;
	int rc = 0;

	pthread_mutex_lock(&echo.lock);
	while (echo.probes < probes && rc == 0)
		rc = pthread_cond_timedwait(&echo.cond, &echo.lock, &t);
	ch = echo.probes >= probes ? echo.ch : NULL;
	pthread_mutex_unlock(&echo.lock);
	return ch;
}

/* The remote destroys the channel in mid-exchange and announces it
 * again: the exchange ends with an error in time, the driver's remove
 * runs, and @count messages go through the channel announced again.
 * 0, or 1 with the reason printed. */
static int gone_and_back(unsigned int count, uint32_t timeout_ms)
{
	struct rpmsg_channel *ch;
	struct timespec t;
	int rc, wrc = 0;

	/* Far more than the remote echoes before it destroys the channel. */
	rc = exchange(&echo.ch->ept, 1000000, 0, timeout_ms);
	/* A send may fail before the link has told the driver. */
	t = deadline_in(timeout_ms);
	pthread_mutex_lock(&echo.lock);
	while (rc && !echo.removed && wrc == 0)
		wrc = pthread_cond_timedwait(&echo.cond, &echo.lock, &t);
	pthread_mutex_unlock(&echo.lock);
	printf("link: the channel went after %u echoes (%u sent): %s, %s\n",
	       echo.got, echo.sent, rc ? strerror(-rc) : "no error",
	       echo.removed ? "removed" : "not removed");
	if (!rc || !echo.removed)
		return 1;
	ch = wait_probe(2, timeout_ms);
	if (!ch) {
		printf("link: rpmsg-echo not announced again within %u ms\n",
		       (unsigned int)timeout_ms);
		return 1;
	}
	pthread_mutex_lock(&echo.lock);
	echo.removed = false;
	echo.old_seed = 0;
	echo.old_from = echo.got;
	echo.old_to = echo.sent;
	pthread_mutex_unlock(&echo.lock);
	rc = exchange(&ch->ept, count, 1, timeout_ms);
	printf("link: back: %u of %u messages echoed, %u different, on the "
	       "channel announced again (%u late echoes of the old one): "
	       "%s\n", echo.got, count, echo.bad, echo.strays,
	       rc ? strerror(-rc) : "ok");
	return rc || echo.bad ? 1 : 0;
}

/* Messages to a listen-only endpoint, and the wait for them. */
static unsigned int heard;

static int on_heard(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	pthread_mutex_lock(&echo.lock);
	heard++;
	(void)data;
	printf("link: heard %zu bytes from %s\n", len,
	       src == RPMSG_ADDR_ANY ? "an unknown address" : "the remote");
	pthread_cond_broadcast(&echo.cond);
	pthread_mutex_unlock(&echo.lock);
	return 0;
}

/* A listen-only endpoint at @addr bound on the started link receives
 * @count messages: 0, or 1 with the reason printed. */
static int listen_only(struct rpmsg_device *bus, uint32_t addr,
		       unsigned int count, uint32_t timeout_ms)
{
	struct rpmsg_endpoint ept;
	struct timespec t;
	int rc = rpmsg_create_ept(&ept, bus, "link-listen", addr,
				  RPMSG_ADDR_ANY, on_heard, NULL);

	if (rc) {
		printf("link: listen-only endpoint at 0x%x: %s\n",
		       (unsigned int)addr, strerror(-rc));
		return 1;
	}
	printf("@@ traffic started\n");
	fflush(stdout);
	t = deadline_in(timeout_ms);
	pthread_mutex_lock(&echo.lock);
	while (heard < count && rc == 0)
		rc = pthread_cond_timedwait(&echo.cond, &echo.lock, &t);
	pthread_mutex_unlock(&echo.lock);
	rpmsg_destroy_ept(&ept);
	printf("link: listen-only endpoint at 0x%x: %u of %u messages "
	       "arrived\n", (unsigned int)addr, heard, count);
	return heard >= count ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct rpmsg_link_desc desc = LINK_DESC;
	struct rpmsg_endpoint ept;
	struct rpmsg_link *link;
	struct rpmsg_device *bus;
	unsigned int count;
	uint32_t timeout_ms;
	struct timespec t;
	int rc, mtu;

	if (argc != 4 && (argc != 5 || strcmp(argv[4], "gone")) &&
	    (argc != 6 || strcmp(argv[4], "listen"))) {
		fprintf(stderr, "usage: link_echo LINK COUNT TIMEOUT_MS "
				"[gone | listen ADDR]\n");
		return 2;
	}
	count = (unsigned int)strtoul(argv[2], NULL, 0);
	timeout_ms = (uint32_t)strtoul(argv[3], NULL, 0);
	desc.role = RPMSG_VIRTIO_HOST;
	rc = rpmsg_link_create(&link, &desc);
	if (rc) {
		printf("link: create: %s\n", strerror(-rc));
		return 1;
	}
	bus = rpmsg_link_bus(link);
	rc = rpmsg_register_driver(bus, &echo_drv);
	if (!rc)
		rc = rpmsg_link_start(link, timeout_ms);
	if (rc) {
		printf("link: start: %s (%s)\n", strerror(-rc),
		       rpmsg_link_why(link) ? rpmsg_link_why(link) : "-");
		rpmsg_link_destroy(link);
		return 1;
	}
	pthread_mutex_lock(&echo.lock);
	t = deadline_in(timeout_ms);
	while (!echo.ch && rc == 0)
		rc = pthread_cond_timedwait(&echo.cond, &echo.lock, &t);
	pthread_mutex_unlock(&echo.lock);
	if (!echo.ch) {
		printf("link: rpmsg-echo not announced within %u ms\n",
		       (unsigned int)timeout_ms);
		rpmsg_link_destroy(link);
		return 1;
	}
	mtu = rpmsg_get_mtu(&echo.ch->ept);
	if (mtu <= 0 || mtu > 1024) {
		printf("link: mtu %d\n", mtu);
		rpmsg_link_destroy(link);
		return 1;
	}
	echo.mtu = (unsigned int)mtu;
	printf("link: rpmsg-echo at 0x%x, mtu %d\n",
	       (unsigned int)echo.ch->dst, mtu);
	if (argc == 5 || argc == 6) {
		rc = argc == 5 ? gone_and_back(count, timeout_ms) :
				 listen_only(bus, (uint32_t)strtoul(argv[5],
								    NULL, 0),
					     count, timeout_ms);
		rpmsg_link_destroy(link);
		return rc;
	}
	rc = exchange(&echo.ch->ept, count, 0, timeout_ms);
	printf("link: %u of %u messages (sizes 1..%d) echoed, %u different, "
	       "through the channel: %s\n", echo.got, count, mtu, echo.bad,
	       rc ? strerror(-rc) : "ok");
	if (!rc && !echo.bad) {
		rc = rpmsg_create_ept(&ept, bus, "link-echo-ept",
				      RPMSG_ADDR_ANY, echo.ch->dst, on_echo,
				      NULL);
		if (!rc) {
			rc = exchange(&ept, EPT_COUNT, 77, timeout_ms);
			printf("link: %u of %u messages echoed, %u different, "
			       "through an endpoint of rpmsg_create_ept(): "
			       "%s\n", echo.got, EPT_COUNT, echo.bad,
			       rc ? strerror(-rc) : "ok");
			rpmsg_destroy_ept(&ept);
		} else {
			printf("link: rpmsg_create_ept: %s\n", strerror(-rc));
		}
	}
	rpmsg_link_destroy(link);
	if (rc || echo.bad)
		return 1;
	printf("link: all echoes intact\n");
	return 0;
}
