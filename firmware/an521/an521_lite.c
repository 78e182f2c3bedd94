// SPDX-License-Identifier: BSD-3-Clause
/*
 * Core 0 of the AN521 as an RPMsg-Lite-like master, for the MCU-only
 * configuration: the minimal remote (firmware/mini_main.c on src/mini/,
 * interrupt-driven) on core 1. This master does not use librpmsg's host
 * role; it writes the ring memory itself, the way an RPMsg-Lite master
 * does (docs/SPEC.md "Peers", PROTOCOL.md):
 *
 * - nothing negotiated: no status byte, no features, no resource table;
 *   both sides agree on the layout at compile time (rsc_table.h: vring 0
 *   at FW_VRING0_DA, vring 1 at FW_VRING1_DA, 16 entries, 16-byte
 *   alignment), then 16 receive and 16 transmit buffers of 512 bytes;
 * - its receive buffers (vq 0) posted on the avail ring, WRITE, 512;
 * - all its transmit buffers (vq 1) preloaded on the *used* ring (used.idx
 *   = 16, avail empty), a free buffer taken by consuming that used ring;
 *   its transmit descriptors WRITE with length 512;
 * - "no interrupt" set on both avail rings at start and never cleared,
 *   yet it acts only on doorbells (in the MHU interrupt handler), and
 *   kicks the remote once per message and once per buffer given back,
 *   unless the remote's used ring says "no notify";
 * - its first kick (vq 0, after the remote is released) tells the remote
 *   that the master is ready: the remote's link comes up on it.
 *
 * The exchange: the announcement of "rpmsg-client-sample", AN521_ECHOES
 * echoes of sizes 1..496 in turn with one message in flight (every echo
 * needs a doorbell each way), then AN521_BURSTS bursts that fill all 16
 * transmit buffers at once; every echo checked byte by byte; then the
 * interrupt counts (an521_check_doorbells). Everything the remote writes
 * (used ids, lengths, headers) is checked before it is used.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include "an521.h"
#include "rsc_table.h"

#ifndef AN521_ECHOES
#define AN521_ECHOES 10000u
#endif
#define AN521_BURSTS 50u
#define NUM FW_VRING_NUM /* 16 buffers per direction */
#define BUF_SIZE 512u	 /* RPMsg-Lite's default */
#define MAX_PAYLOAD (BUF_SIZE - RPMSG_HDR_SIZE)
#define POOL_DA (FW_SHM_DA + 0x1000u)
#define MASTER_ADDR 1024u
#define SERVICE "rpmsg-client-sample"

_Static_assert(FW_SHM_DA == AN521_SHM_DA, "rings in the internal SRAM");
_Static_assert(FW_VRING_ALIGN == 16u && NUM == 16u,
	       "RPMsg-Lite's MCU settings");
_Static_assert(0x1000u + 2u * NUM * BUF_SIZE <= FW_SHM_SIZE,
	       "buffers inside the shared window");

/* --- one legacy split ring, as the driver sees it -------------------------- */

struct lite_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct lite_used_elem {
	uint32_t id;
	uint32_t len;
};

struct lite_ring {
	volatile struct lite_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[NUM], used_event */
	volatile uint16_t *used;  /* flags, idx, then the elements */
	volatile struct lite_used_elem *used_ring;
	uint16_t avail_idx; /* next avail entry we publish */
	uint16_t last_used; /* next used entry we consume */
};

static struct lite_ring ring[2];

static void ring_init(struct lite_ring *r, uint32_t da)
{
	uint8_t *base = (uint8_t *)(uintptr_t)da;
	uint32_t used_off = (16u * NUM + 6u + 2u * NUM + FW_VRING_ALIGN - 1u) &
			    ~(FW_VRING_ALIGN - 1u);

	r->desc = (volatile struct lite_desc *)base;
	r->avail = (volatile uint16_t *)(base + 16u * NUM);
	r->used = (volatile uint16_t *)(base + used_off);
	r->used_ring = (volatile struct lite_used_elem *)(base + used_off + 4u);
	r->avail_idx = 0;
	r->last_used = 0;
	memset(base, 0, used_off + 4u + 8u * NUM + 2u);
	/* "No interrupt", for good. */
	r->avail[0] = RPMSG_VRING_AVAIL_F_NO_INTERRUPT;
}

