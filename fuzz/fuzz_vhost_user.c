// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the vhost-user backend as a hostile frontend drives it.
 *
 * Each input builds a backend (no channels, so starting the device never
 * waits for buffers) and a socketpair. The input's messages are written
 * to one end, with the descriptors a frontend would attach, the write
 * side is shut down, and the backend is handed the other end as if it
 * had accepted it (rpmsg_vhu_backend_adopt()). It must come back: 0 once
 * both rings are live, else a negative errno (end of input: -EPIPE).
 * When the rings went live, the input's tail is then written into the
 * shared memory as a frontend would write its rings and buffers, and the
 * device is polled; destroying the link must still return.
 *
 * Input (host byte order, as on the wire):
 *   u8  mode    deviations from what a frontend attaches (MODE_*)
 *   u8  tail    length of the tail in 16-byte units (taken off the end)
 *   messages    until the tail: u32 request, u32 flags, u32 size, then
 *               size payload bytes (clamped to what is left)
 *   tail        records: u8 where, u16 offset, u8 n, then n bytes written
 *               at offset (modulo the size of the target) into the target
 *               that where & 7 names: 0 and 4 the memory file; 1-3 ring
 *               0's descriptor table, avail ring, used ring; 5-7 ring 1's.
 *               Writes to the file are made before set-up too (so the
 *               device finds them when it starts); all are made once the
 *               rings are live. Ring-relative writes keep hitting the
 *               rings wherever the messages placed them; they race with
 *               the control thread, which stops the device when it reads
 *               the end of the input.
 *
 * Descriptors: SET_MEM_TABLE gets one per region of the payload's count
 * (at most 8), all the same memory file; SET_VRING_KICK, CALL and ERR
 * one eventfd unless the payload has the NOFD bit; SET_LOG_FD and
 * SET_BACKEND_REQ_FD one.
 *
 * Set FUZZ_VU_CHECK_FDS in the environment to abort when an input leaves
 * a descriptor open, FUZZ_VU_VERBOSE to print what set-up returned.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rpmsg/rpmsg_vhost_user.h>
#include <rpmsg/rpmsg_virtqueue.h>

#include "vhost_user_link.h"

/* Deviations, bits of the mode byte. */
#define MODE_FD_FEWER 0x01u  /* SET_MEM_TABLE: one descriptor fewer */
#define MODE_FD_MORE 0x02u   /* every fd-carrying message: one more */
#define MODE_MEM_PIPE 0x04u  /* SET_MEM_TABLE: a pipe, not a file */
#define MODE_MEM_SMALL 0x08u /* the memory file is smaller (4 KiB) */
#define MODE_NOFD_FLIP 0x10u /* KICK/CALL/ERR: fd presence inverted */
#define MODE_BELL_PIPE 0x20u /* KICK/CALL/ERR: a pipe, not an eventfd */
#define MODE_STRAY_FD 0x40u  /* messages without one get a descriptor */

#define MEM_SIZE 0x10000u
#define MEM_SMALL 0x1000u
/* Messages per input: with the backend's replies, far below what a
 * socketpair buffers, so neither side can block on a full socket. */
#define MAX_MSGS 64u
#define MAX_FDS 9u
#define HDR_SIZE 12u

struct harness {
	int mem;	 /* the memory file the regions map */
	size_t mem_size;
	int pipe[2];	 /* for the deviations that send a pipe */
	int bells[2 * MAX_MSGS]; /* doorbells created, closed at the end */
	unsigned int nbells;
	int kick[2];	 /* last kick sent per ring (harness's copy) */
	int sock;	 /* the frontend's end */
};

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t payload_u64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, p, n < sizeof(v) ? n : sizeof(v));
	return v;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A fresh doorbell for a ring message, or with MODE_BELL_PIPE the
 * pipe's end the backend uses (it reads kicks, writes calls); -1 if none
 * could be made. */
static int new_bell(struct harness *h, uint8_t mode, uint32_t req)
{
	int fd;

	if (mode & MODE_BELL_PIPE)
		return h->pipe[req == VHU_SET_VRING_KICK ? 0 : 1];
	if (h->nbells == sizeof(h->bells) / sizeof(h->bells[0]))
		return -1;
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd >= 0)
		h->bells[h->nbells++] = fd;
	return fd;
}

