/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Both roles of a described region (rpmsg_layout.h) in two processes
 * over one anonymous shared memory file, doorbells on two eventfds: the
 * remote waits for the host from its own loop, the host sends messages of
 * every size from 1 to 496 bytes and checks each echo's content.
 *
 * An example supplies the description and how its services meet: a
 * channel the remote announces, or fixed addresses on both sides.
 */
#ifndef LAYOUT_PAIR_H
#define LAYOUT_PAIR_H

#include <stdint.h>

#include <rpmsg/rpmsg_layout.h>

/**
 * struct layout_app - how an example's two sides talk
 * @name: for messages
 * @layout: the region
 * @channel: non-NULL: the remote announces a channel of this name at
 *           @remote_addr and the host's driver binds it; NULL: both sides
 *           use fixed addresses (@host_addr, @remote_addr), no name service
 * @host_addr: the host's endpoint when @channel is NULL
 * @remote_addr: the remote's endpoint or channel address
 * @messages: echoes to check
 * @check: optional: called by the host with the region once the echoes
 *         are done, to check where things landed; 0 when they are right
 */
struct layout_app {
	const char *name;
	const struct rpmsg_layout *layout;
	const char *channel;
	uint32_t host_addr;
	uint32_t remote_addr;
	unsigned int messages;
	int (*check)(const uint8_t *region);
};

/* Run both sides; 0 when every echo came back intact. */
int layout_pair_run(const struct layout_app *app);

#endif /* LAYOUT_PAIR_H */
