// SPDX-License-Identifier: BSD-3-Clause
/*
 * The rpmsg bus on its own: endpoints, dispatch, drivers, channels and the
 * name service over a fake transport that records what is sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_port_noos.h>
#include <rpmsg/rpmsg_transport.h>

#define FAKE_MTU 496u
#define FAKE_BUFS 4
#define FAKE_LOG 32
#define NS_LEN 40u

/* --- fake transport ------------------------------------------------------ */

struct fake_msg {
	uint32_t src;
	uint32_t dst;
	size_t len;
	uint8_t data[FAKE_MTU];
};

static struct {
	uint8_t pool[FAKE_BUFS][FAKE_MTU];
	bool reserved[FAKE_BUFS];
	struct fake_msg sent[FAKE_LOG];
	unsigned int nsent;
	unsigned int nget;
	unsigned int nreleased_tx;
	void *released_rx[FAKE_LOG];
	unsigned int nreleased_rx;
	int fail_get; /* get_tx_buffer returns this when non-zero */
	int fail_send; /* send_nocopy returns this when non-zero */
	uint64_t now;
} fake;

static int fake_slot(const void *payload)
{
	int i;

	for (i = 0; i < FAKE_BUFS; i++)
		if (payload == fake.pool[i])
			return i;
	return -1;
}

static unsigned int fake_outstanding(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_BUFS; i++)
		n += fake.reserved[i];
	return n;
}

static size_t fake_get_mtu(struct rpmsg_device *dev)
{
	(void)dev;
	return FAKE_MTU;
}

static int fake_get_tx_buffer(struct rpmsg_device *dev, void **payload,
			      uint32_t *size, uint32_t timeout_ms)
{
	int i;

	(void)dev;
	(void)timeout_ms;
	fake.nget++;
	if (fake.fail_get)
		return fake.fail_get;
	for (i = 0; i < FAKE_BUFS; i++) {
		if (!fake.reserved[i]) {
			fake.reserved[i] = true;
			*payload = fake.pool[i];
			*size = FAKE_MTU;
			return 0;
		}
	}
	return -ENOMEM;
}

static int fake_send_nocopy(struct rpmsg_device *dev, uint32_t src,
			    uint32_t dst, void *payload, size_t len)
{
	int i = fake_slot(payload);
	struct fake_msg *m;

	(void)dev;
	if (i < 0 || !fake.reserved[i])
		return -EINVAL;
	if (fake.fail_send)
		return fake.fail_send;
	fake.reserved[i] = false;
	assert_true(fake.nsent < FAKE_LOG);
	assert_true(len <= FAKE_MTU);
	m = &fake.sent[fake.nsent++];
	m->src = src;
	m->dst = dst;
	m->len = len;
	memcpy(m->data, payload, len);
	return 0;
}

static int fake_release_tx(struct rpmsg_device *dev, void *payload)
{
	int i = fake_slot(payload);

	(void)dev;
	if (i < 0 || !fake.reserved[i])
		return -EINVAL;
	fake.reserved[i] = false;
	fake.nreleased_tx++;
	return 0;
}

static int fake_release_rx(struct rpmsg_device *dev, void *payload)
{
	(void)dev;
	assert_true(fake.nreleased_rx < FAKE_LOG);
	fake.released_rx[fake.nreleased_rx++] = payload;
	return 0;
}

static const struct rpmsg_transport_ops fake_ops = {
	.get_mtu = fake_get_mtu,
	.get_tx_buffer = fake_get_tx_buffer,
	.send_nocopy = fake_send_nocopy,
	.release_tx_buffer = fake_release_tx,
	.release_rx_buffer = fake_release_rx,
};

/* A clock that moves 1 ms per reading, so any wait ends. */
static uint64_t fake_now(void *arg)
{
	(void)arg;
	fake.now += 1000000u;
	return fake.now;
}

static struct rpmsg_noos noos = { .now_ns = fake_now };
static struct rpmsg_device bus;

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	return rpmsg_device_init(&bus, &fake_ops, &rpmsg_noos_ops, &noos);
}

/* --- callbacks and drivers that record ---------------------------------- */

struct rx_log {
	unsigned int count;
	struct rpmsg_endpoint *ept;
	void *data;
	size_t len;
	void *priv;
	uint32_t src;
	uint8_t copy[FAKE_MTU];
};

static int log_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, uint32_t src)
{
	struct rx_log *log = priv;

	log->count++;
	log->ept = ept;
	log->data = data;
	log->len = len;
	log->priv = priv;
	log->src = src;
	if (len <= sizeof(log->copy))
		memcpy(log->copy, data, len);
	return 0;
}

static struct {
	unsigned int probed;
	unsigned int removed;
	unsigned int rx;
	int probe_rc;
	bool ept_bound_in_probe;
	bool listed_in_probe;
	int send_in_probe;
	struct rpmsg_channel *last_probed;
	struct rpmsg_channel *last_removed;
} drv_log;

static int drv_probe(struct rpmsg_channel *ch)
{
	struct rpmsg_ept_info info[RPMSG_CFG_MAX_CHANNELS + 4];
	int i, n;

	drv_log.probed++;
	drv_log.last_probed = ch;
	drv_log.ept_bound_in_probe = ch->ept.bound && ch->ept.addr == ch->src &&
				     ch->ept.channel == ch;
	n = rpmsg_list_endpoints(ch->dev, info, RPMSG_CFG_MAX_CHANNELS + 4);
	drv_log.listed_in_probe = false;
	for (i = 0; i < n && i < RPMSG_CFG_MAX_CHANNELS + 4; i++)
		if (info[i].addr == ch->src && info[i].is_channel_default)
			drv_log.listed_in_probe = true;
	if (ch->dst != RPMSG_ADDR_ANY)
		drv_log.send_in_probe = rpmsg_send(&ch->ept, "hi", 2);
	return drv_log.probe_rc;
}

static struct {
	unsigned int calls;
	uint32_t dst;
	uint32_t ept_dst;
	struct rpmsg_channel *ch;
} bound_log;

static void drv_bound(struct rpmsg_channel *ch, uint32_t dst)
{
	bound_log.calls++;
	bound_log.dst = dst;
	bound_log.ept_dst = ch->ept.dst;
	bound_log.ch = ch;
}

static void drv_remove(struct rpmsg_channel *ch)
{
	drv_log.removed++;
	drv_log.last_removed = ch;
}

static int drv_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		  void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	drv_log.rx++;
	return 0;
}

static const struct rpmsg_device_id svc_ids[] = { { "svc" }, { "" } };
static const struct rpmsg_device_id other_ids[] = { { "other" }, { "" } };

static const struct rpmsg_driver svc_drv = {
	.name = "svc-driver",
	.id_table = svc_ids,
	.probe = drv_probe,
	.remove = drv_remove,
	.callback = drv_cb,
	.bound = drv_bound,
};

static const struct rpmsg_driver other_drv = {
	.name = "other-driver",
	.id_table = other_ids,
	.probe = drv_probe,
	.remove = drv_remove,
	.callback = drv_cb,
};

static int reset_drv_log(void **state)
{
	memset(&drv_log, 0, sizeof(drv_log));
	memset(&bound_log, 0, sizeof(bound_log));
	return setup(state);
}

/* A name-service message in native order (VERSION_1 not negotiated). */
static void ns_msg(uint8_t msg[NS_LEN], const char *name, size_t name_len,
		   uint32_t addr, uint32_t flags)
{
	memset(msg, 0, NS_LEN);
	memcpy(msg, name, name_len);
	memcpy(msg + 32, &addr, 4);
	memcpy(msg + 36, &flags, 4);
}

