// SPDX-License-Identifier: BSD-3-Clause
/*
 * Channels of the kernel's rpmsg bus: waiting for one to be announced,
 * giving one to the char driver (driver_override), and making one
 * through a control device (RPMSG_CREATE_DEV_IOCTL, Linux 5.18 on).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernel_internal.h"

#define CHRDEV_DRIVER "rpmsg_chrdev"

/* Looks for channel @name once: 1 found (into @out), 0 not, -errno. */
static int find_channel(struct rpmsg_kernel *k, const char *name,
			struct rpmsg_kernel_channel *out, char *seen,
			size_t seen_size)
{
	struct rpmsg_kernel_channel ch[32];
	int n = rpmsg_kernel_list_channels(k, ch, 32), i;
	size_t used = 0;

	if (n < 0)
		return n;
	if (n > 32)
		n = 32;
	seen[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!strcmp(ch[i].name, name)) {
			if (out)
				*out = ch[i];
			return 1;
		}
		if (used < seen_size) {
			int w = snprintf(seen + used, seen_size - used, "%s%s",
					 used ? ", " : "", ch[i].name);

			used += w > 0 ? (size_t)w : 0;
		}
	}
	return 0;
}

int rpmsg_kernel_wait_channel(struct rpmsg_kernel *k, const char *name,
			      uint32_t timeout_ms,
			      struct rpmsg_kernel_channel *out)
{
	char devices[RPMSG_KERNEL_PATH_SIZE], seen[160];
	const char *dirs[2] = { devices, NULL };
	uint64_t deadline = rpmsg_k_deadline(timeout_ms);
	struct rpmsg_k_watch w;
	int rc;

	if (!k || !name || !*name)
		return -EINVAL;
	if (rpmsg_k_path(devices, sizeof(devices), "%s/bus/rpmsg/devices",
			 k->sysfs))
		return -ENAMETOOLONG;
	rc = rpmsg_k_watch_open(&w, dirs);
	if (rc && timeout_ms) {
		/* Without events there is nothing to wait on: say why. */
		rc = find_channel(k, name, out, seen, sizeof(seen));
		if (rc == 0)
			rc = rpmsg_k_fail(k, -ENOSYS,
					  "cannot wait for service %s: neither "
					  "a uevent socket nor inotify on %s",
					  name, devices);
		return rc < 0 ? rc : 0;
	}
	for (;;) {
		rc = find_channel(k, name, out, seen, sizeof(seen));
		if (rc != 0)
			break;
		rc = timeout_ms ? rpmsg_k_watch_wait(&w, deadline) : 0;
		if (rc < 0)
			break;
		if (rc == 0) {
			rc = rpmsg_k_fail(k, -ETIMEDOUT,
					  "service %s not announced within %u "
					  "ms (announced: %s)",
					  name, (unsigned int)timeout_ms,
					  *seen ? seen : "none");
			break;
		}
	}
	if (timeout_ms)
		rpmsg_k_watch_close(&w);
	return rc < 0 ? rc : 0;
}

