// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user frontend: librpmsg's host role driving a backend.
 *
 * Memory: one memfd, sealed against growing and shrinking (a backend that
 * maps it can then never fault on it), holding the rings and the buffer
 * pool. It is described to the backend as one region whose guest address
 * (what descriptors hold) and user address (what ring addresses hold)
 * differ, as they do under a real VMM, so a backend confusing the two
 * fails at once. The three parts of each ring are placed apart (all
 * descriptor tables, then the avail rings, then the used rings), the
 * virtio 1.x placement a legacy-only backend would get wrong.
 *
 * Set-up follows the core's host start: features are written with
 * SET_FEATURES when the core sets them, and DRIVER_OK sends the memory
 * table, each ring's size, base, addresses, kick and call descriptors,
 * then enables the rings, by which time every rx buffer is posted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vhost_user_link.h"

/* Guest-physical base of the region: deliberately not its user address
 * nor 0. */
#define FRONTEND_GPA 0x40000000ull
/* Protocol features used when the backend has them. */
#define FRONTEND_PROTOCOL (1ull << VHU_PROTOCOL_F_REPLY_ACK)
#define PAGE 4096u

static size_t page_up(size_t v)
{
	return (v + PAGE - 1) & ~(size_t)(PAGE - 1);
}

/* Record the first failure of a link op (they cannot return one). */
static void fail(struct rpmsg_vhost_user *link, int rc)
{
	if (rc && !link->setup_err)
		link->setup_err = rc;
}

static int send_simple(struct rpmsg_vhost_user *link, uint32_t req,
		       const void *payload, uint32_t size, const int *fds,
		       unsigned int nfds)
{
	struct vhu_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.request = req;
	m.hdr.size = size;
	if (size)
		memcpy(&m.p, payload, size);
	return rpmsg_vhu_request(link, &m, fds, nfds, NULL, link->deadline);
}

static int get_u64(struct rpmsg_vhost_user *link, uint32_t req, uint64_t *v)
{
	struct vhu_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.request = req;
	return rpmsg_vhu_request(link, &m, NULL, 0, v, link->deadline);
}

static uint64_t uva_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static int send_ring(struct rpmsg_vhost_user *link, unsigned int i)
{
	const struct rpmsg_virtio_config *c = &link->vdev.cfg;
	struct vhu_vring_state st = { .index = i, .num = c->vring_num };
	struct vhu_vring_addr a;
	uint64_t idx = i;
	int rc;

	rc = send_simple(link, VHU_SET_VRING_NUM, &st, sizeof(st), NULL, 0);
	st.num = 0;
	if (!rc)
		rc = send_simple(link, VHU_SET_VRING_BASE, &st, sizeof(st),
				 NULL, 0);
	memset(&a, 0, sizeof(a));
	a.index = i;
	a.desc = uva_of(c->vring[i]);
	a.avail = uva_of(c->vring_avail[i]);
	a.used = uva_of(c->vring_used[i]);
	if (!rc)
		rc = send_simple(link, VHU_SET_VRING_ADDR, &a, sizeof(a), NULL,
				 0);
	if (!rc)
		rc = send_simple(link, VHU_SET_VRING_KICK, &idx, sizeof(idx),
				 &link->kick[i], 1);
	if (!rc)
		rc = send_simple(link, VHU_SET_VRING_CALL, &idx, sizeof(idx),
				 &link->call[i], 1);
	return rc;
}

static int send_rings(struct rpmsg_vhost_user *link)
{
	struct vhu_mem_table t;
	unsigned int i;
	int rc;

	memset(&t, 0, sizeof(t));
	t.num = 1;
	t.regions[0].guest_addr = FRONTEND_GPA;
	t.regions[0].size = link->region_size;
	t.regions[0].user_addr = uva_of(link->region);
	t.regions[0].mmap_offset = 0;
	rc = send_simple(link, VHU_SET_MEM_TABLE, &t, VHU_MEM_TABLE_SIZE(1),
			 &link->mem_fd, 1);
	for (i = 0; i < 2 && !rc; i++)
		rc = send_ring(link, i);
	for (i = 0; i < 2 && !rc; i++) {
		struct vhu_vring_state on = { .index = i, .num = 1 };

		if ((link->acked >> VHU_F_PROTOCOL_FEATURES) & 1u)
			rc = send_simple(link, VHU_SET_VRING_ENABLE, &on,
					 sizeof(on), NULL, 0);
	}
	return rc;
}