/* The descriptors a frontend attaches to @req; returns how many. */
static unsigned int attach(struct harness *h, uint8_t mode, uint32_t req,
			   const uint8_t *pl, size_t n, int *fds)
{
	unsigned int i, nfds = 0;
	uint64_t v;
	int fd;

	switch (req) {
	case VHU_SET_MEM_TABLE:
		nfds = n >= 4 ? get_u32(pl) : 0;
		if (nfds > VHU_MAX_REGIONS)
			nfds = VHU_MAX_REGIONS;
		if ((mode & MODE_FD_FEWER) && nfds)
			nfds--;
		fd = mode & MODE_MEM_PIPE ? h->pipe[0] : h->mem;
		for (i = 0; i < nfds; i++)
			fds[i] = fd; /* the kernel gives each its own copy */
		break;
	case VHU_SET_VRING_KICK:
	case VHU_SET_VRING_CALL:
	case VHU_SET_VRING_ERR:
		v = payload_u64(pl, n);
		if (!(v & VHU_VRING_NOFD) == !(mode & MODE_NOFD_FLIP)) {
			fd = new_bell(h, mode, req);
			if (fd < 0)
				break;
			fds[nfds++] = fd;
			if (req == VHU_SET_VRING_KICK &&
			    (v & VHU_VRING_INDEX_MASK) < 2)
				h->kick[v & 1u] = fd == h->pipe[0] ? h->pipe[1]
								   : fd;
		}
		break;
	case VHU_SET_LOG_FD:
		fds[nfds++] = h->mem;
		break;
	case VHU_SET_BACKEND_REQ_FD:
		fds[nfds++] = h->pipe[1];
		break;
	default:
		if (mode & MODE_STRAY_FD)
			fds[nfds++] = h->pipe[0];
		break;
	}
	if ((mode & MODE_FD_MORE) && nfds)
		fds[nfds++] = h->pipe[0];
	return nfds;
}

/* Write one message in one sendmsg(); false once the socket is full. */
static int send_msg(int sock, const uint8_t *msg, size_t len, const int *fds,
		    unsigned int nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh;
	struct cmsghdr *cm;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	/* Never block: a full socket would be a harness deadlock. */
	return sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len;
}

static void send_all(struct harness *h, uint8_t mode, const uint8_t *p,
		     size_t n)
{
	int fds[MAX_FDS];
	unsigned int count = 0, nfds;
	uint8_t msg[HDR_SIZE + sizeof(union vhu_payload)];
	uint32_t req, size;

	while (n && count++ < MAX_MSGS) {
		size_t take = n < HDR_SIZE ? n : HDR_SIZE;

		/* A short last header goes out as it is: a truncation. */
		memcpy(msg, p, take);
		p += take;
		n -= take;
		if (take < HDR_SIZE) {
			send_msg(h->sock, msg, take, NULL, 0);
			return;
		}
		req = get_u32(msg);
		size = get_u32(msg + 8);
		/* Sizes past the payload union end the backend's reading
		 * anyway; more than that is never needed. */
		take = size < n ? size : n;
		if (take > sizeof(union vhu_payload))
			take = sizeof(union vhu_payload);
		memcpy(msg + HDR_SIZE, p, take);
		p += take;
		n -= take;
		nfds = attach(h, mode, req, msg + HDR_SIZE, take, fds);
		if (!send_msg(h->sock, msg, HDR_SIZE + take, fds, nfds))
			return;
	}
}

/* Where a tail record goes: the memory file, or one part of a ring as
 * the backend maps it (the same file, shared). */
static uint8_t *target(const struct rpmsg_virtio_device *vdev,
		       unsigned int where, size_t *size)
{
	const struct rpmsg_virtqueue *vq =
		(where >> 2) & 1u ? &vdev->rvq : &vdev->svq;

	switch (where & 3u) {
	case 1:
		*size = 16u * (size_t)vq->num;
		return (uint8_t *)vq->ring;
	case 2:
		*size = rpmsg_vring_avail_size(vq->num);
		return vq->avail_base;
	case 3:
		*size = rpmsg_vring_used_size(vq->num);
		return vq->used_base;
	default:
		return NULL;
	}
}

/* Write the tail's records into the frontend's memory; without @vdev
 * (rings not placed yet) only those aimed at the file. */
