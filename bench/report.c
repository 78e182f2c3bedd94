// SPDX-License-Identifier: BSD-3-Clause
/*
 * What rpmsg bench prints: a table for people, one JSON object for tools
 * (--json), a latency CDF through gnuplot (--plot), and the host
 * footprint through scripts/footprint.sh (--footprint).
 *
 * Ratios: each round trip's p50 over the p50 of the cache-line
 * ping-pong (the floor of polling) and of the doorbell ping-pong (the
 * floor of sleeping); each throughput in MB/s over single-core memcpy of
 * a block larger than the caches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0;
}

static double mbps(const struct bench_tput_row *t)
{
	return t->secs > 0 ? (double)t->messages * (double)t->size /
				     t->secs / 1e6
			   : 0;
}

static double msgs(const struct bench_tput_row *t)
{
	return t->secs > 0 ? (double)t->messages / t->secs : 0;
}

static void print_summary_row(FILE *f, const char *name,
			      const struct bench_summary *s)
{
	fprintf(f, "  %-28s %8llu %8llu %8llu %8llu %9llu\n", name,
		(unsigned long long)s->min, (unsigned long long)s->p50,
		(unsigned long long)s->p99, (unsigned long long)s->p999,
		(unsigned long long)s->max);
}

void bench_print_table(FILE *f, const struct bench_results *r)
{
	const struct bench_instr *in = &r->instr;
	char name[64];
	size_t i;

	if (!r->suite) {
		fprintf(f, "rpmsg bench: %u CPUs (%s)\n", r->cpus,
			r->cpu_model);
		goto counts;
	}
	fprintf(f, "rpmsg bench: %u CPUs (%s); %zu round trips, %zu messages "
		   "per throughput run; spin %llu ns\n\n",
		r->cpus, r->cpu_model, r->count, r->messages,
		(unsigned long long)r->spin_ns);
	fprintf(f, "Floors (two processes)          min      p50      p99    "
		   "p99.9       max  ns\n");
	print_summary_row(f, "cache-line ping-pong", &r->cacheline);
	print_summary_row(f, "eventfd ping-pong", &r->doorbell);
	fprintf(f, "  memcpy, one core, 64 MiB blocks: %.0f MB/s\n\n",
		r->memcpy_mbps);

	fprintf(f, "Round trip (ns)          size      min      p50      p99    "
		   "p99.9       max  x line  x bell\n");
	for (i = 0; i < r->n_lat; i++) {
		const struct bench_lat_row *l = &r->lat[i];

		snprintf(name, sizeof(name), "%s %s", l->transport,
			 bench_mode_names[l->mode]);
		if (l->err) {
			fprintf(f, "  %-20s %6zu  failed: %s\n", name, l->size,
				strerror(-l->err));
			continue;
		}
		fprintf(f, "  %-20s %6zu %8llu %8llu %8llu %8llu %9llu %7.2f %7.2f\n",
			name, l->size, (unsigned long long)l->s.min,
			(unsigned long long)l->s.p50,
			(unsigned long long)l->s.p99,
			(unsigned long long)l->s.p999,
			(unsigned long long)l->s.max,
			ratio(l->s.p50, r->cacheline.p50),
			ratio(l->s.p50, r->doorbell.p50));
	}
	fprintf(f, "\nOne-way throughput       size    msgs/s       MB/s  x memcpy\n");
	for (i = 0; i < r->n_tput; i++) {
		const struct bench_tput_row *t = &r->tput[i];

		snprintf(name, sizeof(name), "%s %s", t->transport,
			 bench_mode_names[t->mode]);
		if (t->err) {
			fprintf(f, "  %-20s %6zu  failed: %s\n", name, t->size,
				strerror(-t->err));
			continue;
		}
		fprintf(f, "  %-20s %6zu %9.0f %10.1f %9.3f\n", name, t->size,
			msgs(t), mbps(t),
			r->memcpy_mbps > 0 ? mbps(t) / r->memcpy_mbps : 0);
	}
counts:
	if (in->valid) {
		fprintf(f, "\nInstructions per message (callgrind, empty payload, "
			   "%lu vs %lu messages)\n",
			in->n, 2 * in->n);
		fprintf(f, "  host -> remote: host send %.1f, remote receive %.1f\n",
			in->host_tx, in->remote_rx);
		fprintf(f, "  remote -> host: remote send %.1f, host receive %.1f\n",
			in->remote_tx, in->host_rx);
		fprintf(f, "  memcpy inside those: %.1f\n", in->copy);
	}
	if (r->footprint.valid) {
		static const char *const roles[3] = { "both roles", "remote only",
						      "host only" };

		fprintf(f, "\nCore footprint, x86-64 -Os (scripts/footprint.sh)"
			   "    .text   .data    .bss\n");
		for (i = 0; i < 3; i++)
			fprintf(f, "  %-49s %7lu %7lu %7lu\n", roles[i],
				r->footprint.size[i][0],
				r->footprint.size[i][1],
				r->footprint.size[i][2]);
	}
}

static void json_summary(FILE *f, const struct bench_summary *s)
{
	fprintf(f, "{\"count\": %llu, \"min_ns\": %llu, \"p50_ns\": %llu, "
		   "\"p99_ns\": %llu, \"p999_ns\": %llu, \"max_ns\": %llu}",
		(unsigned long long)s->count, (unsigned long long)s->min,
		(unsigned long long)s->p50, (unsigned long long)s->p99,
		(unsigned long long)s->p999, (unsigned long long)s->max);
}

/* The CPU model may hold anything; keep printable ASCII only. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++)
		if (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			fputc(*s, f);
	fputc('"', f);
}

void bench_print_json(FILE *f, const struct bench_results *r)
{
	size_t i;

	fprintf(f, "{\n  \"machine\": {\"cpus\": %u, \"cpu\": ", r->cpus);
	json_string(f, r->cpu_model);
	fprintf(f, "}");
	/* --callgrind or --footprint alone: only those sections. */
	if (!r->suite)
		goto counts;
	fprintf(f, ",\n  \"config\": {\"round_trips\": %zu, \"messages\": %zu, "
		   "\"spin_ns\": %llu},\n",
		r->count, r->messages, (unsigned long long)r->spin_ns);
	fprintf(f, "  \"floors\": {\n    \"cacheline_round_trip\": ");
	json_summary(f, &r->cacheline);
	fprintf(f, ",\n    \"doorbell_round_trip\": ");
	json_summary(f, &r->doorbell);
	fprintf(f, ",\n    \"memcpy_MBps\": %.1f\n  },\n  \"latency\": [",
		r->memcpy_mbps);
	for (i = 0; i < r->n_lat; i++) {
		const struct bench_lat_row *l = &r->lat[i];

		fprintf(f, "%s\n    {\"transport\": \"%s\", \"mode\": \"%s\", "
			   "\"size\": %zu, ",
			i ? "," : "", l->transport, bench_mode_names[l->mode],
			l->size);
		if (l->err) {
			fprintf(f, "\"error\": %d}", l->err);
			continue;
		}
		fprintf(f, "\"round_trip\": ");
		json_summary(f, &l->s);
		fprintf(f, ", \"p50_x_cacheline\": %.3f, \"p50_x_doorbell\": %.3f}",
			ratio(l->s.p50, r->cacheline.p50),
			ratio(l->s.p50, r->doorbell.p50));
	}
	fprintf(f, "\n  ],\n  \"throughput\": [");
	for (i = 0; i < r->n_tput; i++) {
		const struct bench_tput_row *t = &r->tput[i];

		fprintf(f, "%s\n    {\"transport\": \"%s\", \"mode\": \"%s\", "
			   "\"size\": %zu, ",
			i ? "," : "", t->transport, bench_mode_names[t->mode],
			t->size);
		if (t->err) {
			fprintf(f, "\"error\": %d}", t->err);
			continue;
		}
		fprintf(f, "\"messages\": %zu, \"seconds\": %.6f, "
			   "\"msgs_per_s\": %.6g, \"MBps\": %.6g, "
			   "\"x_memcpy\": %.4g}",
			t->messages, t->secs, msgs(t), mbps(t),
			r->memcpy_mbps > 0 ? mbps(t) / r->memcpy_mbps : 0);
	}
	fprintf(f, "\n  ]");
