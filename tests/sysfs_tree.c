// SPDX-License-Identifier: BSD-3-Clause
/* Trees laid out as sysfs and /dev for the kernel-client tests. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs_tree.h"

char root[256];
char sys_dir[300];
char dev_dir[300];

void tree_new(const char *tag)
{
	char tmpl[64];

	snprintf(tmpl, sizeof(tmpl), "/tmp/rpmsg-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(tmpl));
	snprintf(root, sizeof(root), "%s", tmpl);
	snprintf(sys_dir, sizeof(sys_dir), "%s/sys", root);
	snprintf(dev_dir, sizeof(dev_dir), "%s/dev", root);
	mkdirs("dev");
	mkdirs("sys");
}

void tree_remove(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

void mkdirs(const char *fmt, ...)
{
	char rel[512], p[800], *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	assert_true((size_t)snprintf(p, sizeof(p), "%s/%s", root, rel) <
		    sizeof(p));
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

void put(const char *file, const char *text)
{
	char p[800];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, file);
	f = fopen(p, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", text);
	fclose(f);
}

void get(const char *file, char *out, size_t size)
{
	char p[800];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, file);
	f = fopen(p, "r");
	assert_non_null(f);
	out[0] = '\0';
	if (!fgets(out, (int)size, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

void link_to(const char *target, const char *name)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/%s", root, name);
	assert_int_equal(symlink(target, p), 0);
}
