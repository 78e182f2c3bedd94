// SPDX-License-Identifier: BSD-3-Clause
/* Test fixture on struct rpmsg_link: see fixture.h. */
#define _POSIX_C_SOURCE 200809L
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)priv;
	rpmsg_trysendto(ept, data, len, src);
	return 0;
}

static int remote_child(const struct rpmsg_link_desc *desc,
			uint32_t echo_addr, uint32_t start_ms)
{
	struct rpmsg_link_desc d = *desc;
	struct rpmsg_endpoint ept;
	struct rpmsg_link *link;
	int rc;

	alarm(FIXTURE_WATCHDOG_S);
	d.role = RPMSG_VIRTIO_REMOTE;
	if (rpmsg_link_create(&link, &d))
		return FIXTURE_EXIT_CREATE;
	if (rpmsg_create_ept(&ept, rpmsg_link_bus(link), "echo", echo_addr,
			     RPMSG_ADDR_ANY, fixture_echo_cb, NULL))
		return FIXTURE_EXIT_EPT;
	if (rpmsg_link_start(link, start_ms))
		return FIXTURE_EXIT_START;
	rc = rpmsg_link_wait_peer_gone(link, RPMSG_TIMEOUT_FOREVER);
	rpmsg_link_destroy(link);
	return rc ? FIXTURE_EXIT_GONE : 0;
}

pid_t fixture_fork_remote(const struct rpmsg_link_desc *desc,
			  uint32_t echo_addr, uint32_t start_ms)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(remote_child(desc, echo_addr, start_ms));
	return pid;
}

int fixture_host_open(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc,
		      struct rpmsg_endpoint *ept, const char *name,
		      uint32_t addr, rpmsg_rx_cb_t cb, void *priv,
		      uint32_t timeout_ms)
{
	struct rpmsg_link_desc d = *desc;
	struct rpmsg_link *link;
	int rc;

	d.role = RPMSG_VIRTIO_HOST;
	d.connect_timeout_ms = timeout_ms;
	rc = rpmsg_link_create(&link, &d);
	if (rc)
		return rc;
	rc = rpmsg_create_ept(ept, rpmsg_link_bus(link), name, addr,
			      RPMSG_ADDR_ANY, cb, priv);
	if (!rc) {
		rc = rpmsg_link_start(link, timeout_ms);
		if (rc)
			rpmsg_destroy_ept(ept);
	}
	if (rc) {
		rpmsg_link_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}

int fixture_wait_child(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}
