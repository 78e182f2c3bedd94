// SPDX-License-Identifier: BSD-3-Clause
/*
 * The kernel's rpmsg devices as sysfs shows them:
 *   <sysfs>/bus/rpmsg/devices/<dev>      a channel: name, src, dst,
 *       driver (link), driver_override; the nodes its driver made below
 *       it: rpmsg/rpmsgN (rpmsg_chrdev), rpmsg/rpmsg_ctrlN (rpmsg_ctrl),
 *       tty/ttyRPMSGN (rpmsg_tty);
 *   <sysfs>/class/rpmsg/<node>           every control and endpoint
 *       device (a link into the tree above; an endpoint made through a
 *       control device sits below that device).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel_internal.h"

int rpmsg_k_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int copy_root(char *dst, const char *src, const char *def)
{
	return rpmsg_k_path(dst, RPMSG_KERNEL_PATH_SIZE, "%s", src ? src : def);
}

int rpmsg_kernel_init(struct rpmsg_kernel *k, const char *sysfs_root,
		      const char *dev_root)
{
	if (!k)
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	if (copy_root(k->sysfs, sysfs_root, "/sys") ||
	    copy_root(k->dev, dev_root, "/dev"))
		return -ENAMETOOLONG;
	return 0;
}

int rpmsg_k_read_attr(const char *path, char *buf, size_t size)
{
	char tmp[RPMSG_KERNEL_PATH_SIZE + 2];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, tmp, sizeof(tmp) - 1);
	if (n < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	close(fd);
	while (n > 0 && (tmp[n - 1] == '\n' || tmp[n - 1] == '\0'))
		n--;
	if ((size_t)n >= size)
		return -EOVERFLOW;
	memcpy(buf, tmp, (size_t)n);
	buf[n] = '\0';
	return 0;
}

int rpmsg_k_write_attr(const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) != 0 && !err)
		err = -errno;
	return err;
}

int rpmsg_k_parse_addr(const char *s, uint32_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end)
		return -EINVAL;
	/* Endpoint devices print their addresses signed (-1 is any). */
	if (v < 0 && v >= INT32_MIN)
		v = (long long)(uint32_t)(int32_t)v;
	if (v < 0 || v > (long long)UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* Sorted entries of @dir, dot files left out; scandir()'s contract. */
static int dot_filter(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int list_dir(const char *dir, struct dirent ***names)
{
	int n = scandir(dir, names, dot_filter, versionsort);

	return n < 0 ? -errno : n;
}

static void free_list(struct dirent **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The sysfs root of @k leaves no room for the paths below it. */
static int too_long(struct rpmsg_kernel *k)
{
	return rpmsg_k_fail(k, -ENAMETOOLONG,
			    "sysfs root too long for the paths below it "
			    "(at most %d bytes in all): %s",
			    RPMSG_KERNEL_PATH_SIZE - 1, k->sysfs);
}

/* Why there is no rpmsg bus in sysfs, as the error of @k. */
static int no_bus(struct rpmsg_kernel *k)
{
	char path[RPMSG_KERNEL_PATH_SIZE];

	if (rpmsg_k_path(path, sizeof(path), "%s/bus", k->sysfs) == 0 &&
	    access(path, F_OK) != 0)
		return rpmsg_k_fail(k, -ENODEV,
				    "no sysfs at %s: mount it (mount -t sysfs "
				    "sysfs %s)", k->sysfs, k->sysfs);
	return rpmsg_k_fail(k, -ENODEV,
			    "no rpmsg bus in %s/bus: the kernel was built "
			    "without CONFIG_RPMSG or its module is not loaded "
			    "(modprobe rpmsg_core; virtio_rpmsg_bus for a "
			    "remoteproc)", k->sysfs);
}

/* Is @e a node name of the kernel's: @prefix, then a number? */
static bool numbered(const char *e, const char *prefix)
{
	size_t plen = strlen(prefix);

	if (strncmp(e, prefix, plen) || !e[plen])
		return false;
	for (e += plen; *e; e++)
		if (*e < '0' || *e > '9')
			return false;
	return true;
}

/* The first entry of @dir named @prefix and a number, as "<dev>/<entry>"
 * into @node; 0 if found. */
static int find_node(const struct rpmsg_kernel *k, const char *dir,
		     const char *prefix, char *node, size_t size)
{
	struct dirent **names;
	int n = list_dir(dir, &names), i, rc = -ENOENT;

	for (i = 0; i < n && rc; i++) {
		const char *e = names[i]->d_name;

		if (numbered(e, prefix))
			rc = rpmsg_k_path(node, size, "%s/%s", k->dev, e);
	}
	if (n > 0)
		free_list(names, n);
	return rc;
}

int rpmsg_k_read_channel(struct rpmsg_kernel *k, const char *dev_name,
			 struct rpmsg_kernel_channel *out)
{
	char base[RPMSG_KERNEL_PATH_SIZE], path[RPMSG_KERNEL_PATH_SIZE + 32];
	char val[RPMSG_KERNEL_PATH_SIZE];
	ssize_t n;
	int rc;

	char name[RPMSG_KERNEL_DEV_NAME_SIZE];

	/* @dev_name may be @out->dev_name: copied before @out is cleared. */
	if (rpmsg_k_path(name, sizeof(name), "%s", dev_name) ||
	    rpmsg_k_path(base, sizeof(base), "%s/bus/rpmsg/devices/%s",
			 k->sysfs, name))
		return -ENAMETOOLONG;
	memset(out, 0, sizeof(*out));
	memcpy(out->dev_name, name, sizeof(name));
	rpmsg_k_path(path, sizeof(path), "%s/name", base);
	rc = rpmsg_k_read_attr(path, out->name, sizeof(out->name));
	if (rc)
		return rc;
	out->src = out->dst = RPMSG_ADDR_ANY;
	rpmsg_k_path(path, sizeof(path), "%s/src", base);
	if (rpmsg_k_read_attr(path, val, sizeof(val)) == 0)
		rpmsg_k_parse_addr(val, &out->src);
	rpmsg_k_path(path, sizeof(path), "%s/dst", base);
	if (rpmsg_k_read_attr(path, val, sizeof(val)) == 0)
		rpmsg_k_parse_addr(val, &out->dst);
	rpmsg_k_path(path, sizeof(path), "%s/driver_override", base);
	if (rpmsg_k_read_attr(path, val, sizeof(val)) == 0 &&
	    strcmp(val, "(null)") != 0)
		rpmsg_k_copy(out->driver_override, sizeof(out->driver_override), val);
	rpmsg_k_path(path, sizeof(path), "%s/driver", base);
	n = readlink(path, val, sizeof(val) - 1);
	if (n > 0) {
		val[n] = '\0';
		rpmsg_k_copy(out->driver, sizeof(out->driver), basename(val));
	}
	/* The node its driver made: an endpoint or control device, a tty. */
	rpmsg_k_path(path, sizeof(path), "%s/rpmsg", base);
	if (find_node(k, path, "rpmsg_ctrl", out->node, sizeof(out->node)) &&
	    find_node(k, path, "rpmsg", out->node, sizeof(out->node))) {
		rpmsg_k_path(path, sizeof(path), "%s/tty", base);
		find_node(k, path, "ttyRPMSG", out->node, sizeof(out->node));
	}
	return 0;
}

int rpmsg_kernel_list_channels(struct rpmsg_kernel *k,
			       struct rpmsg_kernel_channel *out, size_t n)
{
	char dir[RPMSG_KERNEL_PATH_SIZE];
	struct dirent **names;
	int count, i, found = 0;

	if (!k || (n && !out))
		return -EINVAL;
	if (rpmsg_k_path(dir, sizeof(dir), "%s/bus/rpmsg/devices", k->sysfs))
		return too_long(k);
	count = list_dir(dir, &names);
	if (count == -ENOENT || count == -ENOTDIR)
		return no_bus(k);
	if (count < 0)
		return rpmsg_k_fail(k, count, "cannot list %s: %s", dir,
				    strerror(-count));
	for (i = 0; i < count; i++) {
		struct rpmsg_kernel_channel ch;

		/* A channel removed while listing is skipped. */
		if (rpmsg_k_read_channel(k, names[i]->d_name, &ch))
			continue;
		if ((size_t)found < n)
			out[found] = ch;
		found++;
	}
	free_list(names, count);
	return found;
}

static int leaf_is(const char *path, const char *prefix)
{
	const char *slash = strrchr(path, '/');

	slash = slash ? slash + 1 : path;
	return !strncmp(slash, prefix, strlen(prefix));
}

/* Reads the class node @e into @out: 0, or -ENOENT if it is none of ours
 * (or went away while read). */
static int read_node(struct rpmsg_kernel *k, const char *e,
		     struct rpmsg_kernel_node *out)
{
	char link[RPMSG_KERNEL_PATH_SIZE], real[PATH_MAX];
	char path[PATH_MAX + 16], val[64];
	char *p;

	memset(out, 0, sizeof(*out));
	if (numbered(e, "rpmsg_ctrl"))
		out->kind = RPMSG_KERNEL_NODE_CTRL;
	else if (numbered(e, "rpmsg"))
		out->kind = RPMSG_KERNEL_NODE_EPT;
	else
		return -ENOENT;
	if (rpmsg_k_path(link, sizeof(link), "%s/class/rpmsg/%s", k->sysfs,
			 e) ||
	    rpmsg_k_path(out->node, sizeof(out->node), "%s/%s", k->dev, e))
		return -ENAMETOOLONG;
	if (!realpath(link, real))
		return -ENOENT;
	out->src = out->dst = RPMSG_ADDR_ANY;
	if (out->kind == RPMSG_KERNEL_NODE_EPT) {
		rpmsg_k_path(path, sizeof(path), "%s/name", real);
		rpmsg_k_read_attr(path, out->name, sizeof(out->name));
		rpmsg_k_path(path, sizeof(path), "%s/src", real);
		if (rpmsg_k_read_attr(path, val, sizeof(val)) == 0)
			rpmsg_k_parse_addr(val, &out->src);
		rpmsg_k_path(path, sizeof(path), "%s/dst", real);
		if (rpmsg_k_read_attr(path, val, sizeof(val)) == 0)
			rpmsg_k_parse_addr(val, &out->dst);
	}
	/* Up from the node: a control device it was made by, the class
	 * directory sysfs puts between a device and its class children,
	 * then the rpmsg device. */
	p = dirname(real);
	if (out->kind == RPMSG_KERNEL_NODE_EPT && leaf_is(p, "rpmsg_ctrl")) {
		rpmsg_k_copy(out->ctrl, sizeof(out->ctrl), basename(p));
		p = dirname(p);
	}
	if (!strcmp(basename(p), "rpmsg") && strlen(p) > 6)
		p[strlen(p) - 6] = '\0';
	rpmsg_k_copy(out->channel, sizeof(out->channel), basename(p));
	return 0;
}

int rpmsg_kernel_list_nodes(struct rpmsg_kernel *k,
			    struct rpmsg_kernel_node *out, size_t n)
{
	char dir[RPMSG_KERNEL_PATH_SIZE];
	struct dirent **names;
	int count, i, found = 0;

	if (!k || (n && !out))
		return -EINVAL;
	if (rpmsg_k_path(dir, sizeof(dir), "%s/class/rpmsg", k->sysfs))
		return too_long(k);
	count = list_dir(dir, &names);
	if (count == -ENOENT)
		return rpmsg_k_fail(k, -ENODEV,
				    "no rpmsg device class in %s/class: the "
				    "kernel has neither rpmsg_char nor "
				    "rpmsg_ctrl (CONFIG_RPMSG_CHAR, "
				    "CONFIG_RPMSG_CTRL; modprobe rpmsg_char "
				    "rpmsg_ctrl)", k->sysfs);
	if (count < 0)
		return rpmsg_k_fail(k, count, "cannot list %s: %s", dir,
				    strerror(-count));
	for (i = 0; i < count; i++) {
		struct rpmsg_kernel_node node;

		if (read_node(k, names[i]->d_name, &node))
			continue;
		if ((size_t)found < n)
			out[found] = node;
		found++;
	}
	free_list(names, count);
	return found;
}

int rpmsg_k_first_ctrl(struct rpmsg_kernel *k, char *path, size_t size)
{
	char dir[RPMSG_KERNEL_PATH_SIZE];
	int rc;

	if (rpmsg_k_path(dir, sizeof(dir), "%s/class/rpmsg", k->sysfs))
		return -ENAMETOOLONG;
	if (find_node(k, dir, "rpmsg_ctrl", path, size) == 0)
		return 0;
	rc = rpmsg_kernel_list_channels(k, NULL, 0);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return rpmsg_k_fail(k, -ENODEV,
				    "no rpmsg devices: no remote processor is "
				    "running, or it has not started its rpmsg "
				    "device yet (see %s/class/remoteproc)",
				    k->sysfs);
	return rpmsg_k_fail(k, -ENODEV,
			    "no rpmsg control device (%s/rpmsg_ctrlN): the "
			    "rpmsg_ctrl driver is not loaded (modprobe "
			    "rpmsg_ctrl; before Linux 5.18 it is part of "
			    "rpmsg_char)", k->dev);
}

int rpmsg_k_ctrl_path(struct rpmsg_kernel *k, const char *ctrl, char *path,
		      size_t size)
{
	if (!ctrl)
		return rpmsg_k_first_ctrl(k, path, size);
	return rpmsg_k_path(path, size, "%s", ctrl);
}
