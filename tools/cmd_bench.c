// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg bench: options and the order of the measurements; the harness is
 * in bench/ (bench/bench.h lists its files).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench/bench.h"
#include "cmd.h"

#ifndef RPMSG_SOURCE_DIR
#define RPMSG_SOURCE_DIR "."
#endif

static const size_t bench_sizes[] = { 1, 64, 256, 496 };
#define N_SIZES (sizeof(bench_sizes) / sizeof(bench_sizes[0]))

static const char bench_help[] =
	"usage: rpmsg bench [--quick] [--count N] [--messages N]\n"
	"                   [--transport NAME] [--mode block|poll|spin]\n"
	"                   [--size BYTES] [--spin-us US] [--json]\n"
	"                   [--plot FILE.png|FILE.svg] [--plot-size BYTES]\n"
	"                   [--callgrind] [--footprint] [--suite]\n"
	"                   [--compare OLD.json [NEW.json]]\n"
	"Measure rpmsg on this machine, with the floors it is compared with:\n"
	"  floors: cache-line and eventfd ping-pong between two processes,\n"
	"          single-core memcpy bandwidth;\n"
	"  round-trip latency (min, p50, p99, p99.9, max; N round trips,\n"
	"          default 20000) and one-way throughput (N messages, default\n"
	"          200000) for payloads of 1, 64, 256 and 496 bytes, on each\n"
	"          transport (inproc, shm, vhost-user) and mode it supports:\n"
	"          block (sleep until a doorbell), poll (spin on the rings),\n"
	"          spin (spin --spin-us, default 200, then sleep; shm only);\n"
	"  --callgrind: instructions per message on each side, counted by\n"
	"          valgrind --tool=callgrind;\n"
	"  --footprint: .text/.data/.bss of the core per role for this machine\n"
	"          at -Os (scripts/footprint.sh).\n"
	"--callgrind and --footprint alone run only themselves (seconds, not\n"
	"minutes); with any of --quick, --count, --messages, --transport,\n"
	"--mode, --size, --spin-us, --plot, --plot-size or --suite the\n"
	"measurements above run too.\n"
	"--quick: 2000 round trips and 20000 messages. Progress goes to\n"
	"standard error; --json prints one JSON object instead of the table;\n"
	"--plot draws the round-trip CDF of --plot-size (default 64) bytes\n"
	"with gnuplot.\n"
	"--compare OLD.json: run as the other options say (e.g. --callgrind\n"
	"alone: only the count), then print each figure both runs have (floor\n"
	"p50s, round-trip p50, msgs/s, doorbells per message, instructions per\n"
	"step) as old, new and new/old instead of the table; OLD.json is an\n"
	"earlier --json output. --compare OLD.json NEW.json runs nothing and\n"
	"compares the two files.\n";

