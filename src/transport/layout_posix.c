// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hosted helpers for described regions: mapping from a descriptor or a
 * path, and doorbells on descriptors (rpmsg_layout_posix.h).
 *
 * Doorbell descriptors are used through peer_fd.c, whose reads and writes
 * never block whatever the descriptor's flags. A UIO device is the
 * exception: its read blocks until the next interrupt, so it is read only
 * after poll() reported it readable, and it is unmasked (write 1) before
 * the rings are looked at, so that an interrupt raised while they are
 * processed is held for the next round rather than lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpmsg/rpmsg_layout_posix.h>

#include "peer_fd.h"

int rpmsg_layout_map_fd(struct rpmsg_layout_map *map, int fd, uint64_t offset,
			size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t base, lead;
	struct stat st;
	void *p;

	if (!map || fd < 0 || !size || page <= 0 || fstat(fd, &st))
		return -EINVAL;
	/* A file shorter than the mapping would turn accesses past its end
	 * into SIGBUS: refuse it. Devices have no such size. */
	if (S_ISREG(st.st_mode) &&
	    (offset > (uint64_t)st.st_size ||
	     size > (uint64_t)st.st_size - offset))
		return -EINVAL;
	base = offset & ~(uint64_t)(page - 1);
	lead = offset - base;
	if (size > SIZE_MAX - lead || base > (uint64_t)INT64_MAX)
		return -EINVAL;
	p = mmap(NULL, (size_t)lead + size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, (off_t)base);
	if (p == MAP_FAILED)
		return -errno;
	map->base = p;
	map->base_size = (size_t)lead + size;
	map->va = (uint8_t *)p + lead;
	map->size = size;
	return 0;
}

int rpmsg_layout_map_path(struct rpmsg_layout_map *map, const char *path,
			  uint64_t offset, size_t size)
{
	int fd, rc;

	if (!path)
		return -EINVAL;
	fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = rpmsg_layout_map_fd(map, fd, offset, size);
	close(fd);
	return rc;
}

void rpmsg_layout_unmap(struct rpmsg_layout_map *map)
{
	if (!map || !map->base)
		return;
	munmap(map->base, map->base_size);
	memset(map, 0, sizeof(*map));
}

static bool bell_kind_ok(enum rpmsg_fd_kind kind)
{
	return kind == RPMSG_FD_EVENTFD || kind == RPMSG_FD_SOCKET;
}

int rpmsg_layout_bell_init(struct rpmsg_layout_bell *bell, int kick_fd,
			   int irq_fd, int irq)
{
	uint32_t one = 1;

	if (!bell || irq_fd < 0 ||
	    (irq != RPMSG_LAYOUT_IRQ_FD && irq != RPMSG_LAYOUT_IRQ_UIO))
		return -EINVAL;
	memset(bell, 0, sizeof(*bell));
	bell->kick_fd = kick_fd;
	bell->irq_fd = irq_fd;
	bell->irq_uio = irq;
	bell->kick_kind =
		(int)(kick_fd >= 0 ? rpmsg_fd_kind(kick_fd) : RPMSG_FD_BAD);
	if (kick_fd >= 0 && !bell_kind_ok(bell->kick_kind))
		return -EINVAL;
	if (irq == RPMSG_LAYOUT_IRQ_UIO) {
		/* Unmask once: the first interrupt comes after this. */
		errno = 0;
		if (write(irq_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
			return errno ? -errno : -EIO;
		return 0;
	}
	bell->irq_kind = (int)rpmsg_fd_kind(irq_fd);
	return bell_kind_ok(bell->irq_kind) ? 0 : -EINVAL;
}

void rpmsg_layout_bell_kick(void *arg, unsigned int vq)
{
	struct rpmsg_layout_bell *bell = arg;

	(void)vq;
	if (bell && bell->kick_fd >= 0)
		rpmsg_fd_bell_ring(bell->kick_fd, bell->kick_kind);
}

/* Consume the doorbell poll() found readable: false once the peer's end
 * of a socket is closed. */
static bool bell_consume(struct rpmsg_layout_bell *bell)
{
	uint32_t count, one = 1;
	ssize_t n;

	if (!bell->irq_uio)
		return rpmsg_fd_bell_drain(bell->irq_fd, bell->irq_kind);
	/* Readable: this read returns the count at once. Unmask before
	 * the rings are read. A device that fails the read is gone
	 * (unbound, removed): without that, poll() would report it ready
	 * forever. A failed unmask leaves the interrupt masked: the next
	 * rounds still poll the rings, one timeout apart. */
	n = read(bell->irq_fd, &count, sizeof(count));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n != (ssize_t)sizeof(count))
		return false;
	(void)!write(bell->irq_fd, &one, sizeof(one));
	return true;
}

int rpmsg_layout_wait(struct rpmsg_layout_link *link,
		      struct rpmsg_layout_bell *bell, int timeout_ms)
{
	struct pollfd pfd;
	int rc;

	if (!link || !bell || bell->irq_fd < 0)
		return -EINVAL;
	pfd.fd = bell->irq_fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	/* The last poll stopped at its bound: the rest without sleeping. */
	if (rpmsg_layout_started(link) &&
	    rpmsg_virtio_rx_pending(&link->vdev) == 1)
		timeout_ms = 0;
	rc = poll(&pfd, 1, timeout_ms);
	if (rc < 0 && errno != EINTR)
		return -errno;
	if (rc > 0 && (pfd.revents & POLLNVAL))
		return -EBADF;
	if (rc > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
		if (!bell_consume(bell)) {
			/* What the peer published before leaving is read
			 * first. */
			rpmsg_layout_poll(link);
			rpmsg_layout_stop(link);
			return -EPIPE;
		}
		/* Before the link is up this is the host's go-ahead. */
		if (!rpmsg_layout_started(link))
			rpmsg_layout_notified(link, 0);
	}
	/* A doorbell may stand for either queue: both are looked at. */
	return rpmsg_layout_poll(link);
}
