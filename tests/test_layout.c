// SPDX-License-Identifier: BSD-3-Clause
/*
 * Described regions (rpmsg_layout.h): descriptions that must be refused
 * are, a host refuses a region whose table is not the described one,
 * and both roles come up, talk, and end, in one thread over one buffer:
 * the remote waits for DRIVER_OK (or the first doorbell, with no table)
 * from its own poll, and sees the host's reset.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rpmsg/rpmsg_layout.h>
#include <rpmsg/rpmsg_layout_posix.h>
#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_shm.h>

#define REGION 0x30000u

/* 64 entries, 4 KiB aligned: each ring is 0x1000 + 0x20a bytes. */
static const struct rpmsg_layout with_table = {
	.size = REGION,
	.rsc_offset = 0,
	.ring = { { 0x1000, 64, 0x1000 }, { 0x4000, 64, 0x1000 } },
	.bufs = { { 0x10000, 64, 512 }, { 0x18000, 64, 512 } },
	.features = 1u << RPMSG_VIRTIO_RPMSG_F_NS,
	.flags = RPMSG_LAYOUT_F_WRITE_TABLE,
};

static struct rpmsg_layout desc;

/* desc: with_table without its table, with @flags. */
static void no_table(uint32_t flags)
{
	desc = with_table;
	desc.rsc_offset = RPMSG_LAYOUT_NO_TABLE;
	desc.flags = flags;
}

static int check_both(void)
{
	int h = rpmsg_layout_check(&desc, RPMSG_VIRTIO_HOST);
	int r = rpmsg_layout_check(&desc, RPMSG_VIRTIO_REMOTE);

	return h ? h : r;
}

static void test_check_good(void **state)
{
	(void)state;
	desc = with_table;
	assert_int_equal(check_both(), 0);
	desc.rsc_offset = RPMSG_LAYOUT_NO_TABLE;
	desc.flags = 0;
	assert_int_equal(check_both(), 0);
}

static void test_check_bad(void **state)
{
	(void)state;
	assert_int_equal(rpmsg_layout_check(NULL, RPMSG_VIRTIO_HOST), -EINVAL);
	desc = with_table;
	assert_int_equal(rpmsg_layout_check(&desc, (enum rpmsg_virtio_role)7),
			 -EINVAL);
#define BAD(field, value, err)                                              \
	do {                                                                 \
		desc = with_table;                                           \
		desc.field = value;                                          \
		assert_int_equal(check_both(), err);                         \
	} while (0)
	BAD(size, 0, -EINVAL);
	BAD(size, 0x4000, -EINVAL);		 /* buffers past the end */
	BAD(da, UINT64_MAX - 16, -EINVAL);	 /* wraps */
	BAD(flags, 0x80, -EINVAL);
	BAD(peer, 0x100, -EINVAL);
	BAD(ring[0].num, 48, -EINVAL);		 /* not a power of two */
	BAD(ring[0].align, 2, -EINVAL);
	BAD(ring[0].align, 0x3000, -EINVAL);
	BAD(ring[0].offset, 0x1008, -EINVAL);	 /* descriptors unaligned */
	BAD(ring[1].offset, 0x2000, -EINVAL);	 /* overlaps ring 0 */
	BAD(ring[1].offset, 0x2fff0, -EINVAL);	 /* past the end */
	BAD(ring[0].offset, 0x0, -EINVAL);	 /* over the table */
	BAD(ring[0].offset, 0x10000, -EINVAL);	 /* over the buffers */
	BAD(bufs[0].count, 65, -EINVAL);	 /* more than the ring */
	BAD(bufs[0].count, 0, -EINVAL);
	BAD(bufs[0].size, 16, -EINVAL);		 /* a header only */
	BAD(bufs[1].offset, 0x17000, -EINVAL);	 /* overlaps bufs[0] */
	BAD(bufs[1].offset, 0x2c000, -EINVAL);	 /* past the end */
	BAD(rsc_offset, 2, -EINVAL);		 /* unaligned */
	BAD(rsc_offset, 0x0fd0, -EINVAL);	 /* runs into ring 0 */
	BAD(ring[1].num, 128, -EOPNOTSUPP);	 /* rings of two sizes */
	BAD(ring[1].align, 0x800, -EOPNOTSUPP);
	desc = with_table;
	desc.rsc_offset = RPMSG_LAYOUT_NO_TABLE; /* with F_WRITE_TABLE */
	assert_int_equal(check_both(), -EINVAL);
#undef BAD
	/* Each direction its own pool: both roles run it. */
	desc = with_table;
	desc.bufs[1] = (struct rpmsg_layout_bufs){ 0x20000, 16, 1024 };
	assert_int_equal(check_both(), 0);
	/* ... unless a ring (or the table) lies between the two areas,
	 * where a descriptor could reach it. */
	desc.ring[1].offset = 0x19000;
	assert_int_equal(check_both(), -EINVAL);
	desc.ring[1].offset = 0x4000;
	desc.rsc_offset = 0x1c000;
	assert_int_equal(check_both(), -EINVAL);
	desc.rsc_offset = 0x24000; /* after both: fine */
	assert_int_equal(check_both(), 0);
}