/* Dispatch a copy of @msg in a heap block of exactly @len bytes. */
static int dispatch_copy(uint32_t src, uint32_t dst, const void *msg,
			 size_t len)
{
	void *p = malloc(len ? len : 1);
	int rc;

	assert_non_null(p);
	memcpy(p, msg, len);
	rc = rpmsg_device_dispatch(&bus, src, dst, p, len);
	free(p);
	return rc;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* --- device ------------------------------------------------------------- */

static void test_device_init_args(void **state)
{
	struct rpmsg_transport_ops partial = fake_ops;
	struct rpmsg_os_ops os = rpmsg_noos_ops;
	struct rpmsg_device d;

	(void)state;
	assert_int_equal(rpmsg_device_init(NULL, &fake_ops, &rpmsg_noos_ops,
					   &noos), -EINVAL);
	assert_int_equal(rpmsg_device_init(&d, NULL, &rpmsg_noos_ops, &noos),
			 -EINVAL);
	assert_int_equal(rpmsg_device_init(&d, &fake_ops, NULL, &noos),
			 -EINVAL);
	partial.release_rx_buffer = NULL;
	assert_int_equal(rpmsg_device_init(&d, &partial, &rpmsg_noos_ops,
					   &noos), -EINVAL);
	os.thread_id = NULL;
	assert_int_equal(rpmsg_device_init(&d, &fake_ops, &os, &noos),
			 -EINVAL);
	assert_int_equal(rpmsg_device_init(&d, &fake_ops, &rpmsg_noos_ops,
					   &noos), 0);
}

/* --- endpoints ---------------------------------------------------------- */

static void test_ept_alloc_any(void **state)
{
	struct rpmsg_endpoint e[4], fixed;
	struct rx_log log = { 0 };

	(void)state;
	assert_int_equal(rpmsg_create_ept(&e[0], &bus, "a", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(e[0].addr, 1024);
	assert_true(e[0].bound);
	assert_ptr_equal(e[0].dev, &bus);
	assert_int_equal(rpmsg_create_ept(&e[1], &bus, "b", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(e[1].addr, 1025);
	/* A fixed address in the dynamic range is skipped by allocation. */
	assert_int_equal(rpmsg_create_ept(&fixed, &bus, "f", 1026,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(rpmsg_create_ept(&e[2], &bus, "c", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(e[2].addr, 1027);
	/* Reserved addresses are never handed out. */
	assert_true(e[2].addr >= RPMSG_RESERVED_ADDRESSES);
	assert_string_equal(e[0].name, "a");
}

static void test_ept_fixed_busy(void **state)
{
	struct rpmsg_endpoint a, b, c;
	struct rx_log log = { 0 };

	(void)state;
	assert_int_equal(rpmsg_create_ept(&a, &bus, NULL, 100, RPMSG_ADDR_ANY,
					  log_cb, &log), 0);
	assert_int_equal(a.addr, 100);
	assert_int_equal(rpmsg_create_ept(&b, &bus, NULL, 100, RPMSG_ADDR_ANY,
					  log_cb, &log), -EBUSY);
	/* An allocated address is taken just the same. */
	assert_int_equal(rpmsg_create_ept(&c, &bus, NULL, RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(rpmsg_create_ept(&b, &bus, NULL, c.addr,
					  RPMSG_ADDR_ANY, log_cb, &log),
			 -EBUSY);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 2);
	/* Storage already bound cannot be bound again, at any address. */
	assert_int_equal(rpmsg_create_ept(&a, &bus, NULL, RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log),
			 -EBUSY);
	assert_int_equal(rpmsg_create_ept(&a, &bus, NULL, 101, RPMSG_ADDR_ANY,
					  log_cb, &log), -EBUSY);
	assert_int_equal(a.addr, 100);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 2);
}

static void test_ept_null_args(void **state)
{
	struct rpmsg_endpoint e, zero;
	struct rx_log log = { 0 };

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_equal(rpmsg_create_ept(NULL, &bus, "x", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log),
			 -EINVAL);
	assert_int_equal(rpmsg_create_ept(&e, NULL, "x", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log),
			 -EINVAL);
	assert_int_equal(rpmsg_create_ept(&e, &bus, "x", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, NULL, &log),
			 -EINVAL);
	assert_int_equal(rpmsg_destroy_ept(NULL), -EINVAL);
	assert_int_equal(rpmsg_destroy_ept(&zero), -EINVAL);
	assert_int_equal(rpmsg_set_timeout(NULL, 5), -EINVAL);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 0);
	/* Nothing was bound by the failed calls. */
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, 1024, "x", 1),
			 -ENOENT);
}

static void test_ept_destroy_reuse(void **state)
{
	struct rpmsg_endpoint a, b;
	struct rx_log la = { 0 }, lb = { 0 };

	(void)state;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2000, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_false(a.bound);
	assert_int_equal(rpmsg_destroy_ept(&a), -EINVAL);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2000, "x", 1),
			 -ENOENT);
	assert_int_equal(la.count, 0);
	/* The address is free again, for other storage too. */
	assert_int_equal(rpmsg_create_ept(&b, &bus, "b", 2000, RPMSG_ADDR_ANY,
					  log_cb, &lb), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2000, "x", 1), 0);
	assert_int_equal(lb.count, 1);
	assert_int_equal(la.count, 0);
	assert_int_equal(rpmsg_destroy_ept(&b), 0);
	/* And the same storage can be bound again. */
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2000, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 0);
}

/* The lookup remembers the endpoint it found last: a destroyed one must
 * not receive, a new one at its address must, and a message to another
 * address must not land on the remembered one. */
/* The transport is told of binds and unbinds by rpmsg_create_ept() and
 * rpmsg_destroy_ept(), and its refusal fails the bind, unbound again. */
static struct {
	unsigned int bound, unbound;
	uint32_t addr, dst;
	int refuse;
} hook;

static int hook_bound(struct rpmsg_device *dev, uint32_t addr, uint32_t dst)
{
	(void)dev;
	hook.bound++;
	hook.addr = addr;
	hook.dst = dst;
	return hook.refuse;
}

static void hook_unbound(struct rpmsg_device *dev, uint32_t addr)
{
	(void)dev;
	hook.unbound++;
	hook.addr = addr;
}

static void test_ept_bind_hooks(void **state)
{
	struct rpmsg_transport_ops ops = fake_ops;
	struct rpmsg_endpoint a;
	struct rx_log la = { 0 };

	(void)state;
	memset(&hook, 0, sizeof(hook));
	ops.ept_bound = hook_bound;
	ops.ept_unbound = hook_unbound;
	assert_int_equal(rpmsg_device_init(&bus, &ops, &rpmsg_noos_ops, &noos),
			 0);
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", RPMSG_ADDR_ANY, 0x30,
					  log_cb, &la), 0);
	assert_int_equal(hook.bound, 1);
	assert_int_equal(hook.addr, a.addr);
	assert_int_equal(hook.dst, 0x30);
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_int_equal(hook.unbound, 1);
	assert_int_equal(hook.addr, a.addr);
	/* Refused: the error, and nothing bound at the address. */
	hook.refuse = -EADDRINUSE;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2200, RPMSG_ADDR_ANY,
					  log_cb, &la), -EADDRINUSE);
	assert_int_equal(hook.dst, RPMSG_ADDR_ANY);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2200, "x", 1), -ENOENT);
	assert_int_equal(la.count, 0);
	hook.refuse = 0;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2200, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2200, "x", 1), 0);
	assert_int_equal(la.count, 1);
	/* A failed bind tells nothing; neither does a destroy that fails. */
	hook.bound = hook.unbound = 0;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2200, RPMSG_ADDR_ANY,
					  log_cb, &la), -EBUSY);
	assert_int_equal(hook.bound, 0);
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_int_equal(rpmsg_destroy_ept(&a), -EINVAL);
	assert_int_equal(hook.unbound, 1);
}

static void test_dispatch_after_rebind(void **state)
{
	struct rpmsg_endpoint a, b, c;
	struct rx_log la = { 0 }, lb = { 0 }, lc = { 0 };

	(void)state;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 2100, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_create_ept(&c, &bus, "c", 2101, RPMSG_ADDR_ANY,
					  log_cb, &lc), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2100, "x", 1), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2100, "x", 1), 0);
	assert_int_equal(la.count, 2);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2101, "x", 1), 0);
	assert_int_equal(lc.count, 1);
	assert_int_equal(la.count, 2);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2100, "x", 1), 0);
	assert_int_equal(la.count, 3);
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2100, "x", 1),
			 -ENOENT);
	assert_int_equal(la.count, 3);
	assert_int_equal(rpmsg_create_ept(&b, &bus, "b", 2100, RPMSG_ADDR_ANY,
					  log_cb, &lb), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 7, 2100, "x", 1), 0);
	assert_int_equal(lb.count, 1);
	assert_int_equal(la.count, 3);
	assert_int_equal(rpmsg_destroy_ept(&b), 0);
	assert_int_equal(rpmsg_destroy_ept(&c), 0);
}

static void test_dispatch_delivers(void **state)
{
	struct rpmsg_endpoint a, b;
	struct rx_log la = { 0 }, lb = { 0 };
	struct rpmsg_stats st;
	char msg[] = "payload";

	(void)state;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 1500, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_create_ept(&b, &bus, "b", 1501, RPMSG_ADDR_ANY,
					  log_cb, &lb), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x77, 1501, msg, 7), 0);
	assert_int_equal(lb.count, 1);
	assert_int_equal(la.count, 0);
	assert_ptr_equal(lb.ept, &b);
	assert_ptr_equal(lb.data, msg);
	assert_int_equal(lb.len, 7);
	assert_ptr_equal(lb.priv, &lb);
	assert_int_equal(lb.src, 0x77);
	assert_memory_equal(lb.copy, "payload", 7);

	assert_int_equal(rpmsg_device_dispatch(&bus, 0x78, 1500, msg, 0), 0);
	assert_int_equal(la.count, 1);
	assert_int_equal(la.len, 0);
	assert_int_equal(la.src, 0x78);
	assert_ptr_equal(la.ept, &a);

	assert_int_equal(rpmsg_get_stats(&bus, &st), 0);
	assert_int_equal(st.rx, 2);
	assert_int_equal(st.dropped, 0);
	/* Nothing of the fake transport was used for delivery. */
	assert_int_equal(fake.nreleased_rx, 0);
	assert_int_equal(fake.nsent, 0);
}

static void test_dispatch_no_recipient(void **state)
{
	struct rpmsg_endpoint a;
	struct rx_log la = { 0 };
	struct rpmsg_stats st;

	(void)state;
	assert_int_equal(rpmsg_create_ept(&a, &bus, "a", 1500, RPMSG_ADDR_ANY,
					  log_cb, &la), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, 1499, "x", 1),
			 -ENOENT);
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, RPMSG_NS_ADDR, "x",
					       1), -ENOENT);
	assert_int_equal(rpmsg_get_stats(&bus, &st), 0);
	assert_int_equal(st.dropped, 2);
	assert_int_equal(st.rx, 0);
	assert_int_equal(la.count, 0);
	assert_int_equal(rpmsg_get_stats(&bus, NULL), -EINVAL);
}

