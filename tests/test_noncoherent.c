// SPDX-License-Identifier: BSD-3-Clause
/*
 * Non-coherent shared memory, simulated: each side sees the region only
 * through a private copy (its "cache") at an address of its own. A read
 * sees the copy, so it is stale until cache_invalidate copies the shared
 * bytes in; a write lands in the copy and reaches the shared region (and
 * so the peer) only when cache_clean copies it out. Device addresses are
 * PAIR_DA + offset on both sides, unrelated to either copy's address, so
 * every address goes through the translation hooks.
 *
 * With all hooks, messages cross both ways. Without one of them, the peer
 * sees stale memory and nothing arrives: the negative controls, which show
 * that the positive result depends on the hooks.
 *
 * One thread, both sides on the polled no-OS port; doorbells are recorded
 * and delivered by pair_pump().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_virtio.h>

#include "pair.h"

#define F_EVENT_IDX (1ull << RPMSG_VIRTIO_F_EVENT_IDX)
#define HOST_ADDR 0x401u
#define REMOTE_ADDR 0x400u
#define MSGS 50u

enum { HOST, REMOTE };

/* One side's view: its cache and which hooks it has. */
struct view {
	struct rpmsg_mem mem;
	unsigned char *cache;
	bool clean, invalidate;
	unsigned int cleans, invalidates, da_to_va, va_to_da;
};

static struct pair P;
static struct view V[2];
static struct rpmsg_noos noos[2];
static struct pair_counter hc;	/* on the host */
static struct rpmsg_endpoint rept; /* on the remote: echoes */
static unsigned int r_count;

/* --- the simulated cache ---------------------------------------------- */

static struct view *view_of(const struct rpmsg_mem *mem)
{
	return mem->priv;
}

/* Offset of [va, va + len) in the view, or -1 when outside it. */
static long view_off(const struct view *v, const void *va, size_t len)
{
	const unsigned char *p = va;

	if (p < v->cache || len > PAIR_SIZE ||
	    (size_t)(p - v->cache) > PAIR_SIZE - len)
		return -1;
	return (long)(p - v->cache);
}

static void *nc_da_to_va(const struct rpmsg_mem *mem, uint64_t da,
			 size_t len)
{
	struct view *v = view_of(mem);

	v->da_to_va++;
	if (da < PAIR_DA || da - PAIR_DA > PAIR_SIZE ||
	    len > PAIR_SIZE - (da - PAIR_DA))
		return NULL;
	return v->cache + (da - PAIR_DA);
}

static int nc_va_to_da(const struct rpmsg_mem *mem, const void *va,
		       size_t len, uint64_t *da)
{
	struct view *v = view_of(mem);
	long off = view_off(v, va, len);

	v->va_to_da++;
	if (off < 0)
		return -ERANGE;
	*da = PAIR_DA + (uint64_t)off;
	return 0;
}

/* Write back: the cache's bytes become the shared bytes. */
static void nc_clean(const struct rpmsg_mem *mem, const void *va, size_t len)
{
	struct view *v = view_of(mem);
	long off = view_off(v, va, len);

	v->cleans++;
	assert_true(off >= 0);
	if (v->clean)
		memcpy(P.region + off, va, len);
}

/* Discard: the shared bytes replace the cache's. */
static void nc_invalidate(const struct rpmsg_mem *mem, const void *va,
			  size_t len)
{
	struct view *v = view_of(mem);
	long off = view_off(v, va, len);

	v->invalidates++;
	assert_true(off >= 0);
	if (v->invalidate)
		memcpy(v->cache + off, P.region + off, len);
}

static const struct rpmsg_mem_ops nc_ops = {
	.da_to_va = nc_da_to_va,
	.va_to_da = nc_va_to_da,
	.cache_clean = nc_clean,
	.cache_invalidate = nc_invalidate,
};

/* --- doorbells ------------------------------------------------------------ */

static unsigned int bells[2];

static void pump(void)
{
	assert_true(pair_pump(&P, bells) >= 0);
}

static uint64_t now_ns(void *arg)
{
	(void)arg;
	return 0;
}

/* --- fixture ---------------------------------------------------------------- */

static int remote_echo(struct rpmsg_endpoint *ept, void *data, size_t len,
		       void *priv, uint32_t src)
{
	(void)priv;
	(void)src;
	r_count++;
	return rpmsg_trysend(ept, data, len);
}

static bool up;

