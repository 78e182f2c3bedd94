// SPDX-License-Identifier: BSD-3-Clause
/*
 * The Linux kernel-client module (rpmsg_kernel.h) against directory trees
 * this test writes the way Linux 6.1 lays out sysfs: channels, their
 * drivers and nodes, control and endpoint devices, remote processors;
 * waits woken by a channel appearing; binding by driver_override; and
 * the endpoint calls on a SOCK_SEQPACKET socket standing in for an
 * endpoint device (one message per read and write, as the char driver).
 * The real kernel is exercised by the kernel tests (tests/kernel).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg_kernel.h>

#include "sysfs_tree.h"

#define VDEV "devices/virtual/virtio0"

/* One channel: its device directory under the virtio device, its link in
 * the bus, its attributes and the driver link. */
static void channel(const char *dev, const char *name, const char *src,
		    const char *dst, const char *driver)
{
	char p[400], t[400];

	mkdirs("sys/" VDEV "/%s", dev);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/name", dev);
	put(p, name);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/src", dev);
	put(p, src);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/dst", dev);
	put(p, dst);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/driver_override", dev);
	put(p, "(null)");
	if (driver) {
		snprintf(p, sizeof(p), "sys/" VDEV "/%s/driver", dev);
		snprintf(t, sizeof(t), "../../../../bus/rpmsg/drivers/%s",
			 driver);
		link_to(t, p);
	}
	snprintf(p, sizeof(p), "sys/bus/rpmsg/devices/%s", dev);
	snprintf(t, sizeof(t), "../../../" VDEV "/%s", dev);
	link_to(t, p);
}

/* An endpoint device at sys/VDEV/<dir>/<node> with its class link. */
static void eptdev(const char *dir, const char *node, const char *name,
		   const char *src, const char *dst)
{
	char p[400], t[400];

	mkdirs("sys/" VDEV "/%s/%s", dir, node);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/%s/name", dir, node);
	put(p, name);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/%s/src", dir, node);
	put(p, src);
	snprintf(p, sizeof(p), "sys/" VDEV "/%s/%s/dst", dir, node);
	put(p, dst);
	snprintf(p, sizeof(p), "sys/class/rpmsg/%s", node);
	snprintf(t, sizeof(t), "../../" VDEV "/%s/%s", dir, node);
	link_to(t, p);
	snprintf(p, sizeof(p), "dev/%s", node);
	put(p, "");
}

#define CTRL_DEV "virtio0.rpmsg_ctrl.0.0"
#define RAW_DEV "virtio0.rpmsg-raw.-1.1024"
#define TTY_DEV "virtio0.rpmsg-tty.-1.1025"
#define ECHO_DEV "virtio0.rpmsg-echo.-1.1026"

/* The tree of a kernel with a remote that announced rpmsg-raw (bound
 * to the char driver), rpmsg-tty and rpmsg-echo (unbound), its control
 * device with one endpoint made through it, and one remote processor. */
static int setup(void **state)
{
	(void)state;
	tree_new("kernel");
	mkdirs("sys/bus/rpmsg/devices");
	mkdirs("sys/bus/rpmsg/drivers/rpmsg_chrdev");
	mkdirs("sys/bus/rpmsg/drivers/rpmsg_ctrl");
	mkdirs("sys/bus/rpmsg/drivers/rpmsg_tty");
	put("sys/bus/rpmsg/drivers_probe", "");
	mkdirs("sys/class/rpmsg");
	channel(CTRL_DEV, "rpmsg_ctrl", "0x0", "0x0", "rpmsg_ctrl");
	eptdev(CTRL_DEV "/rpmsg", "rpmsg_ctrl0", "", "0", "0");
	eptdev(CTRL_DEV "/rpmsg/rpmsg_ctrl0", "rpmsg0", "app-ept", "-1",
	       "1024");
	channel(RAW_DEV, "rpmsg-raw", "0x400", "0x400", "rpmsg_chrdev");
	eptdev(RAW_DEV "/rpmsg", "rpmsg1", "rpmsg-raw", "1024", "1024");
	channel(TTY_DEV, "rpmsg-tty", "0x401", "0x401", "rpmsg_tty");
	mkdirs("sys/" VDEV "/" TTY_DEV "/tty/ttyRPMSG0");
	channel(ECHO_DEV, "rpmsg-echo", "0xffffffff", "0x402", NULL);
	mkdirs("sys/class/remoteproc/remoteproc0");
	put("sys/class/remoteproc/remoteproc0/state", "offline");
	put("sys/class/remoteproc/remoteproc0/firmware", "rproc-m4-fw");
	put("sys/class/remoteproc/remoteproc0/name", "m4");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tree_remove();
	return 0;
}

static struct rpmsg_kernel ctx;

static struct rpmsg_kernel *kctx(void)
{
	assert_int_equal(rpmsg_kernel_init(&ctx, sys_dir, dev_dir), 0);
	return &ctx;
}

static const struct rpmsg_kernel_channel *
find_ch(const struct rpmsg_kernel_channel *ch, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(ch[i].name, name))
			return &ch[i];
	fail_msg("no channel %s", name);
	return NULL;
}

