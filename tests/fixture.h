/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture on struct rpmsg_link: a remote in a child process, a host
 * in this one (or in a child), each wired in one call.
 *
 * fixture_fork_remote() forks a child that builds the remote side of a
 * link, prepares its bus (the test's setup, or an echo endpoint), starts,
 * serves until its host has gone and exits; fixture_host_open() builds,
 * prepares and starts the host side; fixture_wait_child() reaps. Every
 * wait is bounded by the timeouts given; a child also has a watchdog
 * alarm.
 */
#ifndef RPMSG_TEST_FIXTURE_H
#define RPMSG_TEST_FIXTURE_H

#include <stdint.h>
#include <sys/types.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_link.h>

/* Exit statuses of a fixture child that failed a step. */
enum {
	FIXTURE_EXIT_CREATE = 10,
	FIXTURE_EXIT_SETUP = 11,
	FIXTURE_EXIT_START = 12,
	FIXTURE_EXIT_GONE = 13,
	FIXTURE_EXIT_READY = 90,
};

/* What prepares a bus before its link starts: 0 or a negative errno. */
typedef int (*fixture_setup_t)(struct rpmsg_device *bus, void *arg);

/**
 * struct fixture_remote - the remote a child runs
 * @link: the link (its role is set to remote)
 * @setup: prepares the bus (NULL: an echo endpoint at @echo_addr)
 * @arg: passed to @setup
 * @echo_addr: where the echo endpoint is bound when @setup is NULL
 * @start_ms: how long the child waits for a host
 * @gone_ms: how long it then serves before giving up (0: forever)
 * @ready_fd: if >= 0, a byte is written there once the link is created
 *            and set up (the remote is reachable), before the start
 * @watchdog_s: alarm of the child (0: 100 s)
 */
struct fixture_remote {
	struct rpmsg_link_desc link;
	fixture_setup_t setup;
	void *arg;
	uint32_t echo_addr;
	uint32_t start_ms;
	uint32_t gone_ms;
	int ready_fd;
	unsigned int watchdog_s;
};

/* An rpmsg_rx_cb_t that sends every message back to its source. */
int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src);

/**
 * fixture_fork_remote() - run @r in a child
 * @r: the remote
 *
 * The child exits 0 once its host has gone, FIXTURE_EXIT_* on a failed
 * step; killed, it dies as the test chooses.
 *
 * Return: the child's pid, or -1 (fork failed).
 */
pid_t fixture_fork_remote(const struct fixture_remote *r);

/**
 * fixture_host_open() - create, prepare and start the host side of @desc
 * @out: set to the started link
 * @desc: the link (its role is set to host)
 * @setup: prepares the bus before the start (NULL: nothing)
 * @arg: passed to @setup
 * @timeout_ms: how long to look for the remote and wait for its start
 *
 * Return: 0, or the first error (the link destroyed).
 */
int fixture_host_open(struct rpmsg_link **out,
		      const struct rpmsg_link_desc *desc, fixture_setup_t setup,
		      void *arg, uint32_t timeout_ms);

/* Reap @pid: its exit status, 128 + the signal that killed it, or -1. */
int fixture_wait_child(pid_t pid);

#endif /* RPMSG_TEST_FIXTURE_H */
