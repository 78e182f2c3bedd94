// SPDX-License-Identifier: BSD-3-Clause
/*
 * Messages on a kernel endpoint: send, receive, and the dispatch loop.
 *
 * A read takes one whole message (the char driver hands out one per
 * read); it is kept in the endpoint until taken, so a caller's buffer
 * that is too small loses nothing. The kernel tells of an endpoint it
 * removed (channel destroyed, remote gone) by EPIPE on read and write
 * and POLLERR on poll; a socket standing in for one, by POLLHUP and end
 * of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kernel_internal.h"

#define DISPATCH_MAX 256 /* messages per endpoint and call, then return */
#define POLL_MAX 64

static int ept_gone(struct rpmsg_kernel_ept *ept)
{
	ept->gone = true;
	return rpmsg_k_fail(ept->k, -EPIPE,
			    "endpoint %s (%s) is gone: the remote destroyed "
			    "the channel, stopped or crashed",
			    *ept->name ? ept->name : "-", ept->node);
}

static bool errno_gone(int err)
{
	return err == EPIPE || err == ENETRESET || err == ENODEV ||
	       err == ECONNRESET || err == ENXIO;
}

static uint64_t deadline_of(const struct rpmsg_kernel_ept *ept,
			    uint32_t timeout_ms)
{
	if (timeout_ms == RPMSG_TIMEOUT_DEFAULT)
		timeout_ms = ept->timeout_ms;
	return rpmsg_k_deadline(timeout_ms);
}

/* Waits for @events on the endpoint: 1 ready, 0 deadline, -EPIPE if the
 * kernel says the endpoint is gone (and nothing is left to read). */
static int ept_wait(struct rpmsg_kernel_ept *ept, short events,
		    uint64_t deadline)
{
	struct pollfd p = { .fd = ept->fd, .events = events };
	int rc;

	do {
		rc = poll(&p, 1, rpmsg_k_poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	if (rc == 0)
		return 0;
	if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) &&
	    !(p.revents & POLLIN))
		return ept_gone(ept);
	return 1;
}

int rpmsg_kernel_send_timeout(struct rpmsg_kernel_ept *ept, const void *data,
			      size_t len, uint32_t timeout_ms)
{
	uint64_t deadline;
	int rc;

	if (!ept || ept->fd < 0 || (!data && len))
		return -EINVAL;
	if (ept->gone)
		return ept_gone(ept);
	if (len > RPMSG_KERNEL_MAX_PAYLOAD)
		return rpmsg_k_fail(ept->k, -EMSGSIZE,
				    "a message of %zu bytes is more than the "
				    "%u one rpmsg message carries", len,
				    RPMSG_KERNEL_MAX_PAYLOAD);
	deadline = deadline_of(ept, timeout_ms);
	for (;;) {
		ssize_t n = write(ept->fd, data, len);

		if (n >= 0)
			return (size_t)n == len ? 0 : -EIO;
		if (errno_gone(errno))
			return ept_gone(ept);
		if (errno == EMSGSIZE)
			return rpmsg_k_fail(ept->k, -EMSGSIZE,
					    "the kernel refused a message of "
					    "%zu bytes as too long", len);
		if (errno != EAGAIN && errno != ENOMEM && errno != EINTR)
			return rpmsg_k_fail(ept->k, -errno, "send on %s: %s",
					    ept->node, strerror(errno));
		if (timeout_ms == 0)
			return -EAGAIN;
		rc = ept_wait(ept, POLLOUT, deadline);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return rpmsg_k_fail(ept->k, -ETIMEDOUT,
					    "no room to send on %s in time: "
					    "the remote takes no messages",
					    ept->node);
	}
}

int rpmsg_kernel_send(struct rpmsg_kernel_ept *ept, const void *data,
		      size_t len)
{
	return rpmsg_kernel_send_timeout(ept, data, len, RPMSG_TIMEOUT_DEFAULT);
}

int rpmsg_kernel_trysend(struct rpmsg_kernel_ept *ept, const void *data,
			 size_t len)
{
	return rpmsg_kernel_send_timeout(ept, data, len, 0);
}

int rpmsg_kernel_sendto(struct rpmsg_kernel_ept *ept, const void *data,
			size_t len, uint32_t dst)
{
	if (!ept)
		return -EINVAL;
	if (dst != ept->dst)
		return rpmsg_k_fail(ept->k, -EOPNOTSUPP,
				    "%s sends to 0x%x only (the kernel's endpoint "
				    "devices have one destination): make an "
				    "endpoint for 0x%x", ept->node,
				    (unsigned int)ept->dst, (unsigned int)dst);
	return rpmsg_kernel_send(ept, data, len);
}

