/* SPDX-License-Identifier: BSD-3-Clause */
/* What the files of the Linux kernel-client module share (not installed). */
#ifndef RPMSG_KERNEL_INTERNAL_H
#define RPMSG_KERNEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sys/ioctl.h>

#include <rpmsg/rpmsg_kernel.h>

/*
 * The char driver's ioctl ABI, as <linux/rpmsg.h> has it (a copy, so that
 * the module builds against kernel headers older than the requests it
 * uses). The layout and numbers are the kernel's; the two channel
 * requests exist from Linux 5.18.
 */
struct rpmsg_k_ept_info {
	char name[32];
	uint32_t src;
	uint32_t dst;
};
_Static_assert(sizeof(struct rpmsg_k_ept_info) == 40,
	       "the kernel's struct rpmsg_endpoint_info is 40 bytes");
#define RPMSG_K_CREATE_EPT_IOCTL _IOW(0xb5, 0x1, struct rpmsg_k_ept_info)
#define RPMSG_K_DESTROY_EPT_IOCTL _IO(0xb5, 0x2)
#define RPMSG_K_CREATE_DEV_IOCTL _IOW(0xb5, 0x3, struct rpmsg_k_ept_info)
#define RPMSG_K_RELEASE_DEV_IOCTL _IOW(0xb5, 0x4, struct rpmsg_k_ept_info)

#if defined(__GNUC__)
#define RPMSG_K_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RPMSG_K_PRINTF(a, b)
#endif

/* Copies @src into @dst of @size, cut to fit. */
static inline void rpmsg_k_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* kernel_sysfs.c */

/* Writes the sentence into @k->error (when @k is not NULL); returns @rc. */
int rpmsg_k_fail(struct rpmsg_kernel *k, int rc, const char *fmt, ...)
	RPMSG_K_PRINTF(3, 4);
/* snprintf that reports truncation: 0 or -ENAMETOOLONG. */
int rpmsg_k_path(char *buf, size_t size, const char *fmt, ...)
	RPMSG_K_PRINTF(3, 4);
/* Reads a sysfs attribute, its trailing newline removed: 0 or -errno.
 * A value longer than @size - 1 is -EOVERFLOW. */
int rpmsg_k_read_attr(const char *path, char *buf, size_t size);
/* Writes @value to an attribute in one write(): 0 or -errno. */
int rpmsg_k_write_attr(const char *path, const char *value);
/* Parses an address attribute ("0x400", "1024"): 0 or -EINVAL. */
int rpmsg_k_parse_addr(const char *s, uint32_t *out);
/* The sentence for a failed open(@path) with @err (positive errno),
 * naming owner, group and mode for EACCES/EPERM; returns -@err. */
int rpmsg_k_open_fail(struct rpmsg_kernel *k, const char *path, int err);
/* The first /dev/rpmsg_ctrlN (by number) into @path: 0, or -ENODEV with
 * the reason in @k->error. */
/* Opens @ctrl, NULL for the first control device: the fd or -errno. */
int rpmsg_k_open_ctrl(struct rpmsg_kernel *k, const char *ctrl);
int rpmsg_k_first_ctrl(struct rpmsg_kernel *k, char *path, size_t size);
/* @ctrl, or the first control device if NULL, into @path: 0 or -errno. */
int rpmsg_k_ctrl_path(struct rpmsg_kernel *k, const char *ctrl, char *path,
		      size_t size);
/* Reads one channel @dev_name of the bus into @out: 0 or -errno. */
int rpmsg_k_read_channel(struct rpmsg_kernel *k, const char *dev_name,
			 struct rpmsg_kernel_channel *out);

/* kernel_ept.c: gives channel @dev_name to rpmsg_char (if nothing serves
 * it), waits up to @timeout_ms for its /dev/rpmsgN and opens it: 0, or
 * the errors of rpmsg_kernel_open_channel(). */
int rpmsg_k_open_channel_dev(struct rpmsg_kernel *k,
			     struct rpmsg_kernel_ept *ept, const char *dev_name,
			     uint32_t timeout_ms, rpmsg_kernel_rx_cb_t cb,
			     void *priv);

/* kernel_watch.c: what wakes a wait for a device to come or go. */
struct rpmsg_k_watch {
	int uevent; /* netlink uevent socket, -1 if not available */
	int inotify;
};
/* Arms the watch before the caller looks (so nothing is missed): the
 * uevent socket and inotify on @dirs (NULL-terminated; missing ones are
 * skipped). 0, or -errno if neither could be had. */
int rpmsg_k_watch_open(struct rpmsg_k_watch *w, const char *const *dirs);
/* Waits until something changed or @deadline_ms (rpmsg_k_now_ms() based;
 * UINT64_MAX: none) passed: 1 changed, 0 deadline, -errno. */
int rpmsg_k_watch_wait(struct rpmsg_k_watch *w, uint64_t deadline_ms);
void rpmsg_k_watch_close(struct rpmsg_k_watch *w);
/* CLOCK_MONOTONIC in milliseconds; deadline of @timeout_ms from now
 * (UINT64_MAX for RPMSG_TIMEOUT_FOREVER). */
uint64_t rpmsg_k_now_ms(void);
uint64_t rpmsg_k_deadline(uint32_t timeout_ms);
/* Milliseconds left to @deadline as a poll() timeout (-1: none). */
int rpmsg_k_poll_ms(uint64_t deadline);

#endif /* RPMSG_KERNEL_INTERNAL_H */
