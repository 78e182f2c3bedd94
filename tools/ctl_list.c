// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the control socket answers to "ls": a device's channels,
 * endpoints and counters as a table or as one JSON object. Names come
 * from the peer: both forms escape every byte that is not printable
 * ASCII, so that a name cannot drive the reader's terminal.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "tool.h"

#define CTL_MAX_EPTS 64

/* A count from rpmsg_list_*() as entries copied out. */
static int clamp(int n, int max)
{
	return n < 0 ? 0 : n > max ? max : n;
}

static void json_addr(FILE *f, const char *key, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%u", key, (unsigned)addr);
}

/* What "ls" shows of a device, in either format. */
struct listing {
	struct rpmsg_channel_info ch[RPMSG_CFG_MAX_CHANNELS];
	struct rpmsg_ept_info ep[CTL_MAX_EPTS];
	struct rpmsg_stats st;
	int nch;
	int nep;
};

static void gather(struct listing *l, struct rpmsg_device *dev)
{
	memset(l, 0, sizeof(*l));
	if (!dev)
		return;
	l->nch = clamp(rpmsg_list_channels(dev, l->ch, RPMSG_CFG_MAX_CHANNELS),
		       RPMSG_CFG_MAX_CHANNELS);
	l->nep = clamp(rpmsg_list_endpoints(dev, l->ep, CTL_MAX_EPTS),
		       CTL_MAX_EPTS);
	rpmsg_get_stats(dev, &l->st);
}

static void list_json(FILE *f, struct rpmsg_device *dev, const char *name,
		      const char *side)
{
	struct listing l;
	int i;

	gather(&l, dev);
	fprintf(f, "{\"name\":");
	print_json_str(f, name);
	fprintf(f, ",\"side\":\"%s\",\"up\":%s,\"channels\":[", side,
		dev ? "true" : "false");
	for (i = 0; i < l.nch; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		print_json_str(f, l.ch[i].name);
		json_addr(f, "src", l.ch[i].src);
		json_addr(f, "dst", l.ch[i].dst);
		fprintf(f, ",\"announce\":%s,\"driver\":",
			l.ch[i].announce ? "true" : "false");
		if (l.ch[i].driver[0])
			print_json_str(f, l.ch[i].driver);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs("],\"endpoints\":[", f);
	for (i = 0; i < l.nep; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		print_json_str(f, l.ep[i].name);
		json_addr(f, "addr", l.ep[i].addr);
		json_addr(f, "dst", l.ep[i].dst);
		fprintf(f, ",\"channel\":%s}",
			l.ep[i].is_channel_default ? "true" : "false");
	}
	fprintf(f, "],\"stats\":{\"rx\":%u,\"tx\":%u,\"dropped\":%u,"
		"\"bad\":%u},\"totals\":{\"hosts\":%u,\"rx\":%u,\"tx\":%u}}\n",
		(unsigned)l.st.rx, (unsigned)l.st.tx, (unsigned)l.st.dropped,
		(unsigned)l.st.bad, atomic_load(&tool_totals.hosts),
		atomic_load(&tool_totals.rx), atomic_load(&tool_totals.tx));
}

static void addr_str(char *buf, size_t size, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "0x%x", (unsigned)addr);
}

/* A name of at most RPMSG_NAME_SIZE bytes, escaped: 4 bytes per byte. */
#define ESC_NAME_SIZE (4u * RPMSG_NAME_SIZE + 1u)

static void list_text(FILE *f, struct rpmsg_device *dev, const char *name,
		      const char *side)
{
	char a[16], b[16], n[ESC_NAME_SIZE], d[ESC_NAME_SIZE];
	struct listing l;
	int i;

	gather(&l, dev);
	text_escape(n, sizeof(n), name, strlen(name));
	fprintf(f, "%s (%s)%s\n", n, side, dev ? "" : ": no link");
	fprintf(f, "%-32s %-10s %-10s %-8s %s\n", "CHANNEL", "SRC", "DST",
		"ANNOUNCE", "DRIVER");
	for (i = 0; i < l.nch; i++) {
		addr_str(a, sizeof(a), l.ch[i].src);
		addr_str(b, sizeof(b), l.ch[i].dst);
		text_escape(n, sizeof(n), l.ch[i].name,
			    strnlen(l.ch[i].name, sizeof(l.ch[i].name)));
		text_escape(d, sizeof(d), l.ch[i].driver,
			    strnlen(l.ch[i].driver, sizeof(l.ch[i].driver)));
		fprintf(f, "%-32s %-10s %-10s %-8s %s\n", n, a, b,
			l.ch[i].announce ? "yes" : "no", d[0] ? d : "-");
	}
	fprintf(f, "%-32s %-10s %-10s %s\n", "ENDPOINT", "ADDR", "DST",
		"DEFAULT");
	for (i = 0; i < l.nep; i++) {
		addr_str(a, sizeof(a), l.ep[i].addr);
		addr_str(b, sizeof(b), l.ep[i].dst);
		text_escape(n, sizeof(n), l.ep[i].name,
			    strnlen(l.ep[i].name, sizeof(l.ep[i].name)));
		fprintf(f, "%-32s %-10s %-10s %s\n", n[0] ? n : "-", a, b,
			l.ep[i].is_channel_default ? "yes" : "no");
	}
	fprintf(f, "rx %u tx %u dropped %u bad %u\n", (unsigned)l.st.rx,
		(unsigned)l.st.tx, (unsigned)l.st.dropped, (unsigned)l.st.bad);
	fprintf(f, "since start: hosts %u rx %u tx %u\n",
		atomic_load(&tool_totals.hosts), atomic_load(&tool_totals.rx),
		atomic_load(&tool_totals.tx));
}

void ctl_list(FILE *f, struct rpmsg_device *dev, const char *name,
	      const char *side, bool json)
{
	if (json)
		list_json(f, dev, name, side);
	else
		list_text(f, dev, name, side);
}
