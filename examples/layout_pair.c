// SPDX-License-Identifier: BSD-3-Clause
/*
 * Both roles of a described region in two processes (layout_pair.h).
 *
 * Each process is one thread running one loop: rpmsg_layout_wait() (wait
 * for the peer's eventfd, then rpmsg_layout_poll()). Sends in the loop use
 * the try variants: nobody else would wake a sender blocked there. The
 * host keeps at most WINDOW messages in flight, so the remote's echo
 * always finds one of the host's rx buffers. The deadline only bounds a
 * failing run; a passing run never waits for it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_layout_posix.h>
#include <rpmsg/rpmsg_port_posix.h>

#include "layout_pair.h"

#define WINDOW 8u
#define MAX_PAYLOAD 496u
#define ROUND_MS 100
#define DEADLINE_S 30

struct side {
	const struct layout_app *app;
	enum rpmsg_virtio_role role;
	struct rpmsg_layout_link link;
	struct rpmsg_layout_bell bell;
	struct rpmsg_layout_map map;
	struct rpmsg_posix_os os;
	struct rpmsg_vq_slot *slots;
	uint8_t *buf_state;
	struct rpmsg_device_id ids[2];
	struct rpmsg_driver drv;
	struct rpmsg_endpoint ept;
	struct rpmsg_endpoint *tx; /* host: where messages go */
	unsigned int sent, echoed, bad;
};

static struct side *side_of(struct rpmsg_device *dev)
{
	return (struct side *)(void *)((char *)dev -
				       offsetof(struct side, link.vdev.bus));
}

static size_t msg_len(unsigned int i)
{
	return 1u + i % MAX_PAYLOAD;
}

static void msg_fill(uint8_t *p, unsigned int i)
{
	size_t j;

	for (j = 0; j < msg_len(i); j++)
		p[j] = (uint8_t)(i * 131u + j * 7u + 1u);
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Remote: every message goes back to its sender. */
static int remote_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	struct side *s = side_of(ept->dev);

	(void)priv;
	if (rpmsg_trysendto(ept, data, len, src))
		s->bad++;
	else
		s->echoed++;
	return 0;
}

/* Host: each echo is the next message sent, byte for byte. */
static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	struct side *s = side_of(ept->dev);
	uint8_t want[MAX_PAYLOAD];

	(void)priv;
	(void)src;
	msg_fill(want, s->echoed);
	if (s->echoed >= s->sent || len != msg_len(s->echoed) ||
	    memcmp(data, want, len))
		s->bad++;
	s->echoed++;
	return 0;
}

static int host_probe(struct rpmsg_channel *ch)
{
	side_of(ch->dev)->tx = &ch->ept;
	return 0;
}

/* Map the region, take the doorbells, init the link, meet the peer. */
static int side_init(struct side *s, int mem_fd, int kick_fd, int irq_fd)
{
	const struct rpmsg_layout *l = s->app->layout;
	struct rpmsg_layout_setup setup;
	struct rpmsg_device *bus;
	struct rpmsg_channel *ch;
	int rc;

	rc = rpmsg_layout_map_fd(&s->map, mem_fd, 0, l->size);
	if (!rc)
		rc = rpmsg_layout_bell_init(&s->bell, kick_fd, irq_fd,
					    RPMSG_LAYOUT_IRQ_FD);
	if (!rc)
		rc = rpmsg_posix_os_init(&s->os);
	if (rc)
		return rc;
	s->slots = calloc(l->ring[0].num + l->ring[1].num, sizeof(*s->slots));
	s->buf_state = calloc(l->bufs[0].count + l->bufs[1].count, 1);
	if (!s->slots || !s->buf_state)
		return -ENOMEM;
	memset(&setup, 0, sizeof(setup));
	setup.role = s->role;
	setup.layout = l;
	setup.region = s->map.va;
	setup.os = &rpmsg_posix_os_ops;
	setup.os_ctx = &s->os;
	setup.kick = rpmsg_layout_bell_kick;
	setup.kick_arg = &s->bell;
	setup.slots = s->slots;
	setup.buf_state = s->role == RPMSG_VIRTIO_HOST ? s->buf_state : NULL;
	rc = rpmsg_layout_init(&s->link, &setup);
	if (rc)
		return rc;
	bus = rpmsg_layout_bus(&s->link);
	if (!s->app->channel && s->role == RPMSG_VIRTIO_HOST) {
		s->tx = &s->ept;
		return rpmsg_create_ept(&s->ept, bus, "echo", s->app->host_addr,
					s->app->remote_addr, host_cb, s);
	}
	if (!s->app->channel)
		return rpmsg_create_ept(&s->ept, bus, "echo",
					s->app->remote_addr, RPMSG_ADDR_ANY,
					remote_cb, s);
	strncpy(s->ids[0].name, s->app->channel, RPMSG_NAME_SIZE - 1);
	s->drv.name = "echo";
	s->drv.id_table = s->ids;
	s->drv.callback = s->role == RPMSG_VIRTIO_HOST ? host_cb : remote_cb;
	s->drv.probe = s->role == RPMSG_VIRTIO_HOST ? host_probe : NULL;
	rc = rpmsg_register_driver(bus, &s->drv);
	if (rc || s->role == RPMSG_VIRTIO_HOST)
		return rc;
	return rpmsg_create_channel(bus, s->app->channel, s->app->remote_addr,
				    RPMSG_ADDR_ANY, &ch);
}