static const struct option bench_opts[] = {
	{ "quick", no_argument, NULL, 'q' },
	{ "count", required_argument, NULL, 'c' },
	{ "messages", required_argument, NULL, 'm' },
	{ "transport", required_argument, NULL, 't' },
	{ "mode", required_argument, NULL, 'M' },
	{ "size", required_argument, NULL, 's' },
	{ "spin-us", required_argument, NULL, 'S' },
	{ "json", no_argument, NULL, 'j' },
	{ "plot", required_argument, NULL, 'p' },
	{ "plot-size", required_argument, NULL, 'P' },
	{ "callgrind", no_argument, NULL, 'g' },
	{ "callgrind-workload", required_argument, NULL, 'W' },
	{ "footprint", no_argument, NULL, 'f' },
	{ "suite", no_argument, NULL, 'A' },
	{ "compare", required_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_ul(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static bool progress_tty;
static unsigned int progress_step, progress_total;

static void progress(const char *what, const char *transport,
		     enum bench_mode mode, size_t size)
{
	progress_step++;
	/* On a terminal only: piped or logged, the run stays quiet. */
	if (!progress_tty)
		return;
	if (transport)
		fprintf(stderr, "\r\033[K[%2u/%u] %s %s %s %zu B", progress_step,
			progress_total, what, transport, bench_mode_names[mode],
			size);
	else
		fprintf(stderr, "\r\033[K[%2u/%u] %s", progress_step,
			progress_total, what);
}

static void cpu_model(char *out, size_t len)
{
	char line[256], *p;
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		p = strchr(line, ':');
		if (p) {
			p += strspn(p + 1, " ") + 1;
			p[strcspn(p, "\n")] = 0;
			snprintf(out, len, "%s", p);
		}
		break;
	}
	fclose(f);
}

struct bench_sel {
	const char *transport; /* NULL: all */
	int mode;	       /* -1: all */
	long size;	       /* -1: all */
	long plot_size;
	bool keep_samples;
};

static bool selected(const struct bench_sel *sel,
		     const struct bench_transport *t, enum bench_mode m)
{
	return (!sel->transport || !strcmp(sel->transport, t->name)) &&
	       (sel->mode < 0 || sel->mode == (int)m) &&
	       (t->modes & (1u << m));
}

static size_t count_configs(const struct bench_sel *sel)
{
	size_t i, n = 0;
	int m;

	for (i = 0; i < bench_n_transports; i++)
		for (m = 0; m < BENCH_MODES; m++)
			if (selected(sel, bench_transports[i],
				     (enum bench_mode)m))
				n++;
	return n * (sel->size < 0 ? N_SIZES : 1);
}

static int measure(struct bench_results *r, const struct bench_sel *sel)
{
	size_t nconf = count_configs(sel), i, k;
	struct bench_run run;
	int m;

	r->lat = calloc(nconf ? nconf : 1, sizeof(*r->lat));
	r->tput = calloc(nconf ? nconf : 1, sizeof(*r->tput));
	r->cacheline_samples = calloc(r->count, sizeof(uint64_t));
	r->doorbell_samples = calloc(r->count, sizeof(uint64_t));
	if (!r->lat || !r->tput || !r->cacheline_samples ||
	    !r->doorbell_samples)
		return -ENOMEM;
	progress_total += 3 + 2 * (unsigned int)nconf;

	progress("floor: cache-line ping-pong", NULL, 0, 0);
	if (bench_floor_cacheline(r->cacheline_samples, r->count) ||
	    bench_summarize(r->cacheline_samples, r->count, &r->cacheline))
		return -EIO;
	progress("floor: eventfd ping-pong", NULL, 0, 0);
	if (bench_floor_doorbell(r->doorbell_samples, r->count) ||
	    bench_summarize(r->doorbell_samples, r->count, &r->doorbell))
		return -EIO;
	progress("floor: memcpy", NULL, 0, 0);
	r->memcpy_mbps = bench_floor_memcpy((size_t)64 << 20,
					    (size_t)1 << 30);

	run.spin_ns = r->spin_ns;
	for (i = 0; i < bench_n_transports; i++) {
		run.t = bench_transports[i];
		for (m = 0; m < BENCH_MODES; m++) {
			run.mode = (enum bench_mode)m;
			if (!selected(sel, run.t, run.mode))
				continue;
			for (k = 0; k < N_SIZES; k++) {
				struct bench_lat_row *l = &r->lat[r->n_lat];
				struct bench_tput_row *t = &r->tput[r->n_tput];
				uint64_t *s;

				if (sel->size >= 0 &&
				    (size_t)sel->size != bench_sizes[k])
					continue;
				run.size = bench_sizes[k];
				progress("round trip", run.t->name, run.mode,
					 run.size);
				s = malloc(r->count * sizeof(*s));
				l->transport = run.t->name;
				l->mode = run.mode;
				l->size = run.size;
				l->err = s ? bench_roundtrip(&run, s, r->count)
					   : -ENOMEM;
				if (!l->err)
					bench_summarize(s, r->count, &l->s);
				if (!l->err && sel->keep_samples &&
				    (long)run.size == sel->plot_size)
					l->samples = s;
				else
					free(s);
				r->n_lat++;

				progress("throughput", run.t->name, run.mode,
					 run.size);
				t->transport = run.t->name;
				t->mode = run.mode;
				t->size = run.size;
				t->messages = r->messages;
				t->err = bench_throughput(&run, r->messages,
							  &t->secs);
				r->n_tput++;
			}
		}
	}
	return 0;
}

static void results_free(struct bench_results *r)
{
	size_t i;

	for (i = 0; i < r->n_lat; i++)
		free(r->lat[i].samples);
	free(r->lat);
	free(r->tput);
	free(r->cacheline_samples);
	free(r->doorbell_samples);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_sel sel = { .mode = -1, .size = -1, .plot_size = 64 };
	struct bench_results r;
	const char *plot = NULL, *cmp_old = NULL, *cmp_new = NULL;
	unsigned long v, workload = 0, spin_us = 200;
	bool json = false, quick = false, cg = false, fp = false;
	bool count_set = false, messages_set = false;
	/* An option that only the measurements use: run them even with
	 * --callgrind or --footprint. */
	bool suite_opt = false, cg_failed = false, fp_failed = false;
	int opt, rc, m;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.count = 20000;
	r.messages = 200000;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qc:m:t:M:s:S:jp:P:gW:fAC:h",
				  bench_opts, NULL)) != -1) {
		if (opt > 0 && strchr("qcmtMsSpPA", opt))
			suite_opt = true;
		switch (opt) {
		case 'q':
			quick = true;
			break;
		case 'A':
			break;
		case 'C':
			cmp_old = optarg;
			break;
		case 'c':
		case 'm':
			if (parse_ul(optarg, 100000000ul, &v) || !v)
				goto usage;
			if (opt == 'c') {
				r.count = v;
				count_set = true;
			} else {
				r.messages = v;
				messages_set = true;
			}
			break;
		case 't':
			sel.transport = optarg;
			for (i = 0; i < bench_n_transports; i++)
				if (!strcmp(optarg, bench_transports[i]->name))
					break;
			if (i == bench_n_transports)
				goto usage;
			break;
		case 'M':
			for (m = 0; m < BENCH_MODES; m++)
				if (!strcmp(optarg, bench_mode_names[m]))
					sel.mode = m;
			if (sel.mode < 0)
				goto usage;
			break;
		case 's':
		case 'P':
			if (parse_ul(optarg, BENCH_MAX_PAYLOAD, &v))
				goto usage;
			if (opt == 's')
				sel.size = (long)v;
			else
				sel.plot_size = (long)v;
			break;
		case 'S':
			if (parse_ul(optarg, 10000000ul, &spin_us))
				goto usage;
			break;
		case 'j':
			json = true;
			break;
		case 'p':
			plot = optarg;
			break;
		case 'g':
			cg = true;
			break;
		case 'W':
			if (parse_ul(optarg, 100000000ul, &workload) ||
			    !workload)
				goto usage;
			break;
		case 'f':
			fp = true;
			break;
		case 'h':
			fputs(bench_help, stdout);
			return 0;
		default:
			goto usage;
		}
	}
	/* --compare OLD NEW: the second file is the one operand. */
	if (cmp_old && optind + 1 == argc)
		cmp_new = argv[optind++];
	if (optind < argc || (cmp_old && json))
		goto usage;
	/* A missing old run fails now, not after minutes of measuring. */
	if (cmp_old && access(cmp_old, R_OK)) {
		fprintf(stderr, "rpmsg bench: %s: %s\n", cmp_old,
			strerror(errno));
		return 1;
	}
	if (cmp_new) {
		if (suite_opt || cg || fp || plot)
			goto usage;
		return bench_compare(stdout, cmp_old, cmp_new, NULL) ? 1 : 0;
	}
	if (workload)
		return bench_callgrind_workload(workload, sel.mode ==
							  BENCH_POLL)
			       ? 1
			       : 0;
	if (quick) {
		if (!count_set)
			r.count = 2000;
		if (!messages_set)
			r.messages = 20000;
	}
	r.spin_ns = (uint64_t)spin_us * 1000u;
	r.cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	cpu_model(r.cpu_model, sizeof(r.cpu_model));
	sel.keep_samples = plot != NULL;
	progress_tty = isatty(2);
	progress_total = (cg ? 1u : 0u) + (fp ? 1u : 0u);

	/* --callgrind or --footprint alone: only those, no floors or rows. */
	r.suite = suite_opt || (!cg && !fp);
	rc = r.suite ? measure(&r, &sel) : 0;
	if (!rc && cg) {
		progress("callgrind: instructions per message", NULL, 0, 0);
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		self[n > 0 ? n : 0] = 0;
		rc = n > 0 ? bench_callgrind(self, 10000, true, &r.instr)
			   : -errno;
		if (rc)
			fprintf(stderr, "\nrpmsg bench: callgrind: %s\n",
				strerror(-rc));
		/* Alongside the measurements a failed count is a missing
		 * section; alone it is the command failing. */
		cg_failed = rc != 0;
		rc = 0;
	}
	if (!rc && fp) {
		progress("footprint: scripts/footprint.sh (x86-64)", NULL, 0, 0);
		if (bench_footprint(RPMSG_SOURCE_DIR, &r.footprint)) {
			fprintf(stderr, "\nrpmsg bench: footprint failed\n");
			fp_failed = true;
		}
	}
	if (progress_tty)
		fputs("\r\033[K", stderr);
	if (rc) {
		fprintf(stderr, "rpmsg bench: %s\n", strerror(-rc));
		results_free(&r);
		return 1;
	}
	if (cmp_old) {
		if (bench_compare(stdout, cmp_old, NULL, &r))
			rc = 1;
	} else if (json) {
		bench_print_json(stdout, &r);
	} else {
		bench_print_table(stdout, &r);
	}
	if (plot && bench_plot(&r, (size_t)sel.plot_size, plot)) {
		fprintf(stderr, "rpmsg bench: gnuplot could not draw %s\n",
			plot);
		rc = 1;
	}
	if (!r.suite && (cg_failed || fp_failed))
		rc = 1;
	for (i = 0; i < r.n_lat; i++)
		if (r.lat[i].err)
			rc = 1;
	for (i = 0; i < r.n_tput; i++)
		if (r.tput[i].err)
			rc = 1;
	results_free(&r);
	return rc ? 1 : 0;

usage:
	fputs(bench_help, stderr);
	return 2;
}
