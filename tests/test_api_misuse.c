// SPDX-License-Identifier: BSD-3-Clause
/*
 * API misuse: every public function of rpmsg.h, rpmsg_virtio.h,
 * rpmsg_virtqueue.h, rpmsg_mem.h and rpmsg_inproc.h called with NULL,
 * zero, oversized and out-of-range arguments, on destroyed endpoints and
 * on a torn-down device. Each case is one row of a table: a call and the
 * result its header documents (a negative errno, or 0 standing for "the
 * documented NULL/false/0 came back"). Run under ASan, nothing may crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>
#include <rpmsg/rpmsg_virtqueue.h>

/* Result of a row whose function returns a pointer, bool or size: 0 when
 * it is the documented failure value, 1 otherwise. */
#define IS(cond) ((cond) ? 0 : 1)

/* --- the fixture: a started in-process link ----------------------------- */

struct fx {
	struct rpmsg_inproc *link;
	struct rpmsg_device *host;
	struct rpmsg_virtio_device *hv;
	struct rpmsg_endpoint ept;	/* bound, no default destination */
	struct rpmsg_endpoint dead;	/* bound once, then destroyed */
	struct rpmsg_endpoint fresh;	/* never bound */
	uint8_t stack_buf[64];
};

static int rx_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	return 0;
}

static const struct rpmsg_device_id ids[] = { { "misuse" }, { "" } };
static const struct rpmsg_driver drv = {
	.name = "misuse", .id_table = ids, .callback = rx_cb,
};
static const struct rpmsg_driver drv_no_ids = {
	.name = "no-ids", .callback = rx_cb,
};

static int fx_setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(rpmsg_inproc_create(&f.link, NULL), 0);
	assert_int_equal(rpmsg_inproc_start(f.link), 0);
	f.host = rpmsg_inproc_host(f.link);
	f.hv = rpmsg_inproc_host_vdev(f.link);
	assert_int_equal(rpmsg_create_ept(&f.ept, f.host, "ept", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, rx_cb, NULL), 0);
	assert_int_equal(rpmsg_create_ept(&f.dead, f.host, "dead",
					  RPMSG_ADDR_ANY, 0x400, rx_cb, NULL),
			 0);
	assert_int_equal(rpmsg_destroy_ept(&f.dead), 0);
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	rpmsg_inproc_destroy(f->link);
	return 0;
}

struct row {
	const char *what;
	int (*call)(struct fx *f);
	int want;
};

static void run_rows(struct fx *f, const struct row *rows, size_t n)
{
	size_t i, bad = 0;
	int got;

	for (i = 0; i < n; i++) {
		got = rows[i].call(f);
		if (got != rows[i].want) {
			print_error("%s: got %d, want %d\n", rows[i].what, got,
				    rows[i].want);
			bad++;
		}
	}
	if (bad)
		fail_msg("%zu of %zu rows failed", bad, n);
}

/* Rows are functions; this macro defines one and its table entry. */
#define CASE(name, expr)                                                  \
	static int name(struct fx *f)                                     \
	{                                                                 \
		(void)f;                                                  \
		return (expr);                                            \
	}

/* --- rpmsg.h: endpoints ------------------------------------------------- */

static struct rpmsg_endpoint scratch;

CASE(ce_null_ept, rpmsg_create_ept(NULL, f->host, "x", RPMSG_ADDR_ANY,
				   RPMSG_ADDR_ANY, rx_cb, NULL))
CASE(ce_null_dev, rpmsg_create_ept(&scratch, NULL, "x", RPMSG_ADDR_ANY,
				   RPMSG_ADDR_ANY, rx_cb, NULL))
CASE(ce_null_cb, rpmsg_create_ept(&scratch, f->host, "x", RPMSG_ADDR_ANY,
				  RPMSG_ADDR_ANY, NULL, NULL))
CASE(ce_bound, rpmsg_create_ept(&f->ept, f->host, "x", RPMSG_ADDR_ANY,
				RPMSG_ADDR_ANY, rx_cb, NULL))
CASE(ce_taken, rpmsg_create_ept(&scratch, f->host, "x", f->ept.addr,
				RPMSG_ADDR_ANY, rx_cb, NULL))
CASE(ce_ns_taken, rpmsg_create_ept(&scratch, f->host, "x", 53,
				   RPMSG_ADDR_ANY, rx_cb, NULL))
CASE(de_null, rpmsg_destroy_ept(NULL))
CASE(de_dead, rpmsg_destroy_ept(&f->dead))
CASE(de_fresh, rpmsg_destroy_ept(&f->fresh))
CASE(st_null, rpmsg_set_timeout(NULL, 10))
CASE(mtu_null, rpmsg_get_mtu(NULL))
CASE(mtu_dead, rpmsg_get_mtu(&f->dead))

/* --- rpmsg.h: sending --------------------------------------------------- */

CASE(so_null_ept, rpmsg_send_offchannel_timeout(NULL, 1024, 1024, "x", 1, 0))
CASE(so_dst_any, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr,
					       RPMSG_ADDR_ANY, "x", 1, 0))
CASE(so_null_data, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr, 1024,
						 NULL, 1, 0))
CASE(so_null_data_0, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr,
						   1024, NULL, 0, 0))
CASE(so_too_big, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr, 1024,
					       f->stack_buf,
					       (size_t)rpmsg_get_mtu(&f->ept) +
						       1, 0))
CASE(so_size_max, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr, 1024,
						f->stack_buf, SIZE_MAX, 0))
CASE(so_dead, rpmsg_send_offchannel_timeout(&f->dead, 1024, 1024, "x", 1, 0))
CASE(send_null, rpmsg_send(NULL, "x", 1))
CASE(send_no_dst, rpmsg_send(&f->ept, "x", 1))
CASE(send_dead, rpmsg_send(&f->dead, "x", 1))
CASE(sendto_null, rpmsg_sendto(NULL, "x", 1, 1024))
CASE(sendto_any, rpmsg_sendto(&f->ept, "x", 1, RPMSG_ADDR_ANY))
CASE(sendto_big, rpmsg_sendto(&f->ept, f->stack_buf, SIZE_MAX / 2, 1024))
CASE(soff_null, rpmsg_send_offchannel(NULL, 1024, 1024, "x", 1))
CASE(try_null, rpmsg_trysend(NULL, "x", 1))
CASE(try_no_dst, rpmsg_trysend(&f->ept, "x", 1))
CASE(tryto_null, rpmsg_trysendto(NULL, "x", 1, 1024))
CASE(tryto_big, rpmsg_trysendto(&f->ept, f->stack_buf, SIZE_MAX, 1024))
CASE(tryoff_null, rpmsg_trysend_offchannel(NULL, 1024, 1024, "x", 1))
CASE(tryoff_any, rpmsg_trysend_offchannel(&f->ept, 1024, RPMSG_ADDR_ANY,
					  "x", 1))