/* The remote writes 256-byte buffers, the host 1024-byte ones, apart. */
static const struct rpmsg_layout split_pools = {
	.size = REGION,
	.rsc_offset = 0,
	.ring = { { 0x1000, 64, 0x1000 }, { 0x4000, 64, 0x1000 } },
	.bufs = { { 0x10000, 48, 256 }, { 0x20000, 16, 1024 } },
	.features = 1u << RPMSG_VIRTIO_RPMSG_F_NS,
	.flags = RPMSG_LAYOUT_F_WRITE_TABLE,
};

/* One side of an in-process pair. */
struct side {
	struct rpmsg_layout_link link;
	struct rpmsg_posix_os os;
	struct rpmsg_vq_slot slots[128];
	uint8_t buf_state[128];
	struct rpmsg_endpoint ept;
	struct side *peer;
	unsigned int kicks, got;
	char last[32];
};

static uint8_t *region;
static struct side host, remote;

static void kick(void *arg, unsigned int vq)
{
	struct side *s = arg;

	s->kicks++;
	/* The go-ahead of a host to a remote with no table; the rest is
	 * found by the next poll (no delivery from inside a kick). */
	if (!rpmsg_layout_started(&s->peer->link))
		rpmsg_layout_notified(&s->peer->link, vq);
}

static int rx(struct rpmsg_endpoint *ept, void *data, size_t len, void *priv,
	      uint32_t src)
{
	struct side *s = priv;

	(void)ept;
	(void)src;
	if (len < sizeof(s->last)) {
		memcpy(s->last, data, len);
		s->last[len] = 0;
	}
	s->got++;
	return 0;
}

static int side_init(struct side *s, enum rpmsg_virtio_role role,
		     const struct rpmsg_layout *l)
{
	struct rpmsg_layout_setup setup = {
		.role = role,
		.layout = l,
		.region = region,
		.os = &rpmsg_posix_os_ops,
		.os_ctx = &s->os,
		.kick = kick,
		.kick_arg = s,
		.slots = s->slots,
		.buf_state = role == RPMSG_VIRTIO_HOST ? s->buf_state : NULL,
	};

	return rpmsg_layout_init(&s->link, &setup);
}

static int setup(void **state)
{
	(void)state;
	region = calloc(1, REGION);
	memset(&host, 0, sizeof(host));
	memset(&remote, 0, sizeof(remote));
	host.peer = &remote;
	remote.peer = &host;
	if (!region || rpmsg_posix_os_init(&host.os) ||
	    rpmsg_posix_os_init(&remote.os))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rpmsg_layout_stop(&host.link);
	rpmsg_layout_stop(&remote.link);
	rpmsg_posix_os_destroy(&host.os);
	rpmsg_posix_os_destroy(&remote.os);
	free(region);
	return 0;
}

static void put32(uint32_t off, uint32_t v)
{
	memcpy(region + off, &v, sizeof(v));
}

