// SPDX-License-Identifier: BSD-3-Clause
/*
 * Resource table parsing for the shared-memory transport.
 *
 * The table is written by the remote, so it is untrusted input: the
 * resource table reader (rpmsg_rsc.h) checks every offset, count and size
 * of every entry; what this transport adds is its own limits (one rpmsg
 * vdev of two equal, placed rings inside the region). The caller snapshots
 * the table out of shared memory first so the peer cannot change it
 * between check and use.
 */
#include <errno.h>
#include <string.h>

#include <rpmsg/rpmsg_rsc.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtqueue.h>

int rpmsg_shm_parse_rsc_table(const void *table, size_t table_len,
			      uint64_t region_size,
			      struct rpmsg_shm_vdev_info *out)
{
	const struct rpmsg_rsc_vdev_info *v;
	struct rpmsg_rsc_entry e;
	uint32_t num;
	unsigned int i;
	int rc;

	if (!table || !out || table_len < RPMSG_RSC_HDR_SIZE)
		return -EINVAL;
	memcpy(&num, (const uint8_t *)table + 4, sizeof(num));
	if (!num)
		return -EINVAL; /* a table with nothing in it */
	rc = rpmsg_rsc_find_vdev(table, table_len, RPMSG_VIRTIO_ID_RPMSG, &e);
	if (rc)
		return rc;
	v = &e.vdev;
	if (v->num_vrings != 2)
		return -EINVAL;
	for (i = 0; i < 2; i++) {
		const struct rpmsg_rsc_vring *r = &v->vring[i];

		if (r->num > RPMSG_SHM_MAX_VRING_NUM ||
		    r->num > RPMSG_VRING_MAX_NUM || r->align < 4u)
			return -EINVAL;
		if (r->da == RPMSG_RSC_ADDR_ANY)
			return -EOPNOTSUPP;
		if (r->num != v->vring[0].num || r->align != v->vring[0].align)
			return -EOPNOTSUPP;
		if (r->da + rpmsg_rsc_vring_bytes(r->num, r->align) >
		    region_size)
			return -ERANGE;
	}
	memset(out, 0, sizeof(*out));
	out->vdev_offset = e.offset;
	out->notifyid = v->notifyid;
	out->dfeatures = v->dfeatures;
	out->vring_da[0] = v->vring[0].da;
	out->vring_da[1] = v->vring[1].da;
	out->vring_num = v->vring[0].num;
	out->vring_align = v->vring[0].align;
	return 0;
}