int rpmsg_kernel_bind_chrdev(struct rpmsg_kernel *k, const char *dev_name)
{
	char path[RPMSG_KERNEL_PATH_SIZE + 64];
	struct rpmsg_kernel_channel ch;
	int rc;

	if (!k || !dev_name || !*dev_name || strchr(dev_name, '/'))
		return -EINVAL;
	rc = rpmsg_k_read_channel(k, dev_name, &ch);
	if (rc)
		return rpmsg_k_fail(k, rc == -ENOENT ? -ENOENT : rc,
				    "no rpmsg channel %s in %s/bus/rpmsg/devices",
				    dev_name, k->sysfs);
	if (!strcmp(ch.driver, CHRDEV_DRIVER))
		return 0;
	if (*ch.driver)
		return rpmsg_k_fail(k, -EBUSY,
				    "channel %s is served by driver %s; to "
				    "use it from here unbind it first (echo %s "
				    "> %s/bus/rpmsg/drivers/%s/unbind)",
				    dev_name, ch.driver, dev_name, k->sysfs,
				    ch.driver);
	rpmsg_k_path(path, sizeof(path), "%s/bus/rpmsg/drivers/" CHRDEV_DRIVER,
		 k->sysfs);
	if (access(path, F_OK) != 0)
		return rpmsg_k_fail(k, -ENOTSUP,
				    "the rpmsg char driver is not loaded "
				    "(modprobe rpmsg_char; CONFIG_RPMSG_CHAR)");
	rpmsg_k_path(path, sizeof(path), "%s/bus/rpmsg/devices/%s/driver_override",
		 k->sysfs, dev_name);
	if (access(path, F_OK) != 0)
		return rpmsg_k_fail(k, -ENOTSUP,
				    "this kernel has no driver_override for "
				    "rpmsg devices: only channels named "
				    "rpmsg-raw get a /dev/rpmsgN");
	rc = rpmsg_k_write_attr(path, CHRDEV_DRIVER);
	if (rc)
		return rpmsg_k_fail(k, rc, "cannot write %s: %s", path,
				    strerror(-rc));
	/* A synchronous probe: the node exists once the write returns. */
	rpmsg_k_path(path, sizeof(path), "%s/bus/rpmsg/drivers_probe", k->sysfs);
	rc = rpmsg_k_write_attr(path, dev_name);
	if (rc)
		return rpmsg_k_fail(k, rc, "cannot probe %s (%s): %s", dev_name,
				    path, strerror(-rc));
	return 0;
}

/* Opens @ctrl (or the first control device) for an ioctl. */
int rpmsg_k_open_ctrl(struct rpmsg_kernel *k, const char *ctrl)
{
	char path[RPMSG_KERNEL_PATH_SIZE];
	int fd, rc;

	if (!ctrl) {
		rc = rpmsg_k_first_ctrl(k, path, sizeof(path));
		if (rc)
			return rc;
		ctrl = path;
	}
	fd = open(ctrl, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return rpmsg_k_open_fail(k, ctrl, errno);
	return fd;
}

/* The virtio device control device @ctrl belongs to ("virtio0"), into
 * @out; "" when it cannot be told (then channels of every one count). */
static void ctrl_vdev(struct rpmsg_kernel *k, const char *ctrl, char *out,
		      size_t size)
{
	struct rpmsg_kernel_node nd[16];
	int n = rpmsg_kernel_list_nodes(k, nd, 16), i;

	out[0] = '\0';
	for (i = 0; i < n && i < 16; i++)
		if (nd[i].kind == RPMSG_KERNEL_NODE_CTRL &&
		    !strcmp(nd[i].node, ctrl)) {
			rpmsg_k_copy(out, size, nd[i].channel);
			out[strcspn(out, ".")] = '\0';
		}
}

/* Is there a channel the kernel would take for @name, @src, @dst (its
 * rpmsg_device_match(): the name, and each address unless any) on
 * @vdev? Its sysfs name into @found. */
static bool channel_matches(struct rpmsg_kernel *k, const char *vdev,
			    const char *name, uint32_t src, uint32_t dst,
			    char *found, size_t size)
{
	struct rpmsg_kernel_channel ch[32];
	int n = rpmsg_kernel_list_channels(k, ch, 32), i;
	size_t vlen = strlen(vdev);

	for (i = 0; i < n && i < 32; i++) {
		if (strcmp(ch[i].name, name) ||
		    (src != RPMSG_ADDR_ANY && ch[i].src != src) ||
		    (dst != RPMSG_ADDR_ANY && ch[i].dst != dst) ||
		    (vlen && (strncmp(ch[i].dev_name, vdev, vlen) ||
			      ch[i].dev_name[vlen] != '.')))
			continue;
		rpmsg_k_copy(found, size, ch[i].dev_name);
		return true;
	}
	return false;
}

static void addr_text(char *buf, size_t size, uint32_t a)
{
	if (a == RPMSG_ADDR_ANY)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "0x%x", (unsigned int)a);
}