static uint32_t buf_da(unsigned int vq, unsigned int id)
{
	return POOL_DA + (vq * NUM + id) * BUF_SIZE;
}

static uint8_t *buf_va(unsigned int vq, unsigned int id)
{
	return (uint8_t *)(uintptr_t)buf_da(vq, id);
}

/* Publish descriptor @id on @vq's avail ring, then kick unless the
 * remote's used ring says "no notify". */
static void ring_publish(unsigned int vq, uint16_t id)
{
	struct lite_ring *r = &ring[vq];

	r->avail[2u + r->avail_idx % NUM] = id;
	r->avail_idx++;
	/* The entry (and the buffer) before the index. */
	__asm__ volatile("dmb" ::: "memory");
	r->avail[1] = r->avail_idx;
	if (!(r->used[0] & RPMSG_VRING_USED_F_NO_NOTIFY))
		an521_ring_core1(vq);
}

/* --- the exchange ----------------------------------------------------------- */

static volatile uint32_t remote_addr = RPMSG_ADDR_ANY;
static volatile uint32_t echoes, sent;
static volatile uint32_t announcements;

static void fail(const char *why)
{
	an521_put_u32("an521: echoes", echoes);
	an521_fail(why);
}

/* Message @seq: 1..496 bytes in turn, a pattern of its number. */
static uint32_t msg_len(uint32_t seq)
{
	return 1u + seq % MAX_PAYLOAD;
}