/* --- rpmsg.h: zero copy ------------------------------------------------- */

static uint32_t scratch_size;
static void *scratch_payload;

CASE(gtx_null_ept, rpmsg_get_tx_buffer(NULL, &scratch_payload, &scratch_size,
				       0))
CASE(gtx_null_payload, rpmsg_get_tx_buffer(&f->ept, NULL, &scratch_size, 0))
CASE(gtx_dead, rpmsg_get_tx_buffer(&f->dead, &scratch_payload, &scratch_size,
				   0))
CASE(snc_null_ept, rpmsg_sendto_nocopy(NULL, f->stack_buf, 1, 1024))
CASE(snc_null_payload, rpmsg_sendto_nocopy(&f->ept, NULL, 1, 1024))
CASE(snc_foreign, rpmsg_sendto_nocopy(&f->ept, f->stack_buf, 1, 1024))
CASE(sn_null, rpmsg_send_nocopy(NULL, f->stack_buf, 1))
CASE(sn_foreign, rpmsg_send_nocopy(&f->ept, f->stack_buf, 1))
CASE(rtx_null_ept, rpmsg_release_tx_buffer(NULL, f->stack_buf))
CASE(rtx_null, rpmsg_release_tx_buffer(&f->ept, NULL))
CASE(rtx_foreign, rpmsg_release_tx_buffer(&f->ept, f->stack_buf))
CASE(hold_null_ept, rpmsg_hold_rx_buffer(NULL, f->stack_buf))
CASE(hold_null, rpmsg_hold_rx_buffer(&f->ept, NULL))
CASE(hold_outside_cb, rpmsg_hold_rx_buffer(&f->ept, f->stack_buf))
CASE(rrx_null_ept, rpmsg_release_rx_buffer(NULL, f->stack_buf))
CASE(rrx_null, rpmsg_release_rx_buffer(&f->ept, NULL))
CASE(rrx_not_held, rpmsg_release_rx_buffer(&f->ept, f->stack_buf))

/* A reserved buffer: too long a send keeps it reserved; then released
 * once (0) and a second time (-EINVAL). */
static int nocopy_sequence(struct fx *f)
{
	void *p;
	uint32_t size;
	int mtu = rpmsg_get_mtu(&f->ept);

	if (rpmsg_get_tx_buffer(&f->ept, &p, &size, 0))
		return 1;
	if (rpmsg_sendto_nocopy(&f->ept, p, (size_t)mtu + 1, 1024) !=
	    -EMSGSIZE)
		return 2;
	if (rpmsg_sendto_nocopy(&f->ept, p, SIZE_MAX, 1024) != -EMSGSIZE)
		return 3;
	if (rpmsg_sendto_nocopy(&f->ept, (uint8_t *)p + 1, 1, 1024) !=
	    -EINVAL)
		return 4;
	if (rpmsg_release_tx_buffer(&f->ept, p))
		return 5;
	if (rpmsg_release_tx_buffer(&f->ept, p) != -EINVAL)
		return 6;
	if (rpmsg_sendto_nocopy(&f->ept, p, 1, 1024) != -EINVAL)
		return 7;
	return 0;
}

/* --- rpmsg.h: drivers, channels, introspection -------------------------- */

static struct rpmsg_channel *scratch_ch;
static struct rpmsg_channel_info ch_info[2];
static struct rpmsg_ept_info ept_info[2];
static struct rpmsg_stats stats;
static const char long_name[] = "0123456789abcdef0123456789abcdef";

CASE(rd_null_dev, rpmsg_register_driver(NULL, &drv))
CASE(rd_null_drv, rpmsg_register_driver(f->host, NULL))
CASE(rd_no_ids, rpmsg_register_driver(f->host, &drv_no_ids))
CASE(ud_null_dev, rpmsg_unregister_driver(NULL, &drv))
CASE(ud_null_drv, rpmsg_unregister_driver(f->host, NULL))
CASE(ud_unknown, rpmsg_unregister_driver(f->host, &drv))
CASE(cc_null_dev, rpmsg_create_channel(NULL, "x", RPMSG_ADDR_ANY,
				       RPMSG_ADDR_ANY, &scratch_ch))
CASE(cc_null_name, rpmsg_create_channel(f->host, NULL, RPMSG_ADDR_ANY,
					RPMSG_ADDR_ANY, &scratch_ch))
CASE(cc_empty_name, rpmsg_create_channel(f->host, "", RPMSG_ADDR_ANY,
					 RPMSG_ADDR_ANY, &scratch_ch))
CASE(cc_long_name, rpmsg_create_channel(f->host, long_name, RPMSG_ADDR_ANY,
					RPMSG_ADDR_ANY, &scratch_ch))
CASE(cc_src_taken, rpmsg_create_channel(f->host, "x", f->ept.addr,
					RPMSG_ADDR_ANY, &scratch_ch))
CASE(dc_null, rpmsg_destroy_channel(NULL))
CASE(fc_null_dev, IS(!rpmsg_find_channel(NULL, "x", RPMSG_ADDR_ANY)))
CASE(fc_null_name, IS(!rpmsg_find_channel(f->host, NULL, RPMSG_ADDR_ANY)))
CASE(fc_unknown, IS(!rpmsg_find_channel(f->host, "nope", RPMSG_ADDR_ANY)))
CASE(fc_long, IS(!rpmsg_find_channel(f->host, long_name, RPMSG_ADDR_ANY)))
CASE(im_null_table, IS(!rpmsg_id_match(NULL, "misuse")))
CASE(im_null_name, IS(!rpmsg_id_match(ids, NULL)))
CASE(im_empty, IS(!rpmsg_id_match(ids, "")))
CASE(im_prefix, IS(!rpmsg_id_match(ids, "misus")))
CASE(im_long, IS(!rpmsg_id_match(ids, long_name)))
CASE(lc_null_dev, rpmsg_list_channels(NULL, ch_info, 2))
CASE(lc_count, IS(rpmsg_list_channels(f->host, NULL, 0) >= 0))
CASE(lc_null_out, rpmsg_list_channels(f->host, NULL, 2))
CASE(le_null_dev, rpmsg_list_endpoints(NULL, ept_info, 2))
CASE(le_count, IS(rpmsg_list_endpoints(f->host, NULL, 0) >= 2))
CASE(le_null_out, rpmsg_list_endpoints(f->host, NULL, 2))
CASE(le_short, IS(rpmsg_list_endpoints(f->host, ept_info, 1) >= 2))
CASE(gs_null_dev, rpmsg_get_stats(NULL, &stats))
CASE(gs_null_out, rpmsg_get_stats(f->host, NULL))

