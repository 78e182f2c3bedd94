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
 * Start-up in either order: the remote waits in accept() (bounded by its
 * timeout); the host retries connect() while nobody listens, with a short
 * back-off, until its deadline. That retry loop is the only timed wait and
 * it only decides when to give up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_shm.h>

#include "link_service.h"
#include "peer_cred.h"
#include "peer_fd.h"

/* Header page words. */
enum {
	HDR_MAGIC,
	HDR_VERSION,
	HDR_GENERATION,
	HDR_REGION_SIZE,
	HDR_RSC_OFFSET,
	HDR_RSC_SIZE,
	HDR_POOL_OFFSET,
	HDR_POOL_SIZE,
	HDR_BUF_SIZE,
	HDR_WORDS
};

#define SHM_RSC_OFFSET RPMSG_SHM_PAGE
#define SHM_RING_OFFSET (2u * RPMSG_SHM_PAGE)
#define SHM_MAX_REGION (1ull << 30)
#define SHM_CONNECT_RETRY_NS 5000000ull
#define SHM_MSG_STATUS 'S'
/* Region, the host's end of the doorbell of vq 0 and of vq 1. */
#define SHM_HELLO_FDS 3

/* The hello message the remote sends with the three descriptors. */
struct shm_hello {
	uint32_t magic;
	uint32_t version;
	uint64_t region_size;
};

struct rpmsg_shm {
	struct rpmsg_shm_config cfg;
	char name[RPMSG_SHM_NAME_MAX + 1];
	enum rpmsg_virtio_role role;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_posix_os posix;
	bool posix_ready;
	bool vdev_ready;
	struct rpmsg_mem mem;
	struct rpmsg_vq_slot *slots[2];
	uint8_t *buf_state;
	uint8_t *region;
	size_t region_size;
	uint8_t *vdev_rsc; /* the vdev entry inside the region */
	int mem_fd;
	int listen_fd;
	int sock;
	int bell[2];	  /* per vq: our end of its doorbell, both ways */
	int bell_gift[2]; /* remote until the hello: the host's ends */
	bool started;
	struct rpmsg_link_service svc; /* threads and the peer's state */
};

static atomic_uint shm_generation;

/* --- helpers ------------------------------------------------------------ */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t deadline_of(uint32_t timeout_ms)
{
	if (timeout_ms == RPMSG_TIMEOUT_FOREVER)
		return UINT64_MAX;
	return now_ns() + (uint64_t)timeout_ms * 1000000u;
}

/* Milliseconds left for poll(): -1 for no deadline, 0 once passed. */
static int poll_ms(uint64_t deadline)
{
	uint64_t now;

	if (deadline == UINT64_MAX)
		return -1;
	now = now_ns();
	if (now >= deadline)
		return 0;
	if ((deadline - now) / 1000000u >= 0x7fffffffu)
		return 0x7fffffff;
	return (int)((deadline - now + 999999u) / 1000000u);
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

/* Abstract socket address "\0rpmsg-<name>". */
static socklen_t sock_addr(const char *name, struct sockaddr_un *sa)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "rpmsg-%s",
		     name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   (size_t)n);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static uint32_t *hdr_word(struct rpmsg_shm *link, unsigned int i)
{
	return (uint32_t *)(void *)(link->region + 4u * i);
}

/* --- virtio configuration over the vdev entry --------------------------- */

static uint8_t link_get_status(void *ctx)
{
	struct rpmsg_shm *link = ctx;

	return __atomic_load_n(link->vdev_rsc + RPMSG_RSC_VDEV_STATUS,
			       __ATOMIC_ACQUIRE);
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

/* Linux's rule: 512 buffers, or 2 x vring size when the ring has fewer
 * than 256 entries. */
static unsigned int host_num_bufs(unsigned int vring_num)
{
	return vring_num < 256u ? 2u * vring_num : 512u;
}

/* --- remote --------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static size_t page_up(size_t v)
{
	return (v + RPMSG_SHM_PAGE - 1) & ~(size_t)(RPMSG_SHM_PAGE - 1);
}

static void remote_write_table(struct rpmsg_shm *link, size_t ring_size,
			       unsigned int num)
{
	uint8_t *t = link->region + SHM_RSC_OFFSET;
	uint32_t off = RPMSG_RSC_HDR_SIZE + 4u;
	uint8_t *v = t + off;
	unsigned int i;

	put32(t, 1u);		/* ver */
	put32(t + 4, 1u);	/* num */
	put32(t + RPMSG_RSC_HDR_SIZE, off);
	put32(v, RPMSG_RSC_VDEV);
	put32(v + RPMSG_RSC_VDEV_ID, RPMSG_VIRTIO_ID_RPMSG);
	put32(v + RPMSG_RSC_VDEV_NOTIFYID, 0u);
	put32(v + RPMSG_RSC_VDEV_DFEATURES, (uint32_t)link->cfg.features);
	put32(v + RPMSG_RSC_VDEV_GFEATURES, 0u);
	put32(v + RPMSG_RSC_VDEV_CONFIG_LEN, 0u);
	v[RPMSG_RSC_VDEV_STATUS] = 0;
	v[RPMSG_RSC_VDEV_NUM_VRINGS] = 2;
	for (i = 0; i < 2; i++) {
		uint8_t *vr = v + RPMSG_RSC_VDEV_SIZE +
			      i * RPMSG_RSC_VRING_SIZE;
		uint32_t da = (uint32_t)(SHM_RING_OFFSET + i * ring_size);

		put32(vr, da);
		put32(vr + 4, RPMSG_SHM_PAGE);
		put32(vr + 8, num);
		put32(vr + 12, i + 1u);
		put32(vr + 16, da);
	}
}