static void test_list_channels(void **state)
{
	struct rpmsg_kernel_channel ch[8];
	const struct rpmsg_kernel_channel *c;
	char node[400];
	int n;

	(void)state;
	n = rpmsg_kernel_list_channels(kctx(), ch, 8);
	assert_int_equal(n, 4);
	c = find_ch(ch, n, "rpmsg-raw");
	assert_string_equal(c->dev_name, RAW_DEV);
	assert_int_equal(c->src, 0x400);
	assert_int_equal(c->dst, 0x400);
	assert_string_equal(c->driver, "rpmsg_chrdev");
	assert_string_equal(c->driver_override, "");
	snprintf(node, sizeof(node), "%s/rpmsg1", dev_dir);
	assert_string_equal(c->node, node);
	c = find_ch(ch, n, "rpmsg-tty");
	snprintf(node, sizeof(node), "%s/ttyRPMSG0", dev_dir);
	assert_string_equal(c->node, node);
	assert_string_equal(c->driver, "rpmsg_tty");
	c = find_ch(ch, n, "rpmsg_ctrl");
	snprintf(node, sizeof(node), "%s/rpmsg_ctrl0", dev_dir);
	assert_string_equal(c->node, node);
	c = find_ch(ch, n, "rpmsg-echo");
	assert_int_equal(c->src, RPMSG_ADDR_ANY);
	assert_int_equal(c->dst, 0x402);
	assert_string_equal(c->driver, "");
	assert_string_equal(c->node, "");
	/* Counted past the room given, nothing written past it. */
	memset(ch, 0x5a, sizeof(ch));
	assert_int_equal(rpmsg_kernel_list_channels(&ctx, ch, 1), 4);
	assert_int_equal(((unsigned char *)&ch[1])[0], 0x5a);
	assert_int_equal(rpmsg_kernel_list_channels(&ctx, NULL, 0), 4);
	assert_int_equal(rpmsg_kernel_list_channels(&ctx, NULL, 1), -EINVAL);
	assert_int_equal(rpmsg_kernel_list_channels(NULL, ch, 1), -EINVAL);
}

static void test_list_nodes(void **state)
{
	struct rpmsg_kernel_node nd[8];
	int n, i, seen = 0;

	(void)state;
	n = rpmsg_kernel_list_nodes(kctx(), nd, 8);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		const char *leaf = strrchr(nd[i].node, '/') + 1;

		if (!strcmp(leaf, "rpmsg0")) {
			assert_int_equal(nd[i].kind, RPMSG_KERNEL_NODE_EPT);
			assert_string_equal(nd[i].name, "app-ept");
			assert_int_equal(nd[i].src, RPMSG_ADDR_ANY);
			assert_int_equal(nd[i].dst, 1024);
			assert_string_equal(nd[i].ctrl, "rpmsg_ctrl0");
			assert_string_equal(nd[i].channel, CTRL_DEV);
			seen |= 1;
		} else if (!strcmp(leaf, "rpmsg1")) {
			assert_int_equal(nd[i].kind, RPMSG_KERNEL_NODE_EPT);
			assert_string_equal(nd[i].name, "rpmsg-raw");
			assert_int_equal(nd[i].src, 1024);
			assert_string_equal(nd[i].ctrl, "");
			assert_string_equal(nd[i].channel, RAW_DEV);
			seen |= 2;
		} else if (!strcmp(leaf, "rpmsg_ctrl0")) {
			assert_int_equal(nd[i].kind, RPMSG_KERNEL_NODE_CTRL);
			assert_string_equal(nd[i].channel, CTRL_DEV);
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
}

static void test_no_rpmsg(void **state)
{
	struct rpmsg_kernel k;
	struct rpmsg_kernel_ept ept;
	char p[400];

	(void)state;
	/* A sysfs without the rpmsg bus: the kernel option is named. */
	mkdirs("bare/sys/bus/platform");
	mkdirs("bare/dev");
	snprintf(p, sizeof(p), "%s/bare/sys", root);
	assert_int_equal(rpmsg_kernel_init(&k, p, NULL), 0);
	assert_int_equal(rpmsg_kernel_list_channels(&k, NULL, 0), -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&k), "CONFIG_RPMSG"));
	assert_int_equal(rpmsg_kernel_list_nodes(&k, NULL, 0), -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&k), "rpmsg_ctrl"));
	assert_int_equal(rpmsg_kernel_create_ept(&k, &ept, NULL, "x",
						 RPMSG_ADDR_ANY, 1024, NULL,
						 NULL),
			 -ENODEV);
	/* The bus without channels: no remote running. */
	mkdirs("bare/sys/bus/rpmsg/devices");
	assert_int_equal(rpmsg_kernel_list_channels(&k, NULL, 0), 0);
	assert_int_equal(rpmsg_kernel_create_ept(&k, &ept, NULL, "x",
						 RPMSG_ADDR_ANY, 1024, NULL,
						 NULL),
			 -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&k), "no rpmsg devices"));
	/* No sysfs at all. */
	snprintf(p, sizeof(p), "%s/nowhere", root);
	assert_int_equal(rpmsg_kernel_init(&k, p, NULL), 0);
	assert_int_equal(rpmsg_kernel_list_channels(&k, NULL, 0), -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&k), "mount"));
	assert_int_equal(rpmsg_kernel_list_rprocs(&k, NULL, 0), 0);
}

static void test_no_ctrl(void **state)
{
	struct rpmsg_kernel_ept ept;
	char p[400];

	(void)state;
	/* Channels but no control device: the driver to load is named. */
	snprintf(p, sizeof(p), "%s/sys/class/rpmsg/rpmsg_ctrl0", root);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rpmsg_kernel_create_ept(kctx(), &ept, NULL, "x",
						 RPMSG_ADDR_ANY, 1024, NULL,
						 NULL),
			 -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "modprobe rpmsg_ctrl"));
}

static void test_wait_present(void **state)
{
	struct rpmsg_kernel_channel ch;

	(void)state;
	assert_int_equal(rpmsg_kernel_wait_channel(kctx(), "rpmsg-echo", 0, &ch),
			 0);
	assert_string_equal(ch.dev_name, ECHO_DEV);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-tty", 5000, &ch),
			 0);
	assert_int_equal(ch.dst, 0x401);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "", 0, &ch), -EINVAL);
}

