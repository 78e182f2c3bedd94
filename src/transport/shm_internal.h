/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared-memory transport, shared between its files (design in
 * shm.c): shm_region.c lays out and checks the region, shm_handshake.c
 * speaks on the socket until the rings are live (the hello's checks are
 * shm_hello.c's), shm.c runs the link and calls the other two (they never
 * call it).
 */
#ifndef RPMSG_SHM_INTERNAL_H
#define RPMSG_SHM_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_shm.h>

#include "link_service.h"
#include "shm_hello.h"

/* Header page words. */
enum {
	HDR_MAGIC,
	HDR_VERSION,
	HDR_GENERATION,
	HDR_REGION_SIZE,
	HDR_RSC_OFFSET,
	HDR_RSC_SIZE,
	HDR_POOL_OFFSET,
	HDR_POOL_SIZE,
	HDR_BUF_SIZE,
	HDR_WORDS
};

#define SHM_RSC_OFFSET RPMSG_SHM_PAGE
#define SHM_CONNECT_RETRY_NS 5000000ull
#define SHM_MSG_STATUS 'S'

struct rpmsg_shm {
	struct rpmsg_shm_config cfg;
	char name[RPMSG_SHM_NAME_MAX + 1];
	enum rpmsg_virtio_role role;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_posix_os posix;
	bool posix_ready;
	bool vdev_ready;
	struct rpmsg_mem mem;
	struct rpmsg_vq_slot *slots[2];
	uint8_t *buf_state;
	uint8_t *region;
	size_t region_size;
	uint8_t *vdev_rsc; /* the vdev entry inside the region */
	int mem_fd;
	int listen_fd;
	int sock;
	int bell[2];	  /* per vq: our end of its doorbell, both ways */
	int bell_gift[2]; /* remote until the hello: the host's ends */
	bool started;
	struct rpmsg_link_service svc; /* threads and the peer's state */
};

static inline uint64_t rpmsg_shm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void rpmsg_shm_close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* --- shm_region.c: the region --------------------------------------------- */

/* Remote: create, seal and map the region for rings of @num entries and
 * buffers of @buf_size, write the header page and the resource table, and
 * parse that table back with the host's checks into @info. */
int rpmsg_shm_region_create(struct rpmsg_shm *link, unsigned int num,
			    unsigned int buf_size,
			    struct rpmsg_shm_vdev_info *info);

/* Host: map the region the hello announced and check everything the
 * remote wrote in it: @info, the pool's offset, buffer count and size. */
int rpmsg_shm_region_map(struct rpmsg_shm *link, const struct shm_hello *hello,
			 struct rpmsg_shm_vdev_info *info, uint32_t *pool_off,
			 unsigned int *num_bufs, unsigned int *buf_size);

/* The vdev entry's status byte (acquire). */
uint8_t rpmsg_shm_region_status(const struct rpmsg_shm *link);

/* --- shm_handshake.c: the socket until the rings are live ----------------- */

/* Remote: the doorbell pairs and the listening socket "@rpmsg-<name>". */
int rpmsg_shm_listen(struct rpmsg_shm *link);

/* Remote: accept an admitted host, send it the hello with the region and
 * its doorbell ends, wait for its DRIVER_OK until @deadline, at most 5 s
 * from its connect (-ECONNABORTED when that bound ends it). */
int rpmsg_shm_accept_host(struct rpmsg_shm *link, uint64_t deadline);

/* Host: connect (retrying while nobody listens) and receive the hello. */
int rpmsg_shm_connect_remote(struct rpmsg_shm *link, uint64_t deadline,
			     struct shm_hello *hello);

#endif /* RPMSG_SHM_INTERNAL_H */
