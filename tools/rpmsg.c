// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg: command-line tool over the shared-memory transport.
 *
 *   rpmsg demo                     remote + host processes, the Linux
 *                                  client sample, 100 echoes
 *   rpmsg remote --name N          serve "rpmsg-echo" to one host after
 *                                  another
 *   rpmsg host --name N            connect, send to "rpmsg-echo", check
 *                                  every echo
 *
 * Exit codes: 0 success, 1 failure at run time (peer lost, echo wrong,
 * timeout), 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_shm.h>

#define EXIT_USAGE 2
#define SAMPLE_NAME "rpmsg-client-sample"
#define SAMPLE_ADDR 0x400u
#define ECHO_NAME "rpmsg-echo"
#define ECHO_ADDR 0x401u
#define HELLO "hello world!"
#define SAMPLE_COUNT 100

/* --- shared state of the host-side clients -------------------------------- */

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

static struct client client = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static void abs_deadline(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000u;
	ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* The channel goes: wait until no send on its endpoint is in progress
 * (blocked senders were already released with -EPIPE). */
static void client_remove(struct rpmsg_channel *ch)
{
	struct timespec ts;
	int rc = 0;

	(void)ch;
	abs_deadline(&ts, 10000);
	pthread_mutex_lock(&client.lock);
	client.lost = true;
	client.ept = NULL;
	pthread_cond_broadcast(&client.cond);
	while (client.in_send && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	pthread_mutex_unlock(&client.lock);
}

/* Send on the client's channel unless it has been removed. */
static int client_send(const void *data, size_t len)
{
	struct rpmsg_endpoint *ept;
	int rc;

	pthread_mutex_lock(&client.lock);
	ept = client.ept;
	if (ept)
		client.in_send++;
	pthread_mutex_unlock(&client.lock);
	if (!ept)
		return -EPIPE;
	rc = rpmsg_send(ept, data, len);
	pthread_mutex_lock(&client.lock);
	client.in_send--;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return rc;
}

/* --- echo service (remote) ------------------------------------------------ */

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_sendto(ept, data, len, src);
}

static const struct rpmsg_device_id sample_ids[] = { { SAMPLE_NAME }, { "" } };
static const struct rpmsg_device_id echo_ids[] = { { ECHO_NAME }, { "" } };

static const struct rpmsg_driver sample_echo_driver = {
	.name = "sample-echo",
	.id_table = sample_ids,
	.callback = echo_cb,
};

static const struct rpmsg_driver echo_driver = {
	.name = "rpmsg-echo",
	.id_table = echo_ids,
	.callback = echo_cb,
};

/* --- the client sample (host) -------------------------------------------- */

static int sample_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	int n;

	(void)priv;
	pthread_mutex_lock(&client.lock);
	n = ++client.received;
	pthread_mutex_unlock(&client.lock);
	printf("host: incoming msg %d (src: 0x%x): %.*s\n", n, (unsigned)src,
	       (int)len, (const char *)data);
	if (n < SAMPLE_COUNT)
		return rpmsg_send(ept, HELLO, strlen(HELLO));
	printf("host: goodbye!\n");
	pthread_mutex_lock(&client.lock);
	client.finished = true;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

static int sample_probe(struct rpmsg_channel *ch)
{
	printf("host: new channel: 0x%x -> 0x%x (%s)\n", (unsigned)ch->src,
	       (unsigned)ch->dst, ch->name);
	return rpmsg_send(&ch->ept, HELLO, strlen(HELLO));
}

static const struct rpmsg_driver sample_client_driver = {
	.name = "rpmsg_client_sample",
	.id_table = sample_ids,
	.probe = sample_probe,
	.remove = client_remove,
	.callback = sample_cb,
};

/* --- echo client (host) --------------------------------------------------- */

static int echo_client_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
			  void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	(void)src;
	pthread_mutex_lock(&client.lock);
	if (len > sizeof(client.last))
		len = sizeof(client.last);
	memcpy(client.last, data, len);
	client.last_len = len;
	client.received++;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

static int echo_client_probe(struct rpmsg_channel *ch)
{
	pthread_mutex_lock(&client.lock);
	client.ept = &ch->ept;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return 0;
}

static const struct rpmsg_driver echo_client_driver = {
	.name = "rpmsg-echo-client",
	.id_table = echo_ids,
	.probe = echo_client_probe,
	.remove = client_remove,
	.callback = echo_client_cb,
};

/* --- remote side ---------------------------------------------------------- */

static int run_remote(const char *name, const struct rpmsg_driver *drv,
		      const char *service, uint32_t addr, uint32_t timeout_ms,
		      bool once)
{
	struct rpmsg_shm_config cfg = { .name = name };
	struct rpmsg_shm *link;
	int rc;

	do {
		rc = rpmsg_shm_remote_create(&link, &cfg);
		if (rc) {
			fprintf(stderr, "rpmsg remote: cannot create link %s: %s\n",
				name, strerror(-rc));
			return 1;
		}
		rc = rpmsg_register_driver(rpmsg_shm_bus(link), drv);
		if (!rc)
			rc = rpmsg_create_channel(rpmsg_shm_bus(link), service,
						  addr, RPMSG_ADDR_ANY, NULL);
		if (rc) {
			fprintf(stderr, "rpmsg remote: set-up: %s\n",
				strerror(-rc));
			rpmsg_shm_destroy(link);
			return 1;
		}
		rc = rpmsg_shm_start(link, timeout_ms);
		if (rc) {
			fprintf(stderr, "rpmsg remote: no host came up: %s\n",
				strerror(-rc));
			rpmsg_shm_destroy(link);
			return 1;
		}
		fprintf(stderr, "remote: host connected, serving %s\n",
			service);
		rc = rpmsg_shm_wait_peer_gone(link, once ? timeout_ms
							 : RPMSG_TIMEOUT_FOREVER);
		rpmsg_shm_destroy(link);
		if (rc) {
			fprintf(stderr, "rpmsg remote: host still there after %u ms\n",
				(unsigned)timeout_ms);
			return 1;
		}
		fprintf(stderr, "remote: host gone\n");
	} while (!once);
	return 0;
}

/* --- host side ------------------------------------------------------------- */

static int host_connect(const char *name, const struct rpmsg_driver *drv,
			uint32_t timeout_ms, struct rpmsg_shm **out)
{
	struct rpmsg_shm_config cfg = { .name = name,
					.timeout_ms = timeout_ms };
	int rc;

	rc = rpmsg_shm_host_create(out, &cfg);
	if (rc) {
		fprintf(stderr, "rpmsg host: cannot attach to %s: %s\n", name,
			strerror(-rc));
		return rc;
	}
	rc = rpmsg_register_driver(rpmsg_shm_bus(*out), drv);
	if (!rc)
		rc = rpmsg_shm_start(*out, 0);
	if (rc) {
		fprintf(stderr, "rpmsg host: start: %s\n", strerror(-rc));
		rpmsg_shm_destroy(*out);
	}
	return rc;
}

static int run_sample_host(const char *name, uint32_t timeout_ms)
{
	struct rpmsg_shm *link;
	struct timespec ts;
	int rc = 0, received;
	bool finished;

	if (host_connect(name, &sample_client_driver, timeout_ms, &link))
		return 1;
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.finished && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	finished = client.finished;
	pthread_mutex_unlock(&client.lock);
	rpmsg_shm_destroy(link);
	pthread_mutex_lock(&client.lock);
	received = client.received;
	pthread_mutex_unlock(&client.lock);
	if (!finished)
		fprintf(stderr, "rpmsg demo: %s\n",
			rc == ETIMEDOUT ? "timed out" : "remote lost");
	printf("demo: %d of %d messages echoed\n", received, SAMPLE_COUNT);
	return finished && received == SAMPLE_COUNT ? 0 : 1;
}

static void fill(unsigned char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed * 31u + i * 7u + 1u);
}

