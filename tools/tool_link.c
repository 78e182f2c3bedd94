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

#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_vhost_user.h>

#include "ctl.h"
#include "tool.h"

const char *tool_vhost_user;
uint32_t tool_peer;
struct rpmsg_access tool_access;

int tool_remote_create(struct tool_link *l, const char *name)
{
	struct rpmsg_vhost_user_config vcfg = { .path = tool_vhost_user,
						.peer = tool_peer,
						.access = tool_access };
	struct rpmsg_shm_config cfg = { .name = name,
					.peer = tool_peer,
					.access = tool_access };
	int rc;

	memset(l, 0, sizeof(*l));
	if (tool_vhost_user)
		rc = rpmsg_vhost_user_backend_create(&l->vu, &vcfg);
	else
		rc = rpmsg_shm_remote_create(&l->shm, &cfg);
	if (!rc)
		ctl_set_dev(tool_link_bus(l));
	return rc;
}

int tool_host_create(struct tool_link *l, const char *name,
		     uint32_t timeout_ms)
{
	struct rpmsg_vhost_user_config vcfg = { .path = tool_vhost_user,
						.peer = tool_peer,
						.access = tool_access };
	struct rpmsg_shm_config cfg = { .name = name,
					.peer = tool_peer,
					.timeout_ms = timeout_ms,
					.access = tool_access };
	int rc;

	memset(l, 0, sizeof(*l));
	if (tool_vhost_user)
		rc = rpmsg_vhost_user_frontend_create(&l->vu, &vcfg);
	else
		rc = rpmsg_shm_host_create(&l->shm, &cfg);
	if (!rc)
		ctl_set_dev(tool_link_bus(l));
	return rc;
}

struct rpmsg_device *tool_link_bus(struct tool_link *l)
{
	return l->vu ? rpmsg_vhost_user_bus(l->vu) : rpmsg_shm_bus(l->shm);
}

int tool_link_start(struct tool_link *l, uint32_t timeout_ms)
{
	return l->vu ? rpmsg_vhost_user_start(l->vu, timeout_ms)
		     : rpmsg_shm_start(l->shm, timeout_ms);
}

bool tool_link_gone(struct tool_link *l)
{
	return l->vu ? rpmsg_vhost_user_peer_gone(l->vu)
		     : rpmsg_shm_peer_gone(l->shm);
}

int tool_link_wait_gone(struct tool_link *l, uint32_t timeout_ms)
{
	return l->vu ? rpmsg_vhost_user_wait_peer_gone(l->vu, timeout_ms)
		     : rpmsg_shm_wait_peer_gone(l->shm, timeout_ms);
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
	rpmsg_vhost_user_destroy(l->vu);
	rpmsg_shm_destroy(l->shm);
	memset(l, 0, sizeof(*l));
}
