// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg: command-line tool over the shared-memory transport: options
 * and dispatch. Each command lives in its own file.
 *
 *   main.c        options, help texts, dispatch
 *   cmd_demo.c    rpmsg demo: remote + host processes, the client sample
 *   cmd_remote.c  rpmsg remote / rpmsg host: the "rpmsg-echo" service
 *   cmd_serve.c   rpmsg listen / rpmsg echo: a remote announcing a service
 *   cmd_send.c    rpmsg send: one message from the host
 *   cmd_ls.c      rpmsg ls, cmd_trace.c rpmsg trace: control-socket clients
 *   cmd_bench.c   rpmsg bench (its own options; the harness is in bench/)
 *   ctl.c         the control socket every running side serves
 *   link.c        what the commands share (host client, attach)
 *
 * Exit codes: 0 success, 1 failure at run time (peer lost, echo wrong,
 * timeout), 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>
#include <rpmsg/rpmsg_version.h>
#include <rpmsg/rpmsg_vhost_user.h>

#include "cmd.h"
#include "tool.h"

/* --- command line -------------------------------------------------------- */

enum cmd_id {
	CMD_DEMO,
	CMD_REMOTE,
	CMD_HOST,
	CMD_LS,
	CMD_SEND,
	CMD_LISTEN,
	CMD_ECHO,
	CMD_TRACE,
	CMD_COUNT
};

static const char *const cmd_names[CMD_COUNT] = {
	"demo", "remote", "host", "ls", "send", "listen", "echo", "trace",
};

static void usage(FILE *f)
{
	fputs("usage: rpmsg <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  demo     run a remote and a host process: the client sample\n"
	      "  remote   serve \"" ECHO_NAME "\" over a shared-memory link\n"
	      "  host     attach to a remote and exercise \"" ECHO_NAME "\"\n"
	      "  ls       list the channels and endpoints of a running side\n"
	      "  trace    print the messages crossing a running side\n"
	      "  send     attach to a remote and send one message\n"
	      "  listen   be a remote announcing a service; print messages\n"
	      "  echo     be a remote announcing a service; echo messages\n"
	      "  bench    measure latency, throughput and their floors\n"
	      "  firmware  check a remote's ELF image as remoteproc loads it\n"
	      "  tty      lines through /dev/ttyRPMSGN, echoed and compared\n"
	      "  rproc    show or start/stop the kernel's remote processors\n"
	      "  channel  create or release a channel on the kernel's rpmsg bus\n"
	      "  (ls, send, listen, echo, bench --kernel: through the Linux\n"
	      "  kernel's rpmsg drivers; rpmsg ls --kernel --help)\n"
	      "  help     this text (--version: the version)\n"
	      "\n"
	      "Each command takes --help. Exit status: 0 success, 1 failure at\n"
	      "run time, 2 usage error. SIGINT (Ctrl-C) or SIGTERM stops a\n"
	      "command with a summary of what it sent and received: status 0\n"
	      "for one that serves until stopped (remote, listen and echo\n"
	      "without --count or --once, trace without --count), 128 + the\n"
	      "signal for one stopped before its work was done.\n"
	      "\n"
	      "Links and control sockets admit processes of the same user and\n"
	      "root only; every command but bench takes --allow-group GROUP to\n"
	      "admit a group as well (on both sides of a link).\n",
	      f);
}

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || v > 0xFFFFFFFFul)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* --allow-group: a group name or number. */
static int parse_group(const char *s, struct rpmsg_access *access)
{
	struct group *gr = getgrnam(s);
	uint32_t gid;

	if (gr)
		gid = (uint32_t)gr->gr_gid;
	else if (parse_u32(s, &gid))
		return -1;
	access->allow_group = true;
	access->gid = gid;
	return 0;
}