/* Host: fill the window with the next messages. */
static int host_send(struct side *s)
{
	uint8_t buf[MAX_PAYLOAD];
	int rc;

	while (s->tx && rpmsg_layout_started(&s->link) &&
	       s->sent < s->app->messages && s->sent - s->echoed < WINDOW) {
		msg_fill(buf, s->sent);
		rc = rpmsg_trysend(s->tx, buf, msg_len(s->sent));
		if (rc == -ENOMEM)
			return 0; /* the remote has not returned one yet */
		if (rc)
			return rc;
		s->sent++;
	}
	return 0;
}

static int side_loop(struct side *s)
{
	time_t deadline = now_s() + DEADLINE_S;
	int rc = 0;

	while (s->echoed < s->app->messages && !s->bad && !rc &&
	       now_s() < deadline) {
		if (s->role == RPMSG_VIRTIO_HOST)
			rc = host_send(s);
		if (!rc)
			rc = rpmsg_layout_wait(&s->link, &s->bell, ROUND_MS);
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

/* The remote: waits for the host in its loop, says so, echoes. */
static int run_remote(struct side *s, int mem_fd, int kick_fd, int irq_fd,
		      int ready_fd)
{
	int rc = side_init(s, mem_fd, kick_fd, irq_fd);

	if (!rc)
		rc = rpmsg_layout_poll(&s->link);
	if (!rc && rpmsg_layout_started(&s->link))
		rc = -EPROTO; /* up before any host exists */
	if (!rc && write(ready_fd, "w", 1) != 1)
		rc = -errno;
	if (!rc)
		rc = side_loop(s);
	printf("%s: remote: waited for the host from its loop, echoed %u, "
	       "%u failed (rc %d)\n",
	       s->app->name, s->echoed, s->bad, rc);
	return rc || s->bad || s->echoed != s->app->messages;
}

static int run_host(struct side *s, int mem_fd, int kick_fd, int irq_fd,
		    int ready_fd)
{
	struct pollfd pfd = { .fd = ready_fd, .events = POLLIN };
	char c;
	int rc;

	/* The remote first: it writes the table and must be seen waiting. */
	if (poll(&pfd, 1, DEADLINE_S * 1000) != 1 || read(ready_fd, &c, 1) != 1)
		rc = -ETIMEDOUT;
	else
		rc = side_init(s, mem_fd, kick_fd, irq_fd);
	if (!rc)
		rc = side_loop(s);
	if (!rc && s->app->check && s->app->check(s->map.va)) {
		printf("%s: host: the region is not laid out as described\n",
		       s->app->name);
		rc = -EPROTO;
	}
	printf("%s: host: %u of %u echoes checked (1..%u bytes), %u bad "
	       "(rc %d)\n",
	       s->app->name, s->echoed - s->bad, s->app->messages,
	       MAX_PAYLOAD, s->bad, rc);
	rpmsg_layout_stop(&s->link);
	return rc || s->bad || s->echoed != s->app->messages;
}

int layout_pair_run(const struct layout_app *app)
{
	static struct side host, remote;
	int mem_fd, h2r, r2h, ready[2], status, bad;
	pid_t pid;

	mem_fd = memfd_create("rpmsg-layout", MFD_CLOEXEC);
	h2r = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	r2h = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (mem_fd < 0 || h2r < 0 || r2h < 0 || pipe(ready) ||
	    ftruncate(mem_fd, (off_t)app->layout->size)) {
		perror(app->name);
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		remote.app = app;
		remote.role = RPMSG_VIRTIO_REMOTE;
		bad = run_remote(&remote, mem_fd, r2h, h2r, ready[1]);
		fflush(stdout);
		_exit(bad);
	}
	host.app = app;
	host.role = RPMSG_VIRTIO_HOST;
	bad = run_host(&host, mem_fd, h2r, r2h, ready[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		bad = 1;
	printf("%s: %s\n", app->name, bad ? "FAILED" : "ok");
	return bad;
}
