// SPDX-License-Identifier: BSD-3-Clause
/*
 * SIGINT and SIGTERM for the long-running commands. They are blocked in
 * every thread (the mask is set before any thread starts and inherited)
 * and taken by one thread with sigwait(), so no handler runs amid the
 * library's locks. That thread prints what the command did, removes the
 * vhost-user socket file the command listens at (a backend's; the next
 * start would replace a stale one anyway) and ends the process: a
 * serving command, which runs until stopped, with status 0; one stopped
 * before its work was done with 128 + the signal, as a shell reports it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

static sigset_t stop_set;
static const char *stop_unlink; /* socket file to remove, or NULL */
static bool stop_ok;		 /* stopping is how the command ends */

static void *stop_thread(void *arg)
{
	int sig = 0;

	(void)arg;
	while (sigwait(&stop_set, &sig))
		;
	if (stop_unlink)
		unlink(stop_unlink);
	/* Printed messages are flushed as they go; only the summary is left.
	 * Should stderr be a pipe nobody reads, SIGALRM ends the process
	 * rather than leave it hanging. */
	alarm(2);
	print_totals(sig == SIGINT ? "stopped (SIGINT)" : "stopped (SIGTERM)");
	_exit(stop_ok ? 0 : 128 + sig);
	return NULL;
}

int tool_signals_start(bool serving, const char *socket_path)
{
	pthread_attr_t attr;
	pthread_t th;
	int rc;

	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	stop_ok = serving;
	/* An abstract socket ("@name") leaves no file behind. */
	stop_unlink = socket_path && socket_path[0] != '@' ? socket_path
							   : NULL;
	rc = pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	if (rc)
		return -rc;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&th, &attr, stop_thread, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		pthread_sigmask(SIG_UNBLOCK, &stop_set, NULL);
		return -rc;
	}
	return 0;
}