static const struct option long_opts[] = {
	{ "name", required_argument, NULL, 'n' },
	{ "timeout", required_argument, NULL, 't' },
	{ "count", required_argument, NULL, 'c' },
	{ "size", required_argument, NULL, 's' },
	{ "all-sizes", no_argument, NULL, 'a' },
	{ "once", no_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "service", required_argument, NULL, 'S' },
	{ "addr", required_argument, NULL, 'A' },
	{ "reply", no_argument, NULL, 'r' },
	{ "echo", no_argument, NULL, 'e' },
	{ "side", required_argument, NULL, 'd' },
	{ "pcap", required_argument, NULL, 'p' },
	{ "lines", no_argument, NULL, 'l' },
	{ "raw", no_argument, NULL, 'R' },
	{ "hex", no_argument, NULL, 'x' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stdio", no_argument, NULL, 'i' },
	{ "vhost-user", required_argument, NULL, 'V' },
	{ "destroy-after", required_argument, NULL, 'D' },
	{ "reannounce", no_argument, NULL, 'N' },
	{ "peer", required_argument, NULL, 'P' },
	{ "allow-group", required_argument, NULL, 'G' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options each command accepts (short letters of long_opts). */
static const char *const cmd_opts[CMD_COUNT] = {
	"tnG", "ntoiVPG", "ntcsaVPG", "ndjG", "nStrVPGRx", "nSAtcelRxqVDNoPG",
	"nSAtclRxqVDNoPG", "ndpcG",
};

#define ACCESS_HELP                                                          \
	"--allow-group GROUP: admit processes of GROUP (name or number) too;\n" \
	"by default the link and the control socket admit our user and root\n" \
	"only (SECURITY.md).\n"

#define PEER_HELP                                                            \
	"--peer linux|openamp|rpmsg-lite: the stack on the other side, for\n" \
	"its habits (docs/SPEC.md, \"Peers\"); default linux.\n"

static const char *const cmd_help[CMD_COUNT] = {
	"usage: rpmsg demo [--name N] [--timeout MS]\n"
	"Fork a remote announcing \"rpmsg-client-sample\" and a host running the\n"
	"client sample over a link (default name demo-PID); print every echo,\n"
	"\"goodbye!\" and a summary. Exit 0 when all 100 messages were echoed.\n"
	"MS: how long each side waits for the other (default 10000).\n"
	"Both processes serve rpmsg ls and rpmsg trace while they run.\n"
	ACCESS_HELP,
	"usage: rpmsg remote --name N [--timeout MS] [--once] [--stdio]\n"
	"       rpmsg remote --vhost-user PATH [--name N] [...]\n"
	"Create link N and serve to each host that attaches, until killed\n"
	"(--once: to one host, waiting at most MS, default 10000, for it and\n"
	"for it to leave):\n"
	"  \"" ECHO_NAME "\" at 0x401 sends every message back;\n"
	"  \"" SINK_NAME "\" at 0x404 drops every message;\n"
	"  \"" RAW_NAME "\" at 0x403 (--stdio) writes what arrives to stdout and\n"
	"  sends what stdin gives (one read per message) to the address that\n"
	"  last wrote to it.\n"
	"--vhost-user PATH: be a vhost-user backend listening at PATH (\"@x\":\n"
	"abstract) instead, a virtio device of ID 7 (rpmsg) for a VMM such as\n"
	"QEMU or User Mode Linux (virtio_uml.device=PATH:7), or for\n"
	"rpmsg host --vhost-user PATH. --name then only names the control\n"
	"socket (default vhost-user-PID).\n" PEER_HELP ACCESS_HELP,
	"usage: rpmsg host --name N [--timeout MS] [--count K]\n"
	"                  [--size BYTES | --all-sizes] [--vhost-user PATH]\n"
	"Attach to link N (retrying up to MS, default 10000, while no remote\n"
	"listens; each echo within MS too), send K\n"
	"messages (default 10, of BYTES bytes, default 16; --all-sizes walks\n"
	"0..496) to \"" ECHO_NAME "\" and check each echo. --vhost-user PATH:\n"
	"be a vhost-user frontend connecting to the backend at PATH instead.\n"
	PEER_HELP ACCESS_HELP,
	"usage: rpmsg ls --name N [--side host|remote] [--json]\n"
	"Ask a running side of link N (rpmsg demo, remote, host, listen or\n"
	"echo) for its channels (name, src, dst, announce, bound driver), its\n"
	"endpoints and its counters; print a table or (--json) one JSON object.\n"
	"Without --side: the remote if it runs, else the host. Does not attach\n"
	"to the link. JSON: {name, side, up (a link exists), channels: [{name,\n"
	"src, dst, announce, driver}], endpoints: [{name, addr, dst, channel}],\n"
	"stats: {rx, tx, dropped, bad} (this link's, since its host came),\n"
	"totals: {hosts, rx, tx} (since the side started)}; an address not\n"
	"yet known is null.\n"
	ACCESS_HELP,
	"usage: rpmsg send --name N --service S [--reply [--raw | --hex]]\n"
	"                  [--timeout MS] [MESSAGE]\n"
	"       (--vhost-user PATH instead of --name: as rpmsg host)\n"
	"Attach to link N as the host and send MESSAGE (one argument; without\n"
	"it: all of standard input, at most 496 bytes) to service S (--reply:\n"
	"then print the first message that comes back, every byte of it,\n"
	"followed by a newline; on a terminal, bytes that are not printable\n"
	"ASCII and the backslash as \\xNN and \\\\; --raw: its bytes only;\n"
	"--hex: in hex). Waits\n"
	"up to MS (default 10000) for the remote, then up to MS for S to be\n"
	"announced and the reply to come.\n"
	PEER_HELP ACCESS_HELP,
	"usage: rpmsg listen --name N --service S [--addr A] [--count K]\n"
	"                    [--echo] [--lines | --raw | --hex | --quiet]\n"
	"                    [--timeout MS] [--once]\n"
	"Create link N as the remote, announce S at address A (default\n"
	"0x402), print each message as \"0xSRC: PAYLOAD\" (--lines: the payload\n"
	"and a newline; --raw: the payload bytes only; --hex: the payload in\n"
	"hex; --quiet: nothing; on a terminal, PAYLOAD is escaped as with\n"
	"rpmsg send --reply) (--echo: send it back). Serve one host after\n"
	"another until stopped (Ctrl-C or SIGTERM: a summary, exit 0), or\n"
	"with --count until K messages arrived (within MS, default 10000),\n"
	"then exit once that host has left (waiting at most MS more);\n"
	"--once: exit when the first host leaves. Counts run across hosts.\n"
	"--vhost-user PATH: as rpmsg remote. --destroy-after K:\n"
	"destroy the channel (NS DESTROY to the host) once K messages came\n"
	"(--reannounce: then announce it again, once).\n"
	PEER_HELP ACCESS_HELP,
	"usage: rpmsg echo --name N [--service S] [--addr A] [--count K]\n"
	"                  [--lines | --raw | --hex] [--timeout MS] [--once]\n"
	"Create link N as the remote, announce S (default \"" ECHO_NAME "\") at\n"
	"address A (default 0x402) and send every message back to its sender,\n"
	"to one host after another, until killed, or until K messages were\n"
	"echoed and that host has left (--once: until the first host has\n"
	"left). Prints nothing unless --lines, --raw or\n"
	"--hex. --timeout MS: give up when no host comes, or the last one does\n"
	"not leave, within MS (default: wait forever). --vhost-user PATH: as\n"
	"rpmsg remote. --destroy-after K: destroy the channel (NS DESTROY to\n"
	"the host) once K messages were echoed (--reannounce: then announce\n"
	"it again, once, so that the host sees it go and come back).\n"
	PEER_HELP ACCESS_HELP,
	"usage: rpmsg trace --name N [--side host|remote] [--pcap FILE]\n"
	"                   [--count K]\n"
	"Print each message crossing a running side of link N: time,\n"
	"direction, src, dst, length and a hex dump. Only messages received\n"
	"by or sent from the tool's own endpoints are seen (not the name\n"
	"service). --pcap: also write them to FILE, link type USER0 (147),\n"
	"each record a 16-byte header (u8 direction 0 rx 1 tx, 3 zero bytes,\n"
	"u32 src, dst, len little endian) then the payload; Wireshark and\n"
	"tshark decode them with the rpmsg.lua dissector the tool installs.\n"
	"Exit after K\n"
	"messages, or when the side exits. \"rpmsg trace: tracing\" on\n"
	"standard error tells that it is subscribed; a reader too slow to\n"
	"keep up misses messages rather than slowing the link.\n"
	ACCESS_HELP,
};

int main(int argc, char **argv)
{
	unsigned char payload[RPMSG_VIRTIO_DEFAULT_BUF_SIZE];
	const char *cmd, *name = NULL, *msg = NULL, *side = NULL;
	const char *pcap = NULL, *service = NULL;
	uint32_t timeout_ms = 10000, count = 10, size = 16, addr = 0x402, v;
	bool once = false, stdio = false, all_sizes = false, json = false, reply = false;
	bool echo = false, count_set = false, timeout_set = false;
	enum out_mode out = OUT_SRC;
	char demo_name[RPMSG_SHM_NAME_MAX];
	size_t msg_len = 0;
	enum cmd_id which;
	long n;
	int opt, longidx = -1, rc = 0;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("rpmsg %s\n", rpmsg_version());
		return 0;
	}
	if (kernel_cmd_wanted(argc, argv))
		return cmd_kernel(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(cmd, "firmware"))
		return cmd_firmware(argc - 1, argv + 1);
	for (which = CMD_DEMO; which < CMD_COUNT; which++)
		if (!strcmp(cmd, cmd_names[which]))
			break;
	if (which == CMD_COUNT) {
		fprintf(stderr, "rpmsg: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	optind = 2;
	while ((longidx = -1, opt = getopt_long(argc, argv, "n:t:c:s:aohjS:A:red:p:lRxqiV:D:P:G:",
				  long_opts, &longidx)) != -1) {
		if (opt == 'h') {
			fputs(cmd_help[which], stdout);
			return 0;
		}
		if (opt == '?' || !strchr(cmd_opts[which], opt)) {
			if (opt != '?' && longidx >= 0)
				fprintf(stderr, "rpmsg %s: option '--%s' not accepted\n",
					cmd, long_opts[longidx].name);
			else if (opt != '?')
				fprintf(stderr, "rpmsg %s: option '-%c' not accepted\n",
					cmd, opt);
			fputs(cmd_help[which], stderr);
			return EXIT_USAGE;
		}
		/* "--name --service S": the value was forgotten. */
		if (optarg && !strncmp(optarg, "--", 2) && longidx >= 0) {
			fprintf(stderr, "rpmsg %s: option '--%s' needs a value, not '%s'\n",
				cmd, long_opts[longidx].name, optarg);
			return EXIT_USAGE;
		}
		switch (opt) {
		case 'n':
			name = optarg;
			break;
		case 't':
		case 'c':
		case 's':
		case 'A':
			if (parse_u32(optarg, &v)) {
				fprintf(stderr, "rpmsg %s: bad number '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			if (opt == 't') {
				timeout_ms = v;
				timeout_set = true;
			} else if (opt == 'c') {
				count = v;
				count_set = true;
			} else if (opt == 'A') {
				addr = v;
			} else {
				size = v;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'S':
			service = optarg;
			break;
		case 'r':
			reply = true;
			break;
		case 'e':
			echo = true;
			break;
		case 'a':
			all_sizes = true;
			break;
		case 'o':
			once = true;
			break;
		case 'd':
			side = optarg;
			break;
		case 'p':
			pcap = optarg;
			break;
		case 'l':
			out = OUT_LINE;
			break;
		case 'R':
			out = OUT_RAW;
			break;
		case 'x':
			out = OUT_HEX;
			break;
		case 'q':
			out = OUT_NONE;
			break;
		case 'i':
			stdio = true;
			break;
		case 'V':
			if (!*optarg || strlen(optarg) > RPMSG_VHOST_USER_PATH_MAX) {
				fprintf(stderr, "rpmsg %s: --vhost-user PATH of 1 to %d characters\n",
					cmd, RPMSG_VHOST_USER_PATH_MAX);
				return EXIT_USAGE;
			}
			tool_vhost_user = optarg;
			break;
		case 'P':
			if (rpmsg_peer_from_name(optarg, &tool_peer)) {
				fprintf(stderr, "rpmsg %s: --peer is linux, openamp or rpmsg-lite\n",
					cmd);
				return EXIT_USAGE;
			}
			break;
		case 'G':
			if (parse_group(optarg, &tool_access)) {
				fprintf(stderr, "rpmsg %s: no group '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'D':
			if (parse_u32(optarg, &v) || !v) {
				fprintf(stderr, "rpmsg %s: bad count '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			serve_opts.destroy_after = v;
			break;
		case 'N':
			serve_opts.reannounce = true;
			break;
		default:
			break;
		}
	}
	if (which == CMD_SEND && argc - optind > 1) {
		fprintf(stderr, "rpmsg send: one MESSAGE, not %d words: quote it (\"%s %s...\")\n",
			argc - optind, argv[optind], argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (which == CMD_SEND && optind + 1 == argc)
		msg = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "rpmsg %s: unexpected argument '%s'\n", cmd,
			argv[optind]);
		fputs(cmd_help[which], stderr);
		return EXIT_USAGE;
	}
	if (which == CMD_ECHO && !service)
		service = ECHO_NAME;
	if (which == CMD_SEND || which == CMD_LISTEN || which == CMD_ECHO) {
		if (!service || !*service ||
		    strlen(service) >= RPMSG_NAME_SIZE) {
			fprintf(stderr, "rpmsg %s: --service of 1 to %d characters is required\n",
				cmd, RPMSG_NAME_SIZE - 1);
			return EXIT_USAGE;
		}
		strcpy(user_ids[0].name, service);
	}
	if (side && strcmp(side, "host") && strcmp(side, "remote")) {
		fprintf(stderr, "rpmsg %s: --side is host or remote\n", cmd);
		return EXIT_USAGE;
	}
	if (msg) {
		msg_len = strlen(msg);
		if (msg_len > RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE) {
			fprintf(stderr, "rpmsg send: MESSAGE longer than %u bytes\n",
				RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE);
			return EXIT_USAGE;
		}
	}
	if (tool_vhost_user && !name) {
		/* The control socket (rpmsg ls) still needs a name. */
		snprintf(demo_name, sizeof(demo_name), "vhost-user-%ld",
			 (long)getpid());
		name = demo_name;
	}
	if (which != CMD_DEMO && !name) {
		fprintf(stderr, "rpmsg %s: --name is required\n", cmd);
		fputs(cmd_help[which], stderr);
		return EXIT_USAGE;
	}
	if (name && (!*name || strlen(name) >= RPMSG_SHM_NAME_MAX)) {
		fprintf(stderr, "rpmsg %s: --name of 1 to %d characters\n",
			cmd, RPMSG_SHM_NAME_MAX - 1);
		return EXIT_USAGE;
	}
	if (size > RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE) {
		fprintf(stderr, "rpmsg %s: --size at most %u\n", cmd,
			RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	prog_cmd = cmd;
	/* Long-running commands stop cleanly on SIGINT and SIGTERM; those
	 * that run until stopped exit 0 then. */
	if (which == CMD_REMOTE || which == CMD_LISTEN || which == CMD_ECHO)
		rc = tool_signals_start(!once && !count_set, tool_vhost_user);
	else if (which == CMD_TRACE)
		rc = tool_signals_start(!count_set, NULL);
	else if (which == CMD_HOST || which == CMD_SEND)
		rc = tool_signals_start(false, NULL);
	if (rc) {
		fprintf(stderr, "rpmsg %s: signals: %s\n", cmd, strerror(-rc));
		return 1;
	}
	serve_opts.out = out;
	serve_opts.echo = echo || which == CMD_ECHO;
	switch (which) {
	case CMD_DEMO:
		if (!name) {
			snprintf(demo_name, sizeof(demo_name), "demo-%ld",
				 (long)getpid());
			name = demo_name;
		}
		return run_demo(name, timeout_ms);
	case CMD_LS:
		return cmd_ls(name, side, json);
	case CMD_TRACE:
		return cmd_trace(name, side, pcap, count_set ? count : 0);
	case CMD_SEND:
		if (!msg) {
			n = read_stdin(payload, RPMSG_VIRTIO_DEFAULT_BUF_SIZE -
							RPMSG_HDR_SIZE);
			if (n < 0)
				return 1;
			msg = (const char *)payload;
			msg_len = (size_t)n;
		}
		return run_send(name, msg, msg_len, timeout_ms, reply, out);
	case CMD_LISTEN:
		/* With --count, the count is due within MS (as --once). */
		return run_serve(cmd, name, service, addr, timeout_ms,
				 count_set ? count : 0, once || count_set);
	case CMD_ECHO:
		if (out == OUT_SRC)
			serve_opts.out = OUT_NONE;
		return run_serve(cmd, name, service, addr,
				 timeout_set ? timeout_ms : RPMSG_TIMEOUT_FOREVER,
				 count_set ? count : 0, once);
	case CMD_REMOTE: {
		const struct remote_service svcs[] = {
			{ &echo_driver, ECHO_NAME, ECHO_ADDR },
			{ &sink_driver, SINK_NAME, SINK_ADDR },
			{ &raw_driver, RAW_NAME, RAW_ADDR },
		};

		if (stdio && raw_start_stdin()) {
			fprintf(stderr, "rpmsg remote: cannot read stdin\n");
			return 1;
		}
		return run_remote(name, svcs, stdio ? 3 : 2, timeout_ms, once);
	}
	default:
		if (all_sizes && count == 10)
			count = RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE +
				1u;
		return run_echo_host(name, timeout_ms, count,
				     all_sizes ? -1 : (long)size);
	}
}