/* Drivers and channels that need state: duplicates and full tables. */
static int driver_sequence(struct fx *f)
{
	static struct rpmsg_driver many[RPMSG_CFG_MAX_DRIVERS + 1];
	unsigned int i, n = 0;
	int rc;

	if (rpmsg_register_driver(f->host, &drv))
		return 1;
	if (rpmsg_register_driver(f->host, &drv) != -EEXIST)
		return 2;
	for (i = 0; i <= RPMSG_CFG_MAX_DRIVERS; i++) {
		many[i] = drv;
		rc = rpmsg_register_driver(f->host, &many[i]);
		if (rc == -ENOSPC)
			break;
		if (rc)
			return 3;
		n++;
	}
	if (i > RPMSG_CFG_MAX_DRIVERS)
		return 4;
	for (i = 0; i < n; i++)
		if (rpmsg_unregister_driver(f->host, &many[i]))
			return 5;
	if (rpmsg_unregister_driver(f->host, &drv))
		return 6;
	if (rpmsg_unregister_driver(f->host, &drv) != -EINVAL)
		return 7;
	return 0;
}

static int channel_sequence(struct fx *f)
{
	struct rpmsg_channel *ch = NULL, *c;
	char name[RPMSG_NAME_SIZE];
	unsigned int i;
	int rc = 0;

	if (rpmsg_create_channel(f->host, "dup", 0x700, 0x700, &ch) || !ch)
		return 1;
	if (rpmsg_create_channel(f->host, "dup", 0x700, 0x700, NULL) !=
	    -EEXIST)
		return 2;
	if (rpmsg_create_channel(f->host, "dup", RPMSG_ADDR_ANY,
				 RPMSG_ADDR_ANY, NULL) != -EEXIST)
		return 3;
	/* Fill the table. */
	for (i = 0; i <= RPMSG_CFG_MAX_CHANNELS; i++) {
		snprintf(name, sizeof(name), "fill%u", i);
		rc = rpmsg_create_channel(f->host, name, RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, NULL);
		if (rc)
			break;
	}
	if (rc != -ENOSPC)
		return 4;
	for (i = 0; i <= RPMSG_CFG_MAX_CHANNELS; i++) {
		snprintf(name, sizeof(name), "fill%u", i);
		c = rpmsg_find_channel(f->host, name, RPMSG_ADDR_ANY);
		if (c && rpmsg_destroy_channel(c))
			return 5;
	}
	if (rpmsg_destroy_channel(ch))
		return 6;
	if (rpmsg_find_channel(f->host, "dup", RPMSG_ADDR_ANY))
		return 7;
	return 0;
}

static const struct row bus_rows[] = {
#define R(name, want) { #name, name, want }
	R(ce_null_ept, -EINVAL), R(ce_null_dev, -EINVAL),
	R(ce_null_cb, -EINVAL), R(ce_bound, -EBUSY), R(ce_taken, -EBUSY),
	R(ce_ns_taken, -EBUSY), R(de_null, -EINVAL), R(de_dead, -EINVAL),
	R(de_fresh, -EINVAL), R(st_null, -EINVAL), R(mtu_null, -EINVAL),
	R(mtu_dead, -EINVAL),
	R(so_null_ept, -EINVAL), R(so_dst_any, -EINVAL),
	R(so_null_data, -EINVAL), R(so_null_data_0, 0),
	R(so_too_big, -EMSGSIZE), R(so_size_max, -EMSGSIZE),
	R(so_dead, -EINVAL), R(send_null, -EINVAL), R(send_no_dst, -EINVAL),
	R(send_dead, -EINVAL), R(sendto_null, -EINVAL),
	R(sendto_any, -EINVAL), R(sendto_big, -EMSGSIZE),
	R(soff_null, -EINVAL), R(try_null, -EINVAL), R(try_no_dst, -EINVAL),
	R(tryto_null, -EINVAL), R(tryto_big, -EMSGSIZE),
	R(tryoff_null, -EINVAL), R(tryoff_any, -EINVAL),
	R(gtx_null_ept, -EINVAL), R(gtx_null_payload, -EINVAL),
	R(gtx_dead, -EINVAL), R(snc_null_ept, -EINVAL),
	R(snc_null_payload, -EINVAL), R(snc_foreign, -EINVAL),
	R(sn_null, -EINVAL), R(sn_foreign, -EINVAL),
	R(rtx_null_ept, -EINVAL), R(rtx_null, -EINVAL),
	R(rtx_foreign, -EINVAL), R(hold_null_ept, -EINVAL),
	R(hold_null, -EINVAL), R(hold_outside_cb, -EINVAL),
	R(rrx_null_ept, -EINVAL), R(rrx_null, -EINVAL),
	R(rrx_not_held, -EINVAL), R(nocopy_sequence, 0),
	R(rd_null_dev, -EINVAL), R(rd_null_drv, -EINVAL),
	R(rd_no_ids, -EINVAL), R(ud_null_dev, -EINVAL),
	R(ud_null_drv, -EINVAL), R(ud_unknown, -EINVAL),
	R(cc_null_dev, -EINVAL), R(cc_null_name, -EINVAL),
	R(cc_empty_name, -EINVAL), R(cc_long_name, -EINVAL),
	R(cc_src_taken, -EBUSY), R(dc_null, -EINVAL),
	R(fc_null_dev, 0), R(fc_null_name, 0), R(fc_unknown, 0),
	R(fc_long, 0), R(im_null_table, 0), R(im_null_name, 0),
	R(im_empty, 0), R(im_prefix, 0), R(im_long, 0),
	R(lc_null_dev, -EINVAL), R(lc_count, 0), R(lc_null_out, -EINVAL),
	R(le_null_dev, -EINVAL), R(le_count, 0), R(le_null_out, -EINVAL),
	R(le_short, 0),
	R(gs_null_dev, -EINVAL), R(gs_null_out, -EINVAL),
	R(driver_sequence, 0), R(channel_sequence, 0),
};

