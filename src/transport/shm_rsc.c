// SPDX-License-Identifier: BSD-3-Clause
/*
 * Resource table parsing for the shared-memory transport.
 *
 * The table is written by the remote, so it is untrusted input: every
 * offset, count and size is checked, in 64-bit arithmetic so that no sum
 * can wrap, before anything derived from it is used. The parser works on a
 * private copy of the table; the caller snapshots it out of shared memory
 * first so the peer cannot change it between check and use.
 */
#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtqueue.h>

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Bytes of a legacy vring, in 64-bit arithmetic (no wrap for any input
 * the caller has already bounded). */
static uint64_t vring_bytes(uint64_t num, uint64_t align)
{
	uint64_t avail_end = 16u * num + 4u + 2u * num + 2u;

	avail_end = (avail_end + align - 1) & ~(align - 1);
	return avail_end + 4u + 8u * num + 2u;
}

static int parse_vdev(const uint8_t *t, size_t len, uint32_t off,
		      uint64_t region_size, struct rpmsg_shm_vdev_info *out)
{
	uint64_t end, start[2], size[2];
	uint32_t config_len, num, align, da;
	unsigned int nvr, i;

	if ((uint64_t)off + RPMSG_RSC_VDEV_SIZE > len)
		return -EINVAL;
	nvr = t[off + RPMSG_RSC_VDEV_NUM_VRINGS];
	config_len = rd32(t + off + RPMSG_RSC_VDEV_CONFIG_LEN);
	end = (uint64_t)off + RPMSG_RSC_VDEV_SIZE +
	      (uint64_t)nvr * RPMSG_RSC_VRING_SIZE + config_len;
	if (end > len)
		return -EINVAL;
	if (nvr != 2)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->vdev_offset = off;
	out->notifyid = rd32(t + off + RPMSG_RSC_VDEV_NOTIFYID);
	out->dfeatures = rd32(t + off + RPMSG_RSC_VDEV_DFEATURES);
	for (i = 0; i < 2; i++) {
		const uint8_t *vr = t + off + RPMSG_RSC_VDEV_SIZE +
				    i * RPMSG_RSC_VRING_SIZE;

		da = rd32(vr);
		align = rd32(vr + 4);
		num = rd32(vr + 8);
		if (!is_pow2(num) || num > RPMSG_SHM_MAX_VRING_NUM ||
		    num > RPMSG_VRING_MAX_NUM)
			return -EINVAL;
		if (!is_pow2(align) || align < 4u || align > 65536u)
			return -EINVAL;
		if (da == RPMSG_RSC_ADDR_ANY)
			return -EOPNOTSUPP;
		if (i && (num != out->vring_num || align != out->vring_align))
			return -EOPNOTSUPP;
		/* The descriptor table wants 16-byte alignment. */
		if (da & 15u)
			return -EINVAL;
		start[i] = da;
		size[i] = vring_bytes(num, align);
		if (start[i] + size[i] > region_size)
			return -ERANGE;
		out->vring_da[i] = da;
		out->vring_num = num;
		out->vring_align = align;
	}
	if (start[0] < start[1] + size[1] && start[1] < start[0] + size[0])
		return -EINVAL;
	return 0;
}

int rpmsg_shm_parse_rsc_table(const void *table, size_t table_len,
			      uint64_t region_size,
			      struct rpmsg_shm_vdev_info *out)
{
	const uint8_t *t = table;
	uint32_t num, i, off, type;
	bool found = false;
	int rc;

	if (!t || !out || table_len < RPMSG_RSC_HDR_SIZE)
		return -EINVAL;
	if (rd32(t) != 1u)
		return -EINVAL;
	num = rd32(t + 4);
	if (!num || num > (table_len - RPMSG_RSC_HDR_SIZE) / 4u)
		return -EINVAL;
	for (i = 0; i < num; i++) {
		off = rd32(t + RPMSG_RSC_HDR_SIZE + 4u * i);
		/* Entries start after the offset array, word aligned. */
		if (off & 3u ||
		    off < RPMSG_RSC_HDR_SIZE + 4ull * num ||
		    (uint64_t)off + 4u > table_len)
			return -EINVAL;
		type = rd32(t + off);
		if (type != RPMSG_RSC_VDEV)
			continue;
		if ((uint64_t)off + RPMSG_RSC_VDEV_SIZE > table_len)
			return -EINVAL;
		if (rd32(t + off + RPMSG_RSC_VDEV_ID) != RPMSG_VIRTIO_ID_RPMSG)
			continue;
		if (found)
			return -EINVAL; /* one rpmsg vdev per table */
		rc = parse_vdev(t, table_len, off, region_size, out);
		if (rc)
			return rc;
		found = true;
	}
	return found ? 0 : -ENODEV;
}