static uint8_t msg_byte(uint32_t seq, uint32_t j)
{
	return (uint8_t)(seq * 31u + j * 7u + 3u);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* One message the remote sent, in receive buffer @id, @len bytes long
 * by the used ring. */
static void rx_one(uint8_t *buf, uint32_t len)
{
	uint32_t src, dst, plen, seq, j;

	if (len < RPMSG_HDR_SIZE || len > BUF_SIZE)
		fail("vq 0 used.len out of range");
	src = rd32(buf);
	dst = rd32(buf + 4);
	plen = (uint32_t)buf[12] | (uint32_t)buf[13] << 8;
	if (plen != len - RPMSG_HDR_SIZE)
		fail("vq 0 used.len does not match the header");
	if (dst == RPMSG_NS_ADDR) {
		if (plen != RPMSG_NAME_SIZE + 8u ||
		    memcmp(buf + RPMSG_HDR_SIZE, SERVICE, sizeof(SERVICE)) ||
		    rd32(buf + RPMSG_HDR_SIZE + RPMSG_NAME_SIZE + 4u) !=
			    RPMSG_NS_CREATE)
			fail("not the announcement of " SERVICE);
		remote_addr = rd32(buf + RPMSG_HDR_SIZE + RPMSG_NAME_SIZE);
		announcements = announcements + 1u;
		return;
	}
	seq = echoes;
	if (dst != MASTER_ADDR || src != remote_addr || seq >= sent)
		fail("a message that is no echo");
	if (plen != msg_len(seq))
		fail("an echo of the wrong size");
	for (j = 0; j < plen; j++)
		if (buf[RPMSG_HDR_SIZE + j] != msg_byte(seq, j))
			fail("an echo differed from its message");
	echoes = seq + 1u;
}

/* Core 1 rang (any vq): take every filled receive buffer, check it, give
 * it back with a kick of its own. Given-back transmit buffers are not
 * looked at here: a send takes them from the used ring when it needs one. */
void an521_core0_doorbell(uint32_t bits)
{
	struct lite_ring *r = &ring[0];
	uint32_t id, len;

	(void)bits;
	while (r->used[1] != r->last_used) {
		__asm__ volatile("dmb" ::: "memory"); /* index, then entry */
		id = r->used_ring[r->last_used % NUM].id;
		len = r->used_ring[r->last_used % NUM].len;
		r->last_used++;
		if (id >= NUM)
			fail("vq 0 used id out of range");
		rx_one(buf_va(0, id), len);
		ring_publish(0, (uint16_t)id);
	}
}

static int tx_free(const void *arg)
{
	(void)arg;
	return ring[1].used[1] != ring[1].last_used;
}

/* Send message @seq to the remote from a free transmit buffer: the next
 * entry of vq 1's used ring (preloaded with all of them at start). */
static void send_one(uint32_t seq)
{
	struct lite_ring *r = &ring[1];
	uint32_t id, len = msg_len(seq), j;
	uint8_t *buf;

	/* The remote gives a buffer back (with a doorbell) after it has
	 * handled its message, which may be after its echo arrived. */
	an521_wait(tx_free, NULL, "no transmit buffer back (doorbell lost)");
	__asm__ volatile("dmb" ::: "memory");
	id = r->used_ring[r->last_used % NUM].id;
	r->last_used++;
	if (id >= NUM)
		fail("vq 1 used id out of range");
	buf = buf_va(1, id);
	wr32(buf, MASTER_ADDR);
	wr32(buf + 4, remote_addr);
	wr32(buf + 8, 0);
	wr32(buf + 12, len); /* len, flags 0 */
	for (j = 0; j < len; j++)
		buf[RPMSG_HDR_SIZE + j] = msg_byte(seq, j);
	/* RPMsg-Lite keeps every transmit descriptor WRITE, 512 bytes. */
	r->desc[id].len = BUF_SIZE;
	sent = seq + 1u;
	ring_publish(1, (uint16_t)id);
}

static int announced(const void *arg)
{
	(void)arg;
	return announcements != 0;
}

static void rings_init(void)
{
	unsigned int i;

	ring_init(&ring[0], FW_VRING0_DA);
	ring_init(&ring[1], FW_VRING1_DA);
	for (i = 0; i < NUM; i++) {
		ring[0].desc[i].addr = buf_da(0, i);
		ring[0].desc[i].len = BUF_SIZE;
		ring[0].desc[i].flags = RPMSG_VRING_DESC_F_WRITE;
		ring[0].avail[2u + i] = (uint16_t)i;
		ring[1].desc[i].addr = buf_da(1, i);
		ring[1].desc[i].len = BUF_SIZE;
		ring[1].desc[i].flags = RPMSG_VRING_DESC_F_WRITE;
		ring[1].used_ring[i].id = i;
		ring[1].used_ring[i].len = BUF_SIZE;
	}
	ring[0].avail_idx = NUM;
	__asm__ volatile("dmb" ::: "memory");
	ring[0].avail[1] = NUM;
	ring[1].used[1] = NUM; /* every transmit buffer free */
}

void an521_core0_main(void)
{
	uint32_t i, b, seq = 0;

	an521_puts("an521: core 0 up, RPMsg-Lite-like master\n");
	/* Core 1's image carries no table this master would read. */
	(void)an521_load_core1(NULL, 0);
	rings_init();
	an521_release_core1();
	/* "The master is ready": the remote's link comes up on it. */
	an521_ring_core1(0);
	an521_wait(announced, NULL, "no announcement (doorbell lost)");
	an521_put_u32("an521: core 1 announced " SERVICE " at", remote_addr);

	for (i = 0; i < AN521_ECHOES; i++, seq++) {
		send_one(seq);
		an521_wait_count(&echoes, seq + 1u,
				 "echo missing (doorbell lost)");
	}
	an521_put_u32("an521: echoes checked, one in flight", echoes);
	for (b = 0; b < AN521_BURSTS; b++) {
		for (i = 0; i < NUM; i++)
			send_one(seq + i);
		seq += NUM;
		an521_wait_count(&echoes, seq, "echo missing (doorbell lost)");
	}
	an521_put_u32("an521: echoes checked, all 16 buffers in flight",
		      AN521_BURSTS * NUM);

	an521_check_doorbells();
	if (echoes != seq || announcements != 1u)
		fail("echo or announcement count");
	an521_puts("an521: PASS\n");
	an521_exit(1);
}
