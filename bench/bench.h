/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg bench: the pieces of the benchmark harness.
 *
 *   stats.c              sample summaries (min, percentiles, max)
 *   floor.c              the floors: raw cache-line and doorbell ping-pong
 *                        between two processes, single-core memcpy
 *   remote.c             what the far side serves (echo, sink) and its loop
 *   transport_inproc.c   the in-process transport, remote in a thread
 *   transport_shm.c      the shared-memory transport, remote in a process
 *   transport_vhost_user.c  vhost-user, backend (remote) in a process
 *   run.c                round-trip latency and one-way throughput
 *   callgrind.c          instructions per message under callgrind
 *   report.c             table, JSON, gnuplot
 *   compare.c            --compare: new / old of two runs' JSON
 *
 * A transport is a struct bench_transport in bench_transports[]; adding
 * one is a file with its ops and a line in that table.
 */
#ifndef RPMSG_BENCH_H
#define RPMSG_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <rpmsg/rpmsg.h>

/* Fixed addresses: no name service is needed to find the far side. */
#define BENCH_ECHO_ADDR 0x500u
#define BENCH_SINK_ADDR 0x501u
#define BENCH_HOST_ADDR 0x600u
#define BENCH_MAX_PAYLOAD 496u

/* How each side waits for the other. */
enum bench_mode {
	BENCH_BLOCK, /* the transport's threads sleep until a doorbell */
	BENCH_POLL,  /* each side spins on its rings, no sleeping */
	BENCH_SPIN,  /* spin a while, then sleep until a doorbell */
	BENCH_MODES
};

extern const char *const bench_mode_names[BENCH_MODES];

struct bench_summary {
	uint64_t count;
	uint64_t min, p50, p99, p999, max;
};

/* stats.c */
uint64_t bench_now_ns(void);
/* Sorts @samples in place. Return: 0, or -EINVAL when @n is 0. */
int bench_summarize(uint64_t *samples, size_t n, struct bench_summary *out);

/* floor.c: each fills @samples[0..rounds) with round trips in ns. */
int bench_floor_cacheline(uint64_t *samples, size_t rounds);
int bench_floor_doorbell(uint64_t *samples, size_t rounds);
/* MB/s of single-core memcpy of a @block-byte block, @total bytes in
 * all. */
double bench_floor_memcpy(size_t block, size_t total);

/* remote.c: the far side. */
struct bench_remote {
	struct rpmsg_endpoint echo;
	struct rpmsg_endpoint sink;
	uint64_t sunk;
};
int bench_remote_bind(struct bench_remote *r, struct rpmsg_device *dev);
void bench_remote_unbind(struct bench_remote *r);
/* Fork a child running @remote(@name, @mode, @spin_ns); it never returns.
 * Return: the child's pid, or a negative errno. */
pid_t bench_spawn_remote(void (*remote)(const char *name,
					enum bench_mode mode, uint64_t spin_ns),
			 const char *name, enum bench_mode mode,
			 uint64_t spin_ns);
/* Wait for the child (after the host side has gone), killing it first
 * when @kill_it. */
void bench_reap_remote(pid_t pid, bool kill_it);

/* A link whose host side this process drives. */
struct bench_link;

/**
 * struct bench_transport - one transport under test
 * @name: as printed and in --transport
 * @modes: bit (1 << mode) for each supported mode
 * @open: bring up a link whose remote runs the echo and sink services
 *        in @mode (@spin_ns: how long BENCH_SPIN spins before sleeping)
 * @host: the host's bus
 * @service: loop modes: deliver what arrived for the host, no blocking;
 *           return messages delivered or a negative errno
 * @wait: BENCH_SPIN: sleep until a doorbell for the host (NULL if the
 *        transport has none); return 0 or a negative errno
 * @close: tear down, reap the remote
 */
struct bench_transport {
	const char *name;
	unsigned int modes;
	int (*open)(struct bench_link **out, enum bench_mode mode,
		    uint64_t spin_ns);
	struct rpmsg_device *(*host)(struct bench_link *l);
	int (*service)(struct bench_link *l);
	int (*wait)(struct bench_link *l);
	void (*close)(struct bench_link *l);
};

extern const struct bench_transport bench_inproc;
extern const struct bench_transport bench_shm;
extern const struct bench_transport bench_vhost_user;
extern const struct bench_transport *const bench_transports[];
extern const size_t bench_n_transports;

/* run.c */
struct bench_run {
	const struct bench_transport *t;
	enum bench_mode mode;
	uint64_t spin_ns;
	size_t size;
};
/* @samples: @count round-trip times in ns. */
int bench_roundtrip(const struct bench_run *run, uint64_t *samples,
		    size_t count);
/* One-way: @count messages host -> remote; seconds taken in *@secs. */
int bench_throughput(const struct bench_run *run, size_t count,
		     double *secs);

/* callgrind.c */
struct bench_instr {
	bool valid;
	double host_tx, remote_rx; /* host -> remote, per message */
	double remote_tx, host_rx; /* remote -> host, per message */
	double copy;		   /* of which memcpy, per message */
	unsigned long n;
};
/* Run @self under valgrind --tool=callgrind (see callgrind.c). */
int bench_callgrind(const char *self, unsigned long n, bool poll,
		    struct bench_instr *out);
/* The workload callgrind runs: @n messages each way, single thread. */
int bench_callgrind_workload(unsigned long n, bool poll);

/* report.c: what one run measured. */
struct bench_lat_row {
	const char *transport;
	enum bench_mode mode;
	size_t size;
	int err;
	struct bench_summary s;
	uint64_t *samples; /* sorted; kept for the plot, else NULL */
};

struct bench_tput_row {
	const char *transport;
	enum bench_mode mode;
	size_t size;
	int err;
	size_t messages;
	double secs;
};

struct bench_footprint {
	bool valid;
	/* .text, .data, .bss of the core: both roles, remote, host */
	unsigned long size[3][3];
};

struct bench_results {
	bool suite; /* floors, latency and throughput measured */
	unsigned int cpus;
	char cpu_model[128];
	size_t count, messages;
	uint64_t spin_ns;
	struct bench_summary cacheline, doorbell;
	uint64_t *cacheline_samples, *doorbell_samples;
	double memcpy_mbps;
	struct bench_lat_row *lat;
	size_t n_lat;
	struct bench_tput_row *tput;
	size_t n_tput;
	struct bench_instr instr;
	struct bench_footprint footprint;
};

void bench_print_table(FILE *f, const struct bench_results *r);
void bench_print_json(FILE *f, const struct bench_results *r);
/* A CDF of the round trips of @size bytes into @file (.png or .svg). */
int bench_plot(const struct bench_results *r, size_t size, const char *file);
/* compare.c: print, per figure both runs have, new / old; the old run
 * from the JSON file @old_file, the new one from @new_file or, when it
 * is NULL, @now. Return: 0, or a negative errno (-EBADMSG: a file that
 * is not rpmsg bench JSON), said on standard error. */
int bench_compare(FILE *out, const char *old_file, const char *new_file,
		  const struct bench_results *now);
/* Run scripts/footprint.sh of @srcdir for the host only. */
int bench_footprint(const char *srcdir, struct bench_footprint *out);

#endif /* RPMSG_BENCH_H */
