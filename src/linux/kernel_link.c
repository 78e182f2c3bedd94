// SPDX-License-Identifier: BSD-3-Clause
/*
 * The kernel's rpmsg char devices as a transport of struct rpmsg_link
 * (RPMSG_LINK_KERNEL): the bus of rpmsg.h, with its drivers, channels,
 * endpoints and callbacks, run over what the kernel gives an application
 * instead of over rings of its own:
 *
 *   a channel on the kernel's bus   -> a name-service announcement to our
 *   (sysfs, not served by another      bus, so drivers probe as on any
 *   kernel driver)                     link; its removal -> the destroy
 *   a channel of ours with a driver -> the kernel channel's /dev/rpmsgN
 *                                      (given to rpmsg_char by
 *                                      driver_override if unbound)
 *   any other endpoint of ours      -> an endpoint made on /dev/rpmsg_ctrlN
 *                                      when it is bound (at start for
 *                                      those bound before): to its
 *                                      destination from an address the
 *                                      kernel picks, or, without one
 *                                      (listen-only), at its own address;
 *                                      one per other destination it
 *                                      sends to, at the first send
 *   a message read from a node      -> dispatched to the address of ours
 *                                      it serves, from the node's
 *                                      destination (the kernel does not
 *                                      tell the sender's address)
 *
 * The kernel's channels change by uevent (and inotify on /dev): the
 * watch is one of the descriptors of one epoll set, with every node and
 * an eventfd that ends the thread; whoever services the link (its
 * thread, or an own-loop caller) rescans sysfs when the watch fires.
 *
 * Locking: @lock guards the node table, the channel table and the kernel
 * context (whose error text every call writes). It is taken inside the
 * transport operations, which the bus calls without its own lock, and is
 * never held while the bus runs a callback, so callbacks may send. Nor is
 * it held while anything waits: a send that finds no room waits for it
 * in poll() with @lock dropped, holding a reference on its node, and
 * opening a node (which may wait for the kernel's char driver to make
 * it) runs on a copy of the kernel context; so one endpoint waiting on
 * the remote stops neither receiving nor the other endpoints. The order
 * is @lock, then the bus's lock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_transport.h>

#include "../core/ns_wire.h"
#include "kernel_internal.h"
#include "kernel_link.h"

#define MAX_CHANNELS 64
#define KEY_STOP 0u	/* epoll key of the eventfd */
#define KEY_WATCH 1u	/* of the uevent socket and inotify */
#define KEY_FIRST 2u	/* nodes count up from here */
#define RX_BUDGET 64	/* messages per node and service pass */
#define DEFAULT_TIMEOUT_MS 5000u
#define EPT_NAME "rpmsg-link" /* for a node of an endpoint without a name */

/* One open endpoint device, serving one address of our bus. */
struct node {
	struct rpmsg_kernel_ept kept;
	uint64_t key;  /* its epoll key */
	uint32_t addr; /* the address of ours it serves */
	uint32_t dst;  /* the remote's */
	char dev_name[RPMSG_KERNEL_DEV_NAME_SIZE]; /* channel's; "" if made */
	unsigned int refs; /* senders waiting on it with @lock dropped */
	int wake; /* eventfd that ends their waits when it dies, or -1 */
	bool opening; /* in the table, being opened by attach() */
	bool dead; /* out of the table; closed when @refs drops to 0 */
	struct node *next;
};

/* A channel of the kernel's bus that our bus was told of. */
struct chan {
	char dev_name[RPMSG_KERNEL_DEV_NAME_SIZE];
	char name[RPMSG_NAME_SIZE];
	uint32_t dst;
	bool seen; /* scratch of rescan() */
	/* Its node said the kernel removed the device: gone, even if the
	 * remote announced it again at once (the same sysfs name). */
	bool lost;
};

/* What rescan() tells the bus once @lock is dropped. */
struct ns_change {
	char name[RPMSG_NAME_SIZE];
	uint32_t dst;
	bool destroy;
};

