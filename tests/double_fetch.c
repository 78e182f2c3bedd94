// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cases of double_fetch.h: a peer written at the level of ring memory
 * (peer_sim.h) sends our side one message, a second one prepared behind
 * it (reachable only through a changed index, entry or descriptor
 * address), while flip_trace.h changes one byte. A host peer sends on vq
 * 1 (avail entries, descriptors); a remote peer fills two of the rx
 * buffers our host posted on vq 0 (used entries).
 */
#include "double_fetch.h"

#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_virtio.h>

#include "flip_trace.h"
#include "peer_sim.h"

#define F_NS (1ull << RPMSG_VIRTIO_RPMSG_F_NS)
#define PEER_ADDR 0x401u
#define EPT_ADDR 0x400u
#define NS_ADDR 53u
#define NUM 4u
#define DATA_LEN 8u

/* Per run: what the callbacks saw (one run at a time, one thread). */
static struct df_outcome *cur;
static unsigned long last_count;

static uint32_t fnv(const uint8_t *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static int ept_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, uint32_t src)
{
	unsigned int i = cur->msgs++;

	(void)ept;
	(void)priv;
	if (i < DF_MAX_MSGS) {
		cur->msg_src[i] = src;
		cur->msg_len[i] = (uint32_t)len;
		cur->msg_hash[i] = fnv(data, len);
	}
	return 0;
}

static void ns_cb(struct rpmsg_device *dev, const char *name, uint32_t addr,
		  uint32_t flags, void *priv)
{
	(void)dev;
	(void)priv;
	cur->ns_events++;
	snprintf(cur->ns_name, sizeof(cur->ns_name), "%s", name);
	cur->ns_addr = addr;
	cur->ns_flags = flags;
}

unsigned int df_area_size(enum df_area area)
{
	switch (area) {
	case DF_BUF:
		return RPMSG_HDR_SIZE + 40u;
	case DF_DESC:
		return 16u;
	case DF_USED_ENTRY:
		return 8u;
	default:
		return 2u;
	}
}

/* The queue the peer sends on: vq 1 to a remote, vq 0 to a host. */
static unsigned int rx_vq(const struct df_case *c)
{
	return c->host ? 0u : 1u;
}

/* Buffer and descriptor of message @k (0: the one sent, 1: the one behind
 * it): a host peer's tx buffers NUM + k, descriptors k; a remote peer's
 * the rx buffers our host posted first on vq 0. */
static uint16_t msg_desc(struct sim *s, const struct df_case *c,
			 unsigned int k)
{
	return c->host ? sim_avail_entry(s, 0, (uint16_t)k) : (uint16_t)k;
}

static uint8_t *msg_buf(struct sim *s, const struct df_case *c,
			unsigned int k)
{
	uint16_t id = msg_desc(s, c, k);

	if (!c->host)
		return sim_buf(s, NUM + k);
	return sim_da_to_va(s, sim_desc_addr(s, 0, id), SIM_BUF);
}

/* The byte a case names, in the fixture's region. */
static uint8_t *target_of(struct sim *s, const struct df_case *c)
{
	struct sim_ring *r = &s->ring[rx_vq(c)];
	uint8_t *buf = msg_buf(s, c, 0);

	if (c->off >= df_area_size(c->area))
		return NULL;
	switch (c->area) {
	case DF_BUF:
		return buf ? buf + c->off : NULL;
	case DF_DESC:
		return c->host ? NULL : r->desc + c->off;
	case DF_AVAIL_IDX:
		return c->host ? NULL : r->avail + 2u + c->off;
	case DF_AVAIL_ENTRY:
		return c->host ? NULL : r->avail + 4u + c->off;
	case DF_USED_IDX:
		return c->host ? r->used + 2u + c->off : NULL;
	case DF_USED_ENTRY:
		return c->host ? r->used + 4u + c->off : NULL;
	}
	return NULL;
}

/* Message @k written and placed on the ring, not yet published. */
static int peer_write(struct sim *s, const struct df_case *c, unsigned int k)
{
	uint16_t id = msg_desc(s, c, k);
	uint8_t *buf = msg_buf(s, c, k);
	uint8_t payload[40];
	uint16_t len = DATA_LEN;
	uint32_t dst = EPT_ADDR;

	if (!buf)
		return -1;
	if (c->ns && !k) {
		sim_ns_msg(s, payload, "dfetch-svc", 0x600u, 0);
		len = 40;
		dst = NS_ADDR;
	} else {
		sim_fill(payload, DATA_LEN, 7u + k);
	}
	sim_write_msg(s, buf, PEER_ADDR, dst, payload, len);
	if (c->host) {
		sim_set_used_entry(s, 0, (uint16_t)k, id, RPMSG_HDR_SIZE + len);
		return 0;
	}
	sim_set_desc(s, 1, id, sim_buf_da(s, NUM + k), RPMSG_HDR_SIZE + len,
		     0);
	sim_set_avail_entry(s, 1, (uint16_t)k, id);
	return 0;
}

static void peer_publish(struct sim *s, const struct df_case *c)
{
	if (c->host)
		sim_set_used_idx(s, 0, 1);
	else
		sim_set_avail_idx(s, 1, 1);
}