/* Destroys and frees its own endpoint: the dispatcher must not touch it
 * afterwards (the address sanitizer watches). */
static unsigned int self_destroy_calls;
static int self_destroy_rc;

static int self_destroy_cb(struct rpmsg_endpoint *ept, void *data,
			   size_t len, void *priv, uint32_t src)
{
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	self_destroy_calls++;
	self_destroy_rc = rpmsg_destroy_ept(ept);
	free(ept);
	return 0;
}

static void test_cb_destroys_own_ept(void **state)
{
	struct rpmsg_endpoint *e = malloc(sizeof(*e));
	struct rpmsg_endpoint other;
	struct rx_log lo = { 0 };

	(void)state;
	assert_non_null(e);
	self_destroy_calls = 0;
	self_destroy_rc = 1;
	assert_int_equal(rpmsg_create_ept(e, &bus, "self", 3000,
					  RPMSG_ADDR_ANY, self_destroy_cb,
					  NULL), 0);
	assert_int_equal(rpmsg_create_ept(&other, &bus, "o", 3001,
					  RPMSG_ADDR_ANY, log_cb, &lo), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, 3000, "x", 1), 0);
	assert_int_equal(self_destroy_calls, 1);
	assert_int_equal(self_destroy_rc, 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, 3000, "x", 1),
			 -ENOENT);
	assert_int_equal(self_destroy_calls, 1);
	/* The rest of the list is intact. */
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, 3001, "y", 1), 0);
	assert_int_equal(lo.count, 1);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);
}

/* Holds the buffer it gets, and checks what cannot be held. */
static struct {
	struct rpmsg_endpoint *other;
	int hold_rc;
	int hold_wrong_ptr_rc;
	int hold_other_ept_rc;
	void *data;
	bool hold;
} hold_log;

static int hold_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)len;
	(void)priv;
	(void)src;
	hold_log.data = data;
	hold_log.hold_wrong_ptr_rc =
		rpmsg_hold_rx_buffer(ept, (uint8_t *)data + 1);
	hold_log.hold_other_ept_rc = rpmsg_hold_rx_buffer(hold_log.other, data);
	hold_log.hold_rc = hold_log.hold ? rpmsg_hold_rx_buffer(ept, data) : 1;
	return 0;
}

static void test_hold_release_rx(void **state)
{
	struct rpmsg_endpoint e, other;
	struct rx_log lo = { 0 };
	uint8_t buf1[8] = "first", buf2[8] = "second";

	(void)state;
	memset(&hold_log, 0, sizeof(hold_log));
	hold_log.other = &other;
	assert_int_equal(rpmsg_create_ept(&e, &bus, "h", 1100, RPMSG_ADDR_ANY,
					  hold_cb, NULL), 0);
	assert_int_equal(rpmsg_create_ept(&other, &bus, "o", 1101,
					  RPMSG_ADDR_ANY, log_cb, &lo), 0);

	/* Outside any callback nothing can be held. */
	assert_int_equal(rpmsg_hold_rx_buffer(&e, buf1), -EINVAL);
	assert_int_equal(rpmsg_hold_rx_buffer(&e, NULL), -EINVAL);
	assert_int_equal(rpmsg_hold_rx_buffer(NULL, buf1), -EINVAL);

	hold_log.hold = true;
	assert_int_equal(rpmsg_device_dispatch(&bus, 5, 1100, buf1, 5), 1);
	assert_int_equal(hold_log.hold_rc, 0);
	assert_int_equal(hold_log.hold_wrong_ptr_rc, -EINVAL);
	assert_int_equal(hold_log.hold_other_ept_rc, -EINVAL);
	assert_ptr_equal(hold_log.data, buf1);

	/* Not held: the transport may reuse it at once. */
	hold_log.hold = false;
	assert_int_equal(rpmsg_device_dispatch(&bus, 5, 1100, buf2, 6), 0);
	/* The callback is over: buf2 can no longer be held. */
	assert_int_equal(rpmsg_hold_rx_buffer(&e, buf2), -EINVAL);
	assert_int_equal(rpmsg_hold_rx_buffer(&e, buf1), -EINVAL);

	/* Release goes to the transport with the payload pointer. */
	assert_int_equal(fake.nreleased_rx, 0);
	assert_int_equal(rpmsg_release_rx_buffer(&e, buf1), 0);
	assert_int_equal(fake.nreleased_rx, 1);
	assert_ptr_equal(fake.released_rx[0], buf1);
	assert_int_equal(rpmsg_release_rx_buffer(&e, NULL), -EINVAL);
	assert_int_equal(rpmsg_release_rx_buffer(NULL, buf1), -EINVAL);
	assert_int_equal(fake.nreleased_rx, 1);
}

/* --- id tables ---------------------------------------------------------- */

static void test_id_match(void **state)
{
	static const struct rpmsg_device_id ids[] = {
		{ "rpmsg-raw" },
		{ "rpmsg-tty" },
		{ "0123456789012345678901234567890" }, /* 31 characters */
		{ "" },
	};
	static const struct rpmsg_device_id empty[] = { { "" } };
	char long32[40];

	(void)state;
	assert_true(rpmsg_id_match(ids, "rpmsg-raw"));
	assert_true(rpmsg_id_match(ids, "rpmsg-tty"));
	assert_true(rpmsg_id_match(ids, "0123456789012345678901234567890"));
	/* Prefixes either way do not match. */
	assert_false(rpmsg_id_match(ids, "rpmsg"));
	assert_false(rpmsg_id_match(ids, "rpmsg-raw2"));
	assert_false(rpmsg_id_match(ids, "rpmsg-ra"));
	assert_false(rpmsg_id_match(ids, "012345678901234567890123456789"));
	assert_false(rpmsg_id_match(ids, "RPMSG-RAW"));
	assert_false(rpmsg_id_match(ids, ""));
	/* A 32nd character makes it another name. */
	memset(long32, 0, sizeof(long32));
	memcpy(long32, "0123456789012345678901234567890X", 32);
	assert_false(rpmsg_id_match(ids, long32));
	assert_false(rpmsg_id_match(empty, "rpmsg-raw"));
	assert_false(rpmsg_id_match(empty, ""));
	assert_false(rpmsg_id_match(NULL, "rpmsg-raw"));
	assert_false(rpmsg_id_match(ids, NULL));
}

/* --- drivers ------------------------------------------------------------ */

static void test_driver_binds_existing(void **state)
{
	struct rpmsg_channel *svc, *oth;
	struct rpmsg_stats st;

	(void)state;
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY,
					      0x99, &svc), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "nobody", RPMSG_ADDR_ANY,
					      0x98, &oth), 0);
	assert_null(svc->driver);
	assert_false(svc->ept.bound);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 0);

	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(drv_log.probed, 1);
	assert_ptr_equal(drv_log.last_probed, svc);
	assert_ptr_equal(svc->driver, &svc_drv);
	assert_true(drv_log.ept_bound_in_probe);
	assert_true(drv_log.listed_in_probe);
	assert_true(svc->src >= RPMSG_RESERVED_ADDRESSES);
	assert_null(oth->driver);
	/* The default endpoint could send from probe, to the channel's dst. */
	assert_int_equal(drv_log.send_in_probe, 0);
	assert_int_equal(fake.nsent, 1);
	assert_int_equal(fake.sent[0].src, svc->src);
	assert_int_equal(fake.sent[0].dst, 0x99);
	assert_memory_equal(fake.sent[0].data, "hi", 2);
	/* Its messages reach the driver's callback. */
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x99, svc->src, "x", 1),
			 0);
	assert_int_equal(drv_log.rx, 1);
	assert_int_equal(rpmsg_get_stats(&bus, &st), 0);
	assert_int_equal(st.rx, 1);
	/* A channel created later binds at once. */
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY,
					      0x97, NULL), 0);
	assert_int_equal(drv_log.probed, 2);
}

static void test_driver_probe_fails(void **state)
{
	struct rpmsg_channel *ch;
	uint32_t src;

	(void)state;
	drv_log.probe_rc = -ENODEV;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(drv_log.probed, 1);
	assert_true(drv_log.ept_bound_in_probe);
	src = ch->src;
	/* Unbound: no driver, no endpoint, no remove for a failed probe. */
	assert_null(ch->driver);
	assert_false(ch->ept.bound);
	assert_int_equal(drv_log.removed, 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 1, src, "x", 1),
			 -ENOENT);
	assert_int_equal(drv_log.rx, 0);
	/* The channel stays, unbound. */
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_ptr_equal(rpmsg_find_channel(&bus, "svc", RPMSG_ADDR_ANY), ch);
	/* The driver can go away cleanly. */
	assert_int_equal(rpmsg_unregister_driver(&bus, &svc_drv), 0);
	assert_int_equal(drv_log.removed, 0);
}