/* Send one message of @len bytes and wait for its echo. */
static int echo_once(size_t len, unsigned int seed, uint32_t timeout_ms)
{
	unsigned char msg[RPMSG_VIRTIO_DEFAULT_BUF_SIZE];
	struct rpmsg_endpoint *ept;
	struct timespec ts;
	int rc = 0, want;

	fill(msg, len, seed);
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.ept && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	ept = client.ept;
	want = client.received + 1;
	pthread_mutex_unlock(&client.lock);
	if (!ept)
		return rc == ETIMEDOUT ? -ETIMEDOUT : -EPIPE;
	rc = client_send(msg, len);
	if (rc)
		return rc;
	pthread_mutex_lock(&client.lock);
	while (client.received < want && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	if (client.received < want)
		rc = client.lost ? -EPIPE : -ETIMEDOUT;
	else if (client.last_len != len || memcmp(client.last, msg, len))
		rc = -EBADMSG;
	else
		rc = 0;
	pthread_mutex_unlock(&client.lock);
	return rc;
}

static int run_echo_host(const char *name, uint32_t timeout_ms,
			 unsigned int count, long size)
{
	struct rpmsg_shm *link;
	unsigned int i, ok = 0;
	size_t len;
	int rc = 0;

	if (host_connect(name, &echo_client_driver, timeout_ms, &link))
		return 1;
	for (i = 0; i < count; i++) {
		/* size -1: walk every size from 0 to the MTU. */
		len = size >= 0 ? (size_t)size
				: i % (RPMSG_VIRTIO_DEFAULT_BUF_SIZE -
				       RPMSG_HDR_SIZE + 1u);
		rc = echo_once(len, i, timeout_ms);
		if (rc) {
			fprintf(stderr, "rpmsg host: message %u (%zu bytes): %s\n",
				i, len, strerror(-rc));
			break;
		}
		ok++;
	}
	rpmsg_shm_destroy(link);
	printf("host: %u of %u messages echoed\n", ok, count);
	return ok == count ? 0 : 1;
}

/* --- ls, send, listen ---------------------------------------------------- */

static void json_str(const char *str)
{
	const unsigned char *p = (const unsigned char *)str;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/*
 * Attach as a host and list the channels the remote announced. Announcements
 * arrive asynchronously: wait up to @timeout_ms for the first one, then
 * list what is there.
 */
static int run_ls(const char *name, uint32_t timeout_ms, bool json)
{
	struct rpmsg_channel_info info[RPMSG_CFG_MAX_CHANNELS];
	struct rpmsg_shm_config cfg = { .name = name,
					.timeout_ms = timeout_ms };
	struct timespec step = { 0, 5000000L };
	struct rpmsg_shm *link = NULL;
	unsigned int waited = 0;
	int n, i, rc;

	rc = rpmsg_shm_host_create(&link, &cfg);
	if (!rc) {
		rc = rpmsg_shm_start(link, 0);
		if (rc)
			rpmsg_shm_destroy(link);
	}
	if (rc) {
		fprintf(stderr, "rpmsg ls: cannot attach to %s: %s\n", name,
			strerror(-rc));
		return 1;
	}
	for (;;) {
		n = rpmsg_list_channels(rpmsg_shm_bus(link), info,
					RPMSG_CFG_MAX_CHANNELS);
		if (n || waited >= timeout_ms || rpmsg_shm_peer_gone(link))
			break;
		nanosleep(&step, NULL);
		waited += 5;
	}
	rpmsg_shm_destroy(link);
	if (n < 0) {
		fprintf(stderr, "rpmsg ls: %s\n", strerror(-n));
		return 1;
	}
	if (n > RPMSG_CFG_MAX_CHANNELS)
		n = RPMSG_CFG_MAX_CHANNELS;
	if (json) {
		printf("[");
		for (i = 0; i < n; i++) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(info[i].name);
			printf(",\"src\":%u,\"dst\":%u,\"driver\":",
			       (unsigned)info[i].src, (unsigned)info[i].dst);
			if (info[i].driver[0])
				json_str(info[i].driver);
			else
				printf("null");
			printf("}");
		}
		printf("]\n");
	} else {
		printf("%-32s %-10s %-10s\n", "NAME", "SRC", "DST");
		for (i = 0; i < n; i++)
			printf("%-32s 0x%-8x 0x%-8x\n", info[i].name,
			       (unsigned)info[i].src, (unsigned)info[i].dst);
	}
	return 0;
}

static struct rpmsg_device_id user_ids[2];
static bool listen_echo;

static int listen_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		     void *priv, uint32_t src)
{
	(void)priv;
	printf("0x%x: %.*s\n", (unsigned)src, (int)len, (const char *)data);
	pthread_mutex_lock(&client.lock);
	client.received++;
	pthread_cond_broadcast(&client.cond);
	pthread_mutex_unlock(&client.lock);
	return listen_echo ? rpmsg_sendto(ept, data, len, src) : 0;
}

