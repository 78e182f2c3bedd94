/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directory trees laid out as Linux's sysfs and /dev, written by the
 * kernel-client tests (test_kernel_client.c, test_kernel_link.c) in a
 * fresh directory under /tmp; every helper fails the running cmocka
 * test if the file system refuses.
 */
#ifndef RPMSG_TEST_SYSFS_TREE_H
#define RPMSG_TEST_SYSFS_TREE_H

#include <stddef.h>

extern char root[256];	  /* the tree */
extern char sys_dir[300]; /* ROOT/sys */
extern char dev_dir[300]; /* ROOT/dev */

/* A new empty tree under /tmp, named after @tag; ROOT/sys and ROOT/dev. */
void tree_new(const char *tag);
/* rm -rf ROOT */
void tree_remove(void);
/* mkdir -p ROOT/<fmt> */
void mkdirs(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ROOT/<file> gets @text and a newline, as a sysfs attribute reads. */
void put(const char *file, const char *text);
/* The first line of ROOT/<file>, without its newline. */
void get(const char *file, char *out, size_t size);
/* ROOT/<name> becomes a symbolic link to @target. */
void link_to(const char *target, const char *name);

#endif /* RPMSG_TEST_SYSFS_TREE_H */
