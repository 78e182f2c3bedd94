/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the region description's checks and the link that runs on it. */
#ifndef RPMSG_LAYOUT_INTERNAL_H
#define RPMSG_LAYOUT_INTERNAL_H

#include <stdint.h>

#include <rpmsg/rpmsg_layout.h>

/* The features a remote offers, or both take as agreed without a table:
 * the description's, filtered for the peer, 32 bits. */
uint32_t rpmsg_layout_offer(const struct rpmsg_layout *l);

/* Host: the offset of the table's rpmsg vdev entry from the table start,
 * after checking it holds the described rings. 0 or -ENODEV. */
int rpmsg_layout_find_vdev(const struct rpmsg_layout *l, const void *region,
			   uint32_t *vdev_off);

#endif /* RPMSG_LAYOUT_INTERNAL_H */