counts:
	if (r->instr.valid)
		fprintf(f, ",\n  \"instructions_per_message\": {\"host_send\": %.1f, "
			   "\"remote_receive\": %.1f, \"remote_send\": %.1f, "
			   "\"host_receive\": %.1f, \"memcpy\": %.1f, "
			   "\"messages\": %lu}",
			r->instr.host_tx, r->instr.remote_rx,
			r->instr.remote_tx, r->instr.host_rx, r->instr.copy,
			r->instr.n);
	if (r->footprint.valid) {
		static const char *const roles[3] = { "both", "remote",
						      "host" };

		fprintf(f, ",\n  \"footprint_x86_64_Os\": {");
		for (i = 0; i < 3; i++)
			fprintf(f, "%s\"%s\": {\"text\": %lu, \"data\": %lu, "
				   "\"bss\": %lu}",
				i ? ", " : "", roles[i],
				r->footprint.size[i][0],
				r->footprint.size[i][1],
				r->footprint.size[i][2]);
		fprintf(f, "}");
	}
	fprintf(f, "\n}\n");
}

/* One CDF series: at most ~400 points of sorted samples. */
static void plot_series(FILE *f, const uint64_t *s, size_t n)
{
	size_t i, step = n / 400 + 1;

	for (i = 0; i < n; i += step)
		fprintf(f, "%llu %.6f\n", (unsigned long long)s[i],
			(double)(i + 1) / (double)n);
	fprintf(f, "%llu 1\n\n\n", (unsigned long long)s[n - 1]);
}