static void test_wait_timeout(void **state)
{
	(void)state;
	assert_int_equal(rpmsg_kernel_wait_channel(kctx(), "rpmsg-later", 0,
						   NULL),
			 -ETIMEDOUT);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-later", 30,
						   NULL),
			 -ETIMEDOUT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "rpmsg-later"));
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "within 30 ms"));
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "rpmsg-echo"));
}

/* Announces rpmsg-later: the device is made aside, then moved into the
 * bus in one rename, the way it appears at once in sysfs. */
static void *announce_later(void *arg)
{
	char from[400], to[400];

	(void)arg;
	mkdirs("stage/virtio0.rpmsg-later.-1.1030");
	put("stage/virtio0.rpmsg-later.-1.1030/name", "rpmsg-later");
	put("stage/virtio0.rpmsg-later.-1.1030/src", "0xffffffff");
	put("stage/virtio0.rpmsg-later.-1.1030/dst", "0x406");
	snprintf(from, sizeof(from), "%s/stage/virtio0.rpmsg-later.-1.1030",
		 root);
	snprintf(to, sizeof(to),
		 "%s/sys/bus/rpmsg/devices/virtio0.rpmsg-later.-1.1030", root);
	if (rename(from, to) != 0)
		abort();
	return NULL;
}

static void test_wait_woken(void **state)
{
	struct rpmsg_kernel_channel ch;
	pthread_t t;

	(void)state;
	kctx();
	assert_int_equal(pthread_create(&t, NULL, announce_later, NULL), 0);
	/* Found whether it appears before or during the wait; the bound is
	 * there only so that a broken wait fails instead of hanging. */
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-later", 10000,
						   &ch),
			 0);
	pthread_join(t, NULL);
	assert_int_equal(ch.dst, 0x406);
}

static void test_bind_chrdev(void **state)
{
	char v[128];

	(void)state;
	/* Unbound: reserved for the char driver, then probed. */
	assert_int_equal(rpmsg_kernel_bind_chrdev(kctx(), ECHO_DEV), 0);
	get("sys/" VDEV "/" ECHO_DEV "/driver_override", v, sizeof(v));
	assert_string_equal(v, "rpmsg_chrdev");
	get("sys/bus/rpmsg/drivers_probe", v, sizeof(v));
	assert_string_equal(v, ECHO_DEV);
	/* Bound to it already: nothing written. */
	put("sys/bus/rpmsg/drivers_probe", "");
	assert_int_equal(rpmsg_kernel_bind_chrdev(&ctx, RAW_DEV), 0);
	get("sys/bus/rpmsg/drivers_probe", v, sizeof(v));
	assert_string_equal(v, "");
	/* Another driver's: refused, with the way to unbind it. */
	assert_int_equal(rpmsg_kernel_bind_chrdev(&ctx, TTY_DEV), -EBUSY);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "rpmsg_tty/unbind"));
	assert_int_equal(rpmsg_kernel_bind_chrdev(&ctx, "virtio0.none.1.2"),
			 -ENOENT);
	assert_int_equal(rpmsg_kernel_bind_chrdev(&ctx, "../x"), -EINVAL);
	/* No char driver in the kernel. */
	get("sys/bus/rpmsg/drivers_probe", v, sizeof(v));
	mkdirs("gone");
	{
		char a[400], b[400];

		snprintf(a, sizeof(a), "%s/sys/bus/rpmsg/drivers/rpmsg_chrdev",
			 root);
		snprintf(b, sizeof(b), "%s/gone/rpmsg_chrdev", root);
		assert_int_equal(rename(a, b), 0);
	}
	put("sys/" VDEV "/" ECHO_DEV "/driver_override", "(null)");
	assert_int_equal(rpmsg_kernel_bind_chrdev(&ctx, ECHO_DEV), -ENOTSUP);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "modprobe rpmsg_char"));
}

static void test_open_channel(void **state)
{
	struct rpmsg_kernel_ept ept;
	char node[400];

	(void)state;
	/* Bound with its node: opened, the channel's addresses taken. */
	assert_int_equal(rpmsg_kernel_open_channel(kctx(), &ept, "rpmsg-raw",
						   1000, NULL, NULL),
			 0);
	snprintf(node, sizeof(node), "%s/rpmsg1", dev_dir);
	assert_string_equal(ept.node, node);
	assert_int_equal(ept.src, 0x400);
	assert_int_equal(ept.dst, 0x400);
	assert_true(rpmsg_kernel_get_fd(&ept) >= 0);
	assert_int_equal(rpmsg_kernel_destroy_ept(&ept), 0);
	assert_int_equal(rpmsg_kernel_destroy_ept(&ept), -EINVAL);
	/* Bound to a probe that (here) makes no node: bounded wait. */
	assert_int_equal(rpmsg_kernel_open_channel(&ctx, &ept, "rpmsg-echo",
						   30, NULL, NULL),
			 -ETIMEDOUT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "no endpoint device"));
	assert_int_equal(rpmsg_kernel_open_channel(&ctx, &ept, "rpmsg-none",
						   0, NULL, NULL),
			 -ETIMEDOUT);
}

static void test_not_a_ctrl(void **state)
{
	struct rpmsg_kernel_ept ept;
	char ctrl[400];

	(void)state;
	/* /dev/rpmsg_ctrl0 here is a plain file: the ioctls are refused. */
	snprintf(ctrl, sizeof(ctrl), "%s/rpmsg_ctrl0", dev_dir);
	assert_int_equal(rpmsg_kernel_create_ept(kctx(), &ept, NULL, "x",
						 RPMSG_ADDR_ANY, 1024, NULL,
						 NULL),
			 -ENOTTY);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "not an rpmsg control"));
	assert_int_equal(rpmsg_kernel_create_channel(&ctx, ctrl, "rpmsg-raw",
						     0x500, RPMSG_ADDR_ANY),
			 -ENOTSUP);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "5.18"));
	assert_int_equal(rpmsg_kernel_create_ept(&ctx, &ept, NULL,
						 "a-name-longer-than-31-characters",
						 RPMSG_ADDR_ANY, 1024, NULL,
						 NULL),
			 -ENAMETOOLONG);
}

