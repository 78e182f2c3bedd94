/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One message from a peer to our side (over the peer_sim region), with
 * one byte of it changed at a point flip_trace.h chooses; the outcome as
 * our side shows it. Shared by test_double_fetch and fuzz_double_fetch.
 */
#ifndef RPMSG_TEST_DOUBLE_FETCH_H
#define RPMSG_TEST_DOUBLE_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

/* Where the changed byte lies. */
enum df_area {
	DF_BUF,		/* the message buffer: header, then payload */
	DF_DESC,	/* its descriptor (addr 0-7, len 8-11, flags 12-13) */
	DF_AVAIL_IDX,	/* vq 1's avail index (2 bytes) */
	DF_AVAIL_ENTRY, /* its avail entry (2 bytes) */
	DF_USED_IDX,	/* our host: vq 0's used index (2 bytes) */
	DF_USED_ENTRY,	/* our host: its used entry (id 0-3, len 4-7) */
};

/**
 * struct df_case - a message and the byte the peer changes
 * @what: name, for the report
 * @host: our side is the host (the peer a remote, sending on vq 0);
 *        else our side is the remote (the peer a host, sending on vq 1)
 * @ns: a name-service announcement (else 8 bytes to our endpoint)
 * @area: where the byte is
 * @off: its offset in @area
 * @after: its value once changed
 */
struct df_case {
	const char *what;
	bool host;
	bool ns;
	enum df_area area;
	unsigned int off;
	uint8_t after;
};

#define DF_MAX_MSGS 2

/* What our side made of it. */
struct df_outcome {
	int rc;
	unsigned int ns_events;
	char ns_name[RPMSG_NAME_SIZE];
	uint32_t ns_addr, ns_flags;
	int channels;
	char ch_name[RPMSG_NAME_SIZE];
	uint32_t ch_dst;
	unsigned int msgs;
	uint32_t msg_src[DF_MAX_MSGS];
	uint32_t msg_len[DF_MAX_MSGS];
	uint32_t msg_hash[DF_MAX_MSGS];
	struct rpmsg_stats st;
	uint16_t used_idx;
	uint32_t used_id[DF_MAX_MSGS], used_len[DF_MAX_MSGS];
};

/* df_run()'s @flip_at for "changed before our side runs", and for
 * "changed after it ran, then a second doorbell" (the avail index is a
 * live value (so is the used index): our side reads it again to see what the host published
 * since, and that is not a double fetch). */
#define DF_FLIP_FIRST (~0ul)
#define DF_FLIP_BETWEEN (~0ul - 1u)

/* Bytes of each area a case may name (DF_BUF: header and NS message). */
unsigned int df_area_size(enum df_area area);

/*
 * Run @c with the byte changed before the @flip_at-th access that can read
 * it (0: never; or DF_FLIP_FIRST, DF_FLIP_BETWEEN), fill @out (its rc:
 * of the last doorbell).
 * Return: 0, or -1 if the fixture could not be set up.
 */
int df_run(const struct df_case *c, unsigned long flip_at,
	   struct df_outcome *out);
/* Accesses that could read the byte during the last df_run(). */
unsigned long df_last_count(void);

bool df_same(const struct df_outcome *a, const struct df_outcome *b);
void df_print(const char *label, const struct df_outcome *o);

extern const struct df_case df_cases[];
extern const unsigned int df_ncases;

#endif /* RPMSG_TEST_DOUBLE_FETCH_H */
