// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the host-side check of the example firmware's resource
 * table (firmware/rsc_check.c), run on a file of any content: fopen()
 * is Frama-C's libc specification (the file opens or not); fread() is
 * modelled below: any count up to what was asked, the bytes any value.
 * The table readers it calls are src/rsc's (proof/rsc.c).
 */
#include <stdio.h>

#include "__fc_builtin.h"

/* Any bytes, any count up to @n (a short file, a read error). */
static size_t any_fread(void *p, size_t size, size_t n, FILE *f)
{
	(void)f;
	Frama_C_make_unknown((char *)p, size * n);
	return Frama_C_size_t_interval(0, n);
}

#define fread any_fread
#define main rsc_check_main
#include "../firmware/rsc_check.c"
#undef main

int main(void)
{
	char arg0[] = "rsc_check", arg1[] = "resource_table.bin";
	char *argv[] = { arg0, arg1, NULL };
	int rc = rsc_check_main(2, argv);

	//@ assert rc_range: rc == 0 || rc == 1 || rc == 2;
	return 0;
}
