// SPDX-License-Identifier: BSD-3-Clause
/*
 * Receiving without callbacks: an endpoint whose callback holds each
 * buffer and queues it, and rpmsg_recv() that takes from the queue,
 * waiting with the device's wait.
 *
 * Locking: the queue is covered by the device lock, like the endpoint
 * list. One deliverer runs at a time (the transport's rx loop), so the
 * queue has one producer; takers may be many.
 */
#include "bus_internal.h"

#if RPMSG_CFG_ZERO_COPY
static int queue_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	struct rpmsg_device *dev = ept->dev;
	struct rpmsg_rx_queue *q = priv;
	struct rpmsg_rx_msg *m;

	rpmsg_bus_lock(dev);
	if (q->count == q->size || dev->cb_ept != ept || dev->cb_data != data) {
		/* Full: the buffer goes back when this returns. */
		dev->stats.dropped++;
	} else {
		m = &q->msgs[(q->head + q->count) % q->size];
		m->data = data;
		m->len = (uint32_t)len;
		m->src = src;
		q->count++;
		dev->cb_held = true;
		if (q->takers)
			rpmsg_bus_wake(dev);
	}
	rpmsg_bus_unlock(dev);
	return 0;
}

int rpmsg_create_ept_queued(struct rpmsg_endpoint *ept,
			    struct rpmsg_device *dev, const char *name,
			    uint32_t src, uint32_t dst, struct rpmsg_rx_queue *q,
			    struct rpmsg_rx_msg *msgs, size_t n)
{
	if (!q || !msgs || !n || n > 0xFFFFu)
		return -EINVAL;
	q->msgs = msgs;
	q->size = (uint16_t)n;
	q->head = 0;
	q->count = 0;
	q->takers = 0;
	return rpmsg_create_ept(ept, dev, name, src, dst, queue_cb, q);
}

/* The queue of @ept, or NULL if it is not a queued endpoint. */
static struct rpmsg_rx_queue *queue_of(struct rpmsg_endpoint *ept)
{
	if (!ept || !ept->dev || !rpmsg_ept_is_bound(ept) || ept->cb != queue_cb)
		return NULL;
	return ept->priv;
}

/* Take the oldest message; lock held, queue not empty. */
static void take(struct rpmsg_rx_queue *q, struct rpmsg_rx_msg *msg)
{
	*msg = q->msgs[q->head];
	q->head = (uint16_t)((q->head + 1u) % q->size);
	q->count--;
}

int rpmsg_recv(struct rpmsg_endpoint *ept, struct rpmsg_rx_msg *msg,
	       uint32_t timeout_ms)
{
	struct rpmsg_rx_queue *q = queue_of(ept);
	struct rpmsg_device *dev;
	uint64_t deadline = 0;
	bool got = false;
	int rc = 0;

	if (!q || !msg)
		return -EINVAL;
	dev = ept->dev;
	rpmsg_bus_lock(dev);
	while (!q->count) {
		if (dev->dead || !rpmsg_ept_is_bound(ept)) {
			rc = -EPIPE;
			break;
		}
		if (!timeout_ms) {
			rc = -EAGAIN;
			break;
		}
		if (rpmsg_bus_in_callback(dev)) {
			rc = -EDEADLK;
			break;
		}
		if (!deadline)
			deadline = rpmsg_bus_deadline(dev, timeout_ms);
		q->takers++;
		rc = dev->os->wait(dev->os_ctx, deadline);
		q->takers--;
		if (rc == -ETIMEDOUT && q->count)
			rc = 0;
		if (rc)
			break;
	}
	if (q->count) {
		take(q, msg);
		got = true;
	}
	rpmsg_bus_unlock(dev);
	return got ? 0 : rc;
}

int rpmsg_recv_flush(struct rpmsg_endpoint *ept)
{
	struct rpmsg_rx_queue *q = queue_of(ept);
	struct rpmsg_rx_msg m;
	int n = 0;

	if (!q)
		return -EINVAL;
	for (;;) {
		rpmsg_bus_lock(ept->dev);
		if (!q->count) {
			rpmsg_bus_unlock(ept->dev);
			return n;
		}
		take(q, &m);
		rpmsg_bus_unlock(ept->dev);
		ept->dev->ops->release_rx_buffer(ept->dev, m.data);
		n++;
	}
}
#endif /* RPMSG_CFG_ZERO_COPY; else config_off.c */
