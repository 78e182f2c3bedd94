// SPDX-License-Identifier: BSD-3-Clause
/*
 * The librpmsg host beside the example firmware (fw_host.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg_rsc.h>

#include "fw_host.h"

_Static_assert(FW_HOST_POOL_OFFSET + FW_HOST_NUM_BUFS * FW_BUF_SIZE <=
		       FW_TRACE_DA - FW_SHM_DA,
	       "the host's pool lies below the trace buffer");

const struct rpmsg_device_id fw_host_ids[] = {
	{ FW_SERVICE },
	{ "" },
};

int fw_host_init(struct fw_host *h, const void *table, size_t len,
		 const struct rpmsg_virtio_link_ops *link, void *link_ctx,
		 const struct rpmsg_os_ops *os, void *os_ctx)
{
	struct rpmsg_virtio_config cfg;
	int rc;

	rc = rpmsg_shm_parse_rsc_table(table, len,
				       (uint64_t)FW_SHM_DA + FW_SHM_SIZE,
				       &h->info);
	if (rc)
		return rc;
	rc = rpmsg_mem_init_linear(&h->shm, (void *)(uintptr_t)FW_SHM_DA,
				   FW_SHM_DA, FW_SHM_SIZE);
	if (rc)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	cfg.role = RPMSG_VIRTIO_HOST;
	cfg.link = link;
	cfg.link_ctx = link_ctx;
	cfg.os = os;
	cfg.os_ctx = os_ctx;
	cfg.mem = &h->shm;
	cfg.vring[0] = (void *)(uintptr_t)h->info.vring_da[0];
	cfg.vring[1] = (void *)(uintptr_t)h->info.vring_da[1];
	cfg.vring_num = h->info.vring_num;
	cfg.vring_align = h->info.vring_align;
	cfg.slots[0] = h->slots[0];
	cfg.slots[1] = h->slots[1];
	cfg.buffers = (uint8_t *)(uintptr_t)FW_SHM_DA + FW_HOST_POOL_OFFSET;
	cfg.num_bufs = FW_HOST_NUM_BUFS;
	cfg.buf_size = FW_BUF_SIZE;
	cfg.buf_state = h->buf_state;
	cfg.features = h->info.dfeatures;
	return rpmsg_virtio_init(&h->dev, &cfg);
}

const volatile char *fw_host_trace(const void *table, size_t len,
				   uint32_t *size)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;

	if (rpmsg_rsc_iter_init(&it, table, len))
		return NULL;
	while (rpmsg_rsc_iter_next(&it, &e) > 0) {
		/* Only a buffer inside the window: the table is the
		 * firmware's word, not to be followed elsewhere. */
		if (e.type != RPMSG_RSC_TRACE || e.trace.da < FW_SHM_DA ||
		    e.trace.len > FW_SHM_SIZE ||
		    e.trace.da - FW_SHM_DA > FW_SHM_SIZE - e.trace.len)
			continue;
		*size = e.trace.len;
		return (const volatile char *)(uintptr_t)e.trace.da;
	}
	return NULL;
}

int fw_host_trace_has(const volatile char *log, uint32_t size,
		      const char *line)
{
	uint32_t i, j;

	for (i = 0; i < size && log[i]; i++) {
		for (j = 0; line[j] && i + j < size && log[i + j] == line[j];
		     j++)
			;
		if (!line[j])
			return 1;
	}
	return 0;
}