static void test_init_misuse(void **state)
{
	struct rpmsg_layout_setup s = { 0 };

	(void)state;
	assert_int_equal(rpmsg_layout_init(NULL, &s), -EINVAL);
	assert_int_equal(rpmsg_layout_init(&host.link, NULL), -EINVAL);
	assert_int_equal(rpmsg_layout_init(&host.link, &s), -EINVAL);
	s.role = RPMSG_VIRTIO_HOST;
	s.layout = &with_table;
	s.region = region;
	s.os = &rpmsg_posix_os_ops;
	s.os_ctx = &host.os;
	s.kick = kick;
	s.slots = host.slots;
	assert_int_equal(rpmsg_layout_init(&host.link, &s), -EINVAL);
	assert_int_equal(rpmsg_layout_poll(NULL), -EINVAL);
	assert_int_equal(rpmsg_layout_notified(NULL, 0), -EINVAL);
	assert_int_equal(rpmsg_layout_write_table(&with_table, NULL), -EINVAL);
	assert_null(rpmsg_layout_bus(NULL));
	assert_false(rpmsg_layout_started(NULL));
}

/* A host finds what the description says in the table, or refuses. */
static void test_host_checks_table(void **state)
{
	(void)state;
	/* Nothing there yet. */
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table),
			 -ENODEV);
	assert_int_equal(rpmsg_layout_write_table(&with_table, region), 0);
	put32(0x44, 0x5000); /* vring 1's da, not the described one */
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table),
			 -ENODEV);
	assert_int_equal(rpmsg_layout_write_table(&with_table, region), 0);
	put32(4, 0x40000000); /* entries past the region */
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table),
			 -ENODEV);
	assert_int_equal(rpmsg_layout_write_table(&with_table, region), 0);
	put32(16, 0xFFFFFFF0u); /* the entry's offset far outside */
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table),
			 -ENODEV);
	/* Two entries: a trace entry (type 2), then the vdev. */
	assert_int_equal(rpmsg_layout_write_table(&with_table, region), 0);
	memmove(region + 0x1c, region + 0x14, 68);
	put32(4, 2);
	put32(16, 0x18);
	put32(20, 0x1c);
	put32(0x18, RPMSG_RSC_TRACE);
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table), 0);
}

/* Both sides over one buffer, pumped by turns from this thread. */
static void pump(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		assert_true(rpmsg_layout_poll(&host.link) >= 0);
		assert_true(rpmsg_layout_poll(&remote.link) >= 0);
	}
}

static void talk(void)
{
	struct rpmsg_device *hb = rpmsg_layout_bus(&host.link);
	struct rpmsg_device *rb = rpmsg_layout_bus(&remote.link);

	assert_int_equal(rpmsg_create_ept(&host.ept, hb, "h", 0x400, 30, rx,
					  &host), 0);
	assert_int_equal(rpmsg_create_ept(&remote.ept, rb, "r", 30, 0x400, rx,
					  &remote), 0);
	pump();
	assert_true(rpmsg_layout_started(&host.link));
	assert_true(rpmsg_layout_started(&remote.link));
	assert_int_equal(rpmsg_trysend(&host.ept, "to remote", 9), 0);
	assert_int_equal(rpmsg_trysend(&remote.ept, "to host", 7), 0);
	pump();
	assert_int_equal(remote.got, 1);
	assert_string_equal(remote.last, "to remote");
	assert_int_equal(host.got, 1);
	assert_string_equal(host.last, "to host");
}

static void test_table_pair(void **state)
{
	(void)state;
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &with_table),
			 0);
	/* No host yet: the remote waits in its polls. */
	assert_int_equal(rpmsg_layout_poll(&remote.link), 0);
	assert_int_equal(rpmsg_layout_poll(&remote.link), 0);
	assert_false(rpmsg_layout_started(&remote.link));
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &with_table), 0);
	talk();
	/* The host granted NS in the table. */
	assert_int_equal(region[0x14 + RPMSG_RSC_VDEV_GFEATURES], 1);
	/* A host reset ends the remote's link. */
	rpmsg_layout_stop(&host.link);
	assert_false(rpmsg_layout_started(&host.link));
	assert_int_equal(rpmsg_layout_poll(&remote.link), -EPIPE);
	assert_false(rpmsg_layout_started(&remote.link));
	assert_int_equal(rpmsg_trysend(&remote.ept, "x", 1), -EPIPE);
	assert_int_equal(rpmsg_layout_poll(&remote.link), -EPIPE);
}

static void test_no_table_pair(void **state)
{
	(void)state;
	no_table(0);
	desc.peer = RPMSG_PEER_RPMSG_LITE;
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	assert_int_equal(rpmsg_layout_poll(&remote.link), 0);
	assert_false(rpmsg_layout_started(&remote.link));
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &desc), 0);
	/* The host's start rings the remote: that is its go-ahead. */
	assert_int_equal(rpmsg_layout_poll(&host.link), 0);
	assert_true(host.kicks > 0);
	talk();
}

