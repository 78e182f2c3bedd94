// SPDX-License-Identifier: BSD-3-Clause
/*
 * The link a command runs over: the shared-memory carveout (by name), or
 * vhost-user (--vhost-user PATH: the remote is a backend a VMM or our
 * host connects to, the host a frontend).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg_link.h>

#include "ctl.h"
#include "tool.h"

const char *tool_vhost_user;
uint32_t tool_peer;
struct rpmsg_access tool_access;

/* Create the link of @role over the transport the options chose. */
static int link_create(struct tool_link *l, enum rpmsg_virtio_role role,
		       const char *name, uint32_t timeout_ms)
{
	struct rpmsg_link_desc d = {
		.transport = tool_vhost_user ? RPMSG_LINK_VHOST_USER
					     : RPMSG_LINK_SHM,
		.role = role,
		.name = tool_vhost_user ? tool_vhost_user : name,
		.peer = tool_peer,
		.connect_timeout_ms = timeout_ms,
		.access = tool_access,
	};
	int rc;

	memset(l, 0, sizeof(*l));
	rc = rpmsg_link_create(&l->link, &d);
	if (!rc)
		ctl_set_dev(tool_link_bus(l));
	return rc;
}

int tool_remote_create(struct tool_link *l, const char *name)
{
	return link_create(l, RPMSG_VIRTIO_REMOTE, name, 0);
}

int tool_host_create(struct tool_link *l, const char *name,
		     uint32_t timeout_ms)
{
	return link_create(l, RPMSG_VIRTIO_HOST, name, timeout_ms);
}

struct rpmsg_device *tool_link_bus(struct tool_link *l)
{
	return rpmsg_link_bus(l->link);
}

int tool_link_start(struct tool_link *l, uint32_t timeout_ms)
{
	return rpmsg_link_start(l->link, timeout_ms);
}

bool tool_link_gone(struct tool_link *l)
{
	return rpmsg_link_peer_gone(l->link);
}

int tool_link_wait_gone(struct tool_link *l, uint32_t timeout_ms)
{
	return rpmsg_link_wait_peer_gone(l->link, timeout_ms);
}

const char *tool_error(struct rpmsg_device *dev, int rc)
{
	static _Thread_local char msg[256];
	const char *why = dev ? rpmsg_device_why(dev) : NULL;

	if (!why)
		return strerror(-rc);
	snprintf(msg, sizeof(msg), "%s: %s", strerror(-rc), why);
	return msg;
}

int tool_start_outcome(const char *cmd, struct tool_link *l, int rc)
{
	if (!rc)
		return 0;
	if (rc == -ETIMEDOUT) {
		fprintf(stderr, "rpmsg %s: no host came up\n", cmd);
		return -1;
	}
	/* Whatever a host does to its own start-up, the next one is
	 * served: one that dies or cheats must not stop the server. */
	fprintf(stderr, "rpmsg %s: a host broke off its start-up (%s); "
		"waiting for the next\n", cmd, tool_error(tool_link_bus(l), rc));
	return 1;
}

void link_destroy(struct tool_link *l)
{
	ctl_set_dev(NULL);
	rpmsg_link_destroy(l->link);
	memset(l, 0, sizeof(*l));
}
