/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture on struct rpmsg_link: a remote or a host in a child
 * process, the other side in this one, each wired in one call.
 *
 * fixture_fork() runs a function in a child (with a watchdog alarm and,
 * if asked, a "ready" handshake over a pipe); fixture_fork_remote() and
 * fixture_fork_host() build on it: the child creates its side of a link,
 * prepares the bus (the test's setup), starts and serves (the test's
 * function, or until its peer has gone) and exits with what that says.
 * fixture_open() and fixture_host_open() do the same steps in this
 * process; fixture_wait_child() reaps. Every wait is bounded by the
 * timeouts given.
 */
#ifndef RPMSG_TEST_FIXTURE_H
#define RPMSG_TEST_FIXTURE_H

#include <stdbool.h>
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

/* What prepares a link's bus before it starts: 0 or a negative errno. */
typedef int (*fixture_setup_t)(struct rpmsg_link *link, void *arg);

/* What a child does with its started link: returns its exit status. */
typedef int (*fixture_serve_t)(struct rpmsg_link *link, int start_rc,
			       void *arg);

/**
 * struct fixture_remote - the remote a child runs
 * @link: the link (its role is set to remote)
 * @setup: prepares the bus (NULL: an echo endpoint at @echo_addr)
 * @serve: runs after the start with its result (NULL: a failed start is
 *         FIXTURE_EXIT_START, else serve until the host has gone: 0, or
 *         FIXTURE_EXIT_GONE after @gone_ms)
 * @arg: passed to @setup and @serve
 * @echo_addr: where the echo endpoint is bound when @setup is NULL
 * @start_ms: how long the child waits for a host
 * @gone_ms: how long it then serves before giving up (0: forever)
 * @ready: fixture_fork_remote() returns only once the link is created and
 *         set up (the remote is reachable), before the start
 * @watchdog_s: alarm of the child (0: 100 s)
 */
struct fixture_remote {
	struct rpmsg_link_desc link;
	fixture_setup_t setup;
	fixture_serve_t serve;
	void *arg;
	uint32_t echo_addr;
	uint32_t start_ms;
	uint32_t gone_ms;
	bool ready;
	unsigned int watchdog_s;
};

/**
 * struct fixture_host - the host a child runs
 * @link: the link (its role is set to host)
 * @setup: prepares the bus before the start (NULL: nothing)
 * @serve: runs once the link is started (start_rc 0); its return value
 *         is the child's exit status (the link is destroyed after it)
 * @arg: passed to @setup and @serve
 * @timeout_ms: how long to look for the remote and wait for its start
 * @ready: fixture_fork_host() returns only once the child is about to
 *         create its link
 * @watchdog_s: alarm of the child (0: 100 s)
 *
 * A failed open is FIXTURE_EXIT_START.
 */
struct fixture_host {
	struct rpmsg_link_desc link;
	fixture_setup_t setup;
	fixture_serve_t serve;
	void *arg;
	uint32_t timeout_ms;
	bool ready;
	unsigned int watchdog_s;
};

/* An rpmsg_rx_cb_t that sends every message back to its source. */
int fixture_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, uint32_t src);

/**
 * fixture_fork() - run @body(@arg) in a child and exit with its result
 * @body: the child's work
 * @arg: passed to @body
 * @watchdog_s: alarm of the child (0: 100 s)
 * @wait_ready: return only once the child has called fixture_ready()
 *
 * Return: the child's pid; -1 if fork failed or the child ended before
 * it was ready (it is reaped then).
 */
pid_t fixture_fork(int (*body)(void *arg), void *arg, unsigned int watchdog_s,
		   bool wait_ready);

/*
 * In a child of fixture_fork() that waits for it: let the parent go on.
 * Exits FIXTURE_EXIT_READY if the parent cannot be told; does nothing
 * in a child nobody waits for, or the second time.
 */
void fixture_ready(void);

/**
 * fixture_fork_remote() - run @r in a child
 * @r: the remote (must stay valid until the fork returns)
 *
 * The child exits as @r->serve says (by default 0 once its host has
 * gone), FIXTURE_EXIT_* on a failed step; killed, it dies as the test
 * chooses.
 *
 * Return: as fixture_fork().
 */
pid_t fixture_fork_remote(struct fixture_remote *r);

/**
 * fixture_fork_host() - run @h in a child
 * @h: the host (must stay valid until the fork returns)
 *
 * Return: as fixture_fork().
 */
pid_t fixture_fork_host(struct fixture_host *h);

/**
 * fixture_open() - create one side of @desc and prepare its bus
 * @out: set to the link, not started
 * @desc: the link
 * @role: which side (overrides @desc->role)
 * @setup: prepares the bus (NULL: nothing)
 * @arg: passed to @setup
 *
 * Return: 0, or the first error (the link destroyed).
 */
int fixture_open(struct rpmsg_link **out, const struct rpmsg_link_desc *desc,
		 enum rpmsg_virtio_role role, fixture_setup_t setup, void *arg);

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
