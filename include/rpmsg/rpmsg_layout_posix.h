/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hosted helpers for a described region (rpmsg_layout.h) on Linux: map it
 * from a file, a memfd, /dev/uioN or /dev/mem, and drive a link from a
 * poll loop whose doorbells are descriptors: an eventfd or socket to
 * write when kicking, an eventfd, socket or UIO device to poll for the
 * peer's doorbell.
 */
#ifndef RPMSG_LAYOUT_POSIX_H
#define RPMSG_LAYOUT_POSIX_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_layout.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct rpmsg_layout_map - a mapped region; fields read-only
 * @va: offset 0 of the region (give it as rpmsg_layout_setup.region)
 * @size: bytes mapped from @va
 * @base: what mmap returned (page aligned, at or before @va)
 * @base_size: bytes of that mapping
 */
struct rpmsg_layout_map {
	void *va;
	size_t size;
	void *base;
	size_t base_size;
};

/**
 * rpmsg_layout_map_fd() - map @size bytes of @fd from @offset
 * @map: filled on success
 * @fd: a memfd or regular file (must hold offset + size bytes: checked,
 *      so the mapping cannot fault), a UIO device (@offset = N * page
 *      size selects its map N) or /dev/mem (@offset the physical
 *      address); kept open by the caller, not by the map
 * @offset: any byte offset; the mapping starts at the page below it
 * @size: bytes to map
 *
 * Return: 0; -EINVAL (bad arguments, a file too short); -errno of mmap.
 */
int rpmsg_layout_map_fd(struct rpmsg_layout_map *map, int fd, uint64_t offset,
			size_t size);

/**
 * rpmsg_layout_map_path() - open @path read-write (O_SYNC: uncached for
 * /dev/mem) and map it as rpmsg_layout_map_fd() does; the descriptor is
 * closed again, the mapping stays.
 * @map: filled on success
 * @path: a file, a UIO device or /dev/mem
 * @offset: as for rpmsg_layout_map_fd()
 * @size: bytes to map
 * Return: as rpmsg_layout_map_fd(), or -errno of open.
 */
int rpmsg_layout_map_path(struct rpmsg_layout_map *map, const char *path,
			  uint64_t offset, size_t size);

/** rpmsg_layout_unmap() - undo a map (a zeroed map is left alone). */
void rpmsg_layout_unmap(struct rpmsg_layout_map *map);

/* rpmsg_layout_bell.irq_uio: the irq descriptor is a UIO device. */
#define RPMSG_LAYOUT_IRQ_FD 0
#define RPMSG_LAYOUT_IRQ_UIO 1

/**
 * struct rpmsg_layout_bell - doorbells as descriptors; fields private
 * @kick_fd: written to ring the peer (eventfd or stream socket), or -1
 * @irq_fd: readable when the peer has rung
 * @kick_kind: @kick_fd's kind
 * @irq_kind: @irq_fd's kind, unless a UIO device
 * @irq_uio: @irq_fd is /dev/uioN (read a 4-byte count, write 1 to unmask
 *           again); else an eventfd or socket, drained without blocking
 */
struct rpmsg_layout_bell {
	int kick_fd;
	int irq_fd;
	int kick_kind;
	int irq_kind;
	int irq_uio;
};

/**
 * rpmsg_layout_bell_init() - take two descriptors as doorbells
 * @bell: filled on success
 * @kick_fd: what rpmsg_layout_bell_kick() writes (an eventfd or a
 *           connected stream socket), or -1 when the kick is a register
 *           write of your own
 * @irq_fd: what rpmsg_layout_wait() polls
 * @irq: RPMSG_LAYOUT_IRQ_FD or RPMSG_LAYOUT_IRQ_UIO (unmasked here once)
 *
 * The descriptors stay the caller's. Non-blocking use is per call: the
 * descriptors' own flags do not matter.
 *
 * Return: 0, or -EINVAL for a descriptor of the wrong kind.
 */
int rpmsg_layout_bell_init(struct rpmsg_layout_bell *bell, int kick_fd,
			   int irq_fd, int irq);

/**
 * rpmsg_layout_bell_kick() - a kick callback for rpmsg_layout_setup
 * @arg: the struct rpmsg_layout_bell
 * @vq: unused: one descriptor rings for both queues
 */
void rpmsg_layout_bell_kick(void *arg, unsigned int vq);

/**
 * rpmsg_layout_wait() - one round of a link's loop
 * @link: an initialised link
 * @bell: its doorbells
 * @timeout_ms: how long to wait for a doorbell (-1: no limit; 0: look)
 *
 * Waits until the peer rings or @timeout_ms passes, consumes the
 * doorbell (a UIO interrupt is unmasked again before the rings are read,
 * so none is lost), then rpmsg_layout_poll(), whether it rang or not.
 *
 * Return: as rpmsg_layout_poll(); -EPIPE (the link is stopped) once a
 * socket doorbell's other end has closed or a UIO device fails its read
 * (unbound, removed); -EBADF for a closed @irq_fd; -EINVAL; -errno of
 * poll().
 */
int rpmsg_layout_wait(struct rpmsg_layout_link *link,
		      struct rpmsg_layout_bell *bell, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_LAYOUT_POSIX_H */