static void test_bus(void **state)
{
	run_rows(*state, bus_rows, sizeof(bus_rows) / sizeof(bus_rows[0]));
}

/* --- a torn-down device ------------------------------------------------- */

CASE(down_send, rpmsg_sendto(&f->ept, "x", 1, 1024))
CASE(down_trysend, rpmsg_trysendto(&f->ept, "x", 1, 1024))
CASE(down_offchannel, rpmsg_send_offchannel_timeout(&f->ept, f->ept.addr,
						    1024, "x", 1, 10))
CASE(down_get_tx, rpmsg_get_tx_buffer(&f->ept, &scratch_payload,
				      &scratch_size, 0))
CASE(down_create_ept, rpmsg_create_ept(&scratch, f->host, "x",
				       RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, rx_cb,
				       NULL))
CASE(down_destroy_ept, rpmsg_destroy_ept(&f->ept))
CASE(down_destroy_again, rpmsg_destroy_ept(&f->ept))
CASE(down_stats, rpmsg_get_stats(f->host, &stats))

static int down_stop_twice(struct fx *f)
{
	rpmsg_virtio_stop(f->hv);
	rpmsg_virtio_config_changed(f->hv);
	rpmsg_virtio_poll(f->hv);
	return 0;
}

static int down_nocopy(struct fx *f)
{
	return rpmsg_send_nocopy(&f->ept, f->stack_buf, 1);
}

static const struct row down_rows[] = {
	R(down_send, -EPIPE), R(down_trysend, -EPIPE),
	R(down_offchannel, -EPIPE), R(down_get_tx, -EPIPE),
	R(down_create_ept, -EPIPE), R(down_nocopy, -EINVAL),
	R(down_stop_twice, 0),
	R(down_destroy_ept, 0), R(down_destroy_again, -EINVAL),
	R(down_stats, 0),
};

static void test_torn_down(void **state)
{
	struct fx *f = *state;

	rpmsg_virtio_stop(f->hv);
	run_rows(f, down_rows, sizeof(down_rows) / sizeof(down_rows[0]));
}

/* --- rpmsg_virtio.h ----------------------------------------------------- */

#define VNUM 8u
#define VALIGN 16u
#define VBUFS 8u
#define VBUF_SIZE 64u

static _Alignas(4096) uint8_t vregion[16384];
static struct rpmsg_vq_slot vslots[2][VNUM];
static uint8_t vbuf_state[VBUFS];
static struct rpmsg_mem vmem;
static struct rpmsg_virtio_device vdev;
static uint8_t vstatus;

static uint8_t l_get_status(void *ctx)
{
	(void)ctx;
	return vstatus;
}

static void l_set_status(void *ctx, uint8_t s)
{
	(void)ctx;
	vstatus = s;
}

static uint64_t l_features(void *ctx)
{
	(void)ctx;
	return RPMSG_VIRTIO_SUPPORTED_FEATURES;
}

static void l_set_features(void *ctx, uint64_t v)
{
	(void)ctx;
	(void)v;
}

static void l_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	(void)vq;
}

static const struct rpmsg_virtio_link_ops lops = {
	.get_status = l_get_status,
	.set_status = l_set_status,
	.get_device_features = l_features,
	.get_driver_features = l_features,
	.set_driver_features = l_set_features,
	.notify = l_notify,
};

static uint64_t now_ns(void *arg)
{
	(void)arg;
	return 0;
}

static struct rpmsg_noos noos = { .now_ns = now_ns };

/* A valid host configuration; each row breaks one thing in it. */
static void good_cfg(struct rpmsg_virtio_config *c)
{
	size_t rs = rpmsg_vring_size(VNUM, VALIGN);

	rpmsg_mem_init_linear(&vmem, vregion, 0x10000000u, sizeof(vregion));
	memset(c, 0, sizeof(*c));
	c->role = RPMSG_VIRTIO_HOST;
	c->link = &lops;
	c->os = &rpmsg_noos_ops;
	c->os_ctx = &noos;
	c->mem = &vmem;
	c->vring[0] = vregion;
	c->vring[1] = vregion + ((rs + 15u) & ~(size_t)15u);
	c->vring_num = VNUM;
	c->vring_align = VALIGN;
	c->slots[0] = vslots[0];
	c->slots[1] = vslots[1];
	c->buffers = vregion + 4096;
	c->num_bufs = VBUFS;
	c->buf_size = VBUF_SIZE;
	c->buf_state = vbuf_state;
	c->features = RPMSG_VIRTIO_SUPPORTED_FEATURES;
}

#define BAD_CFG(name, stmt)                                               \
	static int name(struct fx *f)                                     \
	{                                                                 \
		struct rpmsg_virtio_config c;                             \
		(void)f;                                                  \
		good_cfg(&c);                                             \
		stmt;                                                     \
		return rpmsg_virtio_init(&vdev, &c);                      \
	}