/* Announce a service as the remote and print what arrives. */
static int run_listen(const char *name, const char *service, uint32_t addr,
		      uint32_t timeout_ms, uint32_t count, bool echo)
{
	struct rpmsg_shm_config cfg = { .name = name };
	struct rpmsg_driver drv = {
		.name = "rpmsg-listen",
		.id_table = user_ids,
		.callback = listen_cb,
	};
	struct rpmsg_shm *link;
	struct timespec ts;
	int rc;

	rc = rpmsg_shm_remote_create(&link, &cfg);
	if (rc) {
		fprintf(stderr, "rpmsg listen: cannot create link %s: %s\n",
			name, strerror(-rc));
		return 1;
	}
	listen_echo = echo;
	rc = rpmsg_register_driver(rpmsg_shm_bus(link), &drv);
	if (!rc)
		rc = rpmsg_create_channel(rpmsg_shm_bus(link), service, addr,
					  RPMSG_ADDR_ANY, NULL);
	if (!rc)
		rc = rpmsg_shm_start(link, timeout_ms);
	if (rc) {
		fprintf(stderr, "rpmsg listen: %s\n", strerror(-rc));
		rpmsg_shm_destroy(link);
		return 1;
	}
	if (count) {
		abs_deadline(&ts, timeout_ms);
		rc = 0;
		pthread_mutex_lock(&client.lock);
		while (client.received < (int)count && rc != ETIMEDOUT &&
		       !rpmsg_shm_peer_gone(link))
			rc = pthread_cond_timedwait(&client.cond, &client.lock,
						    &ts);
		rc = client.received >= (int)count ? 0 : 1;
		pthread_mutex_unlock(&client.lock);
	} else {
		rc = rpmsg_shm_wait_peer_gone(link, RPMSG_TIMEOUT_FOREVER) ? 1
									  : 0;
	}
	rpmsg_shm_destroy(link);
	return rc;
}