/* A host peer: its rx buffers posted on vq 0, DRIVER_OK set. A remote
 * peer: nothing to do, our host does it all in start. */
static void peer_init(struct sim *s, const struct df_case *c)
{
	unsigned int i;

	s->device_features = F_NS;
	if (c->host)
		return;
	s->driver_features = F_NS;
	s->status = RPMSG_VIRTIO_STATUS_ACKNOWLEDGE |
		    RPMSG_VIRTIO_STATUS_DRIVER |
		    RPMSG_VIRTIO_STATUS_FEATURES_OK |
		    RPMSG_VIRTIO_STATUS_DRIVER_OK;
	for (i = 0; i < NUM; i++) {
		sim_set_desc(s, 0, (uint16_t)i, sim_buf_da(s, i), SIM_BUF,
			     RPMSG_VRING_DESC_F_WRITE);
		sim_set_avail_entry(s, 0, (uint16_t)i, (uint16_t)i);
	}
	sim_set_avail_idx(s, 0, NUM);
}

static void collect(struct sim *s, const struct df_case *c,
		    struct df_outcome *o)
{
	struct rpmsg_channel_info ch;
	unsigned int i;

	o->channels = rpmsg_list_channels(&s->vdev.bus, &ch, 1);
	if (o->channels > 0) {
		memcpy(o->ch_name, ch.name, sizeof(o->ch_name));
		o->ch_dst = ch.dst;
	}
	rpmsg_get_stats(&s->vdev.bus, &o->st);
	/* What our side gave back: a remote's used ring on vq 1, a host's
	 * buffers posted again on vq 0 (its avail ring). */
	if (!c->host) {
		o->used_idx = sim_used_idx(s, 1);
		for (i = 0; i < DF_MAX_MSGS && i < o->used_idx; i++)
			sim_used_entry(s, 1, (uint16_t)i, &o->used_id[i],
				       &o->used_len[i]);
		return;
	}
	o->used_idx = (uint16_t)(sim_avail_idx(s, 0) - NUM);
	for (i = 0; i < DF_MAX_MSGS && i < o->used_idx; i++) {
		o->used_id[i] = sim_avail_entry(s, 0, (uint16_t)(NUM + i));
		o->used_len[i] = sim_desc_len(s, 0, (uint16_t)o->used_id[i]);
	}
}

int df_run(const struct df_case *c, unsigned long flip_at,
	   struct df_outcome *out)
{
	struct rpmsg_virtio_config cfg;
	struct rpmsg_endpoint ept;
	struct sim *s;
	uint8_t *t;
	int rc = -1, rc2;

	memset(out, 0, sizeof(*out));
	cur = out;
	/* Page-aligned rings: the region is whole pages of its own. */
	s = sim_new(NUM, 4096);
	if (!s)
		return -1;
	if (flip_trace_init(s->region, s->size))
		goto out;
	peer_init(s, c);
	cfg = sim_config(s, c->host ? RPMSG_VIRTIO_HOST : RPMSG_VIRTIO_REMOTE,
			 F_NS, RPMSG_PEER_LINUX);
	if (rpmsg_virtio_init(&s->vdev, &cfg))
		goto out;
	if (rpmsg_ns_set_cb(&s->vdev.bus, ns_cb, NULL) ||
	    rpmsg_create_ept(&ept, &s->vdev.bus, "dfetch", EPT_ADDR,
			     RPMSG_ADDR_ANY, ept_cb, NULL) ||
	    rpmsg_virtio_start(&s->vdev, 0))
		goto stop;
	if (peer_write(s, c, 0) || peer_write(s, c, 1))
		goto stop;
	peer_publish(s, c);
	t = target_of(s, c);
	if (!t)
		goto stop;
	if (flip_at == DF_FLIP_FIRST) {
		*t = c->after;
		flip_at = 0;
	}
	flip_trace_plan(t, c->after, flip_at == DF_FLIP_BETWEEN ? 0 : flip_at);
	flip_trace_arm();
	out->rc = rpmsg_virtio_notified(&s->vdev, rx_vq(c));
	flip_trace_disarm();
	last_count = flip_trace_count();
	if (flip_at == DF_FLIP_BETWEEN) {
		/* The host publishes again: a second doorbell. */
		*t = c->after;
		rc2 = rpmsg_virtio_notified(&s->vdev, rx_vq(c));
		/* As one doorbell would count: both calls' messages. */
		out->rc = rc2 < 0 || out->rc < 0 ? rc2 : out->rc + rc2;
	}
	collect(s, c, out);
	rc = 0;
stop:
	rpmsg_virtio_stop(&s->vdev);
out:
	sim_free(s);
	cur = NULL;
	return rc;
}

unsigned long df_last_count(void)
{
	return last_count;
}

