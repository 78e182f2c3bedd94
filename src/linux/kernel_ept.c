// SPDX-License-Identifier: BSD-3-Clause
/*
 * Endpoints of the kernel's char driver (/dev/rpmsgN): made through a
 * control device or found on a channel, then one message per read or
 * write. The descriptor is always non-blocking; the blocking calls wait
 * in poll() with a deadline, so no call waits on the remote for ever.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernel_internal.h"

#define DEFAULT_TIMEOUT_MS 10000u

static void ept_setup(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
		      int fd, rpmsg_kernel_rx_cb_t cb, void *priv)
{
	memset(ept, 0, sizeof(*ept));
	ept->k = k;
	ept->fd = fd;
	ept->src = ept->dst = RPMSG_ADDR_ANY;
	ept->timeout_ms = DEFAULT_TIMEOUT_MS;
	ept->cb = cb;
	ept->priv = priv;
}

int rpmsg_kernel_open_ept(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
			  const char *node, rpmsg_kernel_rx_cb_t cb, void *priv)
{
	int fd;

	if (!k || !ept || !node)
		return -EINVAL;
	fd = open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		if (err == EBUSY)
			return rpmsg_k_fail(k, -EBUSY,
					    "%s is open elsewhere (the kernel "
					    "lets one process open an endpoint "
					    "device)", node);
		if (err == ENETRESET)
			return rpmsg_k_fail(k, -ENETRESET,
					    "the channel of %s is gone", node);
		return rpmsg_k_open_fail(k, node, err);
	}
	ept_setup(k, ept, fd, cb, priv);
	rpmsg_k_copy(ept->node, sizeof(ept->node), node);
	return 0;
}

int rpmsg_kernel_adopt_ept(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
			   int fd, uint32_t dst, rpmsg_kernel_rx_cb_t cb,
			   void *priv)
{
	int fl;

	if (fd < 0)
		return -EINVAL;
	fl = fcntl(fd, F_GETFL);
	if (!k || !ept || fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		close(fd);
		return -EINVAL;
	}
	ept_setup(k, ept, fd, cb, priv);
	ept->dst = dst;
	snprintf(ept->node, sizeof(ept->node), "fd %d", fd);
	return 0;
}

/* The endpoint node made for @info on control device @ctrl (its /dev
 * path), opened: 0, or -errno. Several of the same name and addresses
 * are possible: the newest one nobody has open is taken. */
static int open_made(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
		     const char *ctrl, const struct rpmsg_k_ept_info *info,
		     rpmsg_kernel_rx_cb_t cb, void *priv)
{
	struct rpmsg_kernel_node nodes[64];
	char ctrl_copy[RPMSG_KERNEL_PATH_SIZE];
	const char *ctrl_name;
	int n = rpmsg_kernel_list_nodes(k, nodes, 64), i, rc = -ENOENT;

	if (n < 0)
		return n;
	if (n > 64)
		n = 64;
	rpmsg_k_copy(ctrl_copy, sizeof(ctrl_copy), ctrl);
	ctrl_name = basename(ctrl_copy);
	for (i = n - 1; i >= 0 && rc; i--) {
		const struct rpmsg_kernel_node *nd = &nodes[i];

		if (nd->kind != RPMSG_KERNEL_NODE_EPT ||
		    strcmp(nd->ctrl, ctrl_name) || strcmp(nd->name, info->name) ||
		    nd->src != info->src || nd->dst != info->dst)
			continue;
		rc = rpmsg_kernel_open_ept(k, ept, nd->node, cb, priv);
		if (rc == -EBUSY)
			rc = -ENOENT; /* someone else's: try an older one */
	}
	if (rc == -ENOENT)
		return rpmsg_k_fail(k, -ENOENT,
				    "%s made endpoint %s but no device node of "
				    "it can be found in %s/class/rpmsg", ctrl,
				    info->name, k->sysfs);
	return rc;
}

/* Who on the kernel's bus has local address @src (a channel, or an
 * endpoint device), into @who: true if someone. The kernel refuses an
 * endpoint at a taken address only when its node is opened, and the
 * node it made for the ioctl stays until the channel goes: so looked at
 * before. */
static bool src_taken(struct rpmsg_kernel *k, uint32_t src, char *who,
		      size_t size)
{
	struct rpmsg_kernel_channel *ch = malloc(64 * sizeof(*ch));
	struct rpmsg_kernel_node *nd = malloc(64 * sizeof(*nd));
	int n = ch ? rpmsg_kernel_list_channels(k, ch, 64) : 0, i;

	who[0] = '\0';
	for (i = 0; i < n && i < 64 && !who[0]; i++)
		if (ch[i].src == src)
			snprintf(who, size, "channel %s", ch[i].dev_name);
	n = nd && !who[0] ? rpmsg_kernel_list_nodes(k, nd, 64) : 0;
	for (i = 0; i < n && i < 64 && !who[0]; i++)
		if (nd[i].kind == RPMSG_KERNEL_NODE_EPT && nd[i].src == src)
			snprintf(who, size, "endpoint %s", nd[i].node);
	free(ch);
	free(nd);
	return who[0] != '\0';
}

