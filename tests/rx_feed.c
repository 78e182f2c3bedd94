// SPDX-License-Identifier: BSD-3-Clause
/* A host's rx path fed as a hostile remote fills it (rx_feed.h). */
#include <string.h>

#include "rx_feed.h"

static const struct rpmsg_device_id rx_feed_ids[] = { { "fuzz" }, { "" } };

int rx_feed_open(struct rx_feed *f, rpmsg_rx_cb_t cb, void *priv)
{
	struct rpmsg_inproc_config cfg = {
		.num_bufs = 8,
		.buf_size = RX_FEED_BUF_SIZE,
		.host_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
		.remote_features = RPMSG_VIRTIO_SUPPORTED_FEATURES,
	};
	int rc;

	memset(f, 0, sizeof(*f));
	f->drv.name = "fuzz";
	f->drv.id_table = rx_feed_ids;
	f->drv.callback = cb;
	rc = rpmsg_inproc_create(&f->link, &cfg);
	if (rc)
		return rc;
	f->host = rpmsg_inproc_host_vdev(f->link);
	f->remote = rpmsg_inproc_remote_vdev(f->link);
	rpmsg_register_driver(&f->host->bus, &f->drv);
	rc = rpmsg_create_ept(&f->ept, &f->host->bus, "sink", RX_FEED_EPT,
			      RPMSG_ADDR_ANY, cb, priv);
	if (!rc)
		rc = rpmsg_inproc_start(f->link);
	if (rc)
		rx_feed_close(f);
	return rc;
}

unsigned int rx_feed_run(struct rx_feed *f, const uint8_t *data,
			 size_t size)
{
	unsigned int fed = 0;
	uint32_t len, n, take;
	uint16_t id;
	void *buf;

	while (size >= 2) {
		n = data[0] | (uint32_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (rpmsg_vq_get_avail(&f->remote->svq, &id, &buf, &len))
			break;
		take = size < len ? (uint32_t)size : len;
		memset(buf, 0, len);
		memcpy(buf, data, take);
		data += take;
		size -= take;
		rpmsg_vq_put_used(&f->remote->svq, id, n % (len + 1));
		rpmsg_virtio_notified(f->host, 0);
		fed++;
	}
	return fed;
}

void rx_feed_close(struct rx_feed *f)
{
	rpmsg_inproc_destroy(f->link);
	f->link = NULL;
}