/* Reads one message into the endpoint, unless one is there already:
 * 0, -EAGAIN (none yet), -EPIPE, -EMSGSIZE (one too long for any rpmsg
 * bus, which the kernel cut), -errno. */
static int fill(struct rpmsg_kernel_ept *ept)
{
	ssize_t n;

	if (ept->pending)
		return 0;
	if (ept->gone)
		return ept_gone(ept);
	n = read(ept->fd, ept->buf, sizeof(ept->buf));
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return -EAGAIN;
		if (errno_gone(errno))
			return ept_gone(ept);
		return rpmsg_k_fail(ept->k, -errno, "receive on %s: %s",
				    ept->node, strerror(errno));
	}
	if (n == 0) {
		/* An empty message, or the end of a socket's stream. */
		struct pollfd p = { .fd = ept->fd, .events = POLLIN };

		if (poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))
			return ept_gone(ept);
	}
	if ((size_t)n == sizeof(ept->buf))
		return rpmsg_k_fail(ept->k, -EMSGSIZE,
				    "a message on %s was longer than %u bytes "
				    "and has been cut", ept->node,
				    RPMSG_KERNEL_RX_SIZE);
	ept->len = (size_t)n;
	ept->pending = true;
	return 0;
}

/* Like fill(), waiting up to @deadline: 0, -ETIMEDOUT, -EPIPE, -errno. */
static int fill_wait(struct rpmsg_kernel_ept *ept, uint64_t deadline,
		     bool wait)
{
	for (;;) {
		int rc = fill(ept);

		if (rc != -EAGAIN)
			return rc;
		if (!wait)
			return -EAGAIN;
		rc = ept_wait(ept, POLLIN, deadline);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return rpmsg_k_fail(ept->k, -ETIMEDOUT,
					    "nothing received on %s in time",
					    ept->node);
	}
}

int rpmsg_kernel_recv(struct rpmsg_kernel_ept *ept, void *buf, size_t size,
		      uint32_t timeout_ms)
{
	int rc;

	if (!ept || ept->fd < 0 || (!buf && size))
		return -EINVAL;
	rc = fill_wait(ept, deadline_of(ept, timeout_ms), timeout_ms != 0);
	if (rc)
		return rc;
	if (ept->len > size)
		return rpmsg_k_fail(ept->k, -EMSGSIZE,
				    "a message of %zu bytes waits on %s, more "
				    "than the %zu bytes given (it is kept)",
				    ept->len, ept->node, size);
	if (ept->len)
		memcpy(buf, ept->buf, ept->len);
	ept->pending = false;
	return (int)ept->len;
}

int rpmsg_kernel_dispatch(struct rpmsg_kernel_ept *ept)
{
	int count = 0;

	if (!ept || ept->fd < 0 || !ept->cb)
		return -EINVAL;
	while (count < DISPATCH_MAX) {
		int rc = fill(ept);

		if (rc == -EAGAIN)
			break;
		if (rc < 0)
			return count ? count : rc; /* the next call says it */
		ept->pending = false;
		count++;
		rc = ept->cb(ept, ept->buf, ept->len, ept->priv);
		if (rc)
			return rc < 0 ? rc : count;
	}
	return count;
}

int rpmsg_kernel_poll(struct rpmsg_kernel_ept *const *epts, size_t n,
		      uint32_t timeout_ms)
{
	struct pollfd p[POLL_MAX];
	uint64_t deadline = rpmsg_k_deadline(timeout_ms);
	int total = 0, rc, ready, gone = 0;
	size_t i;

	if (!epts || n == 0 || n > POLL_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!epts[i] || epts[i]->fd < 0 || !epts[i]->cb)
			return -EINVAL;
		p[i].fd = epts[i]->fd;
		p[i].events = POLLIN;
		/* A message kept from before counts as ready at once. */
		if (epts[i]->pending || epts[i]->gone)
			deadline = 0;
	}
	do {
		rc = poll(p, (nfds_t)n, rpmsg_k_poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	ready = rc;
	for (i = 0; i < n; i++) {
		if (!p[i].revents && !epts[i]->pending && !epts[i]->gone)
			continue;
		rc = rpmsg_kernel_dispatch(epts[i]);
		if (rc == 0 && (p[i].revents & (POLLERR | POLLHUP)))
			rc = ept_gone(epts[i]);
		if (rc == -EPIPE)
			gone = rc;
		else if (rc < 0)
			return rc;
		else
			total += rc;
	}
	if (gone)
		return gone;
	if (ready == 0 && total == 0)
		return -ETIMEDOUT;
	return total;
}
