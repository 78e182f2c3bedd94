// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory transport: the region (docs/SPEC.md, "Shared-memory region"):
 * the remote creates and fills it, the host maps it and checks every word
 * the remote wrote before using any.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "peer_fd.h"
#include "shm_internal.h"

/* Distinguishes regions (the header's generation word). */
static atomic_uint shm_generation;

static uint32_t *hdr_word(struct rpmsg_shm *link, unsigned int i)
{
	return (uint32_t *)(void *)(link->region + 4u * i);
}

/* Linux's rule: 512 buffers, or 2 x vring size when the ring has fewer
 * than 256 entries. */
static unsigned int host_num_bufs(unsigned int vring_num)
{
	return vring_num < 256u ? 2u * vring_num : 512u;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static size_t page_up(size_t v)
{
	return (v + RPMSG_SHM_PAGE - 1) & ~(size_t)(RPMSG_SHM_PAGE - 1);
}

static void remote_write_table(struct rpmsg_shm *link, size_t ring_size,
			       unsigned int num)
{
	uint8_t *t = link->region + SHM_RSC_OFFSET;
	uint32_t off = RPMSG_RSC_HDR_SIZE + 4u;
	uint8_t *v = t + off;
	unsigned int i;

	put32(t, 1u);		/* ver */
	put32(t + 4, 1u);	/* num */
	put32(t + RPMSG_RSC_HDR_SIZE, off);
	put32(v, RPMSG_RSC_VDEV);
	put32(v + RPMSG_RSC_VDEV_ID, RPMSG_VIRTIO_ID_RPMSG);
	put32(v + RPMSG_RSC_VDEV_NOTIFYID, 0u);
	put32(v + RPMSG_RSC_VDEV_DFEATURES, (uint32_t)link->cfg.features);
	put32(v + RPMSG_RSC_VDEV_GFEATURES, 0u);
	put32(v + RPMSG_RSC_VDEV_CONFIG_LEN, 0u);
	v[RPMSG_RSC_VDEV_STATUS] = 0;
	v[RPMSG_RSC_VDEV_NUM_VRINGS] = 2;
	for (i = 0; i < 2; i++) {
		uint8_t *vr = v + RPMSG_RSC_VDEV_SIZE +
			      i * RPMSG_RSC_VRING_SIZE;
		uint32_t da = (uint32_t)(SHM_RING_OFFSET + i * ring_size);

		put32(vr, da);
		put32(vr + 4, RPMSG_SHM_PAGE);
		put32(vr + 8, num);
		put32(vr + 12, i + 1u);
		put32(vr + 16, da);
	}
}

int rpmsg_shm_region_create(struct rpmsg_shm *link, unsigned int num,
			    unsigned int buf_size,
			    struct rpmsg_shm_vdev_info *info)
{
	size_t ring_size, pool_off, pool_size;
	unsigned int num_bufs;
	int rc;

	rc = -EINVAL;
	ring_size = rpmsg_vring_size(num, RPMSG_SHM_PAGE);
	if (!ring_size || buf_size <= RPMSG_HDR_SIZE ||
	    buf_size > 0xFFFFu + RPMSG_HDR_SIZE)
		return rc;
	ring_size = page_up(ring_size);
	num_bufs = host_num_bufs(num);
	pool_off = SHM_RING_OFFSET + 2 * ring_size;
	pool_size = (size_t)num_bufs * buf_size;
	link->region_size = page_up(pool_off + pool_size);

	link->mem_fd = memfd_create("rpmsg-shm", MFD_CLOEXEC |
						  MFD_ALLOW_SEALING);
	if (link->mem_fd < 0 ||
	    ftruncate(link->mem_fd, (off_t)link->region_size) ||
	    fcntl(link->mem_fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) {
		return -errno;
	}
	link->region = mmap(NULL, link->region_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, link->mem_fd, 0);
	if (link->region == MAP_FAILED) {
		link->region = NULL;
		return -errno;
	}
	*hdr_word(link, HDR_MAGIC) = RPMSG_SHM_MAGIC;
	*hdr_word(link, HDR_VERSION) = RPMSG_SHM_LAYOUT_VERSION;
	*hdr_word(link, HDR_GENERATION) =
		atomic_fetch_add(&shm_generation, 1u) + 1u;
	*hdr_word(link, HDR_REGION_SIZE) = (uint32_t)link->region_size;
	*hdr_word(link, HDR_RSC_OFFSET) = SHM_RSC_OFFSET;
	*hdr_word(link, HDR_RSC_SIZE) = RPMSG_SHM_PAGE;
	*hdr_word(link, HDR_POOL_OFFSET) = (uint32_t)pool_off;
	*hdr_word(link, HDR_POOL_SIZE) = (uint32_t)pool_size;
	*hdr_word(link, HDR_BUF_SIZE) = buf_size;
	remote_write_table(link, ring_size, num);
	/* Our own table, parsed with the host's checks. */
	rc = rpmsg_shm_parse_rsc_table(link->region + SHM_RSC_OFFSET,
				       RPMSG_SHM_PAGE, link->region_size,
				       info);
	return rc;
}

/* Map the region and check everything the remote wrote in it. */
int rpmsg_shm_region_map(struct rpmsg_shm *link, const struct shm_hello *hello,
			 struct rpmsg_shm_vdev_info *info, uint32_t *pool_off,
			 unsigned int *num_bufs, unsigned int *buf_size)
{
	uint32_t hdr[HDR_WORDS], rsc_off, rsc_size, pool_size;
	uint64_t ring_end[2];
	uint8_t *table;
	int rc;

	/* A regular file sealed against shrinking, as long as announced
	 * (a size rpmsg_shm_hello_parse() checked): the map can never turn
	 * into SIGBUS. */
	if (rpmsg_fd_check_memory(link->mem_fd, hello->region_size,
				  F_SEAL_SHRINK))
		return -EPROTO;
	link->region_size = (size_t)hello->region_size;
	link->region = mmap(NULL, link->region_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, link->mem_fd, 0);
	if (link->region == MAP_FAILED) {
		link->region = NULL;
		return -errno;
	}
	memcpy(hdr, link->region, sizeof(hdr));
	if (hdr[HDR_MAGIC] != RPMSG_SHM_MAGIC ||
	    hdr[HDR_VERSION] != RPMSG_SHM_LAYOUT_VERSION ||
	    hdr[HDR_REGION_SIZE] != link->region_size)
		return -EPROTO;
	rsc_off = hdr[HDR_RSC_OFFSET];
	rsc_size = hdr[HDR_RSC_SIZE];
	if (rsc_off < RPMSG_SHM_PAGE || (rsc_off & 3u) ||
	    (uint64_t)rsc_off + rsc_size > link->region_size)
		return -ERANGE;
	/* Parse a private copy: the remote cannot change it under us. */
	table = malloc(rsc_size ? rsc_size : 1u);
	if (!table)
		return -ENOMEM;
	memcpy(table, link->region + rsc_off, rsc_size);
	rc = rpmsg_shm_parse_rsc_table(table, rsc_size, link->region_size,
				       info);
	free(table);
	if (rc)
		return rc;
	/* The live vdev entry is reached at SHM_RSC_OFFSET + vdev_offset. */
	if (rsc_off != SHM_RSC_OFFSET)
		return -EOPNOTSUPP;
	*buf_size = hdr[HDR_BUF_SIZE];
	if (*buf_size <= RPMSG_HDR_SIZE || *buf_size > 0xFFFFu + RPMSG_HDR_SIZE)
		return -EPROTO;
	*num_bufs = host_num_bufs(info->vring_num);
	*pool_off = hdr[HDR_POOL_OFFSET];
	pool_size = hdr[HDR_POOL_SIZE];
	if ((*pool_off & 15u) ||
	    (uint64_t)*num_bufs * *buf_size > pool_size ||
	    (uint64_t)*pool_off + pool_size > link->region_size)
		return -ERANGE;
	/* Rings and pool after the table, and apart from each other. */
	ring_end[0] = info->vring_da[0] +
		      (uint64_t)rpmsg_vring_size(info->vring_num,
						 info->vring_align);
	ring_end[1] = info->vring_da[1] +
		      (uint64_t)rpmsg_vring_size(info->vring_num,
						 info->vring_align);
	if (info->vring_da[0] < (uint64_t)rsc_off + rsc_size ||
	    info->vring_da[1] < (uint64_t)rsc_off + rsc_size ||
	    *pool_off < (uint64_t)rsc_off + rsc_size ||
	    (*pool_off < ring_end[0] &&
	     info->vring_da[0] < (uint64_t)*pool_off + pool_size) ||
	    (*pool_off < ring_end[1] &&
	     info->vring_da[1] < (uint64_t)*pool_off + pool_size))
		return -ERANGE;
	return 0;
}

uint8_t rpmsg_shm_region_status(const struct rpmsg_shm *link)
{
	return __atomic_load_n(link->vdev_rsc + RPMSG_RSC_VDEV_STATUS,
			       __ATOMIC_ACQUIRE);
}