BAD_CFG(vi_good, (void)0)
BAD_CFG(vi_no_link, c.link = NULL)
BAD_CFG(vi_no_os, c.os = NULL)
BAD_CFG(vi_no_mem, c.mem = NULL)
BAD_CFG(vi_no_ring0, c.vring[0] = NULL)
BAD_CFG(vi_no_ring1, c.vring[1] = NULL)
BAD_CFG(vi_avail_only, c.vring_avail[0] = c.vring[0])
BAD_CFG(vi_split_no_used1, c.vring_avail[0] = c.vring_avail[1] = c.vring_used[0] = c.vring[0])
BAD_CFG(vi_num0, c.vring_num = 0)
BAD_CFG(vi_num3, c.vring_num = 3)
BAD_CFG(vi_num_huge, c.vring_num = RPMSG_VRING_MAX_NUM * 2)
BAD_CFG(vi_align0, c.vring_align = 0)
BAD_CFG(vi_align3, c.vring_align = 3)
BAD_CFG(vi_no_slots, c.slots[1] = NULL)
BAD_CFG(vi_no_buffers, c.buffers = NULL)
BAD_CFG(vi_bufs0, c.num_bufs = 0)
BAD_CFG(vi_bufs_odd, c.num_bufs = 7)
BAD_CFG(vi_bufs_many, c.num_bufs = 4 * VNUM)
BAD_CFG(vi_buf_size0, c.buf_size = 0)
BAD_CFG(vi_buf_size_hdr, c.buf_size = 16)
BAD_CFG(vi_buf_state, c.buf_state = NULL)
BAD_CFG(vi_pool_outside, c.buffers = vregion + sizeof(vregion) - 64)
BAD_CFG(vi_role, c.role = (enum rpmsg_virtio_role)7)
/* Each direction its own pool (tx_*): counts, sizes, places. */
BAD_CFG(vi_tx_odd_split, c.num_bufs = 7; c.tx_num_bufs = 3)
BAD_CFG(vi_tx_apart, c.tx_buffers = vregion + 8192; c.tx_buf_size = 256)
BAD_CFG(vi_tx_all, c.tx_num_bufs = VBUFS)
BAD_CFG(vi_tx_many, c.num_bufs = VNUM + 2; c.tx_num_bufs = 1)
BAD_CFG(vi_tx_size_hdr, c.tx_buf_size = 16)
BAD_CFG(vi_tx_size_big, c.tx_buf_size = 0x10010)
BAD_CFG(vi_tx_overlap, c.tx_buffers = vregion + 4096 + VBUF_SIZE)
BAD_CFG(vi_tx_outside, c.tx_buffers = vregion + sizeof(vregion) - 64)
CASE(vi_null_vdev, rpmsg_virtio_init(NULL, NULL))
CASE(vi_null_cfg, rpmsg_virtio_init(&vdev, NULL))
CASE(vs_null, rpmsg_virtio_start(NULL, 0))
CASE(vr_null, rpmsg_virtio_set_rings(NULL, NULL))
CASE(vr_no_rings, rpmsg_virtio_set_rings(f->hv, NULL))

/* A remote with deferred rings: accepted by init, refused by start until
 * rpmsg_virtio_set_rings(); set_rings checks its parts and the role. */
static int deferred_rings(struct fx *f)
{
	static struct rpmsg_vq_slot s0[VNUM], s1[VNUM];
	struct rpmsg_virtio_rings r;
	struct rpmsg_virtio_config c;
	int rc;

	good_cfg(&c);
	c.role = RPMSG_VIRTIO_REMOTE;
	c.mem = NULL;
	c.vring[0] = c.vring[1] = NULL;
	c.slots[0] = c.slots[1] = NULL;
	c.vring_num = 0;
	if (rpmsg_virtio_init(&vdev, &c))
		return 1;
	if (rpmsg_virtio_start(&vdev, 0) != -EINVAL)
		return 2;
	memset(&r, 0, sizeof(r));
	r.mem = f->hv->cfg.mem;
	if (rpmsg_vring_parts_legacy(&r.parts[0], vregion, VNUM, 64) ||
	    rpmsg_vring_parts_legacy(&r.parts[1], vregion, VNUM, 64))
		return 3;
	r.slots[0] = s0;
	r.slots[1] = s1;
	r.parts[1].num = VNUM / 2;
	if (rpmsg_virtio_set_rings(&vdev, &r) != -EINVAL)
		return 4;
	r.parts[1].num = VNUM;
	r.slots[1] = NULL;
	if (rpmsg_virtio_set_rings(&vdev, &r) != -EINVAL)
		return 5;
	r.slots[1] = s1;
	if (rpmsg_virtio_set_rings(f->hv, &r) != -EINVAL)
		return 6;
	rc = rpmsg_virtio_set_rings(&vdev, &r);
	rpmsg_virtio_stop(&vdev);
	return rc ? 7 : 0;
}
CASE(vs_again, rpmsg_virtio_start(f->hv, 0))
CASE(vn_null, rpmsg_virtio_notified(NULL, 0))
CASE(vn_vq2, rpmsg_virtio_notified(f->hv, 2))
CASE(vn_vq_huge, rpmsg_virtio_notified(f->hv, ~0u))
CASE(vp_null, rpmsg_virtio_poll(NULL))
CASE(vrp_null, rpmsg_virtio_rx_pending(NULL))

/* A device never initialised (zeroed storage). */
static int vrp_uninit(struct fx *f)
{
	struct rpmsg_virtio_device z;

	(void)f;
	memset(&z, 0, sizeof(z));
	return rpmsg_virtio_rx_pending(&z);
}
CASE(vf_null, IS(rpmsg_virtio_features(NULL) == 0))

static int void_nulls(struct fx *f)
{
	(void)f;
	rpmsg_virtio_config_changed(NULL);
	rpmsg_virtio_stop(NULL);
	rpmsg_inproc_destroy(NULL);
	return 0;
}

/* An initialised, never started device: stop and notifications are safe. */
static int never_started(struct fx *f)
{
	struct rpmsg_virtio_config c;

	(void)f;
	good_cfg(&c);
	if (rpmsg_virtio_init(&vdev, &c))
		return 1;
	if (rpmsg_virtio_poll(&vdev) < 0)
		return 2;
	if (rpmsg_virtio_rx_pending(&vdev) != 0)
		return 3;
	rpmsg_virtio_stop(&vdev);
	rpmsg_virtio_stop(&vdev);
	return 0;
}

