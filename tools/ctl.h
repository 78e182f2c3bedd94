/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control socket of a running side of the rpmsg tool (docs/SPEC.md,
 * "Control socket of the tool", version 1).
 *
 * Each running side listens on the abstract UNIX seqpacket socket
 * "@rpmsg-ctl-<name>-<side>". A client sends one request packet:
 *   "ls"     -> one packet: the listing as a table, then the socket closes
 *   "ls json"-> the same as one JSON object
 *   "trace"  -> one packet "ok", then one packet per message crossing the
 *               side: struct ctl_event followed by the payload
 */
#ifndef RPMSG_TOOL_CTL_H
#define RPMSG_TOOL_CTL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#include <rpmsg/rpmsg.h>

#define CTL_RX 0u
#define CTL_TX 1u
#define CTL_PKT_MAX 65536u

struct ctl_event {
	uint64_t time_ns; /* CLOCK_REALTIME */
	uint32_t dir;	  /* CTL_RX or CTL_TX */
	uint32_t src;
	uint32_t dst;
	uint32_t len;	  /* payload bytes that follow */
};

/* Serve the control socket of side @side of link @name from a thread. */
int ctl_serve(const char *name, const char *side);
/* The device listed by "ls" (NULL: none at the moment). */
void ctl_set_dev(struct rpmsg_device *dev);
/* ctl_list.c: the answer to "ls" about @dev (NULL: no link) of side
 * @side of link @name, as a table or (@json) one JSON object. */
void ctl_list(FILE *f, struct rpmsg_device *dev, const char *name,
	      const char *side, bool json);
/* Publish one message to trace subscribers. */
void ctl_trace(uint32_t dir, uint32_t src, uint32_t dst, const void *data,
	       size_t len);
/* Connect to a side's control socket. Return: fd or -errno. */
int ctl_connect(const char *name, const char *side);
/* Open a side's control socket (@side NULL: the remote if it runs, else
 * the host; *@side is set to the one found) and send @req; the
 * first answer packet goes to @buf (CTL_PKT_MAX bytes), its length to *@n
 * (-1: none). Return: the socket, which the caller closes, or -1 after
 * saying on stderr that no side runs (@cmd names the command). */
int ctl_request(const char *cmd, const char *name, const char **side,
		const char *req, void *buf, ssize_t *n);

/* What this process has done since it started, across every link it
 * made (a link's own counters start again with each host). */
struct tool_totals {
	atomic_uint hosts; /* hosts served (remote) */
	atomic_uint rx;	   /* messages received by the tool's endpoints */
	atomic_uint tx;	   /* messages sent by them */
	atomic_uint traced; /* messages rpmsg trace received */
};
extern struct tool_totals tool_totals;

/* Send through @ept to @dst, traced as tx. */
int tool_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		uint32_t dst);
/* Trace an inbound message of one of the tool's endpoints. */
void tool_trace_rx(struct rpmsg_endpoint *ept, const void *data, size_t len,
		   uint32_t src);

#endif /* RPMSG_TOOL_CTL_H */
