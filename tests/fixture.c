// SPDX-License-Identifier: BSD-3-Clause
/* Test fixture on struct rpmsg_link: see fixture.h. */
#define _POSIX_C_SOURCE 200809L
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

#define FIXTURE_WATCHDOG_S 100u

/* In a child of fixture_fork(): the pipe its parent waits on, or -1. */
static int ready_fd = -1;

int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src)
{
	(void)priv;
	rpmsg_trysendto(ept, data, len, src);
	return 0;
}

void fixture_ready(void)
{
	char c = 'x';

	if (ready_fd < 0)
		return;
	if (write(ready_fd, &c, 1) != 1)
		_exit(FIXTURE_EXIT_READY);
	close(ready_fd);
	ready_fd = -1;
}

pid_t fixture_fork(int (*body)(void *arg), void *arg, unsigned int watchdog_s,
		   bool wait_ready)
{
	int p[2] = { -1, -1 };
	pid_t pid;
	char c;

	if (wait_ready && pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		alarm(watchdog_s ? watchdog_s : FIXTURE_WATCHDOG_S);
		if (wait_ready) {
			close(p[0]);
			ready_fd = p[1];
		}
		_exit(body(arg));
	}
	if (!wait_ready)
		return pid;
	close(p[1]);
	if (pid > 0 && read(p[0], &c, 1) != 1) {
		fixture_wait_child(pid);
		pid = -1;
	}
	close(p[0]);
	return pid;
}

static int echo_setup(struct rpmsg_link *link, void *arg)
{
	const struct fixture_remote *r = arg;
	static struct rpmsg_endpoint ept; /* the child's, for its lifetime */

	return rpmsg_create_ept(&ept, rpmsg_link_bus(link), "echo",
				r->echo_addr, RPMSG_ADDR_ANY, fixture_echo_cb,
				NULL);
}

static int remote_child(void *arg)
{
	const struct fixture_remote *r = arg;
	struct rpmsg_link *link;
	int rc;

	if (rpmsg_link_create(&link, &r->link))
		return FIXTURE_EXIT_CREATE;
	rc = r->setup ? r->setup(link, r->arg) : echo_setup(link, arg);
	if (rc)
		return FIXTURE_EXIT_SETUP;
	fixture_ready();
	rc = rpmsg_link_start(link, r->start_ms);
	if (r->serve)
		rc = r->serve(link, rc, r->arg);
	else if (rc)
		rc = FIXTURE_EXIT_START;
	else
		rc = rpmsg_link_wait_peer_gone(link,
					       r->gone_ms ? r->gone_ms
							  : RPMSG_TIMEOUT_FOREVER)
			     ? FIXTURE_EXIT_GONE
			     : 0;
	rpmsg_link_destroy(link);
	return rc;
}

pid_t fixture_fork_remote(struct fixture_remote *r)
{
	r->link.role = RPMSG_VIRTIO_REMOTE;
	return fixture_fork(remote_child, r, r->watchdog_s, r->ready);
}

static int host_child(void *arg)
{
	const struct fixture_host *h = arg;
	struct rpmsg_link *link;
	int rc;

	fixture_ready();
	if (fixture_host_open(&link, &h->link, h->setup, h->arg,
			      h->timeout_ms))
		return FIXTURE_EXIT_START;
	rc = h->serve ? h->serve(link, 0, h->arg) : 0;
	rpmsg_link_destroy(link);
	return rc;
}

pid_t fixture_fork_host(struct fixture_host *h)
{
	return fixture_fork(host_child, h, h->watchdog_s, h->ready);
}

int fixture_open(struct rpmsg_link **out, const struct rpmsg_link_desc *desc,
		 enum rpmsg_virtio_role role, fixture_setup_t setup, void *arg)
{
	struct rpmsg_link_desc d = *desc;
	struct rpmsg_link *link;
	int rc;

	d.role = role;
	rc = rpmsg_link_create(&link, &d);
	if (rc)
		return rc;
	rc = setup ? setup(link, arg) : 0;
	if (rc) {
		rpmsg_link_destroy(link);
		return rc;
	}
	*out = link;
	return 0;
}

int fixture_host_open(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc, fixture_setup_t setup,
		      void *arg, uint32_t timeout_ms)
{
	struct rpmsg_link_desc d = *desc;
	struct rpmsg_link *link;
	int rc;

	d.connect_timeout_ms = timeout_ms;
	rc = fixture_open(&link, &d, RPMSG_VIRTIO_HOST, setup, arg);
	if (rc)
		return rc;
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
