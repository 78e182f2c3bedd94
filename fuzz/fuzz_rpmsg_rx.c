// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: inbound messages as a hostile remote writes them.
 *
 * A real host and remote are linked in one process. For every chunk of the
 * input, the remote side takes one of the host's rx buffers from the ring,
 * fills it with raw bytes (header included) and returns it with a length
 * of the input's choosing; the host then delivers it: header checks,
 * dispatch by address, the name service, channel creation and drivers.
 * Finally ordinary traffic must still flow.
 */
#include <stdint.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>

static int sink(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	volatile const uint8_t *p = data;
	size_t i;

	(void)ept;
	(void)priv;
	(void)src;
	for (i = 0; i < len; i++)
		(void)p[i];
	return 0;
}

static const struct rpmsg_device_id ids[] = { { "fuzz" }, { "" } };
static const struct rpmsg_driver drv = {
	.name = "fuzz", .id_table = ids, .callback = sink,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_inproc_config cfg = {
		.num_bufs = 8,
		.buf_size = 128,
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
	};
	struct rpmsg_virtio_device *host, *remote;
	struct rpmsg_endpoint hept, rept;
	struct rpmsg_inproc *link;
	uint32_t len, n;
	uint16_t id;
	void *buf;

	if (rpmsg_inproc_create(&link, &cfg))
		return 0;
	host = rpmsg_inproc_host_vdev(link);
	remote = rpmsg_inproc_remote_vdev(link);
	rpmsg_register_driver(&host->bus, &drv);
	rpmsg_create_ept(&hept, &host->bus, "sink", 1024, RPMSG_ADDR_ANY, sink,
			 NULL);
	if (rpmsg_inproc_start(link))
		goto out;

	while (size >= 2) {
		n = data[0] | (uint32_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (rpmsg_vq_get_avail(&remote->svq, &id, &buf, &len))
			break;
		memset(buf, 0, len);
		memcpy(buf, data, size < len ? size : len);
		data += size < len ? size : len;
		size -= size < len ? size : len;
		rpmsg_vq_put_used(&remote->svq, id, n % (len + 1));
		rpmsg_virtio_notified(host, 0);
	}

	/* The link still works. */
	rpmsg_create_ept(&rept, &remote->bus, "src", RPMSG_ADDR_ANY, 1024,
			 sink, NULL);
	if (!rpmsg_trysend(&rept, "ping", 4))
		rpmsg_inproc_pump(link);
out:
	rpmsg_inproc_destroy(link);
	return 0;
}
