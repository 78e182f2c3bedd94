/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture on struct rpmsg_link: a remote in a child process, a host
 * in this one, each wired in one call.
 *
 * fixture_fork_remote() forks a child that builds the remote side of a
 * link from a description, binds an echo endpoint, starts, serves until
 * its host has gone and exits; fixture_host_open() builds and starts the
 * host side with one endpoint of the test's; fixture_wait_child() reaps.
 * Every wait is bounded by the timeouts given; the child also has a
 * watchdog alarm (FIXTURE_WATCHDOG_S).
 */
#ifndef RPMSG_TEST_FIXTURE_H
#define RPMSG_TEST_FIXTURE_H

#include <stdint.h>
#include <sys/types.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>

#define FIXTURE_WATCHDOG_S 100u

/* Exit statuses of a fixture child that failed a step. */
enum {
	FIXTURE_EXIT_CREATE = 10,
	FIXTURE_EXIT_EPT = 11,
	FIXTURE_EXIT_START = 12,
	FIXTURE_EXIT_GONE = 13,
};

/* An rpmsg_rx_cb_t that sends every message back to its source. */
int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src);

/**
 * fixture_fork_remote() - a remote echoing at @echo_addr in a child
 * @desc: the link (its role is set to remote in the child)
 * @echo_addr: where the echo endpoint is bound
 * @start_ms: how long the child waits for a host
 *
 * The child exits 0 once its host has gone, FIXTURE_EXIT_* on a failed
 * step; killed, it dies as the test chooses.
 *
 * Return: the child's pid, or -1 (fork failed).
 */
pid_t fixture_fork_remote(const struct rpmsg_link_desc *desc,
			  uint32_t echo_addr, uint32_t start_ms);

/**
 * fixture_host_open() - create and start the host side of @desc
 * @out: set to the started link
 * @desc: the link (its role is set to host)
 * @ept: bound on the link's bus before the start, with @addr, @cb, @priv
 * @name: the endpoint's name
 * @addr: its address
 * @cb: its callback
 * @priv: passed to @cb
 * @timeout_ms: how long to look for the remote and wait for its start
 *
 * Return: 0, or the first error (nothing left behind).
 */
int fixture_host_open(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc,
		      struct rpmsg_endpoint *ept, const char *name,
		      uint32_t addr, rpmsg_rx_cb_t cb, void *priv,
		      uint32_t timeout_ms);

/* Reap @pid: its exit status, 128 + the signal that killed it, or -1. */
int fixture_wait_child(pid_t pid);

#endif /* RPMSG_TEST_FIXTURE_H */