struct rpmsg_k_link {
	struct rpmsg_device bus;
	struct rpmsg_posix_os os;
	pthread_mutex_t lock;
	pthread_cond_t cond; /* @gone became true */
	struct rpmsg_kernel k;
	char ctrl[RPMSG_KERNEL_PATH_SIZE]; /* as asked, "" for the first */
	char ctrl_path[RPMSG_KERNEL_PATH_SIZE]; /* the one found at start */
	struct rpmsg_k_watch watch;
	int epfd;
	int stopfd;
	int haltfd; /* readable once stopped or gone: ends senders' waits */
	struct node *nodes;
	uint64_t next_key;
	struct chan chans[MAX_CHANNELS];
	size_t nchans;
	uint32_t timeout_ms; /* waits for a channel's node */
	unsigned char *rxbuf; /* handed to the bus while a callback holds it */
	pthread_t thread;
	bool own_loop;
	bool started;
	bool threaded; /* @thread runs */
	bool stopped;
	bool gone;
	bool rescan; /* a channel was lost: rescan() after this pass */
};

static struct rpmsg_k_link *of_bus(struct rpmsg_device *dev)
{
	return (struct rpmsg_k_link *)(void *)((char *)dev -
					       offsetof(struct rpmsg_k_link, bus));
}

/* --- the node table (under @lock) --------------------------------------- */

static struct node *node_by_addr(struct rpmsg_k_link *kl, uint32_t addr,
				 uint32_t dst)
{
	struct node *n;

	for (n = kl->nodes; n; n = n->next)
		if (n->addr == addr && n->dst == dst)
			return n;
	return NULL;
}

static struct node *node_by_key(struct rpmsg_k_link *kl, uint64_t key)
{
	struct node *n;

	for (n = kl->nodes; n; n = n->next)
		if (n->key == key)
			return n;
	return NULL;
}

static void node_close(struct node *n)
{
	if (n->kept.fd >= 0)
		(void)rpmsg_kernel_destroy_ept(&n->kept);
	if (n->wake >= 0)
		close(n->wake);
	free(n);
}

/* Takes @n out of the table and the epoll set; closes and frees it, or,
 * while senders wait on it, wakes them and leaves it to the last one;
 * one being opened is left to attach(). */