/* --- link operations (called by the core's host start) ------------------- */

static void fe_set_status(void *ctx, uint8_t status)
{
	struct rpmsg_vhost_user *link = ctx;

	link->status = status;
	if ((status & RPMSG_VIRTIO_STATUS_DRIVER_OK) && !link->rings_sent &&
	    !link->setup_err) {
		link->rings_sent = true;
		fail(link, send_rings(link));
	}
}

static uint64_t fe_get_device_features(void *ctx)
{
	struct rpmsg_vhost_user *link = ctx;

	return link->device_features & ~(1ull << VHU_F_PROTOCOL_FEATURES);
}

static void fe_set_driver_features(void *ctx, uint64_t features)
{
	struct rpmsg_vhost_user *link = ctx;

	link->acked = features | (link->device_features &
				  (1ull << VHU_F_PROTOCOL_FEATURES));
	fail(link, send_simple(link, VHU_SET_FEATURES, &link->acked,
			       sizeof(link->acked), NULL, 0));
}

static const struct rpmsg_virtio_link_ops frontend_link_ops = {
	.get_status = rpmsg_vhu_get_status,
	.set_status = fe_set_status,
	.get_device_features = fe_get_device_features,
	.get_driver_features = rpmsg_vhu_get_driver_features,
	.set_driver_features = fe_set_driver_features,
	.notify = rpmsg_vhu_notify,
};

/* --- connection ----------------------------------------------------------- */

/* Connect, retrying while nobody listens yet; the 5 ms pause only paces
 * the retries, the deadline decides when to give up. */
static int connect_backend(struct rpmsg_vhost_user *link)
{
	const struct timespec pause = { 0, 5 * 1000 * 1000 };
	struct sockaddr_un sa;
	socklen_t len = rpmsg_vhu_sock_addr(link->path, &sa);
	int fd, rc;

	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (!connect(fd, (struct sockaddr *)&sa, len)) {
			/* A backend of another user may sit at the path. */
			link->sock = fd;
			return rpmsg_access_check(fd, &link->cfg.access);
		}
		rc = -errno;
		close(fd);
		if (rc != -ENOENT && rc != -ECONNREFUSED)
			return rc;
		if (link->deadline != UINT64_MAX &&
		    rpmsg_vhu_now_ns() >= link->deadline)
			return -ETIMEDOUT;
		nanosleep(&pause, NULL);
	}
}

static int negotiate(struct rpmsg_vhost_user *link)
{
	uint64_t proto = 0;
	int rc;

	rc = send_simple(link, VHU_SET_OWNER, NULL, 0, NULL, 0);
	if (!rc)
		rc = get_u64(link, VHU_GET_FEATURES, &link->device_features);
	if (rc || !((link->device_features >> VHU_F_PROTOCOL_FEATURES) & 1u))
		return rc;
	rc = get_u64(link, VHU_GET_PROTOCOL_FEATURES, &proto);
	proto &= FRONTEND_PROTOCOL;
	if (!rc)
		rc = send_simple(link, VHU_SET_PROTOCOL_FEATURES, &proto,
				 sizeof(proto), NULL, 0);
	if (!rc)
		link->protocol = proto;
	return rc;
}

/* Connect and negotiate, then start the host device. */
static int frontend_start(struct rpmsg_vhost_user *link, uint64_t deadline)
{
	int rc;

	link->deadline = deadline;
	rc = connect_backend(link);
	if (!rc)
		rc = negotiate(link);
	if (rc)
		return rc;
	rc = rpmsg_virtio_start(&link->vdev, 0);
	if (!rc && link->setup_err) {
		/* A message failed inside the core's start: undo it. */
		rpmsg_virtio_stop(&link->vdev);
		rc = link->setup_err;
	}
	if (rc)
		return rc;
	/* The threads read the socket: only once set-up replies are in. */
	link->deadline = UINT64_MAX;
	return rpmsg_vhu_start_threads(link);
}

/* --- memory and device ---------------------------------------------------- */

/* Unmap the region and free the pool bookkeeping. */
static void frontend_release(struct rpmsg_vhost_user *link)
{
	if (link->region)
		munmap(link->region, link->region_size);
	link->region = NULL;
	if (link->mem_fd >= 0)
		close(link->mem_fd);
	link->mem_fd = -1;
	free(link->buf_state);
	link->buf_state = NULL;
}