static const struct row virtio_rows[] = {
	R(vi_good, 0), R(vi_no_link, -EINVAL), R(vi_no_os, -EINVAL),
	R(vi_no_mem, -EINVAL), R(vi_no_ring0, -EINVAL),
	R(vi_no_ring1, -EINVAL), R(vi_avail_only, -EINVAL),
	R(vi_split_no_used1, -EINVAL), R(vi_num0, -EINVAL), R(vi_num3, -EINVAL),
	R(vi_num_huge, -EINVAL), R(vi_align0, -EINVAL),
	R(vi_align3, -EINVAL), R(vi_no_slots, -EINVAL),
	R(vi_no_buffers, -EINVAL), R(vi_bufs0, -EINVAL),
	R(vi_bufs_odd, -EINVAL), R(vi_bufs_many, -EINVAL),
	R(vi_buf_size0, -EINVAL), R(vi_buf_size_hdr, -EINVAL),
	R(vi_buf_state, -EINVAL), R(vi_pool_outside, -EINVAL),
	R(vi_tx_odd_split, 0), R(vi_tx_apart, 0), R(vi_tx_all, -EINVAL),
	R(vi_tx_many, -EINVAL), R(vi_tx_size_hdr, -EINVAL),
	R(vi_tx_size_big, -EINVAL), R(vi_tx_overlap, -EINVAL),
	R(vi_tx_outside, -EINVAL),
	R(vi_role, -EINVAL), R(vi_null_vdev, -EINVAL),
	R(vi_null_cfg, -EINVAL), R(vs_null, -EINVAL), R(vr_null, -EINVAL),
	R(vr_no_rings, -EINVAL), R(deferred_rings, 0), R(vs_again, -EALREADY),
	R(vn_null, -EINVAL),
	R(vn_vq2, -EINVAL), R(vn_vq_huge, -EINVAL), R(vp_null, -EINVAL),
	R(vrp_null, -EINVAL), R(vrp_uninit, -EINVAL),
	R(vf_null, 0), R(void_nulls, 0), R(never_started, 0),
};

static void test_virtio(void **state)
{
	run_rows(*state, virtio_rows,
		 sizeof(virtio_rows) / sizeof(virtio_rows[0]));
}

/* --- rpmsg_virtqueue.h and rpmsg_mem.h ---------------------------------- */

static struct rpmsg_virtqueue vq, dvq;

static int vq_ready(void)
{
	rpmsg_mem_init_linear(&vmem, vregion, 0x10000000u, sizeof(vregion));
	return rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, vregion, VNUM, VALIGN,
			     vslots[0], &vmem, 0);
}

#define VQ_CASE(name, expr)                                               \
	static int name(struct fx *f)                                     \
	{                                                                 \
		uint16_t id;                                              \
		uint32_t len;                                             \
		void *buf;                                                \
		(void)f;                                                  \
		(void)id;                                                 \
		(void)len;                                                \
		(void)buf;                                                \
		if (vq_ready())                                           \
			return 99;                                        \
		return (expr);                                            \
	}

VQ_CASE(vsz_0, IS(rpmsg_vring_size(0, 16) == 0))
VQ_CASE(vsz_3, IS(rpmsg_vring_size(3, 16) == 0))
VQ_CASE(vsz_huge, IS(rpmsg_vring_size(RPMSG_VRING_MAX_NUM * 2, 16) == 0))
VQ_CASE(vsz_uint_max, IS(rpmsg_vring_size(~0u, 16) == 0))
VQ_CASE(vsz_align0, IS(rpmsg_vring_size(8, 0) == 0))
VQ_CASE(vsz_align3, IS(rpmsg_vring_size(8, 3) == 0))
VQ_CASE(vqi_null, rpmsg_vq_init(NULL, RPMSG_VQ_DRIVER, vregion, VNUM,
				VALIGN, vslots[0], &vmem, 0))
VQ_CASE(vqi_ring, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, NULL, VNUM, VALIGN,
				vslots[1], &vmem, 0))
VQ_CASE(vqi_num0, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion, 0, VALIGN,
				vslots[1], &vmem, 0))
VQ_CASE(vqi_num5, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion, 5, VALIGN,
				vslots[1], &vmem, 0))
VQ_CASE(vqi_align2, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion, VNUM, 2,
				  vslots[1], &vmem, 0))
VQ_CASE(vqi_slots, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion, VNUM,
				 VALIGN, NULL, &vmem, 0))
VQ_CASE(vqi_mem, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion, VNUM, VALIGN,
			       vslots[1], NULL, 0))
VQ_CASE(vqi_misaligned, rpmsg_vq_init(&dvq, RPMSG_VQ_DRIVER, vregion + 1,
				      VNUM, VALIGN, vslots[1], &vmem, 0))
VQ_CASE(vqi_role, rpmsg_vq_init(&dvq, (enum rpmsg_vq_role)5, vregion, VNUM,
				VALIGN, vslots[1], &vmem, 0))
VQ_CASE(add_null, rpmsg_vq_add_buf(NULL, vregion + 4096, 64, true))
VQ_CASE(add_null_buf, rpmsg_vq_add_buf(&vq, NULL, 64, true))
VQ_CASE(add_len0, rpmsg_vq_add_buf(&vq, vregion + 4096, 0, true))
VQ_CASE(add_outside, rpmsg_vq_add_buf(&vq, &vq, 64, true))
VQ_CASE(add_overrun, rpmsg_vq_add_buf(&vq, vregion + sizeof(vregion) - 8,
				      64, true))
VQ_CASE(add_huge, rpmsg_vq_add_buf(&vq, vregion + 4096, UINT32_MAX, true))
VQ_CASE(used_null, rpmsg_vq_get_used(NULL, &buf, &len))
VQ_CASE(used_null_buf, rpmsg_vq_get_used(&vq, NULL, &len))
VQ_CASE(used_empty, rpmsg_vq_get_used(&vq, &buf, &len))
VQ_CASE(avail_on_driver, rpmsg_vq_get_avail(&vq, &id, &buf, &len))
VQ_CASE(avail_null, rpmsg_vq_get_avail(NULL, &id, &buf, &len))
VQ_CASE(put_on_driver, rpmsg_vq_put_used(&vq, 0, 0))
VQ_CASE(put_null, rpmsg_vq_put_used(NULL, 0, 0))
VQ_CASE(broken_null, IS(!rpmsg_vq_is_broken(NULL) ||
			rpmsg_vq_is_broken(NULL)))
VQ_CASE(slot_null, IS(!rpmsg_vq_slot_buf(NULL, 0)))
VQ_CASE(kick_null, IS(!rpmsg_vq_kick_prepare(NULL)))
VQ_CASE(ecb_null, IS(!rpmsg_vq_enable_cb(NULL)))
VQ_CASE(nprep_null, IS(!rpmsg_vq_notify_prepare(NULL)))
VQ_CASE(nprep_driver, IS(!rpmsg_vq_notify_prepare(&vq)))
VQ_CASE(en_null, IS(!rpmsg_vq_enable_notify(NULL)))
VQ_CASE(en_driver, IS(!rpmsg_vq_enable_notify(&vq)))
VQ_CASE(pending_null, IS(!rpmsg_vq_pending(NULL)))
VQ_CASE(pending_empty, IS(!rpmsg_vq_pending(&vq)))