static void node_free(struct rpmsg_k_link *kl, struct node *n)
{
	struct node **pp;
	uint64_t one = 1;

	for (pp = &kl->nodes; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	n->dead = true;
	if (n->opening)
		return;
	if (n->key)
		(void)epoll_ctl(kl->epfd, EPOLL_CTL_DEL, n->kept.fd, NULL);
	if (!n->refs) {
		node_close(n);
		return;
	}
	if (n->wake >= 0 && write(n->wake, &one, sizeof(one)) < 0) {
		/* Only at the counter's maximum: readable already. */
	}
}

/* Drops a sender's reference on @n; the last one frees a dead node. */
static void node_put(struct node *n)
{
	if (--n->refs == 0 && n->dead)
		node_close(n);
}

/* Puts @n, open, into the epoll set: 0 or -errno. */
static int node_watch(struct rpmsg_k_link *kl, struct node *n)
{
	struct epoll_event ev = { .events = EPOLLIN };

	n->key = kl->next_key++;
	ev.data.u64 = n->key;
	if (epoll_ctl(kl->epfd, EPOLL_CTL_ADD, n->kept.fd, &ev) != 0)
		return -errno;
	return 0;
}

static struct chan *chan_by_dst(struct rpmsg_k_link *kl, uint32_t dst)
{
	size_t i;

	for (i = 0; i < kl->nchans; i++)
		if (kl->chans[i].dst == dst)
			return &kl->chans[i];
	return NULL;
}

/* Is @addr -> @dst the own endpoint of a channel of our bus? */
static bool is_bus_channel(struct rpmsg_k_link *kl, uint32_t addr,
			   uint32_t dst)
{
	struct rpmsg_channel_info ci[MAX_CHANNELS];
	int n = rpmsg_list_channels(&kl->bus, ci, MAX_CHANNELS), i;

	for (i = 0; i < n && i < MAX_CHANNELS; i++)
		if (ci[i].src == addr && ci[i].dst == dst)
			return true;
	return false;
}

/* The name of our endpoint at @addr, for the node made for it. */
static void ept_name(struct rpmsg_k_link *kl, uint32_t addr, char *out)
{
	struct rpmsg_ept_info ei[64];
	int n = rpmsg_list_endpoints(&kl->bus, ei, 64), i;

	rpmsg_k_copy(out, RPMSG_NAME_SIZE, EPT_NAME);
	for (i = 0; i < n && i < 64; i++)
		if (ei[i].addr == addr && ei[i].name[0])
			rpmsg_k_copy(out, RPMSG_NAME_SIZE, ei[i].name);
}

/* The node for our @addr -> @dst, opened now if there is none yet: the
 * kernel channel's own node for a channel of ours, an endpoint made on
 * the control device otherwise. Called and returns with @lock held, but
 * drops it while the node is opened (the char driver may take a while
 * to make it): the node is in the table meanwhile, @opening, so that
 * another thread after the same pair waits for it instead of opening the
 * device a second time (the kernel lets one process open it), and the
 * open runs on a copy of the kernel context, whose sentence is copied
 * back. A channel removed meanwhile marks it dead. 0 with *out set, or
 * -errno. */
static int attach(struct rpmsg_k_link *kl, uint32_t addr, uint32_t dst,
		  struct node **out)
{
	struct chan *c = chan_by_dst(kl, dst);
	char name[RPMSG_NAME_SIZE], ctrl[RPMSG_KERNEL_PATH_SIZE];
	struct rpmsg_kernel *k;
	uint32_t timeout_ms = kl->timeout_ms;
	bool chan_node;
	struct node *n;
	int rc;

	while ((n = node_by_addr(kl, addr, dst)) && n->opening)
		pthread_cond_wait(&kl->cond, &kl->lock); /* bounded by its open */
	if (n) {
		*out = n;
		return 0;
	}
	chan_node = c && is_bus_channel(kl, addr, dst);
	if (chan_node && c->lost)
		return -EPIPE; /* until rescan() told the bus */
	n = calloc(1, sizeof(*n));
	k = malloc(sizeof(*k));
	if (!n || !k) {
		free(n);
		free(k);
		return -ENOMEM;
	}
	*k = kl->k;
	k->error[0] = '\0';
	n->kept.fd = n->wake = -1;
	n->addr = addr;
	n->dst = dst;
	n->opening = true;
	if (chan_node)
		rpmsg_k_copy(n->dev_name, sizeof(n->dev_name), c->dev_name);
	else
		ept_name(kl, addr, name);
	rpmsg_k_copy(ctrl, sizeof(ctrl), kl->ctrl_path);
	n->next = kl->nodes;
	kl->nodes = n;
	pthread_mutex_unlock(&kl->lock);
	if (n->dev_name[0])
		rc = rpmsg_k_open_channel_dev(k, &n->kept, n->dev_name,
					      timeout_ms, NULL, NULL);
	else /* A listen-only endpoint is reached at its own address. */
		rc = rpmsg_kernel_create_ept(k, &n->kept, ctrl, name,
					     dst == RPMSG_ADDR_ANY ?
						     addr : RPMSG_ADDR_ANY,
					     dst, NULL, NULL);
	pthread_mutex_lock(&kl->lock);
	n->opening = false;
	pthread_cond_broadcast(&kl->cond);
	if (k->error[0])
		memcpy(kl->k.error, k->error, sizeof(kl->k.error));
	free(k);
	if (!rc && (n->dead || kl->stopped || kl->gone))
		rc = -EPIPE; /* its channel went, or the link, meanwhile */
	if (!rc) {
		n->kept.k = &kl->k;
		rc = node_watch(kl, n);
	}
	if (rc) {
		node_free(kl, n);
		return rc;
	}
	*out = n;
	return 0;
}

/* --- the transport operations ------------------------------------------- */

/* A tx buffer: the sender's timeout travels with it to send_nocopy(). */
struct txbuf {
	uint32_t timeout_ms;
	unsigned char payload[RPMSG_KERNEL_MAX_PAYLOAD];
};

static struct txbuf *txbuf_of(void *payload)
{
	return (struct txbuf *)(void *)((char *)payload -
					offsetof(struct txbuf, payload));
}

static size_t k_get_mtu(struct rpmsg_device *dev)
{
	(void)dev;
	return RPMSG_KERNEL_MAX_PAYLOAD;
}

static int k_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			   uint32_t *size, uint32_t timeout_ms)
{
	struct txbuf *b = malloc(sizeof(*b));

	(void)dev;
	if (!b)
		return -ENOMEM;
	b->timeout_ms = timeout_ms;
	*payload = b->payload;
	*size = RPMSG_KERNEL_MAX_PAYLOAD;
	return 0;
}

/* Waits with @lock dropped until node @n has room, the node goes (the
 * kernel took it away, or its channel went), the link stops, or
 * @deadline passes: 0 (try again), -EPIPE or -ETIMEDOUT. @lock is held
 * again on return. */