static void test_start_at_once(void **state)
{
	(void)state;
	no_table(RPMSG_LAYOUT_F_START_AT_ONCE);
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, &desc), 0);
	assert_int_equal(rpmsg_layout_poll(&host.link), 0);
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	/* Up at its first poll, without any doorbell. */
	assert_int_equal(rpmsg_layout_poll(&remote.link), 0);
	assert_true(rpmsg_layout_started(&remote.link));
	talk();
}

/* What a split-pool receiver saw: message count, bytes and a sum. */
struct seen {
	unsigned int n;
	size_t bytes;
	uint32_t sum;
	bool bad;
};

static struct seen seen_host, seen_remote;

/* Message @i of @len bytes carries (i + k) & 0xff at offset k. */
static void fill(uint8_t *p, size_t len, unsigned int i)
{
	size_t k;

	for (k = 0; k < len; k++)
		p[k] = (uint8_t)(i + k);
}

static int rx_checked(struct rpmsg_endpoint *ept, void *data, size_t len,
		      void *priv, uint32_t src)
{
	struct seen *s = priv;
	const uint8_t *p = data;
	size_t k;

	(void)ept;
	(void)src;
	for (k = 0; k < len; k++)
		if (p[k] != (uint8_t)(s->n + k))
			s->bad = true;
	s->n++;
	s->bytes += len;
	return 0;
}

/* Whether the payload of a message lies in @b's area of the region. */
static bool in_area(const struct rpmsg_layout_bufs *b, const void *payload)
{
	const uint8_t *p = payload;

	return p >= region + b->offset + 16 &&
	       p < region + b->offset + (size_t)b->count * b->size;
}

static void test_split_pools(void **state)
{
	const struct rpmsg_layout *l = &split_pools;
	struct rpmsg_device *hb, *rb;
	static uint8_t msg[1024];
	unsigned int i;
	uint32_t cap;
	void *buf;

	(void)state;
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, l), 0);
	assert_int_equal(side_init(&host, RPMSG_VIRTIO_HOST, l), 0);
	hb = rpmsg_layout_bus(&host.link);
	rb = rpmsg_layout_bus(&remote.link);
	assert_int_equal(rpmsg_create_ept(&host.ept, hb, "h", 0x400, 30,
					  rx_checked, &seen_host), 0);
	assert_int_equal(rpmsg_create_ept(&remote.ept, rb, "r", 30, 0x400,
					  rx_checked, &seen_remote), 0);
	pump();
	assert_true(rpmsg_layout_started(&remote.link));
	/* Each side's MTU is the size of the buffers it writes. */
	assert_int_equal(rpmsg_get_mtu(&host.ept), 1024 - 16);
	assert_int_equal(rpmsg_get_mtu(&remote.ept), 256 - 16);
	assert_int_equal(rpmsg_trysend(&host.ept, msg, 1009), -EMSGSIZE);
	assert_int_equal(rpmsg_trysend(&remote.ept, msg, 241), -EMSGSIZE);
	/* Buffers come from their own areas. */
	assert_int_equal(rpmsg_get_tx_buffer(&host.ept, &buf, &cap, 0), 0);
	assert_true(in_area(&l->bufs[1], buf));
	assert_int_equal(cap, 1024 - 16);
	assert_int_equal(rpmsg_release_tx_buffer(&host.ept, buf), 0);
	assert_int_equal(rpmsg_get_tx_buffer(&remote.ept, &buf, &cap, 0), 0);
	assert_true(in_area(&l->bufs[0], buf));
	assert_int_equal(cap, 256 - 16);
	assert_int_equal(rpmsg_release_tx_buffer(&remote.ept, buf), 0);
	/* Round after round through every buffer of both pools, each
	 * message of its side's full size or less, checked byte by byte. */
	for (i = 0; i < 400; i++) {
		size_t hlen = 1008 - (i % 7), rlen = 240 - (i % 5);

		fill(msg, hlen, i);
		assert_int_equal(rpmsg_trysend(&host.ept, msg, hlen), 0);
		fill(msg, rlen, i);
		assert_int_equal(rpmsg_trysend(&remote.ept, msg, rlen), 0);
		pump();
		assert_int_equal(seen_remote.n, i + 1);
		assert_int_equal(seen_host.n, i + 1);
	}
	assert_false(seen_remote.bad);
	assert_false(seen_host.bad);
}

