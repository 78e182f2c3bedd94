// SPDX-License-Identifier: BSD-3-Clause
/*
 * Errors of the kernel-client module: the sentence of a context, and the
 * one for a device node that cannot be opened (whose node, which group).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel_internal.h"

int rpmsg_k_fail(struct rpmsg_kernel *k, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!k)
		return rc;
	va_start(ap, fmt);
	vsnprintf(k->error, sizeof(k->error), fmt, ap);
	va_end(ap);
	return rc;
}

const char *rpmsg_kernel_error(const struct rpmsg_kernel *k)
{
	return k ? k->error : "no context";
}

/*
 * The name of user or group @id from /etc/passwd or /etc/group (their
 * third field is the id), or its number. Read directly rather than
 * through the C library's name service, which a statically linked
 * program on a small board may not have.
 */
static void id_name(const char *file, unsigned int id, char *out, size_t size)
{
	char line[512];
	FILE *f = fopen(file, "re");

	snprintf(out, size, "%u", id);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name = line, *p = strchr(line, ':'), *end;
		unsigned long v;

		if (!p)
			continue;
		*p = '\0';
		p = strchr(p + 1, ':'); /* past the password field */
		if (!p)
			continue;
		errno = 0;
		v = strtoul(p + 1, &end, 10);
		if (errno || end == p + 1 || *end != ':' || v != id)
			continue;
		rpmsg_k_copy(out, size, name);
		break;
	}
	fclose(f);
}

int rpmsg_k_open_fail(struct rpmsg_kernel *k, const char *path, int err)
{
	struct stat st;
	char user[64], group[64];

	if (err == ENOENT)
		return rpmsg_k_fail(k, -err, "%s does not exist", path);
	if ((err != EACCES && err != EPERM) || stat(path, &st) != 0)
		return rpmsg_k_fail(k, -err, "cannot open %s: %s", path,
				    strerror(err));
	id_name("/etc/passwd", st.st_uid, user, sizeof(user));
	id_name("/etc/group", st.st_gid, group, sizeof(group));
	/* Joining root's group is no advice: the node is for root only. */
	if (st.st_gid == 0 || !(st.st_mode & 0060))
		return rpmsg_k_fail(k, -err,
				    "permission denied opening %s (owner %s, "
				    "group %s, mode %03o): run as %s, or give "
				    "the node to a group of yours with a udev "
				    "rule (GROUP=\"...\", MODE=\"0660\")",
				    path, user, group,
				    (unsigned int)(st.st_mode & 0777), user);
	return rpmsg_k_fail(k, -err,
			    "permission denied opening %s (owner %s, group %s, "
			    "mode %03o): run as a member of group %s, or give "
			    "the node to your group with a udev rule",
			    path, user, group, (unsigned int)(st.st_mode & 0777),
			    group);
}