int rpmsg_kernel_create_ept(struct rpmsg_kernel *k,
			    struct rpmsg_kernel_ept *ept, const char *ctrl,
			    const char *name, uint32_t src, uint32_t dst,
			    rpmsg_kernel_rx_cb_t cb, void *priv)
{
	char who[RPMSG_KERNEL_PATH_SIZE + 16];

	struct rpmsg_k_ept_info info;
	char path[RPMSG_KERNEL_PATH_SIZE];
	int fd, rc;

	if (!k || !ept || !name || !*name)
		return -EINVAL;
	if (strlen(name) >= sizeof(info.name))
		return rpmsg_k_fail(k, -ENAMETOOLONG,
				    "endpoint name %s is longer than %zu "
				    "characters", name, sizeof(info.name) - 1);
	rc = rpmsg_k_ctrl_path(k, ctrl, path, sizeof(path));
	if (rc)
		return rc;
	if (src != RPMSG_ADDR_ANY && src_taken(k, src, who, sizeof(who)))
		return rpmsg_k_fail(k, -EBUSY,
				    "address 0x%x is taken on the kernel's "
				    "rpmsg bus (by %s): endpoint %s needs "
				    "another", (unsigned int)src, who, name);
	memset(&info, 0, sizeof(info));
	memcpy(info.name, name, strlen(name));
	info.src = src;
	info.dst = dst;
	fd = rpmsg_k_open_ctrl(k, path);
	if (fd < 0)
		return fd;
	if (ioctl(fd, RPMSG_K_CREATE_EPT_IOCTL, &info) != 0) {
		int err = errno;

		close(fd);
		if (err == ENOTTY)
			return rpmsg_k_fail(k, -ENOTTY,
					    "%s is not an rpmsg control device",
					    path);
		return rpmsg_k_fail(k, -err, "%s: cannot create endpoint %s: %s",
				    path, name, strerror(err));
	}
	close(fd);
	rc = open_made(k, ept, path, &info, cb, priv);
	/* Its open binds the address: refused when someone took it since. */
	if (rc == -EINVAL && src != RPMSG_ADDR_ANY)
		return rpmsg_k_fail(k, -EBUSY,
				    "the kernel could not bind endpoint %s at "
				    "address 0x%x (taken meanwhile?)", name,
				    (unsigned int)src);
	if (rc)
		return rc;
	ept->made = true;
	ept->src = src;
	ept->dst = dst;
	rpmsg_k_copy(ept->name, sizeof(ept->name), name);
	return 0;
}

int rpmsg_k_open_channel_dev(struct rpmsg_kernel *k,
			     struct rpmsg_kernel_ept *ept, const char *dev_name,
			     uint32_t timeout_ms, rpmsg_kernel_rx_cb_t cb,
			     void *priv)
{
	uint64_t deadline = rpmsg_k_deadline(timeout_ms);
	struct rpmsg_kernel_channel ch;
	char sub[RPMSG_KERNEL_PATH_SIZE + RPMSG_KERNEL_DEV_NAME_SIZE + 32];
	struct rpmsg_k_watch w;
	int rc;

	rc = rpmsg_kernel_bind_chrdev(k, dev_name);
	if (rc)
		return rc;
	/* The driver makes the node in its probe; a channel it binds by
	 * itself may be seen before that. */
	rpmsg_k_path(sub, sizeof(sub), "%s/bus/rpmsg/devices/%s/rpmsg", k->sysfs,
		 dev_name);
	{
		const char *dirs[3] = { sub, k->dev, NULL };

		if (rpmsg_k_watch_open(&w, dirs))
			w.uevent = w.inotify = -1;
	}
	for (;;) {
		rc = rpmsg_k_read_channel(k, dev_name, &ch);
		if (rc || (*ch.node && !strcmp(ch.driver, "rpmsg_chrdev")))
			break;
		rc = rpmsg_k_watch_wait(&w, deadline);
		if (rc <= 0) {
			rc = rc ? rc :
				  rpmsg_k_fail(k, -ETIMEDOUT,
					       "channel %s got no endpoint "
					       "device within %u ms", dev_name,
					       (unsigned int)timeout_ms);
			break;
		}
	}
	rpmsg_k_watch_close(&w);
	if (rc == -ENOENT)
		return rpmsg_k_fail(k, -EPIPE, "channel %s went away",
				    dev_name);
	if (rc)
		return rc;
	rc = rpmsg_kernel_open_ept(k, ept, ch.node, cb, priv);
	if (rc)
		return rc;
	/* The local address is the one the driver's probe bound. */
	if (rpmsg_k_read_channel(k, dev_name, &ch) == 0)
		ept->src = ch.src;
	ept->dst = ch.dst;
	ept->timeout_ms = timeout_ms;
	rpmsg_k_copy(ept->name, sizeof(ept->name), ch.name);
	return 0;
}

int rpmsg_kernel_open_channel(struct rpmsg_kernel *k,
			      struct rpmsg_kernel_ept *ept,
			      const char *service, uint32_t timeout_ms,
			      rpmsg_kernel_rx_cb_t cb, void *priv)
{
	struct rpmsg_kernel_channel ch;
	int rc;

	if (!k || !ept)
		return -EINVAL;
	rc = rpmsg_kernel_wait_channel(k, service, timeout_ms, &ch);
	if (rc)
		return rc;
	return rpmsg_k_open_channel_dev(k, ept, ch.dev_name, timeout_ms, cb,
					priv);
}

int rpmsg_kernel_destroy_ept(struct rpmsg_kernel_ept *ept)
{
	if (!ept || ept->fd < 0)
		return -EINVAL;
	/* Fails harmlessly if the kernel removed it already. */
	if (ept->made && !ept->gone)
		(void)ioctl(ept->fd, RPMSG_K_DESTROY_EPT_IOCTL);
	close(ept->fd);
	ept->fd = -1;
	ept->pending = false;
	return 0;
}

int rpmsg_kernel_set_timeout(struct rpmsg_kernel_ept *ept, uint32_t timeout_ms)
{
	if (!ept)
		return -EINVAL;
	ept->timeout_ms = timeout_ms;
	return 0;
}

int rpmsg_kernel_get_fd(const struct rpmsg_kernel_ept *ept)
{
	return ept && ept->fd >= 0 ? ept->fd : -EINVAL;
}