static int send_probe(struct rpmsg_channel *ch)
{
	return echo_client_probe(ch);
}

/* Attach as the host, send one message to @service, maybe await a reply. */
static int run_send(const char *name, const char *service, const char *msg,
		    uint32_t timeout_ms, bool reply)
{
	struct rpmsg_driver drv = {
		.name = "rpmsg-send",
		.id_table = user_ids,
		.probe = send_probe,
		.remove = client_remove,
		.callback = echo_client_cb,
	};
	struct rpmsg_shm *link;
	struct timespec ts;
	int rc = 0;

	(void)service;
	if (host_connect(name, &drv, timeout_ms, &link))
		return 1;
	abs_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&client.lock);
	while (!client.ept && !client.lost && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&client.cond, &client.lock, &ts);
	pthread_mutex_unlock(&client.lock);
	rc = client_send(msg, strlen(msg));
	if (rc) {
		fprintf(stderr, "rpmsg send: %s: %s\n", user_ids[0].name,
			rc == -EPIPE ? "no such service" : strerror(-rc));
		rpmsg_shm_destroy(link);
		return 1;
	}
	if (reply) {
		rc = 0;
		pthread_mutex_lock(&client.lock);
		while (!client.received && !client.lost && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&client.cond, &client.lock,
						    &ts);
		if (client.received)
			printf("%.*s\n", (int)client.last_len,
			       (const char *)client.last);
		rc = client.received ? 0 : 1;
		pthread_mutex_unlock(&client.lock);
		if (rc)
			fprintf(stderr, "rpmsg send: no reply\n");
	}
	rpmsg_shm_destroy(link);
	return rc;
}

