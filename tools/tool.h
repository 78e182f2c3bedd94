/* SPDX-License-Identifier: BSD-3-Clause */
/* What the files of the rpmsg tool share. */
#ifndef RPMSG_TOOL_H
#define RPMSG_TOOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_access.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_virtio.h>

#define EXIT_USAGE 2
#define ECHO_NAME "rpmsg-echo"
#define ECHO_ADDR 0x401u
#define RAW_NAME "rpmsg-raw"
#define RAW_ADDR 0x403u
#define SINK_NAME "rpmsg-sink"
#define SINK_ADDR 0x404u

/* State of the host-side client of one channel (one per process). */
struct client {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_endpoint *ept; /* set by probe */
	int received;
	bool finished;
	bool lost;
	int in_send; /* main-thread sends in progress */
	size_t last_len;
	unsigned char last[RPMSG_VIRTIO_DEFAULT_BUF_SIZE];
};

extern struct client client;
extern const char *prog_cmd; /* the command, for messages */

void abs_deadline(struct timespec *ts, unsigned int ms);
void client_remove(struct rpmsg_channel *ch);
int client_send(const void *data, size_t len);
int echo_client_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src);
int echo_client_probe(struct rpmsg_channel *ch);
extern const struct rpmsg_driver echo_client_driver;

struct tool_link;
void serve_ctl(const char *name, const char *side);
int host_connect(const char *name, const struct rpmsg_driver *drv,
		 uint32_t timeout_ms, struct tool_link *out);

/* The summary a serving command prints when it ends or is stopped. */
void print_totals(const char *why);

/* signals.c: take SIGINT/SIGTERM from here on (before any thread
 * starts): print_totals(), remove @socket_path (a backend's vhost-user
 * socket, or NULL), exit 0 if @serving (stopping is how the command
 * ends), else 128 + the signal. Return: 0 or -errno. */
int tool_signals_start(bool serving, const char *socket_path);

/* tool_link.c: the link of a command, shared memory or vhost-user. */
struct rpmsg_link;
struct tool_link {
	struct rpmsg_link *link;
};
extern const char *tool_vhost_user; /* --vhost-user PATH, or NULL */
extern uint32_t tool_peer;	    /* --peer: RPMSG_PEER_* flags */
/* Who besides our user and root may be a peer or use the control socket
 * (--allow-group GROUP). */
extern struct rpmsg_access tool_access;
int tool_remote_create(struct tool_link *l, const char *name);
int tool_host_create(struct tool_link *l, const char *name,
		     uint32_t timeout_ms);
struct rpmsg_device *tool_link_bus(struct tool_link *l);
int tool_link_start(struct tool_link *l, uint32_t timeout_ms);
bool tool_link_gone(struct tool_link *l);
int tool_link_wait_gone(struct tool_link *l, uint32_t timeout_ms);
void link_destroy(struct tool_link *l);
/* What a serving command does after its link's start returned @rc:
 * 0 serve; 1 a host connected but broke off its start-up (died, hung up,
 * broke the protocol): said so, destroy the link and wait for the next
 * host on a new one; -1 give up (said why: no host came up). */
int tool_start_outcome(const char *cmd, struct tool_link *l, int rc);
/* strerror(-@rc), followed by the device's reason for its last refusal
 * (rpmsg_device_why()) when it recorded one; valid until the next call
 * in the same thread. */
const char *tool_error(struct rpmsg_device *dev, int rc);
/* Milliseconds from now to @ts (CLOCK_REALTIME), 0 once passed. */
uint32_t ms_until(const struct timespec *ts);

/* cmd_remote.c */
extern const struct rpmsg_device_id echo_ids[];
extern const struct rpmsg_driver echo_driver;
int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len, void *priv,
	    uint32_t src);
/* A service a remote announces: its driver, name and fixed address. */
struct remote_service {
	const struct rpmsg_driver *drv;
	const char *name;
	uint32_t addr;
};
int run_remote(const char *name, const struct remote_service *svcs,
	       size_t n_svcs, uint32_t timeout_ms, bool once);
int run_echo_host(const char *name, uint32_t timeout_ms, unsigned int count,
		  long size);

/* svc_builtin.c */
extern const struct rpmsg_driver sink_driver;
extern const struct rpmsg_driver raw_driver;
int raw_start_stdin(void);

/* cmd_demo.c */
int run_demo(const char *name, uint32_t timeout_ms);

/* cmd_serve.c */
/* OUT_SRC: "0xSRC: " then the payload and a newline; OUT_LINE: the
 * payload and a newline; OUT_RAW: the payload only; OUT_HEX: the payload
 * in hex and a newline. */
enum out_mode { OUT_SRC, OUT_LINE, OUT_RAW, OUT_HEX, OUT_NONE };
struct serve_opts {
	bool echo;
	enum out_mode out;
	uint32_t destroy_after; /* destroy the channel after N messages */
	bool reannounce; /* then announce it again at once */
};
extern struct serve_opts serve_opts;
extern struct rpmsg_device_id user_ids[2]; /* the service of send/listen */
int run_serve(const char *cmd, const char *name, const char *service,
	      uint32_t addr, uint32_t timeout_ms, uint32_t count, bool once);

/* output.c. Copy @len bytes of @src to @dst (@size bytes, always terminated) with
 * every byte that is not printable ASCII, and the backslash, escaped
 * (\\xNN, \\\\), so that peer-chosen text cannot drive a terminal;
 * stops before an escape that would not fit. Return: bytes written. */
size_t text_escape(char *dst, size_t size, const void *src, size_t len);
/* @s as a JSON string on @f, quotes included: the quote and the backslash
 * escaped, every byte below 0x20 or above 0x7e as \u00NN (names are bytes,
 * not necessarily UTF-8), so that the document is valid JSON whatever the
 * peer sent. */
void print_json_str(FILE *f, const char *s);
/* Print a payload whole (OUT_SRC prints as OUT_LINE). */
void print_payload(FILE *f, const void *data, size_t len, enum out_mode out);
/* "WHAT: DONE of TOTAL" on standard error if it is a terminal (nothing
 * otherwise); DONE == TOTAL clears the line. */
void print_progress(const char *what, unsigned int done, unsigned int total);

/* cmd_send.c: @out, how the reply is printed (with @reply). */
int run_send(const char *name, const void *msg, size_t msg_len,
	     uint32_t timeout_ms, bool reply, enum out_mode out);
long read_stdin(unsigned char *buf, size_t max);

#endif /* RPMSG_TOOL_H */
