// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg ls: ask a running side for its channels, endpoints and counters
 * over its control socket; never attaches to the link.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "ctl.h"

int cmd_ls(const char *name, const char *side, bool json)
{
	const char *req = json ? "ls json" : "ls";
	char *buf;
	ssize_t n;
	int fd;

	buf = malloc(CTL_PKT_MAX);
	if (!buf)
		return 1;
	fd = ctl_request("ls", name, &side, req, buf, &n);
	if (fd < 0) {
		free(buf);
		return 1;
	}
	close(fd);
	if (n <= 0) {
		fprintf(stderr, "rpmsg ls: %s side of %s did not answer\n",
			side, name);
		free(buf);
		return 1;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	free(buf);
	return fflush(stdout) ? 1 : 0;
}

