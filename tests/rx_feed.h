/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A host's rx path fed as a hostile remote fills it: the harness of
 * fuzz_rpmsg_rx and the check of its generated seeds (tests/test_seeds.c)
 * feed the same link the same way. A real host and remote are linked in
 * one process (8 buffers of 128 bytes); the host has the endpoint "sink"
 * at 1024 and a driver for the service "fuzz". The input: per buffer a
 * u16 used.len (little endian, taken modulo the buffer length + 1), then
 * the buffer's bytes (its length, or what is left), written into one of
 * the host's rx buffers taken from the remote's end of the ring, returned
 * and delivered.
 */
#ifndef RX_FEED_H
#define RX_FEED_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>

#define RX_FEED_EPT 1024u
#define RX_FEED_BUF_SIZE 128u

struct rx_feed {
	struct rpmsg_inproc *link;
	struct rpmsg_virtio_device *host, *remote;
	struct rpmsg_endpoint ept;
	struct rpmsg_driver drv;
};

/* Creates and starts the link; @cb (with @priv for the endpoint) gets
 * what the endpoint and the driver's channels receive. 0 or -errno. */
int rx_feed_open(struct rx_feed *f, rpmsg_rx_cb_t cb, void *priv);
/* Feeds @data; returns the buffers fed. */
unsigned int rx_feed_run(struct rx_feed *f, const uint8_t *data,
			 size_t size);
void rx_feed_close(struct rx_feed *f);

#endif /* RX_FEED_H */
