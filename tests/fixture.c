// SPDX-License-Identifier: BSD-3-Clause
/* Test fixture on struct rpmsg_link: see fixture.h. */
#define _POSIX_C_SOURCE 200809L
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

#define FIXTURE_WATCHDOG_S 100u

int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)priv;
	rpmsg_trysendto(ept, data, len, src);
	return 0;
}

static int remote_child(const struct fixture_remote *r)
{
	struct rpmsg_link_desc d = r->link;
	struct rpmsg_endpoint ept;
	struct rpmsg_link *link;
	struct rpmsg_device *bus;
	char c = 'x';
	int rc;

	alarm(r->watchdog_s ? r->watchdog_s : FIXTURE_WATCHDOG_S);
	d.role = RPMSG_VIRTIO_REMOTE;
	if (rpmsg_link_create(&link, &d))
		return FIXTURE_EXIT_CREATE;
	bus = rpmsg_link_bus(link);
	rc = r->setup ? r->setup(bus, r->arg)
		      : rpmsg_create_ept(&ept, bus, "echo", r->echo_addr,
					 RPMSG_ADDR_ANY, fixture_echo_cb, NULL);
	if (rc)
		return FIXTURE_EXIT_SETUP;
	if (r->ready_fd >= 0 && write(r->ready_fd, &c, 1) != 1)
		return FIXTURE_EXIT_READY;
	if (rpmsg_link_start(link, r->start_ms))
		return FIXTURE_EXIT_START;
	rc = rpmsg_link_wait_peer_gone(link, r->gone_ms ? r->gone_ms
						       : RPMSG_TIMEOUT_FOREVER);
	rpmsg_link_destroy(link);
	return rc ? FIXTURE_EXIT_GONE : 0;
}

pid_t fixture_fork_remote(const struct fixture_remote *r)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(remote_child(r));
	return pid;
}

int fixture_host_open(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc, fixture_setup_t setup,
		      void *arg, uint32_t timeout_ms)
{
	struct rpmsg_link_desc d = *desc;
	struct rpmsg_link *link;
	int rc;

	d.role = RPMSG_VIRTIO_HOST;
	d.connect_timeout_ms = timeout_ms;
	rc = rpmsg_link_create(&link, &d);
	if (rc)
		return rc;
	rc = setup ? setup(rpmsg_link_bus(link), arg) : 0;
	if (!rc)
		rc = rpmsg_link_start(link, timeout_ms);
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