static void test_driver_unregister_removes(void **state)
{
	struct rpmsg_channel *a, *b, *c;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_register_driver(&bus, &other_drv), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY, 1,
					      &a), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY, 2,
					      &b), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "other", RPMSG_ADDR_ANY,
					      3, &c), 0);
	assert_int_equal(drv_log.probed, 3);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 3);

	assert_int_equal(rpmsg_unregister_driver(&bus, &svc_drv), 0);
	assert_int_equal(drv_log.removed, 2);
	assert_null(a->driver);
	assert_null(b->driver);
	assert_false(a->ept.bound);
	assert_ptr_equal(c->driver, &other_drv);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);
	/* The channels themselves remain. */
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 3);
	assert_int_equal(rpmsg_unregister_driver(&bus, &svc_drv), -EINVAL);
	assert_int_equal(rpmsg_unregister_driver(&bus, NULL), -EINVAL);
	assert_int_equal(drv_log.removed, 2);
	/* Registering again binds them again. */
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(drv_log.probed, 5);
	assert_ptr_equal(a->driver, &svc_drv);
}

static void test_driver_register_limits(void **state)
{
	struct rpmsg_driver extra[RPMSG_CFG_MAX_DRIVERS + 1];
	struct rpmsg_driver no_table = svc_drv;
	size_t i;

	(void)state;
	no_table.id_table = NULL;
	assert_int_equal(rpmsg_register_driver(&bus, NULL), -EINVAL);
	assert_int_equal(rpmsg_register_driver(NULL, &svc_drv), -EINVAL);
	assert_int_equal(rpmsg_register_driver(&bus, &no_table), -EINVAL);

	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), -EEXIST);
	for (i = 0; i < RPMSG_CFG_MAX_DRIVERS + 1; i++) {
		extra[i] = other_drv;
		extra[i].name = "extra";
	}
	for (i = 0; i < RPMSG_CFG_MAX_DRIVERS - 1; i++)
		assert_int_equal(rpmsg_register_driver(&bus, &extra[i]), 0);
	assert_int_equal(rpmsg_register_driver(&bus, &extra[i]), -ENOSPC);
	/* A freed slot can be used again. */
	assert_int_equal(rpmsg_unregister_driver(&bus, &extra[0]), 0);
	assert_int_equal(rpmsg_register_driver(&bus, &extra[i]), 0);
	assert_int_equal(rpmsg_register_driver(&bus, &extra[0]), -ENOSPC);
}

/* --- channels ----------------------------------------------------------- */

static void test_channel_create_errors(void **state)
{
	struct rpmsg_endpoint e;
	struct rx_log log = { 0 };
	struct rpmsg_channel *ch = NULL;
	char name[RPMSG_NAME_SIZE];
	int i;

	(void)state;
	assert_int_equal(rpmsg_create_channel(NULL, "a", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), -EINVAL);
	assert_int_equal(rpmsg_create_channel(&bus, NULL, RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), -EINVAL);
	assert_int_equal(rpmsg_create_channel(&bus, "", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), -EINVAL);
	assert_int_equal(rpmsg_destroy_channel(NULL), -EINVAL);

	assert_int_equal(rpmsg_create_channel(&bus, "dup", RPMSG_ADDR_ANY, 7,
					      &ch), 0);
	assert_non_null(ch);
	assert_string_equal(ch->name, "dup");
	assert_int_equal(ch->dst, 7);
	assert_ptr_equal(ch->dev, &bus);
	assert_ptr_equal(rpmsg_find_channel(&bus, "dup", 7), ch);
	assert_ptr_equal(rpmsg_find_channel(&bus, "dup", RPMSG_ADDR_ANY), ch);
	assert_null(rpmsg_find_channel(&bus, "dup", 8));
	assert_null(rpmsg_find_channel(&bus, "du", 7));
	assert_int_equal(rpmsg_create_channel(&bus, "dup", RPMSG_ADDR_ANY, 7,
					      NULL), -EEXIST);
	/* Same name, other remote address: another channel. */
	assert_int_equal(rpmsg_create_channel(&bus, "dup", RPMSG_ADDR_ANY, 8,
					      NULL), 0);
	/* Same name, distinct fixed local addresses: two channels (as two
	 * instances of one service); the same local address again: not. */
	assert_int_equal(rpmsg_create_channel(&bus, "inst", 3000,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "inst", 3001,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "inst", 3000,
					      RPMSG_ADDR_ANY, NULL), -EEXIST);
	/* Make room again for the table-full check below. */
	for (i = 0; i < 2; i++)
		assert_int_equal(rpmsg_destroy_channel(rpmsg_find_channel(
					 &bus, "inst", RPMSG_ADDR_ANY)),
				 0);
	assert_null(rpmsg_find_channel(&bus, "inst", RPMSG_ADDR_ANY));
	/* A fixed local address already bound. */
	assert_int_equal(rpmsg_create_ept(&e, &bus, "e", 4000, RPMSG_ADDR_ANY,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "busy", 4000,
					      RPMSG_ADDR_ANY, NULL), -EBUSY);

	for (i = 2; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		memset(name, 0, sizeof(name));
		name[0] = 'c';
		name[1] = (char)('a' + i / 26);
		name[2] = (char)('a' + i % 26);
		assert_int_equal(rpmsg_create_channel(&bus, name,
						      RPMSG_ADDR_ANY,
						      RPMSG_ADDR_ANY, NULL),
				 0);
	}
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0),
			 RPMSG_CFG_MAX_CHANNELS);
	assert_int_equal(rpmsg_create_channel(&bus, "full", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), -ENOSPC);
	/* Freeing one makes room. */
	assert_int_equal(rpmsg_destroy_channel(ch), 0);
	assert_int_equal(rpmsg_destroy_channel(ch), -EINVAL);
	assert_null(rpmsg_find_channel(&bus, "dup", 7));
	assert_int_equal(rpmsg_create_channel(&bus, "full", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), 0);
}

static void test_channel_fixed_src(void **state)
{
	struct rpmsg_channel *ch;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x500,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(ch->src, 0x500);
	assert_int_equal(ch->ept.addr, 0x500);
	assert_true(ch->announce);
	assert_int_equal(rpmsg_device_dispatch(&bus, 3, 0x500, "z", 1), 0);
	assert_int_equal(drv_log.rx, 1);
	/* Destroying it calls remove and frees the address. */
	assert_int_equal(rpmsg_destroy_channel(ch), 0);
	assert_int_equal(drv_log.removed, 1);
	assert_ptr_equal(drv_log.last_removed, ch);
	assert_int_equal(rpmsg_device_dispatch(&bus, 3, 0x500, "z", 1),
			 -ENOENT);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x500,
					      RPMSG_ADDR_ANY, NULL), 0);
}

/* --- name service ------------------------------------------------------- */

static bool ept_at(uint32_t addr)
{
	struct rpmsg_ept_info info[RPMSG_CFG_MAX_CHANNELS + 4];
	int i, n;

	n = rpmsg_list_endpoints(&bus, info, RPMSG_CFG_MAX_CHANNELS + 4);
	assert_true(n >= 0 && n <= RPMSG_CFG_MAX_CHANNELS + 4);
	for (i = 0; i < n; i++)
		if (info[i].addr == addr)
			return true;
	return false;
}

static void test_ns_ept_bound(void **state)
{
	struct rpmsg_device other;
	struct rpmsg_endpoint squat;
	struct rx_log log = { 0 };

	(void)state;
	assert_false(ept_at(RPMSG_NS_ADDR));
	assert_int_equal(rpmsg_device_ready(&bus, false, false), 0);
	assert_false(ept_at(RPMSG_NS_ADDR));
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_true(ept_at(RPMSG_NS_ADDR));
	/* Ready again does not bind twice. */
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);
	assert_int_equal(rpmsg_device_ready(NULL, true, false), -EINVAL);

	/* Address 53 taken by a user: the name service cannot bind. */
	assert_int_equal(rpmsg_device_init(&other, &fake_ops, &rpmsg_noos_ops,
					   &noos), 0);
	assert_int_equal(rpmsg_create_ept(&squat, &other, "squat",
					  RPMSG_NS_ADDR, RPMSG_ADDR_ANY,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_device_ready(&other, true, false), -EBUSY);
}

