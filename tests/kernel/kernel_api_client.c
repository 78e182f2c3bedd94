// SPDX-License-Identifier: BSD-3-Clause
/*
 * Guest-side program of the kernel tests on rpmsg_kernel.h: runs inside
 * User-Mode Linux, linked statically, and echoes messages with the
 * remote until something ends the exchange, then says what.
 *
 *   kernel_api_client gone SERVICE TIMEOUT_MS
 *       the announced SERVICE's endpoint, messages by callback from
 *       rpmsg_kernel_poll(), until the remote destroys the channel:
 *       must end with -EPIPE; then SERVICE again (the remote announces
 *       it anew) and 100 more echoes on the new endpoint;
 *   kernel_api_client loss DST TIMEOUT_MS
 *       an endpoint to DST through /dev/rpmsg_ctrl0, round trips until
 *       the remote dies: must end with an error within TIMEOUT_MS of
 *       the last echo.
 * Prints "@@ traffic started" after the first echo, then one line
 * "@@ api: ..." with the outcome. Exit status 0 when the ending was the
 * expected one.
 *
 * Every message names the endpoint it was sent on ("g1m0": the second
 * endpoint's first). The message in flight when the remote destroyed the
 * channel is echoed by the remote's next incarnation of the service to
 * the address it came from, and the kernel gives the new channel's
 * endpoint the lowest free address, which is the old one's: that echo may
 * reach the new endpoint before or after the new exchange starts,
 * depending only on the order the two sides run in. It is counted and
 * skipped (at most one: the client has one message in flight); anything
 * else that is not the next expected message fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/rpmsg_kernel.h>

static unsigned long echoed;
static unsigned long stop_at; /* no more sends after this many echoes */
static unsigned int gen;      /* which endpoint: 0 the first, 1 the next */
static unsigned long stale;   /* echoes of an earlier endpoint's message */

static int make_msg(char *msg, size_t size, unsigned int g, unsigned long i)
{
	return snprintf(msg, size, "g%um%lu", g, i);
}

/* An echo of a message sent on an earlier endpoint (see above)? */
static bool is_stale(const void *data, size_t len)
{
	char msg[32];
	unsigned int g;

	if (len == 0 || len >= sizeof(msg))
		return false;
	memcpy(msg, data, len);
	msg[len] = '\0';
	return sscanf(msg, "g%um", &g) == 1 && g < gen;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int echo_cb(struct rpmsg_kernel_ept *ept, void *data, size_t len,
		   void *priv)
{
	unsigned long *next = priv;
	char msg[32];
	int n;

	(void)ept;
	n = make_msg(msg, sizeof(msg), gen, *next);
	if (((size_t)n != len || memcmp(data, msg, len)) && is_stale(data, len) &&
	    stale == 0) {
		stale++;
		printf("@@ api: skipped the echo of the old endpoint's last "
		       "message (%.*s)\n", (int)len, (const char *)data);
		return 0;
	}
	if ((size_t)n != len || memcmp(data, msg, len)) {
		printf("@@ api: FAIL: echo %lu wrong\n", *next);
		return -EBADMSG;
	}
	if (echoed++ == 0)
		printf("@@ traffic started\n");
	(*next)++;
	if (stop_at && echoed >= stop_at)
		return 0;
	n = make_msg(msg, sizeof(msg), gen, *next);
	return rpmsg_kernel_send(ept, msg, (size_t)n);
}

/* Echoes on @ept until @want more came back (0: until something ends
 * the exchange): 0, or the error. */
static int exchange(struct rpmsg_kernel_ept *ept, unsigned long *next,
		    uint32_t timeout, unsigned long want, long *last)
{
	struct rpmsg_kernel_ept *one = ept;
	unsigned long stop = echoed + want;
	char msg[32];
	int n = make_msg(msg, sizeof(msg), gen, *next);
	int rc;

	stop_at = want ? stop : 0;
	rc = rpmsg_kernel_send(ept, msg, (size_t)n);
	*last = now_ms();
	while (rc >= 0 && (!want || echoed < stop)) {
		rc = rpmsg_kernel_poll(&one, 1, timeout);
		if (rc > 0)
			*last = now_ms();
	}
	return rc < 0 ? rc : 0;
}

static int open_ept(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
		    const char *mode, const char *what, uint32_t timeout,
		    unsigned long *next)
{
	int rc;

	if (!strcmp(mode, "gone"))
		rc = rpmsg_kernel_open_channel(k, ept, what, timeout, echo_cb,
					       next);
	else
		rc = rpmsg_kernel_create_ept(k, ept, NULL, "api-client",
					     RPMSG_ADDR_ANY,
					     (uint32_t)strtoul(what, NULL, 0),
					     echo_cb, next);
	if (rc) {
		printf("@@ api: FAIL: %s\n", rpmsg_kernel_error(k));
		return rc;
	}
	rpmsg_kernel_set_timeout(ept, timeout);
	printf("@@ api: endpoint %s 0x%x -> 0x%x on %s\n", ept->name,
	       (unsigned int)ept->src, (unsigned int)ept->dst, ept->node);
	return 0;
}

int main(int argc, char **argv)
{
	struct rpmsg_kernel k;
	struct rpmsg_kernel_ept ept;
	unsigned long next = 0, before;
	uint32_t timeout;
	long last;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 4 || (strcmp(argv[1], "gone") && strcmp(argv[1], "loss")))
		return 2;
	timeout = (uint32_t)strtoul(argv[3], NULL, 0);
	rpmsg_kernel_init(&k, NULL, NULL);
	if (open_ept(&k, &ept, argv[1], argv[2], timeout, &next))
		return 1;
	rc = exchange(&ept, &next, timeout, 0, &last);
	printf("@@ api: ended after %lu echoes, %ld ms after the last: %d "
	       "(%s): %s\n", echoed, now_ms() - last, rc, strerror(-rc),
	       rpmsg_kernel_error(&k));
	rpmsg_kernel_destroy_ept(&ept);
	if (!strcmp(argv[1], "loss"))
		return (rc == -ETIMEDOUT || rc == -EPIPE) && echoed > 0 &&
		       now_ms() - last <= (long)timeout + 1000 ? 0 : 1;
	if (rc != -EPIPE || !echoed)
		return 1;
	/* The channel went away: it must come back, announced anew. */
	before = echoed;
	next = 0;
	gen = 1;
	if (open_ept(&k, &ept, argv[1], argv[2], timeout, &next))
		return 1;
	rc = exchange(&ept, &next, timeout, 100, &last);
	printf("@@ api: back: %lu echoes on the new endpoint: %s\n",
	       echoed - before, rc ? strerror(-rc) : "ok");
	rpmsg_kernel_destroy_ept(&ept);
	return rc ? 1 : 0;
}