/* --- demo ------------------------------------------------------------------ */

static int wait_child(pid_t pid, const char *who)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		fprintf(stderr, "rpmsg demo: %s killed by signal %d\n", who,
			WTERMSIG(st));
	else
		fprintf(stderr, "rpmsg demo: %s failed (exit %d)\n", who,
			WEXITSTATUS(st));
	return 1;
}

static int run_demo(uint32_t timeout_ms)
{
	char name[RPMSG_SHM_NAME_MAX];
	pid_t remote, host;
	int rc;

	snprintf(name, sizeof(name), "demo-%ld", (long)getpid());
	fflush(NULL);
	remote = fork();
	if (remote < 0) {
		perror("rpmsg demo: fork");
		return 1;
	}
	if (remote == 0) {
		/* If the parent dies, do not outlive it. */
		alarm(timeout_ms / 1000u + 5u);
		_exit(run_remote(name, &sample_echo_driver, SAMPLE_NAME,
				 SAMPLE_ADDR, timeout_ms, true));
	}
	host = fork();
	if (host < 0) {
		perror("rpmsg demo: fork");
		kill(remote, SIGKILL);
		wait_child(remote, "remote");
		return 1;
	}
	if (host == 0) {
		alarm(timeout_ms / 1000u + 5u);
		rc = run_sample_host(name, timeout_ms);
		fflush(NULL);
		_exit(rc);
	}
	rc = wait_child(host, "host");
	/* The host is gone, so the remote notices and exits. */
	rc |= wait_child(remote, "remote");
	return rc ? 1 : 0;
}

