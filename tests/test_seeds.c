// SPDX-License-Identifier: BSD-3-Clause
/*
 * The fuzzers' generated seeds (fuzz/make_seeds.py) parse as docs/SPEC.md
 * says: each seed of OUTDIR/seeds.tsv marked "accept" is accepted by the
 * parser it targets, "refuse" is refused, "drop" is accepted with no
 * recipient; "-" (ring or socket sequences, no single verdict) is only
 * counted.
 *
 *   rpmsg_rx: fed to a host's rx ring as fuzz_rpmsg_rx does (rx_feed.h);
 *     verdict from the counters (SPEC §2, §7), a created channel must be
 *     found and one destroyed gone.
 *   rsc_table: a region size word, then the table, to
 *     rpmsg_shm_parse_rsc_table() (SPEC §8), as fuzz_rsc_table does.
 *
 * Usage: test_seeds OUTDIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

#include "rx_feed.h"

/* Counts what the endpoint receives (@priv), ignores the channels'. */
static int count(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	unsigned int *n = priv;

	(void)ept;
	(void)data;
	(void)src;
	if (n && len)
		(*n)++;
	return 0;
}

/* The rx seed's verdict: "accept", "refuse", "drop", or NULL (failed). */
static const char *rpmsg_rx(const uint8_t *data, size_t size, int *chan,
			    unsigned int *delivered)
{
	const char *verdict = NULL;
	struct rpmsg_stats st;
	struct rx_feed f;

	if (rx_feed_open(&f, count, delivered))
		return NULL;
	if (rx_feed_run(&f, data, size) &&
	    !rpmsg_get_stats(&f.host->bus, &st)) {
		*chan = rpmsg_find_channel(&f.host->bus, "fuzz", 1025) != NULL;
		if (st.bad)
			verdict = "refuse";
		else if (st.dropped)
			verdict = "drop";
		else if (st.rx)
			verdict = "accept";
	}
	rx_feed_close(&f);
	return verdict;
}

static const char *rsc_table(const uint8_t *data, size_t size)
{
	struct rpmsg_shm_vdev_info info;
	uint32_t region;
	uint8_t *table;
	int rc;

	if (size < 4)
		return NULL;
	region = data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		 (uint32_t)data[3] << 24;
	/* A buffer of exactly the table's length. */
	table = malloc(size - 4 ? size - 4 : 1);
	if (!table)
		return NULL;
	memcpy(table, data + 4, size - 4);
	rc = rpmsg_shm_parse_rsc_table(table, size - 4, region, &info);
	free(table);
	return rc ? "refuse" : "accept";
}

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t data[8192];
	char line[512], target[64], name[256], expect[16], section[32];
	char path[1024];
	unsigned int checked = 0, listed = 0, bad = 0;
	FILE *tsv;

	if (argc != 2) {
		fprintf(stderr, "usage: test_seeds OUTDIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/seeds.tsv", argv[1]);
	tsv = fopen(path, "r");
	if (!tsv) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), tsv)) {
		const char *got = NULL;
		size_t size;
		unsigned int delivered = 0;
		int chan = 0;

		if (sscanf(line, "%63s %255s %15s %31s", target, name, expect,
			   section) != 4) {
			fprintf(stderr, "seeds.tsv: bad line: %s", line);
			bad++;
			continue;
		}
		listed++;
		snprintf(path, sizeof(path), "%s/%s/%s", argv[1], target, name);
		size = slurp(path, data, sizeof(data));
		if (!size) {
			fprintf(stderr, "%s: missing or empty\n", path);
			bad++;
			continue;
		}
		if (!strcmp(expect, "-"))
			continue;
		if (!strcmp(target, "rpmsg_rx"))
			got = rpmsg_rx(data, size, &chan, &delivered);
		else if (!strcmp(target, "rsc_table"))
			got = rsc_table(data, size);
		else
			fprintf(stderr, "%s: no parser for %s\n", name, target);
		checked++;
		if (!got || strcmp(got, expect)) {
			fprintf(stderr, "%s/%s (SPEC %s): %s, expected %s\n",
				target, name, section, got ? got : "failed",
				expect);
			bad++;
		} else if (!strcmp(target, "rpmsg_rx") &&
			   !strncmp(name, "message", 7) &&
			   delivered != !strcmp(expect, "accept")) {
			fprintf(stderr, "%s/%s: %u delivered to the endpoint\n",
				target, name, delivered);
			bad++;
		} else if (!strncmp(name, "ns_create", 9) &&
			   chan != !strcmp(name, "ns_create")) {
			fprintf(stderr, "%s/%s: channel %s\n", target, name,
				chan ? "left after its destroy" : "not created");
			bad++;
		}
	}
	fclose(tsv);
	printf("seeds: %u listed, %u checked against their parser, %u wrong\n",
	       listed, checked, bad);
	return bad || !checked ? 1 : 0;
}