/* An endpoint at a fixed address another endpoint of the kernel's bus
 * has: refused before the ioctl (whose node would stay), with who has
 * it; a free one goes on to the ioctl. */
static void test_src_taken(void **state)
{
	struct rpmsg_kernel_ept ept;
	char p[400];

	(void)state;
	assert_int_equal(rpmsg_kernel_create_ept(kctx(), &ept, NULL, "x", 0x401,
						 RPMSG_ADDR_ANY, NULL, NULL),
			 -EBUSY);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "0x401 is taken"));
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), TTY_DEV));
	/* An endpoint device's address (rpmsg1's channel is not listed). */
	snprintf(p, sizeof(p), "%s/sys/bus/rpmsg/devices/" RAW_DEV, root);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rpmsg_kernel_create_ept(&ctx, &ept, NULL, "x", 1024,
						 RPMSG_ADDR_ANY, NULL, NULL),
			 -EBUSY);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "endpoint"));
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "/rpmsg1"));
	assert_int_equal(rpmsg_kernel_create_ept(&ctx, &ept, NULL, "x", 0x999,
						 RPMSG_ADDR_ANY, NULL, NULL),
			 -ENOTTY);
}

/* What a call made as another user gave: its return and sentence. */
struct as_user {
	int rc;
	char error[RPMSG_KERNEL_ERROR_SIZE];
};

/* Runs @fn in a child process as user and group 65534 (nobody) when
 * this test runs as root, here otherwise (root opens any node). */
static void as_nobody(void (*fn)(struct as_user *), struct as_user *out)
{
	struct as_user *shared;
	pid_t pid;
	int status;

	if (geteuid() != 0) {
		fn(out);
		return;
	}
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(shared != MAP_FAILED);
	memset(shared, 0, sizeof(*shared));
	shared->rc = 1;
	assert_int_equal(chmod(root, 0755), 0); /* mkdtemp's 0700 */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
		fn(shared);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*out = *shared;
	munmap(shared, sizeof(*shared));
}

static void open_node_cb(struct as_user *r)
{
	struct rpmsg_kernel_ept ept;
	char node[400];

	snprintf(node, sizeof(node), "%s/rpmsg1", dev_dir);
	r->rc = rpmsg_kernel_open_ept(kctx(), &ept, node, NULL, NULL);
	snprintf(r->error, sizeof(r->error), "%s", rpmsg_kernel_error(&ctx));
}

static void create_channel_cb(struct as_user *r)
{
	r->rc = rpmsg_kernel_create_channel(kctx(), NULL, "app-ctl", 0x500,
					    RPMSG_ADDR_ANY);
	snprintf(r->error, sizeof(r->error), "%s", rpmsg_kernel_error(&ctx));
}

/* A node the user may not open (as the kernel's are: root's, mode
 * 600): -EACCES, and a sentence with the node, its owner, group and mode
 * and what to do; for an endpoint device and for the control device a
 * channel is made on. */
static void test_permission(void **state)
{
	struct as_user r;
	char node[400];

	(void)state;
	snprintf(node, sizeof(node), "%s/rpmsg1", dev_dir);
	assert_int_equal(chmod(node, geteuid() == 0 ? 0600 : 0), 0);
	as_nobody(open_node_cb, &r);
	assert_int_equal(r.rc, -EACCES);
	assert_non_null(strstr(r.error, "permission denied"));
	assert_non_null(strstr(r.error, node));
	assert_non_null(strstr(r.error, "group"));
	if (geteuid() == 0) {
		assert_non_null(strstr(r.error, "owner root"));
		assert_non_null(strstr(r.error, "mode 600"));
		/* Root's node: no group to join, but a udev rule to write. */
		assert_non_null(strstr(r.error, "run as root, or give the node "
						"to a group of yours"));
		assert_null(strstr(r.error, "member of group root"));
	}
	/* A node of a group (a udev rule's): joining it is the advice. */
	if (geteuid() == 0) {
		assert_int_equal(chown(node, 0, 12345), 0);
		assert_int_equal(chmod(node, 0660), 0);
		as_nobody(open_node_cb, &r);
		assert_int_equal(r.rc, -EACCES);
		assert_non_null(strstr(r.error, "mode 660"));
		assert_non_null(strstr(r.error, "member of group 12345"));
	}
	snprintf(node, sizeof(node), "%s/rpmsg_ctrl0", dev_dir);
	assert_int_equal(chmod(node, geteuid() == 0 ? 0600 : 0), 0);
	as_nobody(create_channel_cb, &r);
	assert_int_equal(r.rc, -EACCES);
	assert_non_null(strstr(r.error, node));
	assert_non_null(strstr(r.error, "udev rule"));
}

/* Channels made and released through the control device: a release
 * that matches no channel (name, or an address, or another virtio
 * device's) is -ENOENT and a create of one there -EEXIST, both before
 * any ioctl; what matches goes on to the kernel (here a plain file, so
 * the ioctl says this is no kernel that can). */
