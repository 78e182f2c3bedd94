// SPDX-License-Identifier: BSD-3-Clause
/* The transports rpmsg bench knows, in the order it runs them. */
#include "bench.h"

const struct bench_transport *const bench_transports[] = {
	&bench_inproc,
	&bench_shm,
	&bench_vhost_user,
};
const size_t bench_n_transports =
	sizeof(bench_transports) / sizeof(bench_transports[0]);