static void test_ns_create_destroy(void **state)
{
	uint8_t msg[NS_LEN];
	struct rpmsg_channel *ch;
	struct rpmsg_stats st;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);

	ns_msg(msg, "svc", 3, 0x400, 0);
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	ch = rpmsg_find_channel(&bus, "svc", 0x400);
	assert_non_null(ch);
	assert_string_equal(ch->name, "svc");
	assert_int_equal(ch->dst, 0x400);
	assert_true(ch->src >= RPMSG_RESERVED_ADDRESSES);
	assert_true(ch->src != RPMSG_ADDR_ANY);
	assert_false(ch->announce);
	assert_ptr_equal(ch->driver, &svc_drv);
	assert_int_equal(drv_log.probed, 1);
	assert_ptr_equal(drv_log.last_probed, ch);
	assert_true(drv_log.ept_bound_in_probe);
	/* Only the probe's "hi" went out: no announcement echoes back. */
	assert_int_equal(fake.nsent, 1);
	assert_int_equal(fake.sent[0].dst, 0x400);
	/* A repeated announcement creates nothing new. */
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(drv_log.probed, 1);

	/* A destroy for another address leaves it alone. */
	ns_msg(msg, "svc", 3, 0x401, 1);
	assert_int_equal(dispatch_copy(0x401, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(drv_log.removed, 0);

	/* Flags are tested with & 1. */
	ns_msg(msg, "svc", 3, 0x400, 0x80000001u);
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_null(rpmsg_find_channel(&bus, "svc", 0x400));
	assert_int_equal(drv_log.removed, 1);
	assert_ptr_equal(drv_log.last_removed, ch);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);

	/* A create for a name nobody serves makes an unbound channel. */
	ns_msg(msg, "unserved", 8, 0x402, 0);
	assert_int_equal(dispatch_copy(0x402, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	ch = rpmsg_find_channel(&bus, "unserved", 0x402);
	assert_non_null(ch);
	assert_null(ch->driver);
	assert_int_equal(rpmsg_get_stats(&bus, &st), 0);
	assert_int_equal(st.bad, 0);
}

static void test_ns_bad_length(void **state)
{
	uint8_t msg[NS_LEN + 1];
	struct rpmsg_stats st;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	ns_msg(msg, "svc", 3, 0x400, 0);
	msg[NS_LEN] = 0;
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN - 1),
			 0);
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN + 1),
			 0);
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, 0), 0);
	assert_int_equal(rpmsg_get_stats(&bus, &st), 0);
	assert_int_equal(st.bad, 3);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 0);
	assert_int_equal(drv_log.probed, 0);
	/* The right length still works afterwards. */
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(drv_log.probed, 1);
}

/* An announcement for address ANY (0xffffffff) is no address: counted bad,
 * no channel made, nothing probed; a destroy for ANY removes nothing. */
