// SPDX-License-Identifier: BSD-3-Clause
/*
 * Peer profiles: the named presets of rpmsg_virtio_config.peer and what
 * they switch on. docs/SPEC.md ("Peers") gives the reason for each flag.
 */
#include <string.h>

#include "virtio_internal.h"

static const struct {
	const char *name;
	uint32_t flags;
} presets[] = {
	{ "linux", RPMSG_PEER_LINUX },
	{ "openamp", RPMSG_PEER_OPENAMP },
	{ "rpmsg-lite", RPMSG_PEER_RPMSG_LITE },
};

int rpmsg_peer_from_name(const char *name, uint32_t *flags)
{
	size_t i;

	if (!name || !flags)
		return -EINVAL;
	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (!strncmp(presets[i].name, name, RPMSG_NAME_SIZE)) {
			*flags = presets[i].flags;
			return 0;
		}
	}
	return -EINVAL;
}

const char *rpmsg_peer_name(uint32_t flags)
{
	size_t i;

	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (presets[i].flags == flags)
			return presets[i].name;
	return "custom";
}

uint64_t rpmsg_peer_features(uint32_t peer, uint64_t features)
{
	/* A driver that accepts EVENT_IDX without keeping its used-event
	 * index would silence us for good; one that never clears its
	 * suppression flags gets every doorbell anyway. */
	if (peer & (RPMSG_PEER_NO_EVENT_IDX | RPMSG_PEER_RING_ALWAYS))
		features &= ~(1ull << RPMSG_VIRTIO_F_EVENT_IDX);
	return features;
}

void rpmsg_virtio_peer_apply(struct rpmsg_virtio_device *vdev)
{
	bool always = vdev->cfg.peer & RPMSG_PEER_RING_ALWAYS;

	/* Granted anyway (a transport offered it): keep the avail-event
	 * index the host reads before kicking us, but never let its stale
	 * used-event index decide our doorbells. */
	if ((vdev->cfg.peer & RPMSG_PEER_NO_EVENT_IDX) &&
	    ((vdev->features >> RPMSG_VIRTIO_F_EVENT_IDX) & 1u))
		always = true;
	/* Remote: a driver that left buffers on our rx ring's used ring
	 * before starting (used.idx != 0; Linux leaves 0) is a master that
	 * hands out tx buffers that way, and those masters leave their
	 * "no interrupt" flags set while waiting for doorbells. */
	if (vdev->cfg.role == RPMSG_VIRTIO_REMOTE && vdev->rvq.used_idx)
		always = true;

	rpmsg_vq_set_always_notify(&vdev->svq, always);
	rpmsg_vq_set_always_notify(&vdev->rvq, always);
}
