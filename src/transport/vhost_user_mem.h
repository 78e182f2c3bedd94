/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The frontend's memory as the backend maps it: up to VHU_MAX_REGIONS
 * regions, each known by a guest-physical range (what descriptors hold)
 * and a frontend-virtual range (what ring addresses hold).
 */
#ifndef RPMSG_VHOST_USER_MEM_H
#define RPMSG_VHOST_USER_MEM_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_mem.h>

#include "vhost_user_proto.h"

struct vhu_mapping {
	uint64_t gpa;
	uint64_t uva;
	uint64_t size;
	uint8_t *va;	 /* where [gpa, gpa + size) is seen here */
	void *map;	 /* the whole mmap(), offset included */
	size_t map_len;
};

/**
 * struct vhu_memory - a mapped memory table
 * @mem: the description handed to the core (ops translate by gpa)
 * @num: regions in use
 */
struct vhu_memory {
	struct rpmsg_mem mem;
	unsigned int num;
	struct vhu_mapping map[VHU_MAX_REGIONS];
};

/**
 * rpmsg_vhu_memory_set() - validate and map a SET_MEM_TABLE payload
 * @m: filled (an empty table first: see rpmsg_vhu_memory_init())
 * @table: the payload; @size its length in bytes
 * @fds: the descriptors that came with it, one per region, consumed
 *       (closed) whatever the result
 *
 * Regions must be non-empty, not wrap, not overlap in either address
 * space, and lie inside their file (checked with fstat). The previous
 * table, if any, is unmapped first.
 *
 * Return: 0, -EPROTO for a malformed message (size, region count, fds),
 * -EINVAL for regions that break those rules, or -errno from mmap().
 */
int rpmsg_vhu_memory_set(struct vhu_memory *m, const struct vhu_mem_table *table,
		   size_t size, int *fds, unsigned int nfds);

/* An empty table. */
void rpmsg_vhu_memory_init(struct vhu_memory *m);

/* Unmap everything. */
void rpmsg_vhu_memory_clear(struct vhu_memory *m);

/**
 * rpmsg_vhu_memory_uva() - pointer for [uva, uva + len) in frontend-virtual
 * terms, or NULL unless the whole range lies in one region
 */
void *rpmsg_vhu_memory_uva(const struct vhu_memory *m, uint64_t uva, uint64_t len);

#endif /* RPMSG_VHOST_USER_MEM_H */
