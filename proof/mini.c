// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the minimal remote profile above its rings
 * (src/mini/mini.c): start-up, the name-service announcement, receive
 * with dispatch to the endpoints, and send.
 *
 * The rings are modelled by what proof/mini_vq.c proves of
 * rpmsg_mini_take(): it returns 0, -EIO, or 1 with a head below the ring
 * size and a buffer that is NULL or wholly inside the window with the
 * length the descriptor gave. Here that buffer is a volatile object of
 * exactly BUF_LEN bytes with length BUF_LEN (prove.sh runs several
 * lengths, below and above the 16-byte header): any read or write past
 * the length the host gave is outside the object. Every read of it
 * returns any value (the host rewriting it between any two of our
 * reads). The link's status and feature words are any value on every
 * call. Any sequence of polls and sends is explored, with callbacks that
 * send from inside the poll or not.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>

#include "../src/mini/mini_internal.h"

#define NUM 4u
#ifndef BUF_LEN
#define BUF_LEN 64u
#endif
#define PAYLOAD_MAX (BUF_LEN + 8u)

static uint8_t ring0[128], ring1[128]; /* never read: the rings are modelled */
static volatile uint8_t buffer[BUF_LEN] __attribute__((aligned(4)));
static uint8_t payload[PAYLOAD_MAX];
static struct rpmsg_mini mini;
static struct rpmsg_mini_ept named, unnamed;

/* --- the rings, as proof/mini_vq.c proves them ---------------------- */
int rpmsg_mini_take(struct rpmsg_mini *m, unsigned int q, uint16_t *head,
		    uint8_t **buf, uint32_t *len)
{
	//@ assert take_queue: q <= 1;
	switch (Frama_C_interval(0, 2)) {
	case 0:
		return 0;
	case 1:
		return -EIO;
	default:
		break;
	}
	*head = Frama_C_unsigned_short_interval(0, (uint16_t)(m->num - 1u));
	*len = BUF_LEN;
	*buf = Frama_C_nondet(0, 1) ? (uint8_t *)buffer : 0;
	return 1;
}

void rpmsg_mini_put(struct rpmsg_mini *m, unsigned int q, uint16_t head,
		    uint32_t len)
{
	(void)m;
	(void)head;
	//@ assert put_queue: q <= 1;
	//@ assert put_len: len <= BUF_LEN;
}

/* --- the link: the host's status and features, any value each time ---- */
static uint8_t link_get_status(void *ctx)
{
	(void)ctx;
	return Frama_C_unsigned_char_interval(0, 0xff);
}

static void link_set_status(void *ctx, uint8_t status)
{
	(void)ctx;
	(void)status;
}

static uint64_t link_features(void *ctx)
{
	(void)ctx;
	return Frama_C_unsigned_long_long_interval(0, ~0ull);
}

static void link_set_features(void *ctx, uint64_t features)
{
	(void)ctx;
	(void)features;
}

static void link_notify(void *ctx, unsigned int vq)
{
	(void)ctx;
	//@ assert notify_queue: vq <= 1;
}

static const struct rpmsg_virtio_link_ops link = {
	.get_status = link_get_status,
	.set_status = link_set_status,
	.get_device_features = link_features,
	.get_driver_features = link_features,
	.set_driver_features = link_set_features,
	.notify = link_notify,
};

static void any_send(struct rpmsg_mini *m, uint32_t src)
{
	(void)rpmsg_mini_send(m, src,
			      Frama_C_unsigned_int_interval(0, 0xffffffffu),
			      payload,
			      Frama_C_unsigned_int_interval(0, PAYLOAD_MAX));
}

/* What an endpoint is handed lies inside the buffer, whole. */
static int on_message(struct rpmsg_mini *m, struct rpmsg_mini_ept *ept,
		      void *data, uint32_t len, uint32_t src)
{
	//@ assert data_in_buffer: \base_addr(data) == \base_addr(&buffer[0]);
	/*@ assert data_inside:
		len == 0 || \valid_read((uint8_t *)data + (0 .. len - 1)); */
	(void)src;
	if (Frama_C_nondet(0, 1))
		any_send(m, ept->addr);
	return 0;
}

int main(void)
{
	struct rpmsg_mini_config cfg;

	cfg.link = &link;
	cfg.link_ctx = 0;
	cfg.vring[0] = (void *)ring0;
	cfg.vring[1] = (void *)ring1;
	cfg.num = NUM;
	cfg.align = 4u;
	cfg.shm = (void *)buffer;
	cfg.shm_da = 0;
	cfg.shm_size = BUF_LEN;
	if (rpmsg_mini_init(&mini, &cfg))
		return 0;
	named.name = "rpmsg-proof-channel-name-of-31ch";
	named.addr = Frama_C_unsigned_int_interval(0, 0xffffffffu);
	named.cb = on_message;
	unnamed.name = 0;
	unnamed.addr = Frama_C_unsigned_int_interval(0, 0xffffffffu);
	unnamed.cb = on_message;
	(void)rpmsg_mini_add_ept(&mini, &named);
	(void)rpmsg_mini_add_ept(&mini, &unnamed);
	while (Frama_C_nondet(0, 1)) {
		if (Frama_C_nondet(0, 1))
			(void)rpmsg_mini_poll(&mini);
		else
			any_send(&mini,
				 Frama_C_unsigned_int_interval(0, 0xffffffffu));
	}
	return 0;
}