/*
 * The kernel's answers (Linux 6.1, drivers/rpmsg/rpmsg_ctrl.c): -EINVAL
 * for a request it does not know (before 5.18) and for a release that
 * matches no channel; -ENXIO for a create it could not do (a channel of
 * that name and addresses already there, or a bus without channel
 * creation). So whether a matching channel exists is looked at in sysfs
 * first: a release of none is -ENOENT, a create of one there -EEXIST,
 * and what the kernel says after that is about the kernel.
 */
static int channel_ioctl(struct rpmsg_kernel *k, const char *ctrl,
			 unsigned long req, const char *name, uint32_t src,
			 uint32_t dst)
{
	bool create = req == RPMSG_K_CREATE_DEV_IOCTL;
	const char *what = create ? "create" : "release";
	char path[RPMSG_KERNEL_PATH_SIZE], vdev[RPMSG_KERNEL_DEV_NAME_SIZE];
	char found[RPMSG_KERNEL_DEV_NAME_SIZE], a[16], b[16];
	struct rpmsg_k_ept_info info;
	bool there;
	int fd, rc = 0;

	if (!k || !name || !*name || strlen(name) >= sizeof(info.name))
		return -EINVAL;
	rc = rpmsg_k_ctrl_path(k, ctrl, path, sizeof(path));
	if (rc)
		return rc;
	addr_text(a, sizeof(a), src);
	addr_text(b, sizeof(b), dst);
	ctrl_vdev(k, path, vdev, sizeof(vdev));
	there = channel_matches(k, vdev, name, src, dst, found, sizeof(found));
	if (create && there)
		return rpmsg_k_fail(k, -EEXIST,
				    "channel %s (src %s, dst %s) exists already: "
				    "%s", name, a, b, found);
	if (!create && !there)
		return rpmsg_k_fail(k, -ENOENT,
				    "no channel %s with src %s and dst %s on "
				    "the kernel's rpmsg bus%s%s to release",
				    name, a, b, vdev[0] ? " of " : "", vdev);
	memset(&info, 0, sizeof(info));
	memcpy(info.name, name, strlen(name));
	info.src = src;
	info.dst = dst;
	fd = rpmsg_k_open_ctrl(k, path);
	if (fd < 0)
		return fd;
	if (ioctl(fd, req, &info) != 0) {
		int err = errno;

		if (err == ENOTTY || err == EINVAL)
			rc = rpmsg_k_fail(k, -ENOTSUP,
					  "%s: this kernel cannot %s channels "
					  "from user space (%s needs Linux 5.18 "
					  "and a bus that supports it)",
					  path, what,
					  create ? "RPMSG_CREATE_DEV_IOCTL" :
						   "RPMSG_RELEASE_DEV_IOCTL");
		else if (err == ENXIO)
			rc = rpmsg_k_fail(k, -ENOTSUP,
					  "%s: the kernel could not %s channel "
					  "%s (its rpmsg bus cannot, or see "
					  "dmesg)", path, what, name);
		else
			rc = rpmsg_k_fail(k, -err, "cannot %s channel %s: %s",
					  what, name, strerror(err));
	}
	close(fd);
	return rc;
}

int rpmsg_kernel_create_channel(struct rpmsg_kernel *k, const char *ctrl,
				const char *name, uint32_t src, uint32_t dst)
{
	return channel_ioctl(k, ctrl, RPMSG_K_CREATE_DEV_IOCTL, name, src, dst);
}

int rpmsg_kernel_release_channel(struct rpmsg_kernel *k, const char *ctrl,
				 const char *name, uint32_t src, uint32_t dst)
{
	return channel_ioctl(k, ctrl, RPMSG_K_RELEASE_DEV_IOCTL, name, src, dst);
}