int bench_plot(const struct bench_results *r, size_t size, const char *file)
{
	char data[64], script[64], title[64];
	size_t i, len = strlen(file), series = 0;
	FILE *d, *g;
	int rc;

	snprintf(data, sizeof(data), "/tmp/rpmsg-bench-%ld.dat", (long)getpid());
	snprintf(script, sizeof(script), "/tmp/rpmsg-bench-%ld.gp",
		 (long)getpid());
	d = fopen(data, "w");
	g = fopen(script, "w");
	if (!d || !g) {
		rc = -errno;
		goto out;
	}
	fprintf(g, "set terminal %s size 1000,600\n",
		len > 4 && !strcmp(file + len - 4, ".svg") ? "svg" : "pngcairo");
	fprintf(g, "set output '%s'\nset logscale x\nset key bottom right\n"
		   "set grid\nset xlabel 'round trip (ns)'\n"
		   "set ylabel 'fraction of round trips at or below'\n"
		   "set title 'rpmsg bench: round-trip latency, %zu-byte payload'\n"
		   "plot ",
		file, size);
	plot_series(d, r->cacheline_samples, r->cacheline.count);
	fprintf(g, "'%s' index 0 with lines dt 2 title 'floor: cache line'",
		data);
	plot_series(d, r->doorbell_samples, r->doorbell.count);
	fprintf(g, ", '%s' index 1 with lines dt 2 title 'floor: eventfd'",
		data);
	series = 2;
	for (i = 0; i < r->n_lat; i++) {
		const struct bench_lat_row *l = &r->lat[i];

		if (l->size != size || l->err || !l->samples)
			continue;
		plot_series(d, l->samples, l->s.count);
		snprintf(title, sizeof(title), "%s %s", l->transport,
			 bench_mode_names[l->mode]);
		fprintf(g, ", '%s' index %zu with lines lw 2 title '%s'", data,
			series++, title);
	}
	fprintf(g, "\n");
	fclose(d);
	fclose(g);
	d = g = NULL;
	{
		char cmd[200];

		snprintf(cmd, sizeof(cmd), "gnuplot '%s'", script);
		rc = system(cmd) == 0 ? 0 : -EIO;
	}
out:
	if (d)
		fclose(d);
	if (g)
		fclose(g);
	unlink(data);
	unlink(script);
	return rc;
}

int bench_footprint(const char *srcdir, struct bench_footprint *out)
{
	static const char *const roles[3] = { "both", "remote", "host" };
	char dir[64], cmd[512], path[128], obj[256];
	unsigned long t, d, b;
	FILE *f;
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "/tmp/rpmsg-bench-fp-%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd),
		 "ONLY=x86-64 OUT='%s' MD='%s/FOOTPRINT.md' sh '%s/scripts/footprint.sh' "
		 ">/dev/null 2>&1",
		 dir, dir, srcdir);
	if (system(cmd) != 0)
		return -EIO;
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/x86-64-%s.sizes", dir,
			 roles[i]);
		f = fopen(path, "r");
		if (!f)
			return -ENOENT;
		while (fscanf(f, "%255s %lu %lu %lu", obj, &t, &d, &b) == 4) {
			out->size[i][0] += t;
			out->size[i][1] += d;
			out->size[i][2] += b;
		}
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -EIO;
	out->valid = true;
	return 0;
}