bool df_same(const struct df_outcome *a, const struct df_outcome *b)
{
	unsigned int i, n = a->msgs < DF_MAX_MSGS ? a->msgs : DF_MAX_MSGS;
	unsigned int u = a->used_idx < DF_MAX_MSGS ? a->used_idx : DF_MAX_MSGS;

	if (a->rc != b->rc || a->ns_events != b->ns_events ||
	    a->channels != b->channels || a->msgs != b->msgs ||
	    a->used_idx != b->used_idx ||
	    memcmp(&a->st, &b->st, sizeof(a->st)))
		return false;
	if (a->ns_events &&
	    (strcmp(a->ns_name, b->ns_name) || a->ns_addr != b->ns_addr ||
	     a->ns_flags != b->ns_flags))
		return false;
	if (a->channels > 0 &&
	    (strcmp(a->ch_name, b->ch_name) || a->ch_dst != b->ch_dst))
		return false;
	for (i = 0; i < n; i++)
		if (a->msg_src[i] != b->msg_src[i] ||
		    a->msg_len[i] != b->msg_len[i] ||
		    a->msg_hash[i] != b->msg_hash[i])
			return false;
	for (i = 0; i < u; i++)
		if (a->used_id[i] != b->used_id[i] ||
		    a->used_len[i] != b->used_len[i])
			return false;
	return true;
}

void df_print(const char *label, const struct df_outcome *o)
{
	unsigned int i;

	printf("  %s: rc %d, ns %u (\"%s\" 0x%x %u), channels %d (\"%s\" "
	       "0x%x), rx %u bad %u dropped %u, used %u:",
	       label, o->rc, o->ns_events, o->ns_name, (unsigned)o->ns_addr,
	       (unsigned)o->ns_flags, o->channels, o->ch_name,
	       (unsigned)o->ch_dst, (unsigned)o->st.rx, (unsigned)o->st.bad,
	       (unsigned)o->st.dropped, (unsigned)o->used_idx);
	for (i = 0; i < DF_MAX_MSGS && i < o->used_idx; i++)
		printf(" %u/%u", (unsigned)o->used_id[i],
		       (unsigned)o->used_len[i]);
	printf("; msgs %u:", o->msgs);
	for (i = 0; i < DF_MAX_MSGS && i < o->msgs; i++)
		printf(" 0x%x/%u/%08x", (unsigned)o->msg_src[i],
		       (unsigned)o->msg_len[i], (unsigned)o->msg_hash[i]);
	printf("\n");
}

/* Little-endian rings (legacy, on a little-endian machine: x86-64, the one
 * the tracer runs on): byte 0 of a field is its low byte. */
const struct df_case df_cases[] = {
	{ "NS name, first byte emptied", false, true, DF_BUF, 16, 0 },
	{ "NS name, a middle byte", false, true, DF_BUF, 16 + 4, 'X' },
	{ "NS address", false, true, DF_BUF, 16 + 32, 0x77 },
	{ "NS flags: create becomes destroy", false, true, DF_BUF, 16 + 36, 1 },
	{ "rx header src", false, false, DF_BUF, 0, 0x22 },
	{ "rx header dst: another endpoint", false, false, DF_BUF, 4, 0x01 },
	{ "rx header len: past the buffer", false, false, DF_BUF, 12, 0xff },
	{ "rx header len: shorter", false, false, DF_BUF, 12, 2 },
	{ "rx header len: high byte", false, false, DF_BUF, 13, 1 },
	{ "avail index: a second message", false, false, DF_AVAIL_IDX, 0, 2 },
	{ "avail index: past the ring", false, false, DF_AVAIL_IDX, 0, 9 },
	{ "avail entry: the other descriptor", false, false, DF_AVAIL_ENTRY, 0, 1 },
	{ "avail entry: out of range", false, false, DF_AVAIL_ENTRY, 0, 9 },
	{ "descriptor address: the other buffer", false, false, DF_DESC, 1, 0x4a },
	{ "descriptor address: outside the region", false, false, DF_DESC, 4, 0x80 },
	{ "descriptor length: zero", false, false, DF_DESC, 8, 0 },
	{ "descriptor length: short of the header", false, false, DF_DESC, 8, 9 },
	{ "descriptor flags: chained", false, false, DF_DESC, 12, 1 },
	{ "descriptor flags: indirect", false, false, DF_DESC, 12, 4 },
	/* Our host, a remote peer filling its rx buffers. */
	{ "host: NS name, first byte emptied", true, true, DF_BUF, 16, 0 },
	{ "host: rx header len: past the buffer", true, false, DF_BUF, 12,
	  0xff },
	{ "host: rx header dst", true, false, DF_BUF, 4, 0x01 },
	{ "host: used index: a second message", true, false, DF_USED_IDX, 0,
	  2 },
	{ "host: used index: past the ring", true, false, DF_USED_IDX, 0, 9 },
	{ "host: used id: the other buffer", true, false, DF_USED_ENTRY, 0,
	  1 },
	{ "host: used id: out of range", true, false, DF_USED_ENTRY, 0, 9 },
	{ "host: used len: zero", true, false, DF_USED_ENTRY, 4, 0 },
	{ "host: used len: short of the header", true, false, DF_USED_ENTRY,
	  4, 9 },
	{ "host: used len: past the buffer", true, false, DF_USED_ENTRY, 5,
	  0x10 },
};
const unsigned int df_ncases = sizeof(df_cases) / sizeof(df_cases[0]);
