// SPDX-License-Identifier: BSD-3-Clause
/*
 * Double fetches, caught deterministically: a host that changes one byte
 * of shared memory between two of our remote's reads of it.
 *
 * Each case is one message the host sends (a name-service announcement or
 * a message to an endpoint), and one byte the host changes: of the NS
 * name or address, of the rpmsg header (src, dst, len), of the avail index
 * or entry, or of the descriptor (address, length, flags). The case runs
 * with the byte at its value before throughout, at its value after
 * throughout, and then once for every N with the byte changed just before
 * the Nth access of our side that can read it (flip_trace.h counts every
 * load, not only those after a cache invalidation). The avail index is
 * the one live field: our side reads it again to see what the host
 * published meanwhile, so for it the outcome of the two values one after
 * the other (two doorbells) is allowed too. A field read once
 * into private memory, then checked and used, gives the outcome of the
 * before- or of the after-value whatever N is; one read twice can give a
 * mix (an empty-named channel, a length that passed the check and another
 * used), which fails the case.
 *
 * The outcome: start's and the doorbell's return, the name-service
 * events, the channels, the endpoint's deliveries (source, length,
 * payload), the counters, and what the remote put on the used ring.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_virtio.h>

#include "double_fetch.h"
#include "flip_trace.h"

/* The sanitizers' fault handler would take our page faults for bugs; ours
 * hands any fault that is not its own back to whoever handled it first. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0:allow_user_segv_handler=1";
}

static void check_case(const struct df_case *c)
{
	struct df_outcome before, after, later, mixed;
	bool live = c->area == DF_AVAIL_IDX || c->area == DF_USED_IDX;
	unsigned long n, reads;

	assert_int_equal(df_run(c, 0, &before), 0);
	reads = df_last_count();
	assert_int_equal(df_run(c, DF_FLIP_FIRST, &after), 0);
	/* The change matters, and our side reads the byte: else the case
	 * proves nothing. */
	assert_false(df_same(&before, &after));
	assert_true(reads > 0);
	/* The avail index only: what the host published first is taken,
	 * then what it published next. */
	if (live)
		assert_int_equal(df_run(c, DF_FLIP_BETWEEN, &later), 0);
	for (n = 1; n <= reads; n++) {
		assert_int_equal(df_run(c, n, &mixed), 0);
		if (!df_same(&mixed, &before) && !df_same(&mixed, &after) &&
		    !(live && df_same(&mixed, &later))) {
			df_print("before", &before);
			df_print("after", &after);
			if (live)
				df_print("one after the other", &later);
			df_print("flipped", &mixed);
			fail_msg("%s: the byte changed before read %lu of %lu "
				 "gave an outcome of neither value",
				 c->what, n, reads);
		}
	}
	printf("%s: %lu reads, each changed in turn: the outcome of one "
	       "value every time\n", c->what, reads);
}

static void test_each_case(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < df_ncases; i++)
		check_case(&df_cases[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_case),
	};

	if (!flip_trace_supported()) {
		printf("double fetch: no tracer on this machine, skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
