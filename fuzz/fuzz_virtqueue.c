// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: everything a peer can write into a split ring.
 *
 * The input is laid over the ring image (both the avail side a driver
 * writes and the used side a device writes) after each role has set up
 * its private state; both roles then read the hostile image until it runs
 * dry or breaks. Any out-of-bounds access, crash or hang is a finding.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_virtqueue.h>

#define NUM 8u
#define ALIGN 16u
#define BUF_SIZE 64u
#define DA_BASE 0x40000000ull

static _Alignas(16) uint8_t ring[4096];
static _Alignas(16) uint8_t pool[NUM * BUF_SIZE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_vq_slot dslots[NUM], vslots[NUM];
	struct rpmsg_virtqueue drv, dev;
	size_t ring_size = rpmsg_vring_size(NUM, ALIGN);
	uint64_t features = 0;
	struct rpmsg_mem mem;
	unsigned int i, posted;
	uint32_t len;
	uint16_t id;
	void *buf;
	int rc;

	if (size < 2)
		return 0;
	if (data[0] & 1)
		features |= 1ull << RPMSG_VIRTIO_F_EVENT_IDX;
	if (data[0] & 2)
		features |= 1ull << RPMSG_VIRTIO_F_VERSION_1;
	posted = data[1] % (NUM + 1);
	data += 2;
	size -= 2;

	rpmsg_mem_init_linear(&mem, pool, DA_BASE, sizeof(pool));
	rpmsg_vq_init(&drv, RPMSG_VQ_DRIVER, ring, NUM, ALIGN, dslots, &mem,
		      features);
	for (i = 0; i < posted; i++)
		rpmsg_vq_add_buf(&drv, pool + i * BUF_SIZE, BUF_SIZE, i & 1);
	rpmsg_vq_init(&dev, RPMSG_VQ_DEVICE, ring, NUM, ALIGN, vslots, &mem,
		      features);

	/* The peer scribbles over the whole ring. */
	memcpy(ring, data, size < ring_size ? size : ring_size);

	/* Device side reads the hostile avail ring. */
	for (i = 0; i < 4 * NUM; i++) {
		rc = rpmsg_vq_get_avail(&dev, &id, &buf, &len);
		if (rc == -EAGAIN || rc == -EIO)
			break;
		if (rc == 0) {
			/* Touch every byte we were given. */
			memset(buf, 0xa5, len);
			rpmsg_vq_put_used(&dev, id, len);
		}
	}
	rpmsg_vq_notify_prepare(&dev);
	rpmsg_vq_enable_notify(&dev);

	/* Driver side reads the hostile used ring. */
	if (size > ring_size)
		memcpy(ring, data + ring_size,
		       size - ring_size < ring_size ? size - ring_size
						    : ring_size);
	for (i = 0; i < 4 * NUM; i++) {
		rc = rpmsg_vq_get_used(&drv, &buf, &len);
		if (rc == -EAGAIN || rc == -EIO)
			break;
		if (buf) {
			if (len)
				memset(buf, 0x5a, len);
			rpmsg_vq_add_buf(&drv, buf, BUF_SIZE, false);
		}
	}
	rpmsg_vq_kick_prepare(&drv);
	rpmsg_vq_enable_cb(&drv);
	return 0;
}
