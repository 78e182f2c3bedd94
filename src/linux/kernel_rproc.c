// SPDX-License-Identifier: BSD-3-Clause
/*
 * Remote processors the kernel manages (/sys/class/remoteproc/<name>:
 * name, state, firmware), shown and started or stopped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_internal.h"

static int rproc_filter(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int rpmsg_kernel_list_rprocs(struct rpmsg_kernel *k,
			     struct rpmsg_kernel_rproc *out, size_t n)
{
	char dir[RPMSG_KERNEL_PATH_SIZE], path[RPMSG_KERNEL_PATH_SIZE + 64];
	struct dirent **names;
	int count, i, found = 0;

	if (!k || (n && !out))
		return -EINVAL;
	if (rpmsg_k_path(dir, sizeof(dir), "%s/class/remoteproc", k->sysfs))
		return -ENAMETOOLONG;
	count = scandir(dir, &names, rproc_filter, versionsort);
	if (count < 0)
		return 0; /* a kernel without remoteproc */
	for (i = 0; i < count; i++) {
		struct rpmsg_kernel_rproc r;
		const char *e = names[i]->d_name;

		memset(&r, 0, sizeof(r));
		rpmsg_k_copy(r.name, sizeof(r.name), e);
		rpmsg_k_path(path, sizeof(path), "%s/%s/state", dir, e);
		if (rpmsg_k_read_attr(path, r.state, sizeof(r.state)) == 0) {
			rpmsg_k_path(path, sizeof(path), "%s/%s/firmware", dir, e);
			rpmsg_k_read_attr(path, r.firmware, sizeof(r.firmware));
			rpmsg_k_path(path, sizeof(path), "%s/%s/name", dir, e);
			rpmsg_k_read_attr(path, r.label, sizeof(r.label));
			if ((size_t)found < n)
				out[found] = r;
			found++;
		}
		free(names[i]);
	}
	free(names);
	return found;
}

static int set_attr(struct rpmsg_kernel *k, const char *name,
		    const char *attr, const char *value)
{
	char path[RPMSG_KERNEL_PATH_SIZE + 64];
	int rc;

	rpmsg_k_path(path, sizeof(path), "%s/class/remoteproc/%s/%s", k->sysfs,
		 name, attr);
	rc = rpmsg_k_write_attr(path, value);
	if (rc == -ENOENT)
		return rpmsg_k_fail(k, rc, "no remote processor %s (%s)", name,
				    path);
	if (rc == -EACCES || rc == -EPERM)
		return rpmsg_k_open_fail(k, path, -rc);
	if (rc)
		return rpmsg_k_fail(k, rc, "%s refused %s: %s%s", path, value,
				    strerror(-rc),
				    rc == -EBUSY ? " (the processor is running: "
						   "stop it first)" : "");
	return 0;
}

int rpmsg_kernel_set_rproc(struct rpmsg_kernel *k, const char *name,
			   const char *firmware, const char *state)
{
	int rc;

	if (!k || !name || !*name || strchr(name, '/') || (!firmware && !state))
		return -EINVAL;
	if (firmware) {
		rc = set_attr(k, name, "firmware", firmware);
		if (rc)
			return rc;
	}
	return state ? set_attr(k, name, "state", state) : 0;
}