static void test_channel_ctl(void **state)
{
	char ctrl[400];

	(void)state;
	snprintf(ctrl, sizeof(ctrl), "%s/rpmsg_ctrl0", dev_dir);
	channel("virtio1.rpmsg-other.-1.1040", "rpmsg-other", "0x410", "0x410",
		NULL);
	assert_int_equal(rpmsg_kernel_release_channel(kctx(), NULL, "app-ctl",
						      0x500, RPMSG_ADDR_ANY),
			 -ENOENT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "no channel app-ctl"));
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "src 0x500"));
	assert_int_equal(rpmsg_kernel_release_channel(&ctx, ctrl, "rpmsg-raw",
						      0x401, RPMSG_ADDR_ANY),
			 -ENOENT);
	assert_int_equal(rpmsg_kernel_release_channel(&ctx, ctrl, "rpmsg-other",
						      RPMSG_ADDR_ANY,
						      RPMSG_ADDR_ANY),
			 -ENOENT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "of virtio0"));
	assert_int_equal(rpmsg_kernel_create_channel(&ctx, ctrl, "rpmsg-echo",
						     RPMSG_ADDR_ANY, 0x402),
			 -EEXIST);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), ECHO_DEV));
	assert_int_equal(rpmsg_kernel_release_channel(&ctx, ctrl, "rpmsg-raw",
						      0x400, RPMSG_ADDR_ANY),
			 -ENOTSUP);
	assert_int_equal(rpmsg_kernel_create_channel(&ctx, ctrl, "rpmsg-other",
						     0x411, RPMSG_ADDR_ANY),
			 -ENOTSUP);
	assert_int_equal(rpmsg_kernel_create_channel(&ctx, ctrl, "",
						     0x411, RPMSG_ADDR_ANY),
			 -EINVAL);
}

static void test_rproc(void **state)
{
	struct rpmsg_kernel_rproc r[2];
	char v[64];

	(void)state;
	assert_int_equal(rpmsg_kernel_list_rprocs(kctx(), r, 2), 1);
	assert_string_equal(r[0].name, "remoteproc0");
	assert_string_equal(r[0].label, "m4");
	assert_string_equal(r[0].state, "offline");
	assert_string_equal(r[0].firmware, "rproc-m4-fw");
	assert_int_equal(rpmsg_kernel_set_rproc(&ctx, "remoteproc0", "new-fw",
						"start"),
			 0);
	get("sys/class/remoteproc/remoteproc0/firmware", v, sizeof(v));
	assert_string_equal(v, "new-fw");
	get("sys/class/remoteproc/remoteproc0/state", v, sizeof(v));
	assert_string_equal(v, "start");
	assert_int_equal(rpmsg_kernel_set_rproc(&ctx, "remoteproc9", NULL,
						"stop"),
			 -ENOENT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "remoteproc9"));
	assert_int_equal(rpmsg_kernel_set_rproc(&ctx, "remoteproc0", NULL,
						NULL),
			 -EINVAL);
	assert_int_equal(rpmsg_kernel_set_rproc(&ctx, "../x", NULL, "stop"),
			 -EINVAL);
}

/* --- odd trees ----------------------------------------------------------- */

/* ROOT/<file> holds exactly @len bytes of @data (no newline added). */
static void put_raw(const char *file, const void *data, size_t len)
{
	char p[800];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, file);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void rm(const char *file)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/%s", root, file);
	assert_int_equal(unlink(p), 0);
}

static const struct rpmsg_kernel_channel *
by_dev(const struct rpmsg_kernel_channel *ch, int n, const char *dev)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(ch[i].dev_name, dev))
			return &ch[i];
	return NULL;
}

/* Attributes missing: a channel without a name is none (skipped), one
 * without addresses has none (any), one without driver_override or a
 * driver link has neither; a bus entry that is not a directory, or a
 * link to nowhere, is skipped. The others are listed as before. */
static void test_odd_missing(void **state)
{
	struct rpmsg_kernel_channel ch[8];
	const struct rpmsg_kernel_channel *c;
	char p[800];
	int n;

	(void)state;
	rm("sys/" VDEV "/" ECHO_DEV "/src");
	rm("sys/" VDEV "/" ECHO_DEV "/dst");
	rm("sys/" VDEV "/" ECHO_DEV "/driver_override");
	rm("sys/" VDEV "/" TTY_DEV "/name");
	put("sys/bus/rpmsg/devices/stray-file", "x");
	link_to("../../../nowhere", "sys/bus/rpmsg/devices/virtio0.dangling.-1.9");
	n = rpmsg_kernel_list_channels(kctx(), ch, 8);
	assert_int_equal(n, 3);
	assert_null(by_dev(ch, n, TTY_DEV));
	assert_null(by_dev(ch, n, "stray-file"));
	c = by_dev(ch, n, ECHO_DEV);
	assert_non_null(c);
	assert_string_equal(c->name, "rpmsg-echo");
	assert_int_equal(c->src, RPMSG_ADDR_ANY);
	assert_int_equal(c->dst, RPMSG_ADDR_ANY);
	assert_string_equal(c->driver_override, "");
	assert_string_equal(c->driver, "");
	c = by_dev(ch, n, RAW_DEV);
	assert_non_null(c);
	assert_int_equal(c->dst, 0x400);
	/* Waiting for the nameless one's service finds nothing. */
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-tty", 0, NULL),
			 -ETIMEDOUT);
	/* An endpoint device without attributes: listed, nothing known. */
	rm("sys/" VDEV "/" RAW_DEV "/rpmsg/rpmsg1/name");
	rm("sys/" VDEV "/" RAW_DEV "/rpmsg/rpmsg1/src");
	{
		struct rpmsg_kernel_node nd[8];
		int i, m = rpmsg_kernel_list_nodes(&ctx, nd, 8), seen = 0;

		assert_int_equal(m, 3);
		for (i = 0; i < m; i++)
			if (strstr(nd[i].node, "/rpmsg1")) {
				assert_string_equal(nd[i].name, "");
				assert_int_equal(nd[i].src, RPMSG_ADDR_ANY);
				assert_int_equal(nd[i].dst, 1024);
				assert_string_equal(nd[i].channel, RAW_DEV);
				seen++;
			}
		assert_int_equal(seen, 1);
	}
	/* A class link to nowhere is skipped. */
	link_to("../../nowhere", "sys/class/rpmsg/rpmsg7");
	assert_int_equal(rpmsg_kernel_list_nodes(&ctx, NULL, 0), 3);
	/* No class directory although the bus is there. */
	snprintf(p, sizeof(p), "rm -rf '%s/sys/class/rpmsg'", root);
	assert_int_equal(system(p), 0);
	assert_int_equal(rpmsg_kernel_list_nodes(&ctx, NULL, 0), -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "CONFIG_RPMSG_CHAR"));
	/* The bus's devices directory a file. */
	snprintf(p, sizeof(p), "rm -rf '%s/sys/bus/rpmsg/devices'", root);
	assert_int_equal(system(p), 0);
	put("sys/bus/rpmsg/devices", "");
	assert_int_equal(rpmsg_kernel_list_channels(&ctx, NULL, 0), -ENODEV);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "CONFIG_RPMSG"));
}

