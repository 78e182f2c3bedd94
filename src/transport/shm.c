// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared-memory carveout transport: a host and a remote in two processes.
 *
 * Region (created by the remote with memfd_create, sealed against
 * shrinking and growing so the host can never fault on a truncated map):
 *
 *   0x0000  header page: magic, layout version, generation, region size,
 *           resource table offset and size, buffer pool offset and size,
 *           buffer size (native 32-bit words)
 *   0x1000  resource table: ver 1, one RSC_VDEV entry (id 7) with 2 vrings
 *   0x2000  vring 0, vring 1 (each page aligned)
 *   ...     the host's buffer pool
 *
 * Device addresses are offsets into the region (linear map at da 0), so
 * nothing in shared memory is a pointer. The resource table is a legacy
 * device with 32 feature bits: VERSION_1 is not offered, byte order is
 * native.
 *
 * Doorbells and liveness: the remote listens on an abstract UNIX stream
 * socket "@rpmsg-<name>"; the host connects and receives, with
 * SCM_RIGHTS, the region's fd and one end of a UNIX stream socket pair per
 * virtqueue (the doorbell of that queue, both ways), so the receiver knows
 * which queue was signalled. Doorbells are sockets and not eventfds
 * because a received descriptor shares its description with the sender:
 * the peer could clear O_NONBLOCK on an eventfd and fill its counter, and
 * our next ring would block forever. send() and recv() take
 * MSG_DONTWAIT | MSG_NOSIGNAL per call, whatever the peer does with its
 * copy, and a dead peer's end reads as end of file. This was chosen
 * because
 *  - an idle side sleeps in poll() instead of spinning on shared memory;
 *  - the kernel closes the socket when a process dies, however it dies
 *    (SIGKILL included), so the peer notices death at once, and nothing
 *    is left behind in /dev/shm or the file system;
 *  - it works between unrelated processes that only share a name.
 * The host also writes one byte on the socket after every status change,
 * so the remote never polls the status word to learn of DRIVER_OK.
 *
 * Each side runs two service threads (link_service.c, shared with the
 * vhost-user transport): an rx thread (doorbell of the
 * receive queue -> rpmsg_virtio_notified(), which runs endpoint callbacks)
 * and a control thread (socket: status bytes, hang-up ->
 * rpmsg_virtio_stop(); doorbell of the send queue -> wake senders waiting
 * for a buffer). They are separate because a callback may block in a send
 * waiting for a buffer: the doorbell announcing that buffer, and the
 * peer's death, must still be handled then (stopping the device is what
 * releases such a sender with -EPIPE).
 *
 * Own-loop mode (no_threads) starts neither thread: rpmsg_shm_service()
 * does the work of both, without blocking, from the caller's poll loop or
 * busy loop. It always processes the receive ring, so it needs no
 * doorbell to find messages. A sender blocked in that same thread cannot
 * be woken; senders there use a timeout of 0.
 *
 * Files: shm_region.c (the region: created, filled, mapped, checked),
 * shm_handshake.c (the socket until the rings are live), this file (the
 * running link and the public entry points), calling the other two.
 *
 * Start-up in either order: the remote waits in accept() (bounded by its
 * timeout); the host retries connect() while nobody listens, with a short
 * back-off, until its deadline. That retry loop is the only timed wait and
 * it only decides when to give up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "peer_fd.h"
#include "shm_internal.h"

/* --- helpers ------------------------------------------------------------ */

static uint64_t deadline_of(uint32_t timeout_ms)
{
	if (timeout_ms == RPMSG_TIMEOUT_FOREVER)
		return UINT64_MAX;
	return rpmsg_shm_now_ns() + (uint64_t)timeout_ms * 1000000u;
}