static void put16(uint32_t off, uint16_t v)
{
	memcpy(region + off, &v, sizeof(v));
}

static void put_desc(uint32_t ring, unsigned int i, uint32_t addr,
		     uint32_t len)
{
	uint64_t a = addr;

	memcpy(region + ring + 16u * i, &a, 8);
	put32(ring + 16u * i + 8, len);
	put16(ring + 16u * i + 12, 0);
	put16(ring + 16u * i + 14, 0);
}

/* The link's memory spans the buffers only: a host's descriptor that
 * points at a ring is refused and counted, one in the buffers is
 * delivered. The "host" here is the test writing vq 1 by hand. */
static void test_descriptor_outside_buffers(void **state)
{
	const uint32_t vq1 = with_table.ring[1].offset;
	const uint32_t avail = vq1 + 16u * 64u;
	const uint32_t msg = with_table.bufs[1].offset;
	struct rpmsg_stats st;

	(void)state;
	no_table(RPMSG_LAYOUT_F_START_AT_ONCE);
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	assert_int_equal(rpmsg_create_ept(&remote.ept,
					  rpmsg_layout_bus(&remote.link), "r",
					  30, RPMSG_ADDR_ANY, rx, &remote), 0);
	assert_int_equal(rpmsg_layout_poll(&remote.link), 0);
	assert_true(rpmsg_layout_started(&remote.link));
	/* A "message" over ring 0's descriptors, then a real one. */
	put_desc(vq1, 0, with_table.ring[0].offset, 64);
	put_desc(vq1, 1, msg, 512);
	put32(msg, 0x400);
	put32(msg + 4, 30);
	put32(msg + 8, 0);
	put16(msg + 12, 5);
	put16(msg + 14, 0);
	memcpy(region + msg + 16, "hello", 5);
	put16(avail + 4, 0);
	put16(avail + 6, 1);
	put16(avail + 2, 2); /* avail.idx */
	assert_int_equal(rpmsg_layout_poll(&remote.link), 1);
	assert_int_equal(remote.got, 1);
	assert_string_equal(remote.last, "hello");
	assert_int_equal(rpmsg_get_stats(rpmsg_layout_bus(&remote.link), &st),
			 0);
	assert_int_equal(st.bad, 1);
}

/* Mapping a file: too short is refused (the map could fault), an
 * offset inside a page lands where it says. */
static void test_map(void **state)
{
	char path[] = "/tmp/rpmsg-layout-XXXXXX";
	struct rpmsg_layout_map map = { 0 };
	int fd = mkstemp(path);
	uint8_t byte = 0x5a;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(ftruncate(fd, 8192), 0);
	assert_int_equal(pwrite(fd, &byte, 1, 4096 + 16), 1);
	assert_int_equal(rpmsg_layout_map_fd(&map, fd, 0, 8193), -EINVAL);
	assert_int_equal(rpmsg_layout_map_fd(&map, fd, 8000, 200), -EINVAL);
	assert_int_equal(rpmsg_layout_map_fd(&map, fd, 9000, 1), -EINVAL);
	assert_int_equal(rpmsg_layout_map_fd(&map, -1, 0, 1), -EINVAL);
	assert_int_equal(rpmsg_layout_map_fd(&map, fd, 4096 + 16, 100), 0);
	assert_int_equal(*(uint8_t *)map.va, 0x5a);
	assert_int_equal(map.size, 100);
	rpmsg_layout_unmap(&map);
	assert_null(map.base);
	rpmsg_layout_unmap(&map);
	assert_int_equal(rpmsg_layout_map_path(&map, "/nonexistent/x", 0, 1),
			 -ENOENT);
	close(fd);
}

/* Doorbells: eventfds are taken, a pipe is not; a kick is seen by a wait
 * on the other end and consumed there. */
