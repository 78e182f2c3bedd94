// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target: the double-fetch cases of tests/double_fetch.h with the
 * input choosing the byte and the schedule. Input: u8 mode (bit 0: our
 * side is the host, bit 1: the message is a name-service announcement),
 * u8 area, u8 offset (modulo the area's size), u8 new value, u8 N: the
 * byte changes just before the Nth access of our side that can read it.
 * The outcome must be that of the old or of the new value; a mix aborts.
 * The live avail and used indices are read more than once by design: for
 * them the run must be clean only. x86-64 Linux only (the tracer); elsewhere every input passes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "double_fetch.h"
#include "flip_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0:allow_user_segv_handler=1";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct df_outcome before, after, later, mixed;
	struct df_case c;
	bool live;

	if (size < 5 || !flip_trace_supported())
		return 0;
	memset(&c, 0, sizeof(c));
	c.what = "fuzz";
	c.host = data[0] & 1u;
	c.ns = (data[0] & 2u) != 0;
	c.area = (enum df_area)(data[1] % (DF_USED_ENTRY + 1u));
	c.off = data[2] % df_area_size(c.area);
	c.after = data[3];
	live = c.area == DF_AVAIL_IDX || c.area == DF_USED_IDX;
	/* Areas of the other role have no byte: nothing to run. */
	if (df_run(&c, 0, &before))
		return 0;
	if (df_run(&c, DF_FLIP_FIRST, &after) ||
	    (live && df_run(&c, DF_FLIP_BETWEEN, &later)) ||
	    df_run(&c, data[4] ? data[4] : 1u, &mixed))
		abort();
	/* A live index is read again on purpose, each time the loop looks
	 * for more: a change between two of those reads counts from where
	 * the loop has got to, which neither the old nor the new value from
	 * the start, nor the two on separate doorbells, reproduce exactly
	 * (the repost of the entries taken lands in between). For those
	 * the run must only be clean (the sanitizers and the harness's own
	 * checks); tests/test_double_fetch.c checks their schedules one by
	 * one. */
	if (live)
		return 0;
	if (!df_same(&mixed, &before) && !df_same(&mixed, &after)) {
		df_print("before", &before);
		df_print("after", &after);
		df_print("changed", &mixed);
		fflush(stdout);
		abort();
	}
	return 0;
}
