// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg trace: subscribe to a running side's messages over its control
 * socket; print them and maybe write a pcap file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "ctl.h"

#define LINKTYPE_USER0 147u

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4); /* pcap records are in the writer's byte order */
}

static void pcap_header(FILE *f)
{
	unsigned char h[24];
	uint16_t v[2] = { 2, 4 };

	put32(h, 0xa1b2c3d4u);
	memcpy(h + 4, v, sizeof(v));
	put32(h + 8, 0);
	put32(h + 12, 0);
	put32(h + 16, CTL_PKT_MAX);
	put32(h + 20, LINKTYPE_USER0);
	fwrite(h, 1, sizeof(h), f);
}

/* Record: pcap header, then direction (0 rx, 1 tx), 3 zero bytes, src,
 * dst, len (little endian), then the payload. */
static void pcap_record(FILE *f, const struct ctl_event *ev,
			const unsigned char *data)
{
	unsigned char h[16], p[16];
	uint32_t caplen = 16u + ev->len;
	int i;

	put32(h, (uint32_t)(ev->time_ns / 1000000000u));
	put32(h + 4, (uint32_t)(ev->time_ns % 1000000000u / 1000u));
	put32(h + 8, caplen);
	put32(h + 12, caplen);
	memset(p, 0, sizeof(p));
	p[0] = (unsigned char)ev->dir;
	for (i = 0; i < 4; i++) {
		p[4 + i] = (unsigned char)(ev->src >> (8 * i));
		p[8 + i] = (unsigned char)(ev->dst >> (8 * i));
		p[12 + i] = (unsigned char)(ev->len >> (8 * i));
	}
	fwrite(h, 1, sizeof(h), f);
	fwrite(p, 1, sizeof(p), f);
	fwrite(data, 1, ev->len, f);
	fflush(f);
}

static void print_event(const struct ctl_event *ev,
			const unsigned char *data)
{
	time_t sec = (time_t)(ev->time_ns / 1000000000u);
	char ts[16];
	struct tm tm;
	uint32_t i, j;

	localtime_r(&sec, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	printf("%s.%06u %s 0x%x -> 0x%x len %u\n", ts,
	       (unsigned)(ev->time_ns % 1000000000u / 1000u),
	       ev->dir == CTL_TX ? "tx" : "rx", (unsigned)ev->src,
	       (unsigned)ev->dst, (unsigned)ev->len);
	for (i = 0; i < ev->len; i += 16) {
		printf("  %04x ", (unsigned)i);
		for (j = i; j < i + 16; j++) {
			if (j < ev->len)
				printf(" %02x", data[j]);
			else
				printf("   ");
		}
		printf("  |");
		for (j = i; j < i + 16 && j < ev->len; j++)
			putchar(data[j] >= 0x20 && data[j] < 0x7f ? data[j]
								  : '.');
		printf("|\n");
	}
	fflush(stdout);
}

int cmd_trace(const char *name, const char *side, const char *pcap,
	      uint32_t count)
{
	struct ctl_event ev;
	unsigned char *buf;
	FILE *pf = NULL;
	uint32_t seen = 0;
	ssize_t n;
	int fd, rc = 0;

	buf = malloc(CTL_PKT_MAX);
	if (!buf)
		return 1;
	fd = ctl_request("trace", name, &side, "trace", buf, &n);
	if (fd < 0) {
		free(buf);
		return 1;
	}
	if (n != 2 || memcmp(buf, "ok", 2)) {
		fprintf(stderr, "rpmsg trace: %s side of %s refused (%.*s)\n",
			side, name, n > 0 ? (int)n : 0, (const char *)buf);
		rc = 1;
		goto out;
	}
	if (pcap) {
		pf = fopen(pcap, "wb");
		if (!pf) {
			fprintf(stderr, "rpmsg trace: %s: %s\n", pcap,
				strerror(errno));
			rc = 1;
			goto out;
		}
		pcap_header(pf);
		fflush(pf);
	}
	fprintf(stderr, "rpmsg trace: tracing %s (%s)\n", name, side);
	while (!count || seen < count) {
		n = recv(fd, buf, CTL_PKT_MAX, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n < sizeof(ev))
			continue;
		memcpy(&ev, buf, sizeof(ev));
		if (ev.len > (size_t)n - sizeof(ev))
			ev.len = (uint32_t)((size_t)n - sizeof(ev));
		print_event(&ev, buf + sizeof(ev));
		if (pf)
			pcap_record(pf, &ev, buf + sizeof(ev));
		seen++;
		atomic_fetch_add(&tool_totals.traced, 1u);
	}
	if (count && seen < count) {
		fprintf(stderr, "rpmsg trace: %s side of %s went away\n", side,
			name);
		rc = 1;
	}
out:
	if (pf && fclose(pf))
		rc = 1;
	free(buf);
	close(fd);
	return rc;
}