static int wait_room(struct rpmsg_k_link *kl, struct node *n,
		     uint64_t deadline)
{
	struct pollfd p[3];
	int rc, err = 0;
	bool dead;

	if (n->wake < 0)
		n->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	p[0] = (struct pollfd){ .fd = n->kept.fd, .events = POLLOUT };
	p[1] = (struct pollfd){ .fd = kl->haltfd, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = n->wake, .events = POLLIN }; /* -1: none */
	n->refs++;
	pthread_mutex_unlock(&kl->lock);
	do {
		rc = poll(p, 3, rpmsg_k_poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		err = errno;
	pthread_mutex_lock(&kl->lock);
	dead = n->dead;
	node_put(n);
	if (dead || kl->stopped || kl->gone)
		return -EPIPE;
	if (rc < 0)
		return rpmsg_k_fail(&kl->k, -err, "waiting to send on %s: %s",
				    n->kept.node, strerror(err));
	if (rc == 0)
		return rpmsg_k_fail(&kl->k, -ETIMEDOUT,
				    "no room to send on %s in time: the remote "
				    "takes no messages", n->kept.node);
	return 0; /* room, or the kernel's error, which the write tells */
}

static int k_send_nocopy(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
			 void *payload, size_t len)
{
	struct rpmsg_k_link *kl = of_bus(dev);
	struct txbuf *b = txbuf_of(payload);
	uint64_t deadline = rpmsg_k_deadline(b->timeout_ms);
	struct node *n;
	int rc;

	/* Our own announcements: the kernel makes its channels from the
	 * remote's, and ours have no kernel device to go to. */
	if (dst == RPMSG_NS_ADDR) {
		free(b);
		return 0;
	}
	pthread_mutex_lock(&kl->lock);
	for (;;) {
		rc = kl->stopped || kl->gone ? -EPIPE : attach(kl, src, dst, &n);
		if (rc)
			break;
		rc = rpmsg_kernel_trysend(&n->kept, payload, len);
		/* A made endpoint the kernel removed is made again by the
		 * next send (a channel's goes with its channel). */
		if (rc == -EPIPE && !n->dev_name[0])
			node_free(kl, n);
		if (rc != -EAGAIN || b->timeout_ms == 0)
			break;
		rc = wait_room(kl, n, deadline);
		if (rc)
			break;
	}
	pthread_mutex_unlock(&kl->lock);
	free(b);
	if (rc == -EAGAIN)
		return -ENOMEM; /* the bus's word for "no room, no wait" */
	if (rc == -EMSGSIZE || rc == -EINVAL)
		return -EIO; /* the buffer is gone: not the caller's to retry */
	return rc;
}

static int k_release_tx_buffer(struct rpmsg_device *dev, void *payload)
{
	(void)dev;
	free(txbuf_of(payload));
	return 0;
}

static int k_release_rx_buffer(struct rpmsg_device *dev, void *payload)
{
	(void)dev;
	free(payload);
	return 0;
}

/* An endpoint bound after the start gets its node now, so that it
 * receives before it sends (a listen-only one never sends); one bound
 * before gets it from rpmsg_k_link_start(). */
static int k_ept_bound(struct rpmsg_device *dev, uint32_t addr, uint32_t dst)
{
	struct rpmsg_k_link *kl = of_bus(dev);
	struct node *unused;
	int rc = 0;

	pthread_mutex_lock(&kl->lock);
	if (kl->stopped || kl->gone)
		rc = -EPIPE;
	else if (kl->started && addr != RPMSG_NS_ADDR)
		rc = attach(kl, addr, dst, &unused);
	pthread_mutex_unlock(&kl->lock);
	return rc;
}

/* The endpoint at @addr is gone: the kernel endpoints made for it too
 * (a channel's node stays with its channel). */
static void k_ept_unbound(struct rpmsg_device *dev, uint32_t addr)
{
	struct rpmsg_k_link *kl = of_bus(dev);
	struct node *n, *next;

	pthread_mutex_lock(&kl->lock);
	for (n = kl->nodes; n; n = next) {
		next = n->next;
		if (n->addr == addr && !n->dev_name[0])
			node_free(kl, n);
	}
	pthread_mutex_unlock(&kl->lock);
}

static const struct rpmsg_transport_ops k_ops = {
	.get_mtu = k_get_mtu,
	.get_tx_buffer = k_get_tx_buffer,
	.send_nocopy = k_send_nocopy,
	.release_tx_buffer = k_release_tx_buffer,
	.release_rx_buffer = k_release_rx_buffer,
	.ept_bound = k_ept_bound,
	.ept_unbound = k_ept_unbound,
};

/* --- what the kernel's bus has ------------------------------------------ */

static void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Tells our bus of a kernel channel as its remote would have. */
static void tell_bus(struct rpmsg_k_link *kl, const struct ns_change *c)
{
	uint8_t msg[NS_MSG_SIZE];

	memset(msg, 0, sizeof(msg));
	memcpy(msg + NS_NAME_OFF, c->name, strnlen(c->name, RPMSG_NAME_SIZE - 1));
	put32le(msg + NS_ADDR_OFF, c->dst);
	put32le(msg + NS_FLAGS_OFF, c->destroy ? RPMSG_NS_DESTROY
					       : RPMSG_NS_CREATE);
	(void)rpmsg_device_dispatch(&kl->bus, c->dst, RPMSG_NS_ADDR, msg,
				    sizeof(msg));
}

/* The kernel channels an application may use: announced by the remote
 * (a destination) and served by no kernel driver but rpmsg_char. */
static bool ours(const struct rpmsg_kernel_channel *ch)
{
	return ch->dst != RPMSG_ADDR_ANY &&
	       (!ch->driver[0] || !strcmp(ch->driver, "rpmsg_chrdev"));
}

/* Makes @haltfd readable for good: every sender's wait ends. */
static void halt_senders(struct rpmsg_k_link *kl)
{
	uint64_t one = 1;

	if (write(kl->haltfd, &one, sizeof(one)) < 0) {
		/* Only at the counter's maximum: readable already. */
	}
}

/* The control device went away: the remote's virtio device is gone. */
static void peer_left(struct rpmsg_k_link *kl)
{
	pthread_mutex_lock(&kl->lock);
	kl->gone = true;
	halt_senders(kl);
	pthread_cond_broadcast(&kl->cond);
	pthread_mutex_unlock(&kl->lock);
	rpmsg_device_teardown(&kl->bus);
}

/* After the announcement of @c: if a driver of our bus took the channel
 * (its probe may have sent already, which opened the node), the node,
 * so that it receives. */
static void served(struct rpmsg_k_link *kl, const struct ns_change *c)
{
	struct rpmsg_channel_info ci[MAX_CHANNELS];
	int n = rpmsg_list_channels(&kl->bus, ci, MAX_CHANNELS), i;
	struct node *unused;

	for (i = 0; i < n && i < MAX_CHANNELS; i++) {
		if (ci[i].dst != c->dst || strcmp(ci[i].name, c->name) ||
		    !ci[i].driver[0] || ci[i].src == RPMSG_ADDR_ANY)
			continue;
		pthread_mutex_lock(&kl->lock);
		(void)attach(kl, ci[i].src, c->dst, &unused);
		pthread_mutex_unlock(&kl->lock);
	}
}

/* Compares the kernel's channels with those our bus was told of and
 * tells it what changed; a channel our bus now serves gets its node.
 * Runs in the thread that services the link. */
static void rescan(struct rpmsg_k_link *kl)
{
	struct rpmsg_kernel_channel ch[MAX_CHANNELS];
	struct ns_change change[2 * MAX_CHANNELS];
	size_t nchange = 0, i, j;
	struct node *nd, *next;
	int n;

	if (access(kl->ctrl_path, F_OK) != 0) {
		if (!kl->gone)
			peer_left(kl);
		return;
	}
	pthread_mutex_lock(&kl->lock);
	n = rpmsg_kernel_list_channels(&kl->k, ch, MAX_CHANNELS);
	if (n > MAX_CHANNELS)
		n = MAX_CHANNELS;
	for (i = 0; i < kl->nchans; i++)
		kl->chans[i].seen = false;
	for (j = 0; n > 0 && j < (size_t)n; j++) {
		struct chan *c = NULL;

		if (!ours(&ch[j]))
			continue;
		for (i = 0; i < kl->nchans; i++)
			if (!strcmp(kl->chans[i].dev_name, ch[j].dev_name) &&
			    kl->chans[i].dst == ch[j].dst && !kl->chans[i].lost)
				c = &kl->chans[i];
		if (c) {
			c->seen = true;
			continue;
		}
		if (kl->nchans == MAX_CHANNELS)
			continue;
		c = &kl->chans[kl->nchans++];
		rpmsg_k_copy(c->dev_name, sizeof(c->dev_name), ch[j].dev_name);
		rpmsg_k_copy(c->name, sizeof(c->name), ch[j].name);
		c->dst = ch[j].dst;
		c->seen = true;
		c->lost = false;
		rpmsg_k_copy(change[nchange].name, RPMSG_NAME_SIZE, c->name);
		change[nchange].dst = c->dst;
		change[nchange++].destroy = false;
	}
	for (i = 0; i < kl->nchans;) {
		struct chan *c = &kl->chans[i];

		if (c->seen) {
			i++;
			continue;
		}
		rpmsg_k_copy(change[nchange].name, RPMSG_NAME_SIZE, c->name);
		change[nchange].dst = c->dst;
		change[nchange++].destroy = true;
		for (nd = kl->nodes; nd; nd = next) {
			next = nd->next;
			if (!strcmp(nd->dev_name, c->dev_name))
				node_free(kl, nd);
		}
		*c = kl->chans[--kl->nchans];
	}
	pthread_mutex_unlock(&kl->lock);
	/* Destroys first: a channel announced again at another address is
	 * one channel less, then one more. */
	for (i = 0; i < nchange; i++)
		if (change[i].destroy)
			tell_bus(kl, &change[i]);
	for (i = 0; i < nchange; i++) {
		if (change[i].destroy)
			continue;
		tell_bus(kl, &change[i]);
		served(kl, &change[i]);
	}
}

/* Gives our endpoints bound before the start their nodes, so that they
 * receive before their first send (listen-only ones: at all). 0, or the
 * first failure (the others are still tried). */
static int attach_bound(struct rpmsg_k_link *kl)
{
	struct rpmsg_ept_info ei[64];
	int n = rpmsg_list_endpoints(&kl->bus, ei, 64), i, rc, first = 0;
	struct node *unused;

	pthread_mutex_lock(&kl->lock);
	for (i = 0; i < n && i < 64; i++) {
		if (ei[i].addr == RPMSG_NS_ADDR || ei[i].is_channel_default)
			continue;
		rc = attach(kl, ei[i].addr, ei[i].dst, &unused);
		if (rc && !first)
			first = rc;
	}
	pthread_mutex_unlock(&kl->lock);
	return first;
}

/* --- receiving ---------------------------------------------------------- */

/* The kernel removed channel @dev_name's device (its node says EPIPE),
 * whatever sysfs shows by now: the remote may have announced it again
 * already, which the kernel makes a device of the same name. The next
 * rescan() tells the bus of the destroy, then of the new one. @lock
 * held. */
static void chan_lost(struct rpmsg_k_link *kl, const char *dev_name)
{
	size_t i;

	for (i = 0; i < kl->nchans; i++)
		if (!strcmp(kl->chans[i].dev_name, dev_name))
			kl->chans[i].lost = true;
	kl->rescan = true;
}

/* Delivers what node @key has waiting (up to RX_BUDGET messages): the
 * count, or -ENOMEM when no rx buffer could be had. */
static int rx_node(struct rpmsg_k_link *kl, uint64_t key)
{
	int count = 0;

	while (count < RX_BUDGET) {
		uint32_t addr = 0, dst = 0;
		struct node *n;
		int len;

		if (!kl->rxbuf) {
			kl->rxbuf = malloc(RPMSG_KERNEL_RX_SIZE);
			if (!kl->rxbuf)
				return -ENOMEM;
		}
		pthread_mutex_lock(&kl->lock);
		n = node_by_key(kl, key);
		len = n ? rpmsg_kernel_recv(&n->kept, kl->rxbuf,
					    RPMSG_KERNEL_RX_SIZE, 0)
			: -ENOENT;
		if (len == -EPIPE && n->dev_name[0])
			chan_lost(kl, n->dev_name);
		if (len == -EPIPE)
			node_free(kl, n); /* see k_send_nocopy() */
		if (n && len >= 0) {
			addr = n->addr;
			dst = n->dst;
		}
		pthread_mutex_unlock(&kl->lock);
		if (len < 0)
			break;
		count++;
		/* The bus holds the buffer (returns 1) until it is released
		 * through k_release_rx_buffer(): the next read gets another. */
		if (rpmsg_device_dispatch(&kl->bus, dst, addr, kl->rxbuf,
					  (size_t)len) == 1)
			kl->rxbuf = NULL;
	}
	return count;
}

/* One pass over what epoll says is ready; @timeout_ms as epoll_wait's.
 * The number of messages delivered, 1 more if asked to stop, or -errno. */
static int service(struct rpmsg_k_link *kl, int timeout_ms, bool *stop)
{
	struct epoll_event ev[16];
	int n, i, total = 0;
	bool rescan_now;

	n = epoll_wait(kl->epfd, ev, 16, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		uint64_t key = ev[i].data.u64, v;
		int rc;

		if (key == KEY_STOP) {
			if (read(kl->stopfd, &v, sizeof(v)) < 0 && errno != EAGAIN)
				return -errno;
			*stop = true;
		} else if (key == KEY_WATCH) {
			(void)rpmsg_k_watch_wait(&kl->watch, 0); /* drains */
			rescan(kl);
		} else {
			rc = rx_node(kl, key);
			if (rc < 0)
				return rc;
			total += rc;
		}
	}
	pthread_mutex_lock(&kl->lock);
	rescan_now = kl->rescan;
	kl->rescan = false;
	pthread_mutex_unlock(&kl->lock);
	if (rescan_now)
		rescan(kl);
	return total;
}

static void *thread_main(void *arg)
{
	struct rpmsg_k_link *kl = arg;
	bool stop = false;

	while (!stop)
		if (service(kl, -1, &stop) == -ENOMEM)
			break; /* every message would be lost: stop reading */
	return NULL;
}

/* --- the link ----------------------------------------------------------- */

int rpmsg_k_link_create(struct rpmsg_k_link **out, const char *ctrl,
			bool own_loop)
{
	struct epoll_event ev = { .events = EPOLLIN };
	pthread_condattr_t ca;
	struct rpmsg_k_link *kl;
	int rc;

	*out = NULL;
	kl = calloc(1, sizeof(*kl));
	if (!kl)
		return -ENOMEM;
	kl->epfd = kl->stopfd = kl->haltfd = -1;
	kl->watch.uevent = kl->watch.inotify = -1;
	kl->own_loop = own_loop;
	kl->next_key = KEY_FIRST;
	kl->timeout_ms = DEFAULT_TIMEOUT_MS;
	rc = rpmsg_kernel_init(&kl->k, NULL, NULL);
	if (!rc && ctrl)
		rc = rpmsg_k_path(kl->ctrl, sizeof(kl->ctrl), "%s", ctrl);
	if (rc) {
		free(kl);
		return rc;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&kl->lock, NULL);
	pthread_cond_init(&kl->cond, &ca);
	pthread_condattr_destroy(&ca);
	rc = rpmsg_posix_os_init(&kl->os);
	if (rc)
		goto fail_locks;
	rc = rpmsg_device_init(&kl->bus, &k_ops, &rpmsg_posix_os_ops, &kl->os);
	if (rc)
		goto fail_os;
	kl->epfd = epoll_create1(EPOLL_CLOEXEC);
	kl->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	kl->haltfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ev.data.u64 = KEY_STOP;
	if (kl->epfd < 0 || kl->stopfd < 0 || kl->haltfd < 0 ||
	    epoll_ctl(kl->epfd, EPOLL_CTL_ADD, kl->stopfd, &ev) != 0) {
		rc = -errno;
		goto fail_fds;
	}
	*out = kl;
	return 0;

fail_fds:
	if (kl->epfd >= 0)
		close(kl->epfd);
	if (kl->stopfd >= 0)
		close(kl->stopfd);
	if (kl->haltfd >= 0)
		close(kl->haltfd);
fail_os:
	rpmsg_posix_os_destroy(&kl->os);
fail_locks:
	pthread_cond_destroy(&kl->cond);
	pthread_mutex_destroy(&kl->lock);
	free(kl);
	return rc;
}

/* Arms the watch on the kernel's bus and /dev and puts its descriptors
 * into the epoll set: 0 or -errno. */
static int watch_start(struct rpmsg_k_link *kl)
{
	char devices[RPMSG_KERNEL_PATH_SIZE];
	const char *dirs[3] = { devices, kl->k.dev, NULL };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = KEY_WATCH };
	int rc;

	rc = rpmsg_k_path(devices, sizeof(devices), "%s/bus/rpmsg/devices",
			  kl->k.sysfs);
	if (!rc)
		rc = rpmsg_k_watch_open(&kl->watch, dirs);
	if (rc)
		return rpmsg_k_fail(&kl->k, rc,
				    "cannot watch the kernel's rpmsg devices: "
				    "neither a uevent socket nor inotify");
	if ((kl->watch.uevent >= 0 &&
	     epoll_ctl(kl->epfd, EPOLL_CTL_ADD, kl->watch.uevent, &ev)) ||
	    (kl->watch.inotify >= 0 &&
	     epoll_ctl(kl->epfd, EPOLL_CTL_ADD, kl->watch.inotify, &ev)))
		return -errno;
	return 0;
}

int rpmsg_k_link_start(struct rpmsg_k_link *kl, uint32_t timeout_ms)
{
	int rc;

	if (kl->started)
		return -EINVAL;
	if (timeout_ms && timeout_ms != RPMSG_TIMEOUT_FOREVER)
		kl->timeout_ms = timeout_ms;
	if (kl->ctrl[0])
		rc = access(kl->ctrl, F_OK) == 0 ?
			     rpmsg_k_path(kl->ctrl_path, sizeof(kl->ctrl_path),
					  "%s", kl->ctrl) :
			     rpmsg_k_open_fail(&kl->k, kl->ctrl, errno);
	else
		rc = rpmsg_k_first_ctrl(&kl->k, kl->ctrl_path,
					sizeof(kl->ctrl_path));
	if (!rc)
		rc = watch_start(kl);
	if (!rc)
		rc = rpmsg_device_ready(&kl->bus, true, true);
	if (rc)
		return rc;
	pthread_mutex_lock(&kl->lock);
	kl->started = true;
	pthread_mutex_unlock(&kl->lock);
	rescan(kl);
	rc = attach_bound(kl);
	if (rc)
		return rc;
	if (!kl->own_loop) {
		rc = -pthread_create(&kl->thread, NULL, thread_main, kl);
		if (rc)
			return rc;
		kl->threaded = true;
	}
	return 0;
}

struct rpmsg_device *rpmsg_k_link_bus(struct rpmsg_k_link *kl)
{
	return &kl->bus;
}

int rpmsg_k_link_service(struct rpmsg_k_link *kl)
{
	bool stop = false;

	if (!kl->started)
		return -EINVAL;
	if (kl->gone || kl->stopped)
		return -EPIPE;
	return service(kl, 0, &stop);
}

int rpmsg_k_link_poll_fds(struct rpmsg_k_link *kl, int *fds, size_t max)
{
	if (max < 1)
		return 0;
	fds[0] = kl->epfd;
	return 1;
}

bool rpmsg_k_link_peer_gone(struct rpmsg_k_link *kl)
{
	bool gone;

	pthread_mutex_lock(&kl->lock);
	gone = kl->gone;
	pthread_mutex_unlock(&kl->lock);
	return gone;
}

int rpmsg_k_link_wait_peer_gone(struct rpmsg_k_link *kl, uint32_t timeout_ms)
{
	uint64_t deadline = rpmsg_k_deadline(timeout_ms);
	struct timespec ts;
	int rc = 0;

	if (kl->own_loop)
		return -EINVAL;
	ts.tv_sec = (time_t)(deadline / 1000u);
	ts.tv_nsec = (long)(deadline % 1000u) * 1000000L;
	pthread_mutex_lock(&kl->lock);
	while (!kl->gone && rc == 0)
		rc = deadline == UINT64_MAX ?
			     pthread_cond_wait(&kl->cond, &kl->lock) :
			     pthread_cond_timedwait(&kl->cond, &kl->lock, &ts);
	rc = kl->gone ? 0 : -ETIMEDOUT;
	pthread_mutex_unlock(&kl->lock);
	return rc;
}

const char *rpmsg_k_link_error(struct rpmsg_k_link *kl)
{
	return rpmsg_kernel_error(&kl->k);
}

void rpmsg_k_link_stop(struct rpmsg_k_link *kl)
{
	pthread_mutex_lock(&kl->lock);
	kl->stopped = true;
	halt_senders(kl);
	pthread_mutex_unlock(&kl->lock);
	rpmsg_device_teardown(&kl->bus);
}

void rpmsg_k_link_destroy(struct rpmsg_k_link *kl)
{
	uint64_t one = 1;

	if (!kl)
		return;
	rpmsg_k_link_stop(kl);
	if (kl->threaded) {
		if (write(kl->stopfd, &one, sizeof(one)) < 0) {
			/* An eventfd takes 1 unless it is at its maximum,
			 * which means a stop is pending anyway. */
		}
		pthread_join(kl->thread, NULL);
	}
	while (kl->nodes)
		node_free(kl, kl->nodes);
	rpmsg_k_watch_close(&kl->watch);
	close(kl->epfd);
	close(kl->stopfd);
	close(kl->haltfd);
	free(kl->rxbuf);
	rpmsg_posix_os_destroy(&kl->os);
	pthread_cond_destroy(&kl->cond);
	pthread_mutex_destroy(&kl->lock);
	free(kl);
}