/* Unexpected content: an address that is no number, out of range,
 * negative, with text after it, empty; attributes without a newline,
 * with several, with a NUL; driver_override empty. */
static void test_odd_content(void **state)
{
	static const struct {
		const char *text;
		uint32_t want;
	} addrs[] = {
		{ "0x402", 0x402 },	  { "1026", 1026 },
		{ "-1", RPMSG_ADDR_ANY }, { "0xffffffff", RPMSG_ADDR_ANY },
		{ "4294967296", RPMSG_ADDR_ANY }, /* 2^32: none */
		{ "-2147483649", RPMSG_ADDR_ANY },
		{ "0x", RPMSG_ADDR_ANY }, { "", RPMSG_ADDR_ANY },
		{ "12abc", RPMSG_ADDR_ANY }, { "1024 1025", RPMSG_ADDR_ANY },
		{ "garbage", RPMSG_ADDR_ANY }, { "99999999999999999999", RPMSG_ADDR_ANY },
		{ "-2", 0xfffffffeu },
	};
	struct rpmsg_kernel_channel c;
	size_t i;

	(void)state;
	kctx();
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		put("sys/" VDEV "/" ECHO_DEV "/dst", addrs[i].text);
		assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-echo",
							   0, &c),
				 0);
		if (c.dst != addrs[i].want)
			fail_msg("dst '%s' read as 0x%x, not 0x%x",
				 addrs[i].text, (unsigned int)c.dst,
				 (unsigned int)addrs[i].want);
	}
	/* No newline, several, a NUL after the value: the value. */
	put_raw("sys/" VDEV "/" ECHO_DEV "/name", "rpmsg-echo", 10);
	put_raw("sys/" VDEV "/" ECHO_DEV "/src", "0x500\n\n", 7);
	put_raw("sys/" VDEV "/" ECHO_DEV "/dst", "0x403\0", 6);
	put_raw("sys/" VDEV "/" ECHO_DEV "/driver_override", "\n", 1);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-echo", 0, &c),
			 0);
	assert_int_equal(c.src, 0x500);
	assert_int_equal(c.dst, 0x403);
	assert_string_equal(c.driver_override, "");
	/* An empty name is no service anybody waits for. */
	put_raw("sys/" VDEV "/" ECHO_DEV "/name", "", 0);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-echo", 0, NULL),
			 -ETIMEDOUT);
	/* Entries in a node directory that are not nodes: ignored. */
	mkdirs("sys/" VDEV "/" ECHO_DEV "/rpmsg/rpmsgx");
	mkdirs("sys/" VDEV "/" ECHO_DEV "/rpmsg/rpmsg_ctrl");
	put("sys/" VDEV "/" ECHO_DEV "/name", "rpmsg-echo");
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-echo", 0, &c),
			 0);
	assert_string_equal(c.node, "");
	/* Nor in the class directory. */
	mkdirs("sys/class/rpmsg/rpmsgx");
	mkdirs("sys/class/rpmsg/rpmsg_ctrl");
	mkdirs("sys/class/rpmsg/other0");
	assert_int_equal(rpmsg_kernel_list_nodes(&ctx, NULL, 0), 3);
}

/* Names longer than the fields: a channel whose name is longer than an
 * rpmsg name (31) or whose device name is longer than its field is
 * skipped, never listed cut; an endpoint name too long is left empty;
 * an attribute longer than any of the kernel's is refused whole; a
 * remote processor's label too long is left empty, its firmware (up to
 * 255 bytes) kept whole. A sysfs root so long that the paths below it
 * do not fit fails with -ENAMETOOLONG. */
