/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring access of the minimal remote profile (src/mini/): the device half
 * of a split ring, little endian, with the shared-memory accessors and
 * byte order helpers of the core.
 */
#ifndef RPMSG_MINI_INTERNAL_H
#define RPMSG_MINI_INTERNAL_H

#include <stdint.h>

#include <rpmsg/rpmsg_mini.h>

enum {
	RPMSG_MINI_DOWN,
	RPMSG_MINI_ANNOUNCE,
	RPMSG_MINI_UP,
	RPMSG_MINI_BROKEN,
};

/*
 * rpmsg_mini_take() - the next buffer the host offers on vq @q.
 * Return: 1 with *@head and *@len set and *@buf the checked buffer, or
 * NULL if its descriptor is unusable (give it back with length 0); 0 if
 * the ring is empty; -EIO if the avail index or the head is out of
 * range (the ring is broken).
 */
int rpmsg_mini_take(struct rpmsg_mini *m, unsigned int q, uint16_t *head,
		    uint8_t **buf, uint32_t *len);

/* rpmsg_mini_put() - give buffer @head of vq @q back with @len bytes. */
void rpmsg_mini_put(struct rpmsg_mini *m, unsigned int q, uint16_t head,
		    uint32_t len);

#endif /* RPMSG_MINI_INTERNAL_H */