static int name_ok(const char *name)
{
	size_t i, n;

	if (!name)
		return 0;
	n = strlen(name);
	if (!n || n > RPMSG_SHM_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/* --- virtio configuration over the vdev entry --------------------------- */

static uint8_t link_get_status(void *ctx)
{
	return rpmsg_shm_region_status(ctx);
}

static void link_set_status(void *ctx, uint8_t status)
{
	struct rpmsg_shm *link = ctx;
	char msg = SHM_MSG_STATUS;

	__atomic_store_n(link->vdev_rsc + RPMSG_RSC_VDEV_STATUS, status,
			 __ATOMIC_RELEASE);
	/* A dead peer is noticed by the control thread, not here. */
	if (send(link->sock, &msg, 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		return;
}

static uint32_t *rsc_word(struct rpmsg_shm *link, unsigned int off)
{
	return (uint32_t *)(void *)(link->vdev_rsc + off);
}

static uint64_t link_get_device_features(void *ctx)
{
	return __atomic_load_n(rsc_word(ctx, RPMSG_RSC_VDEV_DFEATURES),
			       __ATOMIC_ACQUIRE);
}

static uint64_t link_get_driver_features(void *ctx)
{
	return __atomic_load_n(rsc_word(ctx, RPMSG_RSC_VDEV_GFEATURES),
			       __ATOMIC_ACQUIRE);
}

static void link_set_driver_features(void *ctx, uint64_t features)
{
	__atomic_store_n(rsc_word(ctx, RPMSG_RSC_VDEV_GFEATURES),
			 (uint32_t)features, __ATOMIC_RELEASE);
}

static void link_notify(void *ctx, unsigned int vq)
{
	struct rpmsg_shm *link = ctx;

	/* A full socket holds a wake-up the peer has not read yet. */
	if (vq <= 1)
		rpmsg_fd_bell_ring(link->bell[vq], RPMSG_FD_SOCKET);
}

static const struct rpmsg_virtio_link_ops shm_link_ops = {
	.get_status = link_get_status,
	.set_status = link_set_status,
	.get_device_features = link_get_device_features,
	.get_driver_features = link_get_driver_features,
	.set_driver_features = link_set_driver_features,
	.notify = link_notify,
};

/* --- peer death and service threads -------------------------------------- */

static void link_peer_gone(struct rpmsg_shm *link)
{
	rpmsg_link_service_peer_gone(&link->svc);
}

/*
 * One read of the socket: 1 when status bytes were consumed and the link
 * stands, 0 when there is nothing to read, -EPIPE when the peer is gone
 * or (remote) a status byte without DRIVER_OK after start says the host
 * reset the device.
 */
static int socket_read_once(struct rpmsg_shm *link)
{
	char buf[64];
	ssize_t n;

	n = recv(link->sock, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -EPIPE;
	if (link->role == RPMSG_VIRTIO_REMOTE &&
	    !(link_get_status(link) & RPMSG_VIRTIO_STATUS_DRIVER_OK))
		return -EPIPE;
	return 1;
}

/* The socket is readable (control thread): non-zero once the link ends. */
static int shm_on_socket(void *ctx)
{
	return socket_read_once(ctx) < 0 ? -EPIPE : 0;
}

/* Hand the service what it watches; own-loop mode uses it too. */
static void service_attach(struct rpmsg_shm *link)
{
	struct rpmsg_link_service *s = &link->svc;

	s->rx_bell = link->bell[link->vdev.rvq_index];
	s->tx_bell = link->bell[link->vdev.svq_index];
	s->rx_kind = RPMSG_FD_SOCKET;
	s->tx_kind = RPMSG_FD_SOCKET;
	s->sock = link->sock;
	s->on_socket = shm_on_socket;
	s->ctx = link;
}

/* --- common set-up ------------------------------------------------------ */

static struct rpmsg_shm *link_alloc(const struct rpmsg_shm_config *cfg,
				    enum rpmsg_virtio_role role, int *rc)
{
	struct rpmsg_shm *link;

	*rc = -EINVAL;
	if (!cfg || !name_ok(cfg->name))
		return NULL;
	*rc = -ENOMEM;
	link = calloc(1, sizeof(*link));
	if (!link)
		return NULL;
	link->cfg = *cfg;
	strcpy(link->name, cfg->name);
	link->cfg.name = link->name;
	link->role = role;
	link->mem_fd = -1;
	link->listen_fd = -1;
	link->sock = -1;
	link->bell[0] = link->bell[1] = -1;
	link->bell_gift[0] = link->bell_gift[1] = -1;
	if (!link->cfg.features)
		link->cfg.features = (1ull << RPMSG_VIRTIO_RPMSG_F_NS) |
				     (1ull << RPMSG_VIRTIO_F_EVENT_IDX);
	/* 32 feature bits in a resource table: no VERSION_1. */
	link->cfg.features =
		rpmsg_peer_features(link->cfg.peer, link->cfg.features) &
		0xFFFFFFFFull;
	*rc = rpmsg_link_service_init(&link->svc);
	if (*rc) {
		free(link);
		return NULL;
	}
	link->svc.vdev = &link->vdev;
	if (rpmsg_posix_os_init(&link->posix)) {
		*rc = -ENOMEM;
		rpmsg_shm_destroy(link);
		return NULL;
	}
	link->posix_ready = true;
	*rc = 0;
	return link;
}

static int link_init_vdev(struct rpmsg_shm *link,
			  const struct rpmsg_shm_vdev_info *info,
			  uint32_t pool_off, unsigned int num_bufs,
			  unsigned int buf_size)
{
	struct rpmsg_virtio_config vc;
	unsigned int i;
	int rc;

	rc = rpmsg_mem_init_linear(&link->mem, link->region, 0,
				   link->region_size);
	if (rc)
		return rc;
	for (i = 0; i < 2; i++) {
		link->slots[i] = calloc(info->vring_num,
					sizeof(*link->slots[i]));
		if (!link->slots[i])
			return -ENOMEM;
	}
	link->vdev_rsc = link->region + SHM_RSC_OFFSET + info->vdev_offset;
	memset(&vc, 0, sizeof(vc));
	vc.role = link->role;
	vc.link = &shm_link_ops;
	vc.link_ctx = link;
	vc.os = &rpmsg_posix_os_ops;
	vc.os_ctx = &link->posix;
	vc.mem = &link->mem;
	vc.vring[0] = link->region + info->vring_da[0];
	vc.vring[1] = link->region + info->vring_da[1];
	vc.vring_num = info->vring_num;
	vc.vring_align = info->vring_align;
	vc.slots[0] = link->slots[0];
	vc.slots[1] = link->slots[1];
	vc.buf_size = buf_size;
	vc.features = link->cfg.features;
	vc.peer = link->cfg.peer;
	if (link->role == RPMSG_VIRTIO_HOST) {
		link->buf_state = calloc(num_bufs, 1);
		if (!link->buf_state)
			return -ENOMEM;
		vc.buffers = link->region + pool_off;
		vc.num_bufs = num_bufs;
		vc.buf_state = link->buf_state;
	}
	rc = rpmsg_virtio_init(&link->vdev, &vc);
	if (rc)
		return rc;
	link->vdev_ready = true;
	link->svc.device_live = true;
	return 0;
}

/* --- remote --------------------------------------------------------------- */

int rpmsg_shm_remote_create(struct rpmsg_shm **out,
			    const struct rpmsg_shm_config *cfg)
{
	struct rpmsg_shm_vdev_info info;
	struct rpmsg_shm *link;
	unsigned int num, buf_size;
	int rc;

	if (!out)
		return -EINVAL;
	link = link_alloc(cfg, RPMSG_VIRTIO_REMOTE, &rc);
	if (!link)
		return rc;
	num = link->cfg.vring_num ? link->cfg.vring_num : 256u;
	buf_size = link->cfg.buf_size ? link->cfg.buf_size
				      : RPMSG_VIRTIO_DEFAULT_BUF_SIZE;
	rc = rpmsg_shm_region_create(link, num, buf_size, &info);
	if (!rc)
		rc = rpmsg_shm_listen(link);
	if (!rc)
		rc = link_init_vdev(link, &info, 0, 0, buf_size);
	if (rc) {
		rpmsg_shm_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}

static int remote_start(struct rpmsg_shm *link, uint32_t timeout_ms)
{
	int rc = rpmsg_shm_accept_host(link, deadline_of(timeout_ms));

	return rc ? rc : rpmsg_virtio_start(&link->vdev, 0);
}

/* --- host ----------------------------------------------------------------- */

int rpmsg_shm_host_create(struct rpmsg_shm **out,
			  const struct rpmsg_shm_config *cfg)
{
	struct rpmsg_shm_vdev_info info;
	struct shm_hello hello;
	struct rpmsg_shm *link;
	unsigned int num_bufs = 0, buf_size = 0;
	uint32_t pool_off = 0;
	uint64_t deadline;
	int rc;

	if (!out)
		return -EINVAL;
	link = link_alloc(cfg, RPMSG_VIRTIO_HOST, &rc);
	if (!link)
		return rc;
	deadline = deadline_of(link->cfg.timeout_ms ? link->cfg.timeout_ms
						    : 5000u);
	rc = rpmsg_shm_connect_remote(link, deadline, &hello);
	if (!rc)
		rc = rpmsg_shm_region_map(link, &hello, &info, &pool_off,
					  &num_bufs, &buf_size);
	if (!rc)
		rc = link_init_vdev(link, &info, pool_off, num_bufs, buf_size);
	if (rc) {
		rpmsg_shm_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}

/* --- public entry points ------------------------------------------------ */

int rpmsg_shm_start(struct rpmsg_shm *link, uint32_t timeout_ms)
{
	int rc;

	if (!link || !link->vdev_ready || link->started)
		return -EINVAL;
	/* The remote reads the socket itself until DRIVER_OK: no thread. */
	if (link->role == RPMSG_VIRTIO_REMOTE)
		rc = remote_start(link, timeout_ms);
	else
		rc = rpmsg_virtio_start(&link->vdev, 0);
	if (rc)
		return rc;
	link->started = true;
	service_attach(link);
	/* Doorbells rung meanwhile wait in their sockets. */
	if (link->cfg.no_threads)
		return 0;
	return rpmsg_link_service_start(&link->svc);
}

/* Read the socket without blocking; false once the peer is gone. */
static bool link_check_socket(struct rpmsg_shm *link)
{
	int rc;

	do
		rc = socket_read_once(link);
	while (rc > 0);
	return rc == 0;
}

int rpmsg_shm_service(struct rpmsg_shm *link)
{
	unsigned int svq, rvq;
	bool bells_ok;
	int rc;

	if (!link || !link->started || !link->cfg.no_threads)
		return -EINVAL;
	if (rpmsg_shm_peer_gone(link))
		return -EPIPE;
	svq = link->vdev.svq_index;
	rvq = link->vdev.rvq_index;
	/* Drain before looking at the rings: a doorbell rung after this
	 * stays readable for the next round. One at end of file means the
	 * peer has gone; what it published before is delivered first. */
	bells_ok = rpmsg_fd_bell_drain(link->bell[svq], RPMSG_FD_SOCKET);
	bells_ok &= rpmsg_fd_bell_drain(link->bell[rvq], RPMSG_FD_SOCKET);
	/* The receive ring with or without a doorbell; senders woken. */
	rc = rpmsg_virtio_poll(&link->vdev);
	if (rc < 0 || !bells_ok) {
		/* The peer broke a ring or left: treat it as gone. */
		link_peer_gone(link);
		return -EPIPE;
	}
	if (!link_check_socket(link)) {
		/* What the peer sent before going is in the ring: deliver
		 * it before the device stops. */
		rpmsg_virtio_poll(&link->vdev);
		link_peer_gone(link);
		return -EPIPE;
	}
	return rc;
}

int rpmsg_shm_poll_fds(struct rpmsg_shm *link, int *fds, size_t max)
{
	int all[3];
	size_t i;

	if (!link || !link->started || (!fds && max))
		return -EINVAL;
	all[0] = link->bell[link->vdev.rvq_index];
	all[1] = link->bell[link->vdev.svq_index];
	all[2] = link->sock;
	for (i = 0; i < max && i < 3; i++)
		fds[i] = all[i];
	return (int)i;
}

struct rpmsg_device *rpmsg_shm_bus(struct rpmsg_shm *link)
{
	return link ? &link->vdev.bus : NULL;
}

struct rpmsg_virtio_device *rpmsg_shm_vdev(struct rpmsg_shm *link)
{
	return link ? &link->vdev : NULL;
}

int rpmsg_shm_wait_peer_gone(struct rpmsg_shm *link, uint32_t timeout_ms)
{
	if (!link)
		return -EINVAL;
	return rpmsg_link_service_wait_gone(&link->svc, timeout_ms);
}

bool rpmsg_shm_peer_gone(struct rpmsg_shm *link)
{
	return !link || rpmsg_link_service_is_gone(&link->svc);
}

int rpmsg_shm_doorbell_fd(struct rpmsg_shm *link, unsigned int vq)
{
	return link && vq < 2 ? link->bell[vq] : -1;
}

int rpmsg_shm_notify_peer(struct rpmsg_shm *link, unsigned int vq)
{
	if (!link || vq > 1 || link->bell[vq] < 0)
		return -EINVAL;
	link_notify(link, vq);
	return 0;
}

int rpmsg_shm_socket_fd(struct rpmsg_shm *link)
{
	return link ? link->sock : -1;
}

void *rpmsg_shm_region(struct rpmsg_shm *link, size_t *size)
{
	if (!link)
		return NULL;
	if (size)
		*size = link->region_size;
	return link->region;
}

void rpmsg_shm_destroy(struct rpmsg_shm *link)
{
	if (!link)
		return;
	/* Threads ended, device stopped, before anything they use goes. */
	rpmsg_link_service_destroy(&link->svc);
	if (link->posix_ready)
		rpmsg_posix_os_destroy(&link->posix);
	if (link->region)
		munmap(link->region, link->region_size);
	rpmsg_shm_close_fd(&link->sock);
	rpmsg_shm_close_fd(&link->listen_fd);
	rpmsg_shm_close_fd(&link->mem_fd);
	rpmsg_shm_close_fd(&link->bell[0]);
	rpmsg_shm_close_fd(&link->bell[1]);
	rpmsg_shm_close_fd(&link->bell_gift[0]);
	rpmsg_shm_close_fd(&link->bell_gift[1]);
	free(link->slots[0]);
	free(link->slots[1]);
	free(link->buf_state);
	free(link);
}