/* hooks: bit 0 clean, bit 1 invalidate; for the host, then the remote. */
static void link_up(uint64_t features, unsigned int host_hooks,
		    unsigned int remote_hooks)
{
	struct pair_side sd[2];
	int s;

	memset(V, 0, sizeof(V));
	bells[0] = bells[1] = 0;
	r_count = 0;
	for (s = HOST; s <= REMOTE; s++) {
		unsigned int hooks = s ? remote_hooks : host_hooks;

		V[s].cache = calloc(1, PAIR_SIZE);
		assert_non_null(V[s].cache);
		V[s].clean = hooks & 1u;
		V[s].invalidate = hooks & 2u;
		V[s].mem.ops = &nc_ops;
		V[s].mem.va = V[s].cache;
		V[s].mem.da = PAIR_DA;
		V[s].mem.size = PAIR_SIZE;
		V[s].mem.priv = &V[s];
		noos[s].now_ns = now_ns;
		sd[s] = (struct pair_side){
			.os = &rpmsg_noos_ops,
			.os_ctx = &noos[s],
			.mem = &V[s].mem,
			.doorbell = pair_bell_ring,
			.arg = &bells[s],
		};
	}
	up = true;
	assert_int_equal(pair_init(&P, 16, features, &sd[HOST],
				   &sd[REMOTE]), 0);
	assert_int_equal(pair_counter_init(&hc, &P.host.bus, HOST_ADDR,
					   REMOTE_ADDR), 0);
	assert_int_equal(rpmsg_create_ept(&rept, &P.remote.bus, "echo",
					  REMOTE_ADDR, HOST_ADDR, remote_echo,
					  NULL), 0);
	assert_int_equal(rpmsg_virtio_start(&P.host, 0), 0);
	assert_int_equal(rpmsg_virtio_start(&P.remote, 0), 0);
	pump();
}

static int teardown(void **state)
{
	int s;

	(void)state;
	if (!up)
		return 0;
	up = false;
	rpmsg_virtio_stop(&P.host);
	rpmsg_virtio_stop(&P.remote);
	pair_counter_destroy(&hc);
	for (s = HOST; s <= REMOTE; s++)
		free(V[s].cache);
	return 0;
}

/* --- tests ------------------------------------------------------------------ */

/* Host -> remote and back (the remote's echo), then remote -> host. */
static void test_both_ways_with_hooks(void **state)
{
	uint64_t features = *(const uint64_t *)*state;
	uint32_t seq;
	int s;

	link_up(features, 3, 3);
	for (seq = 0; seq < MSGS; seq++) {
		assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
		pump();
		assert_int_equal(r_count, seq + 1);
		assert_int_equal(hc.count, seq + 1);
	}
	for (; seq < 3 * MSGS; seq++) {
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
		pump();
	}
	assert_int_equal(hc.count, 3 * MSGS);
	assert_int_equal(hc.bad, 0);
	for (s = HOST; s <= REMOTE; s++) {
		assert_true(V[s].cleans > 0);
		assert_true(V[s].invalidates > 0);
	}
	/* The host translates the buffers it posts, the remote the
	 * descriptors it reads. */
	assert_true(V[HOST].va_to_da > 0);
	assert_true(V[REMOTE].da_to_va > 0);
}

/* The remote never invalidates: it keeps reading its stale copy and sees
 * no message; the same message arrives once it does. */
static void test_remote_without_invalidate(void **state)
{
	uint32_t seq = 0;

	(void)state;
	link_up(F_EVENT_IDX, 3, 1);
	assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
	pump();
	assert_int_equal(rpmsg_virtio_poll(&P.remote), 0);
	assert_int_equal(r_count, 0);
	/* The control of the control: the bytes were in shared memory. */
	V[REMOTE].invalidate = true;
	assert_int_equal(rpmsg_virtio_poll(&P.remote), 1);
	pump();
	assert_int_equal(r_count, 1);
	assert_int_equal(hc.count, 1);
}

/* The remote never cleans: its sends stay in its cache. */
static void test_remote_without_clean(void **state)
{
	uint32_t seq;

	(void)state;
	link_up(F_EVENT_IDX, 3, 2);
	for (seq = 0; seq < 4; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	pump();
	assert_int_equal(rpmsg_virtio_poll(&P.host), 0);
	assert_int_equal(hc.count, 0);
}

/* The host never cleans: the remote sees no posted buffer and no message. */
static void test_host_without_clean(void **state)
{
	uint32_t seq = 0;

	(void)state;
	link_up(F_EVENT_IDX, 2, 3);
	assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), -ENOMEM);
	assert_int_equal(rpmsg_trysend(&hc.ept, &seq, sizeof(seq)), 0);
	pump();
	assert_int_equal(rpmsg_virtio_poll(&P.remote), 0);
	assert_int_equal(r_count, 0);
}

/* The host never invalidates: the remote's messages stay unseen. */
static void test_host_without_invalidate(void **state)
{
	uint32_t seq;

	(void)state;
	link_up(F_EVENT_IDX, 1, 3);
	for (seq = 0; seq < 4; seq++)
		assert_int_equal(rpmsg_trysend(&rept, &seq, sizeof(seq)), 0);
	pump();
	assert_int_equal(rpmsg_virtio_poll(&P.host), 0);
	assert_int_equal(hc.count, 0);
	V[HOST].invalidate = true;
	assert_int_equal(rpmsg_virtio_poll(&P.host), 4);
	assert_int_equal(hc.count, 4);
}

/* Feature sets the positive test runs with. */
static uint64_t f_none;
static uint64_t f_event_idx = F_EVENT_IDX;

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate_setup_teardown(
			test_both_ways_with_hooks, NULL, teardown, &f_none),
		cmocka_unit_test_prestate_setup_teardown(
			test_both_ways_with_hooks, NULL, teardown,
			&f_event_idx),
		cmocka_unit_test_teardown(test_remote_without_invalidate,
					  teardown),
		cmocka_unit_test_teardown(test_remote_without_clean, teardown),
		cmocka_unit_test_teardown(test_host_without_clean, teardown),
		cmocka_unit_test_teardown(test_host_without_invalidate,
					  teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