static void test_odd_long(void **state)
{
	struct rpmsg_kernel_channel ch[8];
	struct rpmsg_kernel_rproc r;
	char longname[600], dev[200], p[900];
	int n;

	(void)state;
	memset(longname, 'n', sizeof(longname));
	longname[RPMSG_NAME_SIZE] = '\0'; /* 32 characters: one too many */
	put("sys/" VDEV "/" ECHO_DEV "/name", longname);
	longname[RPMSG_NAME_SIZE - 1] = '\0'; /* 31: fits */
	put("sys/" VDEV "/" TTY_DEV "/name", longname);
	memset(dev, 'd', sizeof(dev));
	dev[RPMSG_KERNEL_DEV_NAME_SIZE] = '\0';
	channel(dev, "rpmsg-long-dev", "0x410", "0x410", NULL);
	n = rpmsg_kernel_list_channels(kctx(), ch, 8);
	assert_int_equal(n, 3);
	assert_null(by_dev(ch, n, ECHO_DEV));
	assert_non_null(by_dev(ch, n, TTY_DEV));
	assert_string_equal(by_dev(ch, n, TTY_DEV)->name, longname);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-long-dev", 0,
						   NULL),
			 -ETIMEDOUT);
	/* One character less: fits, listed whole. */
	dev[RPMSG_KERNEL_DEV_NAME_SIZE - 1] = '\0';
	channel(dev, "rpmsg-dev-fits", "0x411", "0x411", NULL);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-dev-fits", 0,
						   ch),
			 0);
	assert_string_equal(ch[0].dev_name, dev);
	/* An address attribute of 300 digits: none. */
	memset(longname, '1', 300);
	longname[300] = '\0';
	put("sys/" VDEV "/" RAW_DEV "/dst", longname);
	assert_int_equal(rpmsg_kernel_wait_channel(&ctx, "rpmsg-raw", 0, ch), 0);
	assert_int_equal(ch[0].dst, RPMSG_ADDR_ANY);
	/* An endpoint device's name too long: left empty, still listed. */
	memset(longname, 'e', 40);
	longname[40] = '\0';
	put("sys/" VDEV "/" RAW_DEV "/rpmsg/rpmsg1/name", longname);
	{
		struct rpmsg_kernel_node nd[8];
		int i, m = rpmsg_kernel_list_nodes(&ctx, nd, 8);

		assert_int_equal(m, 3);
		for (i = 0; i < m; i++)
			if (strstr(nd[i].node, "/rpmsg1"))
				assert_string_equal(nd[i].name, "");
	}
	/* Remote processors. */
	memset(longname, 'l', 40);
	longname[40] = '\0';
	put("sys/class/remoteproc/remoteproc0/name", longname);
	memset(longname, 'f', RPMSG_KERNEL_PATH_SIZE - 1);
	longname[RPMSG_KERNEL_PATH_SIZE - 1] = '\0';
	put("sys/class/remoteproc/remoteproc0/firmware", longname);
	assert_int_equal(rpmsg_kernel_list_rprocs(&ctx, &r, 1), 1);
	assert_string_equal(r.label, "");
	assert_string_equal(r.firmware, longname);
	assert_string_equal(r.state, "offline");
	/* Without a state it is no remote processor to manage. */
	mkdirs("sys/class/remoteproc/remoteproc1");
	put("sys/class/remoteproc/remoteproc1/firmware", "x.elf");
	assert_int_equal(rpmsg_kernel_list_rprocs(&ctx, NULL, 0), 1);
	/* A root whose paths do not fit. */
	memset(longname, 'r', sizeof(longname));
	snprintf(p, sizeof(p), "%s/", root);
	memcpy(longname, p, strlen(p));
	longname[RPMSG_KERNEL_PATH_SIZE - 10] = '\0';
	assert_int_equal(rpmsg_kernel_init(&ctx, longname, dev_dir), 0);
	assert_int_equal(rpmsg_kernel_list_channels(&ctx, NULL, 0),
			 -ENAMETOOLONG);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "too long"));
	assert_int_equal(rpmsg_kernel_list_nodes(&ctx, NULL, 0), -ENAMETOOLONG);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "too long"));
	longname[RPMSG_KERNEL_PATH_SIZE - 10] = 'r';
	longname[RPMSG_KERNEL_PATH_SIZE] = '\0';
	assert_int_equal(rpmsg_kernel_init(&ctx, longname, NULL),
			 -ENAMETOOLONG);
}

/* --- endpoints on a socket ----------------------------------------------- */

static int peer = -1;
static struct rpmsg_kernel_ept sept, sept2;

static int ept_setup(void **state)
{
	int sv[2];

	(void)state;
	assert_int_equal(rpmsg_kernel_init(&ctx, "/nonexistent", NULL), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	peer = sv[1];
	assert_int_equal(rpmsg_kernel_adopt_ept(&ctx, &sept, sv[0], 0x400,
						NULL, NULL),
			 0);
	return 0;
}

static int ept_teardown(void **state)
{
	(void)state;
	if (sept.fd >= 0)
		rpmsg_kernel_destroy_ept(&sept);
	if (peer >= 0)
		close(peer);
	peer = -1;
	return 0;
}

static bool peer_has_data(void)
{
	struct pollfd p = { .fd = peer, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void test_send_sizes(void **state)
{
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD + 1], got[600];
	size_t len;

	(void)state;
	for (len = 1; len <= RPMSG_KERNEL_MAX_PAYLOAD; len += 55) {
		memset(buf, (int)len, len);
		assert_int_equal(rpmsg_kernel_send(&sept, buf, len), 0);
		assert_int_equal(read(peer, got, sizeof(got)), (ssize_t)len);
		assert_memory_equal(got, buf, len);
	}
	assert_int_equal(rpmsg_kernel_send(&sept, buf, RPMSG_KERNEL_MAX_PAYLOAD),
			 0);
	assert_int_equal(read(peer, got, sizeof(got)), RPMSG_KERNEL_MAX_PAYLOAD);
	/* One byte more: refused whole, nothing sent. */
	assert_int_equal(rpmsg_kernel_send(&sept, buf, sizeof(buf)), -EMSGSIZE);
	assert_int_equal(rpmsg_kernel_trysend(&sept, buf, sizeof(buf)),
			 -EMSGSIZE);
	assert_false(peer_has_data());
	/* The one destination only. */
	assert_int_equal(rpmsg_kernel_sendto(&sept, buf, 1, 0x400), 0);
	assert_int_equal(read(peer, got, sizeof(got)), 1);
	assert_int_equal(rpmsg_kernel_sendto(&sept, buf, 1, 0x401),
			 -EOPNOTSUPP);
	assert_int_equal(rpmsg_kernel_send(&sept, NULL, 1), -EINVAL);
}

static void test_send_full(void **state)
{
	unsigned char buf[RPMSG_KERNEL_MAX_PAYLOAD] = { 0 };
	int rc, sent = 0;

	(void)state;
	/* Fill the socket until it takes no more. */
	while ((rc = rpmsg_kernel_trysend(&sept, buf, sizeof(buf))) == 0)
		assert_true(++sent < 100000);
	assert_int_equal(rc, -EAGAIN);
	assert_int_equal(rpmsg_kernel_send_timeout(&sept, buf, sizeof(buf), 20),
			 -ETIMEDOUT);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "no room"));
}