static int make_region(struct rpmsg_vhost_user *link, size_t size)
{
	void *p;

	link->mem_fd = memfd_create("rpmsg-vhost-user",
				    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (link->mem_fd < 0)
		return -errno;
	if (ftruncate(link->mem_fd, (off_t)size) ||
	    fcntl(link->mem_fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
		return -errno;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, link->mem_fd,
		 0);
	if (p == MAP_FAILED)
		return -errno;
	link->region = p;
	link->region_size = size;
	return rpmsg_mem_init_linear(&link->linear, p, FRONTEND_GPA, size);
}

/* Place rings and pool in the region and describe them to the core. */
static int layout(struct rpmsg_vhost_user *link, struct rpmsg_virtio_config *vc)
{
	unsigned int num = link->cfg.vring_num, i;
	size_t desc = 16u * num, avail = rpmsg_vring_avail_size(num);
	size_t used = rpmsg_vring_used_size(num);
	size_t off_avail = page_up(2 * desc);
	size_t off_used = page_up(off_avail + 2 * ((avail + 15u) & ~15u));
	size_t off_pool = page_up(off_used + 2 * ((used + 15u) & ~15u));
	size_t pool = (size_t)link->cfg.num_bufs * link->cfg.buf_size;
	int rc;

	rc = make_region(link, page_up(off_pool + pool));
	if (rc)
		return rc;
	for (i = 0; i < 2; i++) {
		vc->vring[i] = link->region + i * desc;
		vc->vring_avail[i] = link->region + off_avail +
				     i * ((avail + 15u) & ~15u);
		vc->vring_used[i] = link->region + off_used +
				    i * ((used + 15u) & ~15u);
		link->slots[i] = calloc(num, sizeof(*link->slots[i]));
		if (!link->slots[i])
			return -ENOMEM;
		vc->slots[i] = link->slots[i];
	}
	vc->vring_num = num;
	vc->buffers = link->region + off_pool;
	vc->num_bufs = link->cfg.num_bufs;
	link->buf_state = calloc(link->cfg.num_bufs, 1);
	if (!link->buf_state)
		return -ENOMEM;
	vc->buf_state = link->buf_state;
	vc->mem = &link->linear;
	return 0;
}

/* A backend sends nothing unasked on the socket: data or hang-up alike
 * end the link. */
static int frontend_on_socket(void *ctx)
{
	(void)ctx;
	return -EPROTO;
}

static const struct rpmsg_vhu_side_ops frontend_side = {
	.start = frontend_start,
	.on_socket = frontend_on_socket,
	.release = frontend_release,
};

int rpmsg_vhost_user_frontend_create(struct rpmsg_vhost_user **out,
				     const struct rpmsg_vhost_user_config *cfg)
{
	struct rpmsg_virtio_config vc;
	struct rpmsg_vhost_user *link;
	unsigned int i;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	link = rpmsg_vhu_link_alloc(cfg, RPMSG_VIRTIO_HOST, &frontend_side, &rc);
	if (!link)
		return rc;
	if (!link->cfg.vring_num)
		link->cfg.vring_num = 256;
	if (!link->cfg.num_bufs)
		link->cfg.num_bufs = 2 * link->cfg.vring_num;
	rc = -EINVAL;
	if (!rpmsg_vring_size(link->cfg.vring_num, 4u) ||
	    link->cfg.num_bufs > 2 * link->cfg.vring_num ||
	    link->cfg.num_bufs > 65536u)
		goto out;
	for (i = 0; i < 2; i++) {
		link->kick[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		link->call[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		link->kick_kind[i] = RPMSG_FD_EVENTFD;
		link->call_kind[i] = RPMSG_FD_EVENTFD;
		if (link->kick[i] < 0 || link->call[i] < 0) {
			rc = -errno;
			goto out;
		}
	}
	memset(&vc, 0, sizeof(vc));
	vc.role = RPMSG_VIRTIO_HOST;
	vc.link = &frontend_link_ops;
	vc.link_ctx = link;
	vc.os = &rpmsg_posix_os_ops;
	vc.os_ctx = &link->posix;
	vc.buf_size = link->cfg.buf_size;
	vc.features = link->cfg.features;
	vc.peer = link->cfg.peer;
	rc = layout(link, &vc);
	if (!rc)
		rc = rpmsg_virtio_init(&link->vdev, &vc);
out:
	if (rc) {
		rpmsg_vhost_user_destroy(link);
		return rc;
	}
	link->vdev_ready = true;
	link->svc.device_live = true;
	*out = link;
	return 0;
}