/* --- command line -------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("usage: rpmsg <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  demo     run a remote and a host process: the client sample\n"
	      "  remote   serve \"" ECHO_NAME "\" over a shared-memory link\n"
	      "  host     attach to a remote and exercise \"" ECHO_NAME "\"\n"
	      "  ls       attach to a remote and list its channels\n"
	      "  send     attach to a remote and send one message\n"
	      "  listen   be a remote announcing a service; print messages\n"
	      "  help     this text\n"
	      "\n"
	      "Each command takes --help.\n",
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
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char *const cmd_help[] = {
	"usage: rpmsg demo [--timeout MS]\n"
	"Fork a remote announcing \"" SAMPLE_NAME "\" and a host running the\n"
	"client sample over a private link; print every echo, \"goodbye!\"\n"
	"and a summary. Exit 0 when all 100 messages were echoed.\n",
	"usage: rpmsg remote --name N [--timeout MS] [--once]\n"
	"Create link N and serve \"" ECHO_NAME "\" to each host that attaches\n"
	"(--once: to one host, waiting at most MS for it and for it to leave).\n",
	"usage: rpmsg host --name N [--timeout MS] [--count K]\n"
	"                  [--size BYTES | --all-sizes]\n"
	"Attach to link N (retrying up to MS while no remote listens), send K\n"
	"messages (default 10, of BYTES bytes, default 16; --all-sizes walks\n"
	"0..496) to \"" ECHO_NAME "\" and check each echo.\n",
	"usage: rpmsg ls --name N [--json] [--timeout MS]\n"
	"Attach to link N as the host, wait up to MS for the remote's\n"
	"announcements and list the channels (--json: as a JSON array).\n",
	"usage: rpmsg send --name N --service S [--reply] [--timeout MS] MESSAGE\n"
	"Attach to link N as the host and send MESSAGE to service S\n"
	"(--reply: then print the first message that comes back).\n",
	"usage: rpmsg listen --name N --service S [--addr A] [--count K]\n"
	"                    [--echo] [--timeout MS]\n"
	"Create link N as the remote, announce S at address A (default\n"
	"0x402), print each message as \"0xSRC: TEXT\" (--echo: send it\n"
	"back). Exit after K messages (default: when the host leaves).\n",
};

int main(int argc, char **argv)
{
	const char *cmd, *name = NULL, *msg = NULL;
	uint32_t timeout_ms = 10000, count = 10, size = 16, addr = 0x402, v;
	bool once = false, all_sizes = false, json = false, reply = false;
	bool echo = false, count_set = false;
	const char *service = NULL;
	int which, opt;

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
	if (!strcmp(cmd, "demo"))
		which = 0;
	else if (!strcmp(cmd, "remote"))
		which = 1;
	else if (!strcmp(cmd, "host"))
		which = 2;
	else if (!strcmp(cmd, "ls"))
		which = 3;
	else if (!strcmp(cmd, "send"))
		which = 4;
	else if (!strcmp(cmd, "listen"))
		which = 5;
	else {
		fprintf(stderr, "rpmsg: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	optind = 2;
	while ((opt = getopt_long(argc, argv, "n:t:c:s:aohjS:A:re", long_opts,
				  NULL)) != -1) {
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
		case 'h':
			fputs(cmd_help[which], stdout);
			return 0;
		default:
			fputs(cmd_help[which], stderr);
			return EXIT_USAGE;
		}
	}
	if (which == 4 && optind + 1 == argc)
		msg = argv[optind++];
	if (optind < argc || (which == 4 && !msg)) {
		if (optind < argc)
			fprintf(stderr, "rpmsg %s: unexpected argument '%s'\n",
				cmd, argv[optind]);
		else
			fprintf(stderr, "rpmsg %s: MESSAGE is required\n", cmd);
		fputs(cmd_help[which], stderr);
		return EXIT_USAGE;
	}
	if (which >= 4) {
		if (!service || !*service ||
		    strlen(service) >= RPMSG_NAME_SIZE) {
			fprintf(stderr, "rpmsg %s: --service of 1 to %d characters is required\n",
				cmd, RPMSG_NAME_SIZE - 1);
			return EXIT_USAGE;
		}
		strcpy(user_ids[0].name, service);
	}
	if (msg &&
	    strlen(msg) > RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE) {
		fprintf(stderr, "rpmsg send: MESSAGE longer than %u bytes\n",
			RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE);
		return EXIT_USAGE;
	}
	if (which && !name) {
		fprintf(stderr, "rpmsg %s: --name is required\n", cmd);
		fputs(cmd_help[which], stderr);
		return EXIT_USAGE;
	}
	if (size > RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE) {
		fprintf(stderr, "rpmsg %s: --size at most %u\n", cmd,
			RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	switch (which) {
	case 0:
		return run_demo(timeout_ms);
	case 3:
		return run_ls(name, timeout_ms, json);
	case 4:
		return run_send(name, service, msg, timeout_ms, reply);
	case 5:
		return run_listen(name, service, addr, timeout_ms,
				  count_set ? count : 0, echo);
	case 1:
		return run_remote(name, &echo_driver, ECHO_NAME, ECHO_ADDR,
				  timeout_ms, once);
	default:
		if (all_sizes && count == 10)
			count = RPMSG_VIRTIO_DEFAULT_BUF_SIZE - RPMSG_HDR_SIZE +
				1u;
		return run_echo_host(name, timeout_ms, count,
				     all_sizes ? -1 : (long)size);
	}
}