int rpmsg_shm_remote_create(struct rpmsg_shm **out,
			    const struct rpmsg_shm_config *cfg)
{
	struct rpmsg_shm_vdev_info info;
	struct sockaddr_un sa;
	struct rpmsg_shm *link;
	unsigned int num, buf_size, num_bufs;
	size_t ring_size, pool_off, pool_size;
	socklen_t salen;
	unsigned int i;
	int rc;

	if (!out)
		return -EINVAL;
	link = link_alloc(cfg, RPMSG_VIRTIO_REMOTE, &rc);
	if (!link)
		return rc;
	num = link->cfg.vring_num ? link->cfg.vring_num : 256u;
	buf_size = link->cfg.buf_size ? link->cfg.buf_size
				      : RPMSG_VIRTIO_DEFAULT_BUF_SIZE;
	rc = -EINVAL;
	ring_size = rpmsg_vring_size(num, RPMSG_SHM_PAGE);
	if (!ring_size || buf_size <= RPMSG_HDR_SIZE ||
	    buf_size > 0xFFFFu + RPMSG_HDR_SIZE)
		goto err;
	ring_size = page_up(ring_size);
	num_bufs = host_num_bufs(num);
	pool_off = SHM_RING_OFFSET + 2 * ring_size;
	pool_size = (size_t)num_bufs * buf_size;
	link->region_size = page_up(pool_off + pool_size);

	link->mem_fd = memfd_create("rpmsg-shm", MFD_CLOEXEC |
						  MFD_ALLOW_SEALING);
	if (link->mem_fd < 0 ||
	    ftruncate(link->mem_fd, (off_t)link->region_size) ||
	    fcntl(link->mem_fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) {
		rc = -errno;
		goto err;
	}
	link->region = mmap(NULL, link->region_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, link->mem_fd, 0);
	if (link->region == MAP_FAILED) {
		link->region = NULL;
		rc = -errno;
		goto err;
	}
	*hdr_word(link, HDR_MAGIC) = RPMSG_SHM_MAGIC;
	*hdr_word(link, HDR_VERSION) = RPMSG_SHM_LAYOUT_VERSION;
	*hdr_word(link, HDR_GENERATION) =
		atomic_fetch_add(&shm_generation, 1u) + 1u;
	*hdr_word(link, HDR_REGION_SIZE) = (uint32_t)link->region_size;
	*hdr_word(link, HDR_RSC_OFFSET) = SHM_RSC_OFFSET;
	*hdr_word(link, HDR_RSC_SIZE) = RPMSG_SHM_PAGE;
	*hdr_word(link, HDR_POOL_OFFSET) = (uint32_t)pool_off;
	*hdr_word(link, HDR_POOL_SIZE) = (uint32_t)pool_size;
	*hdr_word(link, HDR_BUF_SIZE) = buf_size;
	remote_write_table(link, ring_size, num);
	/* Our own table, parsed with the host's checks. */
	rc = rpmsg_shm_parse_rsc_table(link->region + SHM_RSC_OFFSET,
				       RPMSG_SHM_PAGE, link->region_size,
				       &info);
	if (rc)
		goto err;

	for (i = 0; i < 2; i++) {
		int pair[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
						SOCK_NONBLOCK, 0, pair))
			goto err_errno;
		link->bell[i] = pair[0];
		link->bell_gift[i] = pair[1];
	}
	link->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
					  SOCK_NONBLOCK, 0);
	if (link->listen_fd < 0)
		goto err_errno;
	salen = sock_addr(link->name, &sa);
	if (bind(link->listen_fd, (struct sockaddr *)&sa, salen) ||
	    listen(link->listen_fd, 1)) {
		rc = -errno;
		goto err;
	}
	rc = link_init_vdev(link, &info, 0, 0, buf_size);
	if (rc)
		goto err;
	*out = link;
	return 0;

err_errno:
	rc = -errno;