static void test_ns_addr_any(void **state)
{
	uint8_t msg[NS_LEN];

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	ns_msg(msg, "svc", 3, 0x400, 0);
	assert_int_equal(dispatch_copy(0x400, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	ns_msg(msg, "svc", 3, RPMSG_ADDR_ANY, 0);
	assert_int_equal(dispatch_copy(0x401, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	ns_msg(msg, "svc", 3, RPMSG_ADDR_ANY, 1);
	assert_int_equal(dispatch_copy(0x401, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(bus.stats.bad, 2);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_non_null(rpmsg_find_channel(&bus, "svc", 0x400));
	assert_int_equal(drv_log.probed, 1);
	assert_int_equal(drv_log.removed, 0);
}

static void test_ns_long_name(void **state)
{
	static const struct rpmsg_device_id long_ids[] = {
		{ "abcdefghijklmnopqrstuvwxyz01234" }, { "" }
	};
	const struct rpmsg_driver long_drv = {
		.name = "long",
		.id_table = long_ids,
		.probe = drv_probe,
		.remove = drv_remove,
		.callback = drv_cb,
	};
	struct rpmsg_channel_info info;
	uint8_t msg[NS_LEN];
	struct rpmsg_channel *ch;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &long_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	/* 32 bytes, no NUL: the name is cut at 31. */
	ns_msg(msg, "abcdefghijklmnopqrstuvwxyz012345", 32, 0x410, 0);
	assert_int_equal(dispatch_copy(0x410, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	ch = rpmsg_find_channel(&bus, "abcdefghijklmnopqrstuvwxyz01234",
				0x410);
	assert_non_null(ch);
	assert_int_equal(ch->name[RPMSG_NAME_SIZE - 1], '\0');
	assert_int_equal(strlen(ch->name), RPMSG_NAME_SIZE - 1);
	assert_ptr_equal(ch->driver, &long_drv);
	assert_int_equal(rpmsg_list_channels(&bus, &info, 1), 1);
	assert_string_equal(info.name, "abcdefghijklmnopqrstuvwxyz01234");
	assert_string_equal(info.driver, "long");
	/* An empty name announces nothing and is counted as bad. */
	ns_msg(msg, "", 0, 0x411, 0);
	assert_int_equal(dispatch_copy(0x411, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(bus.stats.bad, 1);
	/* Destroy with the same 32-byte name finds it. */
	ns_msg(msg, "abcdefghijklmnopqrstuvwxyz012345", 32, 0x410, 1);
	assert_int_equal(dispatch_copy(0x410, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 0);
	assert_int_equal(drv_log.removed, 1);
}

/* The last recorded message is an announcement of @name at @addr. */
static void check_announce(const struct fake_msg *m, const char *name,
			   uint32_t addr, uint32_t flags)
{
	char want[RPMSG_NAME_SIZE];

	memset(want, 0, sizeof(want));
	memcpy(want, name, strlen(name));
	assert_int_equal(m->dst, RPMSG_NS_ADDR);
	assert_int_equal(m->src, addr);
	assert_int_equal(m->len, NS_LEN);
	assert_memory_equal(m->data, want, RPMSG_NAME_SIZE);
	assert_int_equal(get_u32(m->data + 32), addr);
	assert_int_equal(get_u32(m->data + 36), flags);
}

static void test_ns_announce_local(void **state)
{
	struct rpmsg_channel *ch;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);

	/* Name service not negotiated: silent. */
	assert_int_equal(rpmsg_device_ready(&bus, false, false), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x501,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_ptr_equal(ch->driver, &svc_drv);
	assert_int_equal(fake.nsent, 0);
	assert_int_equal(rpmsg_destroy_channel(ch), 0);
	assert_int_equal(fake.nsent, 0);

	/* Negotiated: announced on bind, destroyed on destroy. */
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(fake.nsent, 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x502,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(fake.nsent, 1);
	check_announce(&fake.sent[0], "svc", 0x502, 0);
	/* An allocated source is not announced. */
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY, 9,
					      NULL), 0);
	assert_int_equal(fake.nsent, 2); /* the probe's "hi" only */
	assert_int_equal(fake.sent[1].dst, 9);
	assert_int_equal(rpmsg_destroy_channel(ch), 0);
	assert_int_equal(fake.nsent, 3);
	check_announce(&fake.sent[2], "svc", 0x502, 1);
	assert_int_equal(fake_outstanding(), 0);
}

static void test_ns_announce_deferred(void **state)
{
	struct rpmsg_channel *ch;

	(void)state;
	/* Created before the link is ready and before its driver. */
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x600,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	/* No driver bound yet: nothing announced. */
	assert_int_equal(fake.nsent, 0);
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(fake.nsent, 1);
	check_announce(&fake.sent[0], "svc", 0x600, 0);
	/* Another ready does not announce it again. */
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(fake.nsent, 1);

	/* Once ready, a new channel is announced as it binds (after the
	 * probe's "hi"). */
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x601, 0x77, NULL),
			 0);
	assert_int_equal(fake.nsent, 3);
	assert_int_equal(fake.sent[1].dst, 0x77);
	check_announce(&fake.sent[2], "svc", 0x601, 0);
}

static void test_ns_announce_at_ready(void **state)
{
	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x700,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(fake.nsent, 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(fake.nsent, 1);
	check_announce(&fake.sent[0], "svc", 0x700, 0);
}

/* --- sending ------------------------------------------------------------ */

/* A peer that announces the service a local channel waits for (dst ANY)
 * binds that channel: one probe, replies to the announced address; a
 * repeat changes nothing; its destruction unbinds and keeps the channel. */
static void test_ns_binds_local_channel(void **state)
{
	uint8_t msg[NS_LEN];
	struct rpmsg_channel *ch;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x410,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(drv_log.probed, 1);
	assert_int_equal(fake.nsent, 1); /* our announcement */
	check_announce(&fake.sent[0], "svc", 0x410, 0);
	/* No destination yet: a try send says so, a blocking one waits
	 * (the fake clock runs out at once in one context). */
	assert_int_equal(rpmsg_trysend(&ch->ept, "x", 1), -ENOTCONN);
	assert_int_equal(rpmsg_wait_bound(&ch->ept, 0), -ENOTCONN);
	assert_int_equal(rpmsg_wait_bound(&ch->ept, 5), -ETIMEDOUT);

	ns_msg(msg, "svc", 3, 0x777, 0);
	assert_int_equal(dispatch_copy(0x777, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(drv_log.probed, 1);
	assert_int_equal(ch->dst, 0x777);
	assert_int_equal(ch->ept.dst, 0x777);
	assert_int_equal(bound_log.calls, 1);
	assert_ptr_equal(bound_log.ch, ch);
	assert_int_equal(bound_log.dst, 0x777);
	assert_int_equal(bound_log.ept_dst, 0x777);
	assert_int_equal(rpmsg_wait_bound(&ch->ept, 0), 0);
	assert_int_equal(rpmsg_send(&ch->ept, "hey", 3), 0);
	assert_int_equal(fake.sent[fake.nsent - 1].dst, 0x777);
	assert_int_equal(fake.sent[fake.nsent - 1].src, 0x410);

	/* Announced again: nothing new. */
	assert_int_equal(dispatch_copy(0x777, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(bound_log.calls, 1);

	/* Withdrawn: the local channel stays, unbound from the peer. */
	ns_msg(msg, "svc", 3, 0x777, 1);
	assert_int_equal(dispatch_copy(0x777, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(drv_log.removed, 0);
	assert_int_equal(ch->dst, RPMSG_ADDR_ANY);
	assert_int_equal(ch->ept.dst, RPMSG_ADDR_ANY);
	assert_int_equal(bound_log.calls, 2);
	assert_int_equal(bound_log.dst, RPMSG_ADDR_ANY);
	assert_int_equal(rpmsg_trysend(&ch->ept, "x", 1), -ENOTCONN);

	/* And bound again by the next announcement. */
	ns_msg(msg, "svc", 3, 0x778, 0);
	assert_int_equal(dispatch_copy(0x778, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(ch->dst, 0x778);
	assert_int_equal(drv_log.probed, 1);
	/* A second peer endpoint of the name gets a channel of its own. */
	ns_msg(msg, "svc", 3, 0x779, 0);
	assert_int_equal(dispatch_copy(0x779, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 2);
	assert_int_equal(drv_log.probed, 2);
	/* An announcement of address ANY is refused. */
	ns_msg(msg, "svc", 3, RPMSG_ADDR_ANY, 0);
	assert_int_equal(dispatch_copy(0x779, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 2);
}

static unsigned int extra_rx;

static int extra_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)src;
	assert_ptr_equal(priv, &extra_rx);
	extra_rx++;
	return 0;
}

/* One channel, several endpoints: each follows the channel's peer
 * address and ends with the channel's binding. */
static void test_channel_many_epts(void **state)
{
	struct rpmsg_ept_info info[8];
	struct rpmsg_endpoint a, b, stray;
	uint8_t msg[NS_LEN];
	struct rpmsg_channel *ch;
	int i, n, defaults = 0;

	(void)state;
	extra_rx = 0;
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x410,
					      RPMSG_ADDR_ANY, &ch), 0);
	/* No driver serves it yet: nothing to hang endpoints on. */
	assert_int_equal(rpmsg_channel_create_ept(ch, &a, "a", 0x411,
						  extra_cb, &extra_rx),
			 -ENODEV);
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_channel_create_ept(NULL, &a, "a", 0x411,
						  extra_cb, &extra_rx),
			 -EINVAL);
	assert_int_equal(rpmsg_channel_create_ept(ch, &a, "a", 0x411, NULL,
						  NULL), -EINVAL);
	assert_int_equal(rpmsg_channel_create_ept(ch, &a, "a", 0x410,
						  extra_cb, &extra_rx),
			 -EBUSY); /* the channel's own address */
	assert_int_equal(rpmsg_channel_create_ept(ch, &a, "a", 0x411,
						  extra_cb, &extra_rx), 0);
	assert_int_equal(rpmsg_channel_create_ept(ch, &b, NULL,
						  RPMSG_ADDR_ANY, extra_cb,
						  &extra_rx), 0);
	assert_string_equal(b.name, "svc");
	assert_int_equal(rpmsg_channel_create_ept(ch, &b, NULL, 0x499,
						  extra_cb, &extra_rx),
			 -EBUSY); /* already bound */
	/* Only the channel's own endpoint is its default one. */
	n = rpmsg_list_endpoints(&bus, info, 8);
	for (i = 0; i < n && i < 8; i++)
		defaults += info[i].is_channel_default;
	assert_int_equal(defaults, 1);
	/* The peer's address is not known: their sends wait for it. */
	assert_int_equal(rpmsg_trysend(&a, "x", 1), -ENOTCONN);
	assert_int_equal(rpmsg_wait_bound(&b, 0), -ENOTCONN);

	ns_msg(msg, "svc", 3, 0x777, 0);
	assert_int_equal(dispatch_copy(0x777, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(a.dst, 0x777);
	assert_int_equal(b.dst, 0x777);
	assert_int_equal(rpmsg_send(&a, "to", 2), 0);
	assert_int_equal(fake.sent[fake.nsent - 1].dst, 0x777);
	assert_int_equal(fake.sent[fake.nsent - 1].src, 0x411);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x777, b.addr, "in", 2),
			 0);
	assert_int_equal(extra_rx, 1);
	/* Withdrawn by the peer: all of them wait again. */
	ns_msg(msg, "svc", 3, 0x777, 1);
	assert_int_equal(dispatch_copy(0x777, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(a.dst, RPMSG_ADDR_ANY);
	assert_int_equal(b.dst, RPMSG_ADDR_ANY);
	assert_int_equal(rpmsg_trysend(&b, "x", 1), -ENOTCONN);
	/* One destroyed by its owner, an endpoint of the device's own left
	 * alone, the rest unbound with the channel after remove. */
	assert_int_equal(rpmsg_destroy_ept(&a), 0);
	assert_int_equal(rpmsg_create_ept(&stray, &bus, "stray", 0x600,
					  RPMSG_ADDR_ANY, extra_cb,
					  &extra_rx), 0);
	assert_int_equal(rpmsg_destroy_channel(ch), 0);
	assert_int_equal(drv_log.removed, 1);
	assert_int_equal(rpmsg_destroy_ept(&b), -EINVAL);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x777, 0x411, "in", 2),
			 -ENOENT); /* nobody there any more */
	assert_int_equal(extra_rx, 1);
	n = rpmsg_list_endpoints(&bus, info, 8);
	for (i = 0; i < n && i < 8; i++)
		assert_true(info[i].addr == 0x600 ||
			    info[i].addr == RPMSG_NS_ADDR);
	assert_int_equal(rpmsg_destroy_ept(&stray), 0);
}

static struct {
	unsigned int calls;
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;
} unmatched_log;

static void unmatched_cb(struct rpmsg_device *d, const char *name,
			 uint32_t addr, uint32_t flags, void *priv)
{
	assert_ptr_equal(d, &bus);
	assert_ptr_equal(priv, &unmatched_log);
	unmatched_log.calls++;
	strcpy(unmatched_log.name, name);
	unmatched_log.addr = addr;
	unmatched_log.flags = flags;
}

/* With channels, rpmsg_ns_set_cb() is the catch-all for announcements no
 * driver serves: called for those, not for served ones. */
static void test_ns_unmatched_cb(void **state)
{
	uint8_t msg[NS_LEN];

	(void)state;
	memset(&unmatched_log, 0, sizeof(unmatched_log));
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_ns_set_cb(NULL, unmatched_cb, NULL), -EINVAL);
	assert_int_equal(rpmsg_ns_set_cb(&bus, unmatched_cb, &unmatched_log),
			 0);
	ns_msg(msg, "svc", 3, 0x700, 0);
	assert_int_equal(dispatch_copy(0x700, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(unmatched_log.calls, 0);
	ns_msg(msg, "nobody", 6, 0x701, 0);
	assert_int_equal(dispatch_copy(0x701, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(unmatched_log.calls, 1);
	assert_string_equal(unmatched_log.name, "nobody");
	assert_int_equal(unmatched_log.addr, 0x701);
	assert_int_equal(unmatched_log.flags, RPMSG_NS_CREATE);
	assert_non_null(rpmsg_find_channel(&bus, "nobody", 0x701));
	ns_msg(msg, "nobody", 6, 0x701, 1);
	assert_int_equal(dispatch_copy(0x701, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(unmatched_log.calls, 2);
	assert_int_equal(unmatched_log.flags, RPMSG_NS_DESTROY);
	assert_null(rpmsg_find_channel(&bus, "nobody", 0x701));
	ns_msg(msg, "svc", 3, 0x700, 1);
	assert_int_equal(dispatch_copy(0x700, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(unmatched_log.calls, 2);
}

/* The peer announced first: creating the local channel takes over the
 * channel made for the announcement (no second probe) at the requested
 * local address, and announces it. */
static void test_ns_before_local_channel(void **state)
{
	uint8_t msg[NS_LEN];
	struct rpmsg_channel *ch, *out = NULL;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	ns_msg(msg, "svc", 3, 0x600, 0);
	assert_int_equal(dispatch_copy(0x600, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	ch = rpmsg_find_channel(&bus, "svc", 0x600);
	assert_non_null(ch);
	assert_true(ch->from_ns);
	assert_int_equal(drv_log.probed, 1);
	fake.nsent = 0;

	/* A fixed address another endpoint holds is refused. */
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_NS_ADDR,
					      RPMSG_ADDR_ANY, &out), -EBUSY);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x420,
					      RPMSG_ADDR_ANY, &out), 0);
	assert_ptr_equal(out, ch);
	assert_false(ch->from_ns);
	assert_int_equal(ch->src, 0x420);
	assert_int_equal(ch->ept.addr, 0x420);
	assert_int_equal(ch->dst, 0x600);
	assert_int_equal(drv_log.probed, 1);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_true(ept_at(0x420));
	assert_int_equal(fake.nsent, 1);
	check_announce(&fake.sent[0], "svc", 0x420, 0);
	/* Messages to the new address reach the driver. */
	assert_int_equal(dispatch_copy(0x600, 0x420, "m", 1), 0);
	assert_int_equal(drv_log.rx, 1);
	/* Now a local channel: the peer's destruction only unbinds it. */
	ns_msg(msg, "svc", 3, 0x600, 1);
	assert_int_equal(dispatch_copy(0x600, RPMSG_NS_ADDR, msg, NS_LEN), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 1);
	assert_int_equal(ch->dst, RPMSG_ADDR_ANY);
	assert_int_equal(drv_log.removed, 0);
}

static void test_send_args(void **state)
{
	struct rpmsg_endpoint e, nodst, gone;
	struct rx_log log = { 0 };
	uint8_t big[FAKE_MTU + 1];

	(void)state;
	memset(big, 0x5a, sizeof(big));
	assert_int_equal(rpmsg_create_ept(&e, &bus, "e", 1024, 0x20, log_cb,
					  &log), 0);
	assert_int_equal(rpmsg_create_ept(&nodst, &bus, "n", 1025,
					  RPMSG_ADDR_ANY, log_cb, &log), 0);
	assert_int_equal(rpmsg_create_ept(&gone, &bus, "g", 1026, 0x20,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_destroy_ept(&gone), 0);

	assert_int_equal(rpmsg_get_mtu(&e), FAKE_MTU);
	assert_int_equal(rpmsg_get_mtu(&gone), -EINVAL);
	assert_int_equal(rpmsg_get_mtu(NULL), -EINVAL);

	/* No destination. */
	assert_int_equal(rpmsg_send(&nodst, "x", 1), -EINVAL);
	assert_int_equal(rpmsg_trysend(&nodst, "x", 1), -EINVAL);
	assert_int_equal(rpmsg_sendto(&e, "x", 1, RPMSG_ADDR_ANY), -EINVAL);
	assert_int_equal(rpmsg_trysendto(&e, "x", 1, RPMSG_ADDR_ANY),
			 -EINVAL);
	assert_int_equal(rpmsg_send_offchannel(&e, 1024, RPMSG_ADDR_ANY, "x",
					       1), -EINVAL);
	assert_int_equal(rpmsg_send_offchannel(&e, RPMSG_ADDR_ANY, 0x20, "x",
					       1), -EINVAL);
	/* NULL data with a length. */
	assert_int_equal(rpmsg_send(&e, NULL, 1), -EINVAL);
	assert_int_equal(rpmsg_sendto(&e, NULL, 4, 0x21), -EINVAL);
	assert_int_equal(rpmsg_trysend_offchannel(&e, 1024, 0x21, NULL, 2),
			 -EINVAL);
	/* Unbound or missing endpoint. */
	assert_int_equal(rpmsg_send(&gone, "x", 1), -EINVAL);
	assert_int_equal(rpmsg_sendto(&gone, "x", 1, 0x20), -EINVAL);
	assert_int_equal(rpmsg_trysend(&gone, "x", 1), -EINVAL);
	assert_int_equal(rpmsg_send_offchannel(&gone, 1026, 0x20, "x", 1),
			 -EINVAL);
	assert_int_equal(rpmsg_send(NULL, "x", 1), -EINVAL);
	/* Too big. */
	assert_int_equal(rpmsg_send(&e, big, FAKE_MTU + 1), -EMSGSIZE);
	assert_int_equal(rpmsg_trysendto(&e, big, FAKE_MTU + 1, 0x21),
			 -EMSGSIZE);
	assert_int_equal(rpmsg_send_offchannel(&e, 1024, 0x21, big,
					       (size_t)-1), -EMSGSIZE);
	/* None of that reached the transport. */
	assert_int_equal(fake.nget, 0);
	assert_int_equal(fake.nsent, 0);

	/* The limits themselves are fine. */
	assert_int_equal(rpmsg_send(&e, NULL, 0), 0);
	assert_int_equal(rpmsg_send(&e, big, FAKE_MTU), 0);
	assert_int_equal(fake.nsent, 2);
	assert_int_equal(fake.sent[0].len, 0);
	assert_int_equal(fake.sent[1].len, FAKE_MTU);
	assert_memory_equal(fake.sent[1].data, big, FAKE_MTU);
	assert_int_equal(fake_outstanding(), 0);

	assert_int_equal(rpmsg_set_timeout(&e, RPMSG_TIMEOUT_DEFAULT),
			 -EINVAL);
	assert_int_equal(rpmsg_set_timeout(&gone, 10), -EINVAL);
	assert_int_equal(rpmsg_set_timeout(&e, 10), 0);
	assert_int_equal(e.timeout_ms, 10);
}

static void test_send_addresses(void **state)
{
	struct rpmsg_endpoint e;
	struct rx_log log = { 0 };

	(void)state;
	assert_int_equal(rpmsg_create_ept(&e, &bus, "e", 1030, 0x40, log_cb,
					  &log), 0);
	assert_int_equal(rpmsg_send(&e, "one", 3), 0);
	assert_int_equal(rpmsg_sendto(&e, "two", 3, 0x41), 0);
	assert_int_equal(rpmsg_send_offchannel(&e, 0x55, 0x42, "three", 5), 0);
	assert_int_equal(rpmsg_trysend(&e, "four", 4), 0);
	assert_int_equal(rpmsg_trysendto(&e, "five", 4, 0x43), 0);
	assert_int_equal(rpmsg_trysend_offchannel(&e, 0x56, 0x44, "six", 3),
			 0);
	assert_int_equal(fake.nsent, 6);
	assert_int_equal(fake.sent[0].src, 1030);
	assert_int_equal(fake.sent[0].dst, 0x40);
	assert_memory_equal(fake.sent[0].data, "one", 3);
	assert_int_equal(fake.sent[1].src, 1030);
	assert_int_equal(fake.sent[1].dst, 0x41);
	assert_int_equal(fake.sent[2].src, 0x55);
	assert_int_equal(fake.sent[2].dst, 0x42);
	assert_int_equal(fake.sent[2].len, 5);
	assert_memory_equal(fake.sent[2].data, "three", 5);
	assert_int_equal(fake.sent[3].dst, 0x40);
	assert_int_equal(fake.sent[4].dst, 0x43);
	assert_int_equal(fake.sent[5].src, 0x56);
	assert_int_equal(fake.sent[5].dst, 0x44);
}

static void test_send_transport_errors(void **state)
{
	struct rpmsg_endpoint e;
	struct rx_log log = { 0 };
	void *p[FAKE_BUFS + 1];
	uint32_t size;
	int i;

	(void)state;
	assert_int_equal(rpmsg_create_ept(&e, &bus, "e", 1030, 0x40, log_cb,
					  &log), 0);
	fake.fail_get = -ENOMEM;
	assert_int_equal(rpmsg_trysend(&e, "x", 1), -ENOMEM);
	fake.fail_get = -ETIMEDOUT;
	assert_int_equal(rpmsg_send(&e, "x", 1), -ETIMEDOUT);
	fake.fail_get = -EPIPE;
	assert_int_equal(rpmsg_get_tx_buffer(&e, &p[0], &size, 0), -EPIPE);
	fake.fail_get = 0;
	fake.fail_send = -EIO;
	assert_int_equal(rpmsg_send(&e, "x", 1), -EIO);
	fake.fail_send = 0;
	assert_int_equal(fake.nsent, 0);
	/* The fake keeps the buffer of the failed send: drop it. */
	memset(fake.reserved, 0, sizeof(fake.reserved));

	/* Zero copy goes through the same transport. */
	for (i = 0; fake_outstanding() < FAKE_BUFS && i < FAKE_BUFS; i++)
		assert_int_equal(rpmsg_get_tx_buffer(&e, &p[i], &size, 0), 0);
	assert_int_equal(size, FAKE_MTU);
	assert_int_equal(rpmsg_get_tx_buffer(&e, &p[i], &size, 0), -ENOMEM);
	assert_int_equal(rpmsg_get_tx_buffer(&e, NULL, &size, 0), -EINVAL);
	assert_int_equal(rpmsg_get_tx_buffer(&e, &p[i], NULL, 0), -EINVAL);
	memcpy(p[0], "zc", 2);
	assert_int_equal(rpmsg_send_nocopy(&e, p[0], 2), 0);
	assert_int_equal(fake.nsent, 1);
	assert_int_equal(fake.sent[0].dst, 0x40);
	assert_memory_equal(fake.sent[0].data, "zc", 2);
	assert_int_equal(rpmsg_sendto_nocopy(&e, p[1], FAKE_MTU + 1, 0x41),
			 -EMSGSIZE);
	assert_int_equal(rpmsg_sendto_nocopy(&e, NULL, 1, 0x41), -EINVAL);
	assert_int_equal(rpmsg_sendto_nocopy(&e, p[1], 1, 0x41), 0);
	assert_int_equal(fake.sent[1].dst, 0x41);
	assert_int_equal(rpmsg_release_tx_buffer(&e, p[2]), 0);
	assert_int_equal(rpmsg_release_tx_buffer(&e, p[2]), -EINVAL);
	assert_int_equal(rpmsg_release_tx_buffer(&e, NULL), -EINVAL);
	assert_int_equal(rpmsg_release_tx_buffer(&e, p[3]), 0);
	assert_int_equal(fake_outstanding(), 0);
}

/* --- introspection ------------------------------------------------------ */

static void test_list_channels(void **state)
{
	struct rpmsg_channel_info info[4];
	int n;

	(void)state;
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 1), -EINVAL);
	assert_int_equal(rpmsg_list_channels(NULL, info, 4), -EINVAL);
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x800, 0x10, NULL),
			 0);
	assert_int_equal(rpmsg_create_channel(&bus, "plain", RPMSG_ADDR_ANY,
					      0x11, NULL), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "third", RPMSG_ADDR_ANY,
					      RPMSG_ADDR_ANY, NULL), 0);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 3);

	memset(info, 0xee, sizeof(info));
	n = rpmsg_list_channels(&bus, info, 1);
	assert_int_equal(n, 3);
	assert_string_equal(info[0].name, "svc");
	assert_int_equal(info[0].src, 0x800);
	assert_int_equal(info[0].dst, 0x10);
	assert_true(info[0].announce);
	assert_string_equal(info[0].driver, "svc-driver");
	/* Only @max entries are written. */
	assert_int_equal((unsigned char)info[1].name[0], 0xee);

	n = rpmsg_list_channels(&bus, info, 4);
	assert_int_equal(n, 3);
	assert_string_equal(info[1].name, "plain");
	assert_int_equal(info[1].src, RPMSG_ADDR_ANY);
	assert_int_equal(info[1].dst, 0x11);
	assert_false(info[1].announce);
	assert_string_equal(info[1].driver, "");
	assert_string_equal(info[2].name, "third");
	assert_int_equal((unsigned char)info[3].name[0], 0xee);
}

static void test_list_endpoints(void **state)
{
	struct rpmsg_ept_info info[4];
	struct rpmsg_endpoint e;
	struct rx_log log = { 0 };
	bool saw_user = false, saw_ch = false, saw_ns = false;
	int i, n;

	(void)state;
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 2), -EINVAL);
	assert_int_equal(rpmsg_list_endpoints(NULL, info, 2), -EINVAL);
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_create_ept(&e, &bus, "user", 0x900, 0x33,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0x901, 0x34, NULL),
			 0);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 3);
	memset(info, 0xee, sizeof(info));
	assert_int_equal(rpmsg_list_endpoints(&bus, info, 2), 3);
	assert_int_equal((unsigned char)info[2].name[0], 0xee);
	n = rpmsg_list_endpoints(&bus, info, 4);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		if (info[i].addr == 0x900) {
			saw_user = true;
			assert_string_equal(info[i].name, "user");
			assert_int_equal(info[i].dst, 0x33);
			assert_false(info[i].is_channel_default);
		} else if (info[i].addr == 0x901) {
			saw_ch = true;
			assert_string_equal(info[i].name, "svc");
			assert_int_equal(info[i].dst, 0x34);
			assert_true(info[i].is_channel_default);
		} else if (info[i].addr == RPMSG_NS_ADDR) {
			saw_ns = true;
			assert_false(info[i].is_channel_default);
		}
	}
	assert_true(saw_user && saw_ch && saw_ns);
}

/* --- teardown ----------------------------------------------------------- */

static void test_teardown(void **state)
{
	struct rpmsg_endpoint e, late;
	struct rx_log log = { 0 };
	struct rpmsg_channel *ch;
	void *p;
	uint32_t size;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_device_ready(&bus, true, false), 0);
	assert_int_equal(rpmsg_create_ept(&e, &bus, "user", 0x900, 0x33,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0xa00,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", RPMSG_ADDR_ANY, 5,
					      NULL), 0);
	assert_int_equal(drv_log.probed, 2);
	assert_int_equal(rpmsg_send(&e, "ok", 2), 0);
	fake.nsent = 0;

	rpmsg_device_teardown(&bus);
	assert_int_equal(drv_log.removed, 2);
	assert_int_equal(rpmsg_list_channels(&bus, NULL, 0), 0);
	/* A dead link gets no destroy announcement. */
	assert_int_equal(fake.nsent, 0);
	/* The name service is gone, the user endpoint stays bound. */
	assert_false(ept_at(RPMSG_NS_ADDR));
	assert_true(e.bound);
	assert_int_equal(rpmsg_list_endpoints(&bus, NULL, 0), 1);

	/* Sends fail, whatever the transport would say. */
	assert_int_equal(rpmsg_send(&e, "no", 2), -EPIPE);
	assert_int_equal(rpmsg_trysendto(&e, "no", 2, 0x34), -EPIPE);
	assert_int_equal(rpmsg_get_tx_buffer(&e, &p, &size, 0), -EPIPE);
	assert_int_equal(fake.nsent, 0);
	assert_int_equal(fake_outstanding(), 0);
	assert_int_equal(rpmsg_create_ept(&late, &bus, "late", RPMSG_ADDR_ANY,
					  RPMSG_ADDR_ANY, log_cb, &log),
			 -EPIPE);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0xa01,
					      RPMSG_ADDR_ANY, NULL), -EPIPE);
	assert_int_equal(drv_log.probed, 2);
	assert_int_equal(rpmsg_destroy_ept(&e), 0);
	/* Teardown twice is harmless. */
	rpmsg_device_teardown(&bus);
	assert_int_equal(drv_log.removed, 2);
}

/* The peer left with messages still to read: sends fail at once, what
 * arrives is still delivered, to channels too, until the teardown. */
static void test_peer_lost_keeps_delivering(void **state)
{
	struct rpmsg_endpoint e;
	struct rx_log log = { 0 };
	struct rpmsg_channel *ch;
	void *p;
	uint32_t size;

	(void)state;
	assert_int_equal(rpmsg_register_driver(&bus, &svc_drv), 0);
	assert_int_equal(rpmsg_create_ept(&e, &bus, "user", 0x910, 0x33,
					  log_cb, &log), 0);
	assert_int_equal(rpmsg_create_channel(&bus, "svc", 0xa10,
					      RPMSG_ADDR_ANY, &ch), 0);
	assert_int_equal(drv_log.probed, 1);
	fake.nsent = 0;

	rpmsg_device_peer_lost(NULL); /* harmless */
	rpmsg_device_peer_lost(&bus);
	assert_int_equal(rpmsg_send(&e, "no", 2), -EPIPE);
	assert_int_equal(rpmsg_get_tx_buffer(&e, &p, &size, 0), -EPIPE);
	assert_int_equal(fake.nsent, 0);
	/* Nothing removed, both still receive. */
	assert_int_equal(drv_log.removed, 0);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x33, 0x910, "a", 1), 0);
	assert_int_equal(log.count, 1);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x44, 0xa10, "b", 1), 0);
	assert_int_equal(drv_log.rx, 1);

	rpmsg_device_teardown(&bus);
	assert_int_equal(drv_log.removed, 1);
	assert_int_equal(rpmsg_device_dispatch(&bus, 0x44, 0xa10, "b", 1),
			 -ENOENT);
	assert_int_equal(rpmsg_destroy_ept(&e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_device_init_args, setup),
		cmocka_unit_test_setup(test_ept_alloc_any, setup),
		cmocka_unit_test_setup(test_ept_fixed_busy, setup),
		cmocka_unit_test_setup(test_ept_null_args, setup),
		cmocka_unit_test_setup(test_ept_destroy_reuse, setup),
		cmocka_unit_test_setup(test_ept_bind_hooks, setup),
		cmocka_unit_test_setup(test_dispatch_after_rebind, setup),
		cmocka_unit_test_setup(test_dispatch_delivers, setup),
		cmocka_unit_test_setup(test_dispatch_no_recipient, setup),
		cmocka_unit_test_setup(test_cb_destroys_own_ept, setup),
		cmocka_unit_test_setup(test_hold_release_rx, setup),
		cmocka_unit_test_setup(test_id_match, setup),
		cmocka_unit_test_setup(test_driver_binds_existing,
				       reset_drv_log),
		cmocka_unit_test_setup(test_driver_probe_fails, reset_drv_log),
		cmocka_unit_test_setup(test_driver_unregister_removes,
				       reset_drv_log),
		cmocka_unit_test_setup(test_driver_register_limits,
				       reset_drv_log),
		cmocka_unit_test_setup(test_channel_create_errors,
				       reset_drv_log),
		cmocka_unit_test_setup(test_channel_fixed_src, reset_drv_log),
		cmocka_unit_test_setup(test_ns_ept_bound, reset_drv_log),
		cmocka_unit_test_setup(test_ns_create_destroy, reset_drv_log),
		cmocka_unit_test_setup(test_ns_binds_local_channel,
				       reset_drv_log),
		cmocka_unit_test_setup(test_ns_before_local_channel,
				       reset_drv_log),
		cmocka_unit_test_setup(test_channel_many_epts, reset_drv_log),
		cmocka_unit_test_setup(test_ns_unmatched_cb, reset_drv_log),
		cmocka_unit_test_setup(test_ns_bad_length, reset_drv_log),
		cmocka_unit_test_setup(test_ns_addr_any, reset_drv_log),
		cmocka_unit_test_setup(test_ns_long_name, reset_drv_log),
		cmocka_unit_test_setup(test_ns_announce_local, reset_drv_log),
		cmocka_unit_test_setup(test_ns_announce_deferred,
				       reset_drv_log),
		cmocka_unit_test_setup(test_ns_announce_at_ready,
				       reset_drv_log),
		cmocka_unit_test_setup(test_send_args, setup),
		cmocka_unit_test_setup(test_send_addresses, setup),
		cmocka_unit_test_setup(test_send_transport_errors, setup),
		cmocka_unit_test_setup(test_list_channels, reset_drv_log),
		cmocka_unit_test_setup(test_list_endpoints, reset_drv_log),
		cmocka_unit_test_setup(test_teardown, reset_drv_log),
		cmocka_unit_test_setup(test_peer_lost_keeps_delivering,
				       reset_drv_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