static void test_bell(void **state)
{
	struct rpmsg_layout_bell a, b;
	int e1 = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int e2 = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int p[2];
	uint64_t v;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(rpmsg_layout_bell_init(&a, p[1], e2,
						RPMSG_LAYOUT_IRQ_FD), -EINVAL);
	assert_int_equal(rpmsg_layout_bell_init(&a, e1, p[0],
						RPMSG_LAYOUT_IRQ_FD), -EINVAL);
	assert_int_equal(rpmsg_layout_bell_init(&a, e1, e2, 5), -EINVAL);
	assert_int_equal(rpmsg_layout_bell_init(&a, e1, e2,
						RPMSG_LAYOUT_IRQ_FD), 0);
	assert_int_equal(rpmsg_layout_bell_init(&b, e2, e1,
						RPMSG_LAYOUT_IRQ_FD), 0);
	rpmsg_layout_bell_kick(&a, 0);
	rpmsg_layout_bell_kick(&a, 1);
	/* The remote side of a no-table pair waits on it. */
	no_table(0);
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &b, 0), 0);
	/* The rings were never set up by a host, but the doorbell counts
	 * as its go-ahead: the remote is up, on zeroed rings. */
	assert_true(rpmsg_layout_started(&remote.link));
	/* Consumed: nothing left to read. */
	assert_int_equal(read(e1, &v, sizeof(v)), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(rpmsg_layout_wait(NULL, &b, 0), -EINVAL);
	close(e1);
	close(e2);
	close(p[0]);
	close(p[1]);
}

static uint32_t read_u32(int fd)
{
	uint32_t v = 0;

	if (recv(fd, &v, sizeof(v), MSG_DONTWAIT) != (ssize_t)sizeof(v))
		return 0xdeadbeefu;
	return v;
}

/* The UIO protocol, with a packet socket standing for /dev/uioN: the
 * interrupt is unmasked (4 bytes of 1) at init and again after each
 * event count read; nothing is read or written when nothing came. */
static void test_bell_uio(void **state)
{
	struct rpmsg_layout_bell bell;
	uint32_t count = 7;
	int sp[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
				    sp), 0);
	assert_int_equal(rpmsg_layout_bell_init(&bell, -1, sp[0],
						RPMSG_LAYOUT_IRQ_UIO), 0);
	assert_int_equal(read_u32(sp[1]), 1);
	no_table(0);
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &bell, 0), 0);
	assert_false(rpmsg_layout_started(&remote.link));
	assert_int_equal(read_u32(sp[1]), 0xdeadbeefu); /* nothing written */
	assert_int_equal(send(sp[1], &count, sizeof(count), 0), 4);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &bell, 0), 0);
	assert_true(rpmsg_layout_started(&remote.link));
	assert_int_equal(read_u32(sp[1]), 1); /* unmasked again */
	/* A kick with no kick descriptor does nothing. */
	rpmsg_layout_bell_kick(&bell, 0);
	assert_int_equal(read_u32(sp[1]), 0xdeadbeefu);
	/* The device goes away: the link ends instead of spinning. */
	close(sp[1]);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &bell, 0), -EPIPE);
	assert_false(rpmsg_layout_started(&remote.link));
}

/* A socket doorbell whose other end closes: the peer is gone, the link
 * ends with -EPIPE. */
static void test_bell_hangup(void **state)
{
	struct rpmsg_layout_bell bell;
	int sp[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				    sp), 0);
	assert_int_equal(rpmsg_layout_bell_init(&bell, sp[0], sp[0],
						RPMSG_LAYOUT_IRQ_FD), 0);
	no_table(RPMSG_LAYOUT_F_START_AT_ONCE);
	assert_int_equal(side_init(&remote, RPMSG_VIRTIO_REMOTE, &desc), 0);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &bell, 0), 0);
	assert_true(rpmsg_layout_started(&remote.link));
	close(sp[1]);
	assert_int_equal(rpmsg_layout_wait(&remote.link, &bell, 0), -EPIPE);
	assert_false(rpmsg_layout_started(&remote.link));
	assert_int_equal(rpmsg_layout_poll(&remote.link), -EPIPE);
	close(sp[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_good),
		cmocka_unit_test(test_check_bad),
		cmocka_unit_test_setup_teardown(test_init_misuse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_host_checks_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_table_pair, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_table_pair, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_split_pools, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_start_at_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_outside_buffers,
						setup, teardown),
		cmocka_unit_test(test_map),
		cmocka_unit_test_setup_teardown(test_bell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bell_uio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bell_hangup, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