static void test_recv(void **state)
{
	unsigned char msg[100], got[RPMSG_KERNEL_MAX_PAYLOAD];
	int i;

	(void)state;
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 0), -EAGAIN);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 20),
			 -ETIMEDOUT);
	for (i = 0; i < 100; i++)
		msg[i] = (unsigned char)(i * 3);
	assert_int_equal(write(peer, msg, sizeof(msg)), (ssize_t)sizeof(msg));
	/* Too small a buffer: the message is kept, not cut. */
	assert_int_equal(rpmsg_kernel_recv(&sept, got, 10, 0), -EMSGSIZE);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 0), 100);
	assert_memory_equal(got, msg, 100);
	/* An empty message is a message. */
	assert_int_equal(write(peer, msg, 0), 0);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 1000), 0);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 0), -EAGAIN);
}

struct seen {
	int count;
	size_t lens[8];
	int stop_at;
};

static int record_cb(struct rpmsg_kernel_ept *ept, void *data, size_t len,
		     void *priv)
{
	struct seen *s = priv;

	(void)ept;
	assert_true(len == 0 || ((unsigned char *)data)[0] == (unsigned char)len);
	if (s->count < 8)
		s->lens[s->count] = len;
	s->count++;
	return s->count == s->stop_at ? -ECANCELED : 0;
}

static void peer_send(size_t len)
{
	unsigned char b[RPMSG_KERNEL_MAX_PAYLOAD];

	memset(b, (int)len, len);
	assert_int_equal(write(peer, b, len), (ssize_t)len);
}

static void test_dispatch(void **state)
{
	struct seen s = { 0 };

	(void)state;
	sept.cb = NULL;
	assert_int_equal(rpmsg_kernel_dispatch(&sept), -EINVAL);
	sept.cb = record_cb;
	sept.priv = &s;
	assert_int_equal(rpmsg_kernel_dispatch(&sept), 0);
	peer_send(3);
	peer_send(1);
	peer_send(200);
	assert_int_equal(rpmsg_kernel_dispatch(&sept), 3);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.lens[0], 3);
	assert_int_equal(s.lens[1], 1);
	assert_int_equal(s.lens[2], 200);
}

static void test_poll(void **state)
{
	struct rpmsg_kernel_ept *both[2] = { &sept, &sept2 };
	struct seen s1 = { 0 }, s2 = { 0 };
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	assert_int_equal(rpmsg_kernel_adopt_ept(&ctx, &sept2, sv[0], 0x401,
						record_cb, &s2),
			 0);
	sept.cb = record_cb;
	sept.priv = &s1;
	assert_int_equal(rpmsg_kernel_poll(both, 2, 0), -ETIMEDOUT);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 20), -ETIMEDOUT);
	assert_int_equal(write(sv[1], "\x02\x02", 2), 2);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 5000), 1);
	assert_int_equal(s2.count, 1);
	assert_int_equal(s1.count, 0);
	/* A callback's error ends the loop and is returned. */
	s1.stop_at = 2;
	peer_send(4);
	peer_send(5);
	peer_send(6);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 5000), -ECANCELED);
	assert_int_equal(s1.count, 2);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 5000), 1);
	assert_int_equal(s1.count, 3);
	/* One side gone: -EPIPE, and it stays so. */
	close(sv[1]);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 5000), -EPIPE);
	assert_int_equal(rpmsg_kernel_send(&sept2, "x", 1), -EPIPE);
	assert_int_equal(rpmsg_kernel_poll(both, 1, 0), -ETIMEDOUT);
	assert_int_equal(rpmsg_kernel_poll(both, 0, 0), -EINVAL);
	rpmsg_kernel_destroy_ept(&sept2);
	assert_int_equal(rpmsg_kernel_poll(both, 2, 0), -EINVAL);
}

static void test_peer_gone(void **state)
{
	unsigned char got[RPMSG_KERNEL_MAX_PAYLOAD];

	(void)state;
	peer_send(7);
	close(peer);
	peer = -1;
	/* What arrived before is still delivered, then the loss. */
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 1000), 7);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 1000),
			 -EPIPE);
	assert_non_null(strstr(rpmsg_kernel_error(&ctx), "gone"));
	assert_int_equal(rpmsg_kernel_send(&sept, got, 1), -EPIPE);
	assert_int_equal(rpmsg_kernel_recv(&sept, got, sizeof(got), 0), -EPIPE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_channels, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_nodes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_rpmsg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_ctrl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_present, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wait_timeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wait_woken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_chrdev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_channel, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_a_ctrl, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_src_taken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_permission, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_channel_ctl, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rproc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_missing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_odd_content, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_odd_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_sizes, ept_setup,
						ept_teardown),
		cmocka_unit_test_setup_teardown(test_send_full, ept_setup,
						ept_teardown),
		cmocka_unit_test_setup_teardown(test_recv, ept_setup,
						ept_teardown),
		cmocka_unit_test_setup_teardown(test_dispatch, ept_setup,
						ept_teardown),
		cmocka_unit_test_setup_teardown(test_poll, ept_setup,
						ept_teardown),
		cmocka_unit_test_setup_teardown(test_peer_gone, ept_setup,
						ept_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