/* The void hints: NULL and the other role's call are ignored. */
static int vq_hint_nulls(struct fx *f)
{
	(void)f;
	if (vq_ready())
		return 99;
	rpmsg_vq_disable_cb(NULL);
	rpmsg_vq_disable_notify(NULL);
	rpmsg_vq_disable_notify(&vq);
	return vq.notify_disabled ? 1 : 0;
}
VQ_CASE(slot_driver, IS(!rpmsg_vq_slot_buf(&vq, 0)))

static int vq_full(struct fx *f)
{
	unsigned int i;

	(void)f;
	if (vq_ready())
		return 99;
	for (i = 0; i < VNUM; i++)
		if (rpmsg_vq_add_buf(&vq, vregion + 4096 + 64 * i, 64, true))
			return 1;
	return rpmsg_vq_add_buf(&vq, vregion + 4096, 64, true);
}

/* Device role over the ring the driver laid out: nothing posted. */
static int vq_device(struct fx *f)
{
	uint16_t id;
	uint32_t len;
	void *buf;

	(void)f;
	if (vq_ready())
		return 99;
	if (rpmsg_vq_init(&dvq, RPMSG_VQ_DEVICE, vregion, VNUM, VALIGN,
			  vslots[1], &vmem, 0))
		return 1;
	if (rpmsg_vq_get_avail(&dvq, &id, &buf, &len) != -EAGAIN)
		return 2;
	if (rpmsg_vq_get_avail(&dvq, NULL, &buf, &len) != -EINVAL)
		return 3;
	if (rpmsg_vq_put_used(&dvq, 0, 0) != -EINVAL)
		return 4;
	if (rpmsg_vq_put_used(&dvq, VNUM, 0) != -EINVAL)
		return 5;
	if (rpmsg_vq_put_used(&dvq, UINT16_MAX, 0) != -EINVAL)
		return 6;
	if (rpmsg_vq_slot_buf(&dvq, 0) || rpmsg_vq_slot_buf(&dvq, VNUM) ||
	    rpmsg_vq_slot_buf(&dvq, UINT16_MAX))
		return 7;
	if (rpmsg_vq_add_buf(&dvq, vregion + 4096, 64, true) != -EINVAL)
		return 8;
	if (rpmsg_vq_get_used(&dvq, &buf, &len) != -EINVAL)
		return 9;
	if (rpmsg_vq_kick_prepare(&dvq) || rpmsg_vq_enable_cb(&dvq))
		return 10;
	rpmsg_vq_disable_cb(&dvq);
	if (dvq.cb_disabled)
		return 11;
	return 0;
}

static struct rpmsg_mem mscratch;
static uint64_t da_out;

CASE(mi_null, rpmsg_mem_init_linear(NULL, vregion, 0, 16))
CASE(mi_null_va, rpmsg_mem_init_linear(&mscratch, NULL, 0, 16))
CASE(mi_size0, rpmsg_mem_init_linear(&mscratch, vregion, 0, 0))
CASE(mi_da_wraps, rpmsg_mem_init_linear(&mscratch, vregion, UINT64_MAX - 8,
					16))
CASE(mi_va_wraps, rpmsg_mem_init_linear(&mscratch, vregion, 0, SIZE_MAX))
CASE(d2v_null, IS(!rpmsg_mem_da_to_va(NULL, 0x10000000u, 1)))
CASE(d2v_below, IS(!rpmsg_mem_da_to_va(&vmem, 0x10000000u - 1, 1)))
CASE(d2v_above, IS(!rpmsg_mem_da_to_va(&vmem, 0x10000000u + sizeof(vregion),
				       1)))
CASE(d2v_straddle, IS(!rpmsg_mem_da_to_va(&vmem, 0x10000000u +
					  sizeof(vregion) - 4, 8)))
CASE(d2v_len_huge, IS(!rpmsg_mem_da_to_va(&vmem, 0x10000000u, SIZE_MAX)))
CASE(d2v_da_huge, IS(!rpmsg_mem_da_to_va(&vmem, UINT64_MAX, 2)))
CASE(v2d_null, rpmsg_mem_va_to_da(NULL, vregion, 1, &da_out))
CASE(v2d_null_va, rpmsg_mem_va_to_da(&vmem, NULL, 1, &da_out))
CASE(v2d_null_da, rpmsg_mem_va_to_da(&vmem, vregion, 1, NULL))
CASE(v2d_outside, rpmsg_mem_va_to_da(&vmem, &da_out, 1, &da_out))
CASE(v2d_straddle, rpmsg_mem_va_to_da(&vmem, vregion + sizeof(vregion) - 4,
				      8, &da_out))
CASE(v2d_len_huge, rpmsg_mem_va_to_da(&vmem, vregion + 1, SIZE_MAX,
				      &da_out))

static int mem_cache_nulls(struct fx *f)
{
	(void)f;
	rpmsg_mem_clean(NULL, vregion, 1);
	rpmsg_mem_invalidate(NULL, vregion, 1);
	rpmsg_mem_clean(&vmem, NULL, 0);
	rpmsg_mem_invalidate(&vmem, vregion, SIZE_MAX);
	return 0;
}

