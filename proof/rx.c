// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: a received buffer, from its header to the endpoint's
 * callback (src/core/virtio_common.c rpmsg_virtio_deliver and
 * rpmsg_virtio_read_hdr, src/core/bus_endpoint.c rpmsg_device_dispatch),
 * and name-service messages (src/core/bus_ns.c rpmsg_ns_rx).
 *
 * The buffer is the peer's and volatile: every read of it may return any
 * value. Its length, what the ring said, is any value up to the buffer's
 * size (the virtqueue harness proves a buffer handed out lies inside the
 * region). Any number of buffers is delivered, in any byte order.
 */
#include <stdint.h>
#include <string.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_transport.h>
#include <rpmsg/rpmsg_virtio.h>

#include "bus_internal.h"
#include "virtio_internal.h"

#define BUF_SIZE RPMSG_CFG_BUF_SIZE

static volatile uint8_t rxbuf[BUF_SIZE];
static struct rpmsg_virtio_device vdev;
static struct rpmsg_endpoint user_ept;
static struct rpmsg_mem mem;

/* --- the OS port: one thread, locks that always succeed ---------------- */
static void os_lock(void *ctx)
{
	(void)ctx;
}

static void os_unlock(void *ctx)
{
	(void)ctx;
}

static int os_wait(void *ctx, uint64_t deadline_ns)
{
	(void)ctx;
	(void)deadline_ns;
	return -ETIMEDOUT;
}

static void os_wake(void *ctx)
{
	(void)ctx;
}

static uint64_t os_now(void *ctx)
{
	(void)ctx;
	return 0;
}

static uintptr_t os_thread(void *ctx)
{
	(void)ctx;
	return 1;
}

static const struct rpmsg_os_ops os = {
	.lock = os_lock,
	.unlock = os_unlock,
	.wait = os_wait,
	.wake = os_wake,
	.now_ns = os_now,
	.thread_id = os_thread,
};

/* --- the transport: never called on the receive path ------------------- */
static size_t tr_mtu(struct rpmsg_device *dev)
{
	(void)dev;
	return BUF_SIZE - RPMSG_HDR_SIZE;
}

static int tr_get_tx(struct rpmsg_device *dev, void **payload, uint32_t *size,
		     uint32_t timeout_ms)
{
	(void)dev;
	(void)payload;
	(void)size;
	(void)timeout_ms;
	return -ENOMEM;
}

static int tr_send(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
		   void *payload, size_t len)
{
	(void)dev;
	(void)src;
	(void)dst;
	(void)payload;
	(void)len;
	return -EPIPE;
}

static int tr_release_tx(struct rpmsg_device *dev, void *payload)
{
	(void)dev;
	(void)payload;
	return 0;
}

static int tr_release_rx(struct rpmsg_device *dev, void *payload)
{
	(void)dev;
	(void)payload;
	return 0;
}

static const struct rpmsg_transport_ops tr = {
	.get_mtu = tr_mtu,
	.get_tx_buffer = tr_get_tx,
	.send_nocopy = tr_send,
	.release_tx_buffer = tr_release_tx,
	.release_rx_buffer = tr_release_rx,
};

/* --- what the receive path hands on ------------------------------------ */

/* A payload handed to an endpoint lies inside the buffer. */
static int user_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	(void)src;
	//@ assert payload_in_buffer: \base_addr(data) == \base_addr(&rxbuf[0]);
	//@ assert payload_after_header: (uint8_t *)data == (uint8_t *)&rxbuf[RPMSG_HDR_SIZE];
	//@ assert payload_fits: RPMSG_HDR_SIZE + len <= BUF_SIZE;
	/* The endpoint may keep the buffer (zero copy) or not. */
	if (Frama_C_nondet(0, 1))
		(void)rpmsg_hold_rx_buffer(ept, data);
	return 0;
}

/* The channel layer gets a name of at most 31 bytes, NUL-terminated, and
 * never the address RPMSG_ADDR_ANY. (bus_channel.c's handling of it is
 * not part of this harness.) */
static void name_ok(const char *name, uint32_t addr)
{
	//@ assert name_valid: \valid_read(name + (0 .. RPMSG_NAME_SIZE - 1));
	//@ assert name_terminated: name[RPMSG_NAME_SIZE - 1] == 0;
	//@ assert addr_real: addr != RPMSG_ADDR_ANY;
}

void rpmsg_bus_ns_create(struct rpmsg_device *dev, const char *name,
			 uint32_t addr)
{
	(void)dev;
	name_ok(name, addr);
}

void rpmsg_bus_ns_destroy(struct rpmsg_device *dev, const char *name,
			  uint32_t addr)
{
	(void)dev;
	name_ok(name, addr);
}

void rpmsg_bus_announce_all(struct rpmsg_device *dev)
{
	(void)dev;
}

int main(void)
{
	uint32_t avail;
	int rc;

	if (rpmsg_mem_init_linear(&mem, (void *)rxbuf, 0x80000000u, BUF_SIZE))
		return 1;
	if (rpmsg_device_init(&vdev.bus, &tr, &os, NULL))
		return 1;
	vdev.cfg.mem = &mem;
	if (rpmsg_device_ready(&vdev.bus, true, Frama_C_nondet(0, 1)))
		return 1;
	if (rpmsg_create_ept(&user_ept, &vdev.bus, "proof",
			     Frama_C_unsigned_int_interval(0, 0xffffffffu),
			     RPMSG_ADDR_ANY, user_cb, NULL))
		return 1;
	while (Frama_C_nondet(0, 1)) {
		avail = Frama_C_unsigned_int_interval(0, BUF_SIZE);
		rc = rpmsg_virtio_deliver(&vdev, (void *)rxbuf, avail);
		//@ assert rc_known: rc == -EBADMSG || rc == -ENOENT || rc == 0 || rc == 1;
	}
	return 0;
}