static void scribble(struct harness *h, const struct rpmsg_virtio_device *vdev,
		     const uint8_t *p, size_t n)
{
	size_t off, len, size, w;
	unsigned int where;
	uint8_t *dst;

	while (n >= 4) {
		where = p[0] & 7u;
		off = (size_t)(p[1] | p[2] << 8);
		len = p[3] < n - 4 ? p[3] : n - 4;
		p += 4;
		n -= 4;
		dst = NULL;
		size = 0; /* a ring before the rings are placed: skipped */
		if (!(where & 3u))
			size = h->mem_size;
		else if (vdev)
			dst = target(vdev, where, &size);
		if (size) {
			off %= size;
			w = len < size - off ? len : size - off;
			if (dst)
				memcpy(dst + off, p, w);
			else if (pwrite(h->mem, p, w, (off_t)off) != (ssize_t)w)
				return;
		}
		p += len;
		n -= len;
	}
}

static int make_files(struct harness *h, uint8_t mode)
{
	h->mem_size = mode & MODE_MEM_SMALL ? MEM_SMALL : MEM_SIZE;
	h->mem = memfd_create("fuzz-vu", MFD_CLOEXEC);
	if (h->mem < 0)
		return -1;
	if (ftruncate(h->mem, (off_t)h->mem_size) ||
	    pipe2(h->pipe, O_CLOEXEC | O_NONBLOCK))
		return -1;
	return 0;
}

static void close_files(struct harness *h)
{
	unsigned int i;

	for (i = 0; i < h->nbells; i++)
		close(h->bells[i]);
	if (h->pipe[0] >= 0)
		close(h->pipe[0]);
	if (h->pipe[1] >= 0)
		close(h->pipe[1]);
	if (h->mem >= 0)
		close(h->mem);
	if (h->sock >= 0)
		close(h->sock);
}

static bool verbose;

static void run(const uint8_t *data, size_t size)
{
	static unsigned long serial;
	struct rpmsg_vhost_user_config cfg;
	struct rpmsg_vhost_user *link;
	struct harness h = { .mem = -1, .pipe = { -1, -1 },
			     .kick = { -1, -1 }, .sock = -1 };
	char path[64];
	uint8_t mode;
	size_t tail;
	uint64_t one = 1;
	int sv[2], rc;

	if (size < 2)
		return;
	mode = data[0];
	tail = (size_t)data[1] * 16u;
	data += 2;
	size -= 2;
	if (tail > size)
		tail = size;

	snprintf(path, sizeof(path), "@fuzz-vu-%ld-%lu", (long)getpid(),
		 serial++);
	memset(&cfg, 0, sizeof(cfg));
	cfg.path = path;
	if (rpmsg_vhost_user_backend_create(&link, &cfg))
		abort(); /* nothing in the input can cause that */
	if (make_files(&h, mode) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		abort();
	h.sock = sv[0];
	/* What the driver wrote before: read when the device starts, in
	 * adopt's thread, whatever the control thread does meanwhile. */
	scribble(&h, NULL, data + size - tail, tail);
	send_all(&h, mode, data, size - tail);
	shutdown(h.sock, SHUT_WR);

	/* The link owns sv[1] from here on, whatever the result. */
	rc = rpmsg_vhu_backend_adopt(link, sv[1], rpmsg_vhu_deadline(300));
	if (rc > 0)
		abort();
	if (verbose)
		fprintf(stderr, "fuzz_vhost_user: set-up returned %d\n", rc);
	if (rc == 0) {
		scribble(&h, rpmsg_vhost_user_vdev(link), data + size - tail,
			 tail);
		/* The remote receives on ring 1: ring its doorbell (the rx
		 * thread) and poll here as well, so the tail is read even
		 * if destroy stops that thread first. */
		if (h.kick[1] >= 0 &&
		    write(h.kick[1], &one, sizeof(one)) != sizeof(one))
			one = 0;
		rpmsg_virtio_poll(rpmsg_vhost_user_vdev(link));
	}
	rpmsg_vhost_user_destroy(link);
	close_files(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int check = -1;
	int before = 0, after;

	if (check < 0) {
		check = getenv("FUZZ_VU_CHECK_FDS") != NULL;
		verbose = getenv("FUZZ_VU_VERBOSE") != NULL;
	}
	if (check)
		before = count_fds();
	run(data, size);
	if (check) {
		after = count_fds();
		if (after != before) {
			fprintf(stderr, "fuzz_vhost_user: %d descriptors before, %d after\n",
				before, after);
			abort();
		}
	}
	return 0;
}