err:
	rpmsg_shm_destroy(link);
	return rc;
}

static int remote_send_hello(struct rpmsg_shm *link)
{
	struct shm_hello hello = {
		.magic = RPMSG_SHM_MAGIC,
		.version = RPMSG_SHM_LAYOUT_VERSION,
		.region_size = link->region_size,
	};
	union {
		char buf[CMSG_SPACE(SHM_HELLO_FDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &hello, .iov_len = sizeof(hello) };
	struct msghdr msg;
	struct cmsghdr *c;
	int fds[SHM_HELLO_FDS] = { link->mem_fd, link->bell_gift[0],
				   link->bell_gift[1] };
	ssize_t n;

	memset(&u, 0, sizeof(u));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	n = sendmsg(link->sock, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
	/* The host has its ends now (or never will): ours only from here. */
	close_fd(&link->bell_gift[0]);
	close_fd(&link->bell_gift[1]);
	return n == (ssize_t)sizeof(hello) ? 0 : -EPIPE;
}

/* Wait for the host's DRIVER_OK, told by a status byte on the socket. */
static int remote_wait_driver_ok(struct rpmsg_shm *link, uint64_t deadline)
{
	struct pollfd pfd = { .fd = link->sock, .events = POLLIN };
	char buf[64];
	ssize_t n;
	int rc;

	while (!(link_get_status(link) & RPMSG_VIRTIO_STATUS_DRIVER_OK)) {
		rc = poll(&pfd, 1, poll_ms(deadline));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (!rc)
			return -ETIMEDOUT;
		n = recv(link->sock, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return -EPIPE;
	}
	return 0;
}

static int remote_start(struct rpmsg_shm *link, uint32_t timeout_ms)
{
	uint64_t deadline = deadline_of(timeout_ms);
	int rc;

	/* Only an admitted host: another user connecting first is hung up
	 * on and the wait goes on. */
	rc = rpmsg_fd_accept(link->listen_fd, deadline, &link->cfg.access);
	if (rc < 0)
		return rc;
	link->sock = rc;
	/* One host per link: nobody else may connect now. */
	close_fd(&link->listen_fd);
	rc = remote_send_hello(link);
	if (!rc)
		rc = remote_wait_driver_ok(link, deadline);
	if (!rc)
		rc = rpmsg_virtio_start(&link->vdev, 0);
	return rc;
}

/* --- host ----------------------------------------------------------------- */

static int host_connect(struct rpmsg_shm *link, uint64_t deadline)
{
	struct sockaddr_un sa;
	socklen_t salen = sock_addr(link->name, &sa);
	struct timespec ts = { 0, (long)SHM_CONNECT_RETRY_NS };

	for (;;) {
		link->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (link->sock < 0)
			return -errno;
		/* A remote of another user may have taken the name. */
		if (!connect(link->sock, (struct sockaddr *)&sa, salen))
			return rpmsg_access_check(link->sock, &link->cfg.access);
		if (errno != ECONNREFUSED && errno != ENOENT &&
		    errno != EAGAIN && errno != EINTR)
			return -errno;
		close_fd(&link->sock);
		/* Nobody listens yet: retry until the deadline. */
		if (deadline != UINT64_MAX && now_ns() >= deadline)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
}

static int host_recv_hello(struct rpmsg_shm *link, uint64_t deadline,
			   struct shm_hello *hello)
{
	union {
		char buf[CMSG_SPACE(SHM_HELLO_FDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct pollfd pfd = { .fd = link->sock, .events = POLLIN };
	struct iovec iov = { .iov_base = hello, .iov_len = sizeof(*hello) };
	struct msghdr msg;
	struct cmsghdr *c;
	int fds[SHM_HELLO_FDS], rc, i;
	ssize_t n;

	do {
		rc = poll(&pfd, 1, poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	if (!rc)
		return -ETIMEDOUT;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	n = recvmsg(link->sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(fds))) {
		memcpy(fds, CMSG_DATA(c), sizeof(fds));
		link->mem_fd = fds[0];
		link->bell[0] = fds[1];
		link->bell[1] = fds[2];
	} else if (c && c->cmsg_level == SOL_SOCKET &&
		   c->cmsg_type == SCM_RIGHTS) {
		/* Wrong count: close whatever came. */
		for (i = 0; (size_t)i * sizeof(int) + CMSG_LEN(0) <
			    c->cmsg_len; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + (size_t)i * sizeof(int),
			       sizeof(fd));
			close(fd);
		}
		return -EPROTO;
	}
	if (n == 0)
		return -EPIPE;
	if (n != (ssize_t)sizeof(*hello) || (msg.msg_flags & MSG_CTRUNC) ||
	    link->mem_fd < 0 || hello->magic != RPMSG_SHM_MAGIC ||
	    hello->version != RPMSG_SHM_LAYOUT_VERSION)
		return -EPROTO;
	/* Doorbells must be sockets: only those have per-call flags. */
	if (rpmsg_fd_kind(link->bell[0]) != RPMSG_FD_SOCKET ||
	    rpmsg_fd_kind(link->bell[1]) != RPMSG_FD_SOCKET)
		return -EPROTO;
	return 0;
}

/* Map the region and check everything the remote wrote in it. */
static int host_map(struct rpmsg_shm *link, const struct shm_hello *hello,
		    struct rpmsg_shm_vdev_info *info, uint32_t *pool_off,
		    unsigned int *num_bufs, unsigned int *buf_size)
{
	uint32_t hdr[HDR_WORDS], rsc_off, rsc_size, pool_size;
	uint64_t ring_end[2];
	uint8_t *table;
	int rc;

	/* A regular file sealed against shrinking, as long as announced:
	 * the map can never turn into SIGBUS. */
	if (hello->region_size < SHM_RING_OFFSET ||
	    hello->region_size > SHM_MAX_REGION ||
	    rpmsg_fd_check_memory(link->mem_fd, hello->region_size,
				  F_SEAL_SHRINK))
		return -EPROTO;
	link->region_size = (size_t)hello->region_size;
	link->region = mmap(NULL, link->region_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, link->mem_fd, 0);
	if (link->region == MAP_FAILED) {
		link->region = NULL;
		return -errno;
	}
	memcpy(hdr, link->region, sizeof(hdr));
	if (hdr[HDR_MAGIC] != RPMSG_SHM_MAGIC ||
	    hdr[HDR_VERSION] != RPMSG_SHM_LAYOUT_VERSION ||
	    hdr[HDR_REGION_SIZE] != link->region_size)
		return -EPROTO;
	rsc_off = hdr[HDR_RSC_OFFSET];
	rsc_size = hdr[HDR_RSC_SIZE];
	if (rsc_off < RPMSG_SHM_PAGE || (rsc_off & 3u) ||
	    (uint64_t)rsc_off + rsc_size > link->region_size)
		return -ERANGE;
	/* Parse a private copy: the remote cannot change it under us. */
	table = malloc(rsc_size ? rsc_size : 1u);
	if (!table)
		return -ENOMEM;
	memcpy(table, link->region + rsc_off, rsc_size);
	rc = rpmsg_shm_parse_rsc_table(table, rsc_size, link->region_size,
				       info);
	free(table);
	if (rc)
		return rc;
	/* The live vdev entry is reached at SHM_RSC_OFFSET + vdev_offset. */
	if (rsc_off != SHM_RSC_OFFSET)
		return -EOPNOTSUPP;
	*buf_size = hdr[HDR_BUF_SIZE];
	if (*buf_size <= RPMSG_HDR_SIZE || *buf_size > 0xFFFFu + RPMSG_HDR_SIZE)
		return -EPROTO;
	*num_bufs = host_num_bufs(info->vring_num);
	*pool_off = hdr[HDR_POOL_OFFSET];
	pool_size = hdr[HDR_POOL_SIZE];
	if ((*pool_off & 15u) ||
	    (uint64_t)*num_bufs * *buf_size > pool_size ||
	    (uint64_t)*pool_off + pool_size > link->region_size)
		return -ERANGE;
	/* Rings and pool after the table, and apart from each other. */
	ring_end[0] = info->vring_da[0] +
		      (uint64_t)rpmsg_vring_size(info->vring_num,
						 info->vring_align);
	ring_end[1] = info->vring_da[1] +
		      (uint64_t)rpmsg_vring_size(info->vring_num,
						 info->vring_align);
	if (info->vring_da[0] < (uint64_t)rsc_off + rsc_size ||
	    info->vring_da[1] < (uint64_t)rsc_off + rsc_size ||
	    *pool_off < (uint64_t)rsc_off + rsc_size ||
	    (*pool_off < ring_end[0] &&
	     info->vring_da[0] < (uint64_t)*pool_off + pool_size) ||
	    (*pool_off < ring_end[1] &&
	     info->vring_da[1] < (uint64_t)*pool_off + pool_size))
		return -ERANGE;
	return 0;
}

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
	rc = host_connect(link, deadline);
	if (!rc)
		rc = host_recv_hello(link, deadline, &hello);
	if (!rc)
		rc = host_map(link, &hello, &info, &pool_off, &num_bufs,
			      &buf_size);
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
	close_fd(&link->sock);
	close_fd(&link->listen_fd);
	close_fd(&link->mem_fd);
	close_fd(&link->bell[0]);
	close_fd(&link->bell[1]);
	close_fd(&link->bell_gift[0]);
	close_fd(&link->bell_gift[1]);
	free(link->slots[0]);
	free(link->slots[1]);
	free(link->buf_state);
	free(link);
}