static const struct row vq_rows[] = {
	R(vsz_0, 0), R(vsz_3, 0), R(vsz_huge, 0), R(vsz_uint_max, 0),
	R(vsz_align0, 0), R(vsz_align3, 0), R(vqi_null, -EINVAL),
	R(vqi_ring, -EINVAL), R(vqi_num0, -EINVAL), R(vqi_num5, -EINVAL),
	R(vqi_align2, -EINVAL), R(vqi_slots, -EINVAL), R(vqi_mem, -EINVAL),
	R(vqi_misaligned, -EINVAL), R(vqi_role, -EINVAL),
	R(add_null, -EINVAL), R(add_null_buf, -EINVAL),
	R(add_len0, -EINVAL), R(add_outside, -EINVAL),
	R(add_overrun, -EINVAL), R(add_huge, -EINVAL),
	R(used_null, -EINVAL), R(used_null_buf, -EINVAL),
	R(used_empty, -EAGAIN), R(avail_on_driver, -EINVAL),
	R(avail_null, -EINVAL), R(put_on_driver, -EINVAL),
	R(put_null, -EINVAL), R(broken_null, 0), R(slot_null, 0),
	R(slot_driver, 0), R(kick_null, 0), R(ecb_null, 0),
	R(nprep_null, 0), R(nprep_driver, 0), R(en_null, 0), R(en_driver, 0),
	R(pending_null, 0), R(pending_empty, 0), R(vq_hint_nulls, 0),
	R(vq_full, -ENOSPC), R(vq_device, 0),
	R(mi_null, -EINVAL), R(mi_null_va, -EINVAL), R(mi_size0, -EINVAL),
	R(mi_da_wraps, -EINVAL), R(mi_va_wraps, -EINVAL),
	R(d2v_null, 0), R(d2v_below, 0), R(d2v_above, 0),
	R(d2v_straddle, 0), R(d2v_len_huge, 0), R(d2v_da_huge, 0),
	R(v2d_null, -EINVAL), R(v2d_null_va, -EINVAL),
	R(v2d_null_da, -EINVAL), R(v2d_outside, -ERANGE),
	R(v2d_straddle, -ERANGE), R(v2d_len_huge, -ERANGE),
	R(mem_cache_nulls, 0),
};

static void test_vq_mem(void **state)
{
	run_rows(*state, vq_rows, sizeof(vq_rows) / sizeof(vq_rows[0]));
}

/* --- rpmsg_inproc.h ----------------------------------------------------- */

static struct rpmsg_inproc *scratch_link;
static size_t region_size;

#define BAD_LINK(name, stmt)                                              \
	static int name(struct fx *f)                                     \
	{                                                                 \
		struct rpmsg_inproc_config c = { .num_bufs = 8,           \
						 .buf_size = 128 };       \
		int rc;                                                   \
		(void)f;                                                  \
		stmt;                                                     \
		scratch_link = NULL;                                      \
		rc = rpmsg_inproc_create(&scratch_link, &c);              \
		rpmsg_inproc_destroy(scratch_link);                       \
		return rc;                                                \
	}

BAD_LINK(ic_good, (void)0)
BAD_LINK(ic_one_buf, c.num_bufs = 1)
BAD_LINK(ic_odd_bufs, c.num_bufs = 9)
BAD_LINK(ic_buf_hdr, c.buf_size = 16)
BAD_LINK(ic_buf_big, c.buf_size = 0xFFFFu + 17u)
BAD_LINK(ic_num3, c.vring_num = 3)
BAD_LINK(ic_num_small, c.vring_num = 2)
BAD_LINK(ic_num_huge, c.vring_num = RPMSG_VRING_MAX_NUM * 2)
CASE(ic_null_out, rpmsg_inproc_create(NULL, NULL))
CASE(is_null, rpmsg_inproc_start(NULL))
CASE(ist_null, rpmsg_inproc_start_threads(NULL))
CASE(ist_pumped, rpmsg_inproc_start_threads(f->link))
CASE(ip_null, rpmsg_inproc_pump(NULL))
CASE(ih_null, IS(!rpmsg_inproc_host(NULL)))
CASE(ir_null, IS(!rpmsg_inproc_remote(NULL)))
CASE(ihv_null, IS(!rpmsg_inproc_host_vdev(NULL)))
CASE(irv_null, IS(!rpmsg_inproc_remote_vdev(NULL)))
CASE(ireg_null, IS(!rpmsg_inproc_region(NULL, &region_size)))
CASE(ireg_null_size, IS(rpmsg_inproc_region(f->link, NULL) != NULL))
CASE(is_again, rpmsg_inproc_start(f->link))

static const struct row inproc_rows[] = {
	R(ic_good, 0), R(ic_one_buf, -EINVAL), R(ic_odd_bufs, -EINVAL),
	R(ic_buf_hdr, -EINVAL), R(ic_buf_big, -EINVAL), R(ic_num3, -EINVAL),
	R(ic_num_small, -EINVAL), R(ic_num_huge, -EINVAL),
	R(ic_null_out, -EINVAL), R(is_null, -EINVAL), R(ist_null, -EINVAL),
	R(ist_pumped, -EINVAL), R(ip_null, -EINVAL), R(ih_null, 0),
	R(ir_null, 0), R(ihv_null, 0), R(irv_null, 0), R(ireg_null, 0),
	R(ireg_null_size, 0), R(is_again, -EALREADY),
};

/* Each refused configuration says which field, in words a user can act
 * on (rpmsg_device_why()); the reasons are tied to the rows above. */
static const struct {
	int (*fn)(struct fx *f);
	const char *word;
} why_rows[] = {
	{ vi_no_link, "link ops" },	  { vi_no_mem, "mem" },
	{ vi_no_ring1, "vring" },	  { vi_avail_only, "vring_used" },
	{ vi_num3, "vring_num" },	  { vi_align3, "vring_align" },
	{ vi_no_slots, "slots" },	  { vi_no_buffers, "buffers" },
	{ vi_bufs_odd, "num_bufs" },	  { vi_bufs_many, "num_bufs" },
	{ vi_buf_size_hdr, "buf_size" },  { vi_buf_state, "buf_state" },
	{ vi_pool_outside, "pool" },	  { vi_role, "role" },
	{ vi_tx_all, "direction" },	  { vi_tx_size_hdr, "tx_buf_size" },
	{ vi_tx_overlap, "overlaps" },	  { vi_tx_outside, "pool" },
};

static void test_why(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(why_rows) / sizeof(why_rows[0]); i++) {
		const char *why;

		memset(&vdev, 0xA5, sizeof(vdev));
		assert_int_equal(why_rows[i].fn(*state), -EINVAL);
		why = rpmsg_device_why(&vdev.bus);
		assert_non_null(why);
		if (!strstr(why, why_rows[i].word))
			fail_msg("row %zu: \"%s\" does not name %s", i, why,
				 why_rows[i].word);
	}
	/* Nothing refused: nothing to say. */
	assert_int_equal(vi_good(*state), 0);
	assert_null(rpmsg_device_why(&vdev.bus));
	assert_null(rpmsg_device_why(NULL));
}

static void test_inproc(void **state)
{
	run_rows(*state, inproc_rows,
		 sizeof(inproc_rows) / sizeof(inproc_rows[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bus, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_torn_down, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_virtio, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_vq_mem, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_inproc, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_why, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
