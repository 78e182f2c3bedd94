// SPDX-License-Identifier: BSD-3-Clause
/* Sample summaries: nearest-rank percentiles of sorted samples. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"

const char *const bench_mode_names[BENCH_MODES] = { "block", "poll",
						    "spin" };

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with at least @per_mille of the
 * samples at or below it. */
static uint64_t rank(const uint64_t *s, size_t n, unsigned int per_mille)
{
	size_t k = (size_t)(((unsigned long long)n * per_mille + 999u) / 1000u);

	return s[k ? k - 1 : 0];
}

int bench_summarize(uint64_t *samples, size_t n, struct bench_summary *out)
{
	if (!samples || !n || !out)
		return -EINVAL;
	qsort(samples, n, sizeof(*samples), cmp_u64);
	out->count = n;
	out->min = samples[0];
	out->p50 = rank(samples, n, 500);
	out->p99 = rank(samples, n, 990);
	out->p999 = rank(samples, n, 999);
	out->max = samples[n - 1];
	return 0;
}
