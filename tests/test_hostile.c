// SPDX-License-Identifier: BSD-3-Clause
/*
 * Descriptors a hostile peer passes: every kind that does not belong, at
 * each place of the shared-memory handshake, and the ways a peer can turn
 * a descriptor it shares with us against us (a blocking description, a
 * pipe whose reader left, a counter read first). Each case checks that
 * the call returns a clear negative errno, that the process is alive and
 * that no descriptor is left behind.
 *
 * SIGPIPE keeps its default action in this program: a write that raised
 * it would kill the test. An alarm turns a hang into a failure.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <grp.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_access.h>
#include <rpmsg/rpmsg_shm.h>

#include "peer_fd.h"
#include "vhost_user_proto.h"

#define WAIT_MS 10000u
#define REGION (256u * 1024u)

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own */
}

static void sigpipe_is_default(void)
{
	struct sigaction sa;
	sigset_t pending;

	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_DFL);
	assert_int_equal(sigpending(&pending), 0);
	assert_int_equal(sigismember(&pending, SIGPIPE), 0);
}

static int memfd(uint64_t size, int seals)
{
	int fd = memfd_create("hostile", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	if (seals)
		assert_int_equal(fcntl(fd, F_ADD_SEALS, seals), 0);
	return fd;
}

/* A pipe holding all it can: a writer with a blocking description would
 * sleep forever. */
static void fill_pipe(int w)
{
	char buf[4096] = { 0 };
	int fl = fcntl(w, F_GETFL);

	assert_int_equal(fcntl(w, F_SETFL, fl | O_NONBLOCK), 0);
	while (write(w, buf, sizeof(buf)) > 0)
		;
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(fcntl(w, F_SETFL, fl), 0);
}

/* Send @len bytes with @nfds descriptors as a hostile peer would. */
static ssize_t send_fds(int sock, const void *data, size_t len,
			const int *fds, unsigned int nfds)
{
	union {
		char buf[CMSG_SPACE(8 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	assert_true(nfds <= 8);
	if (nfds) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

/* The link's abstract address "\0rpmsg-<name>" (rpmsg_shm.h). */
static socklen_t link_addr(struct sockaddr_un *sa, const char *name)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "rpmsg-%s",
		     name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   (size_t)n);
}

/* --- what each kind is --------------------------------------------------- */

static void test_kinds(void **state)
{
	int p[2], s[2], d[2], ev, mem, null;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s),
			 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, d),
			 0);
	ev = eventfd(0, EFD_CLOEXEC);
	mem = memfd(4096, 0);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(ev >= 0 && null >= 0);

	assert_int_equal(rpmsg_fd_kind(p[0]), RPMSG_FD_FIFO);
	assert_int_equal(rpmsg_fd_kind(p[1]), RPMSG_FD_FIFO);
	assert_int_equal(rpmsg_fd_kind(s[0]), RPMSG_FD_SOCKET);
	assert_int_equal(rpmsg_fd_kind(d[0]), RPMSG_FD_BAD);
	assert_int_equal(rpmsg_fd_kind(ev), RPMSG_FD_EVENTFD);
	assert_int_equal(rpmsg_fd_kind(mem), RPMSG_FD_MEMORY);
	assert_int_equal(rpmsg_fd_kind(null), RPMSG_FD_BAD);
	assert_int_equal(rpmsg_fd_kind(-1), RPMSG_FD_BAD);
	close(null);
	assert_int_equal(rpmsg_fd_kind(null), RPMSG_FD_BAD); /* closed */

	close(p[0]);
	close(p[1]);
	close(s[0]);
	close(s[1]);
	close(d[0]);
	close(d[1]);
	close(ev);
	close(mem);
}

/* --- memory files ---------------------------------------------------------- */

static void test_memory_checks(void **state)
{
	int unsealed = memfd(REGION, 0);
	int sealed = memfd(REGION, F_SEAL_SHRINK);
	int p[2];

	(void)state;
	/* Without the seal the peer could shrink the file under our map. */
	assert_int_equal(rpmsg_fd_check_memory(unsealed, REGION, 0), 0);
	assert_int_equal(rpmsg_fd_check_memory(unsealed, REGION,
					       F_SEAL_SHRINK),
			 -EPROTO);
	assert_int_equal(rpmsg_fd_check_memory(sealed, REGION, F_SEAL_SHRINK),
			 0);
	/* Shorter than what is announced. */
	assert_int_equal(rpmsg_fd_check_memory(sealed, REGION + 1u,
					       F_SEAL_SHRINK),
			 -EPROTO);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(rpmsg_fd_check_memory(p[0], 1, 0), -EPROTO);
	assert_int_equal(rpmsg_fd_check_memory(-1, 1, 0), -EPROTO);
	close(p[0]);
	close(p[1]);
	close(unsealed);
	close(sealed);
}

/* --- doorbells the peer shares with us ------------------------------------ */

/* A pipe whose reader left: ringing must not raise SIGPIPE, and leaves no
 * signal pending nor any disposition changed. */
static void test_ring_pipe_without_reader(void **state)
{
	int p[2], w;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	w = rpmsg_fd_bell_own(p[1], RPMSG_FD_FIFO, true);
	assert_true(w >= 0);
	close(p[0]);
	rpmsg_fd_bell_ring(w, RPMSG_FD_FIFO);
	rpmsg_fd_bell_ring(w, RPMSG_FD_FIFO);
	sigpipe_is_default();
	close(w);

	/* With no reader at all when taken (an anonymous pipe opens again
	 * anyway, a named FIFO would fail with ENXIO). */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	close(p[0]);
	w = rpmsg_fd_bell_own(p[1], RPMSG_FD_FIFO, true);
	if (w >= 0) {
		rpmsg_fd_bell_ring(w, RPMSG_FD_FIFO);
		close(w);
	} else {
		assert_int_equal(w, -ENXIO);
	}
	sigpipe_is_default();
}

/* A SIGPIPE the application had pending before is not ours to take. */
static void test_ring_keeps_pending_sigpipe(void **state)
{
	sigset_t set, old, pending;
	int p[2], w;

	(void)state;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &set, &old), 0);
	assert_int_equal(raise(SIGPIPE), 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	w = rpmsg_fd_bell_own(p[1], RPMSG_FD_FIFO, true);
	assert_true(w >= 0);
	close(p[0]);
	rpmsg_fd_bell_ring(w, RPMSG_FD_FIFO);
	assert_int_equal(sigpending(&pending), 0);
	assert_int_equal(sigismember(&pending, SIGPIPE), 1);
	assert_int_equal(sigwaitinfo(&set, NULL), SIGPIPE);
	assert_int_equal(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
	close(w);
}

/* The peer's description of a full pipe is blocking: ours is not. */
static void test_ring_full_blocking_pipe(void **state)
{
	int p[2], w;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	fill_pipe(p[1]);
	w = rpmsg_fd_bell_own(dup(p[1]), RPMSG_FD_FIFO, true);
	assert_true(w >= 0);
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	alarm(10);
	rpmsg_fd_bell_ring(w, RPMSG_FD_FIFO); /* full: already rung */
	alarm(0);
	close(w);
	close(p[0]);
	close(p[1]);
}

/* A socket doorbell whose flags the peer cleared, never read: full. */
static void test_ring_full_blocking_socket(void **state)
{
	int s[2], i;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s),
			 0);
	alarm(10);
	for (i = 0; i < 1000000; i++)
		rpmsg_fd_bell_ring(s[0], RPMSG_FD_SOCKET);
	alarm(0);
	assert_true(rpmsg_fd_bell_drain(s[1], RPMSG_FD_SOCKET));
	/* The writer left: once what it wrote is read, the doorbell reads
	 * as gone; ringing it is harmless. */
	close(s[0]);
	for (i = 0; i < 1000000 && rpmsg_fd_bell_drain(s[1], RPMSG_FD_SOCKET);
	     i++)
		;
	assert_false(rpmsg_fd_bell_drain(s[1], RPMSG_FD_SOCKET));
	rpmsg_fd_bell_ring(s[1], RPMSG_FD_SOCKET);
	sigpipe_is_default();
	close(s[1]);
}

/* A vhost-user peer that never reads, on a blocking socket: replies fill
 * its queue, then a send gives up with -ETIMEDOUT instead of hanging
 * (the alarm kills the test if one does). */
static void test_vhu_send_peer_never_reads(void **state)
{
	struct vhu_msg m;
	int s[2], i, rc = 0;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s),
			 0);
	memset(&m, 0, sizeof(m));
	m.hdr.request = VHU_GET_FEATURES;
	m.hdr.flags = VHU_VERSION | VHU_FLAG_REPLY;
	m.hdr.size = sizeof(m.p.u64);
	alarm(60);
	for (i = 0; i < 1000000 && !rc; i++)
		rc = rpmsg_vhu_send(s[0], &m, NULL, 0);
	alarm(0);
	assert_int_equal(rc, -ETIMEDOUT);
	assert_true(i > 1); /* it did send while there was room */
	/* Once the peer has gone, a send says so. */
	close(s[1]);
	assert_int_equal(rpmsg_vhu_send(s[0], &m, NULL, 0), -EPIPE);
	sigpipe_is_default();
	close(s[0]);
}

/* poll() said readable, then the peer read the blocking eventfd first:
 * draining must not sleep. */
static void test_drain_eventfd_read_first(void **state)
{
	uint64_t v = 1;
	int ev = eventfd(0, EFD_CLOEXEC);

	(void)state;
	assert_true(ev >= 0);
	assert_int_equal(write(ev, &v, sizeof(v)), (ssize_t)sizeof(v));
	assert_int_equal(read(ev, &v, sizeof(v)), (ssize_t)sizeof(v));
	alarm(10);
	assert_true(rpmsg_fd_bell_drain(ev, RPMSG_FD_EVENTFD));
	alarm(0);
	close(ev);
}

/* The same with a pipe taken for reading, and its end of file. */
static void test_drain_pipe(void **state)
{
	int p[2], r;
	char c = 1;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	r = rpmsg_fd_bell_own(dup(p[0]), RPMSG_FD_FIFO, false);
	assert_true(r >= 0);
	alarm(10);
	assert_true(rpmsg_fd_bell_drain(r, RPMSG_FD_FIFO)); /* empty */
	assert_int_equal(write(p[1], &c, 1), 1);
	assert_true(rpmsg_fd_bell_drain(r, RPMSG_FD_FIFO));
	close(p[1]);
	assert_false(rpmsg_fd_bell_drain(r, RPMSG_FD_FIFO));
	alarm(0);
	assert_false(rpmsg_fd_bell_drain(r, RPMSG_FD_BAD));
	close(r);
	close(p[0]);
}

/* --- a hostile remote in the shared-memory handshake --------------------- */

/* A real remote's region, copied into the fake's memory so that the
 * descriptor under test is the only thing wrong with a hello. */
static uint8_t template_region[4u << 20];
static size_t template_size;

static void make_template(void)
{
	struct rpmsg_shm_config cfg = { 0 };
	struct rpmsg_shm *link;
	char name[64];
	void *p;

	snprintf(name, sizeof(name), "hostile-template-%ld", (long)getpid());
	cfg.name = name;
	assert_int_equal(rpmsg_shm_remote_create(&link, &cfg), 0);
	p = rpmsg_shm_region(link, &template_size);
	assert_true(template_size <= sizeof(template_region));
	memcpy(template_region, p, template_size);
	rpmsg_shm_destroy(link);
}

/* A memory file of @size bytes holding the template, with @seals. */
static int region_fd(uint64_t size, int seals)
{
	int fd = memfd(size, 0);
	size_t n = size < template_size ? (size_t)size : template_size;

	assert_int_equal(pwrite(fd, template_region, n, 0), (ssize_t)n);
	if (seals)
		assert_int_equal(fcntl(fd, F_ADD_SEALS, seals), 0);
	return fd;
}

struct shm_hello {
	uint32_t magic;
	uint32_t version;
	uint64_t region_size;
};

struct fake_remote {
	char name[64];
	int listen_fd;
	int fds[8];
	unsigned int nfds;
	uint64_t region_size;
	uint32_t version;
	pthread_t thread;
};

static void fake_listen(struct fake_remote *f, const char *what)
{
	static unsigned int seq;
	struct sockaddr_un sa;
	socklen_t len;

	snprintf(f->name, sizeof(f->name), "hostile-%s-%ld-%u", what,
		 (long)getpid(), seq++);
	len = link_addr(&sa, f->name);
	f->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->listen_fd >= 0);
	assert_int_equal(bind(f->listen_fd, (struct sockaddr *)&sa, len), 0);
	assert_int_equal(listen(f->listen_fd, 1), 0);
}

/* Accept the host, hand it the hello with our descriptors, wait for it
 * to hang up. */
static void *fake_main(void *arg)
{
	struct fake_remote *f = arg;
	struct shm_hello hello = { RPMSG_SHM_MAGIC, f->version,
				   f->region_size };
	struct pollfd pfd = { .events = POLLIN };
	char buf[64];
	int sock;

	pfd.fd = f->listen_fd;
	if (poll(&pfd, 1, (int)WAIT_MS) != 1)
		return NULL;
	sock = accept4(f->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (sock < 0)
		return NULL;
	if (send_fds(sock, &hello, sizeof(hello), f->fds, f->nfds) ==
	    (ssize_t)sizeof(hello)) {
		pfd.fd = sock;
		while (poll(&pfd, 1, (int)WAIT_MS) == 1 &&
		       recv(sock, buf, sizeof(buf), 0) > 0)
			;
	}
	close(sock);
	return NULL;
}

enum bad {
	GOOD_BELL,	 /* a connected stream socket: what is wanted */
	BELL_EVENTFD,	 /* shared description: the peer controls it */
	BELL_PIPE_DEAD,	 /* write end, reader closed: SIGPIPE */
	BELL_PIPE_FULL,	 /* write end of a full blocking pipe */
	BELL_DGRAM,	 /* a socket of the wrong type */
	BELL_FILE,	 /* a regular file */
	BELL_DEVNULL,	 /* a character device */
	BELL_LISTENING,	 /* a socket nobody is connected to */
};

static int make_bell(enum bad kind, int *keep)
{
	int p[2], fd;

	*keep = -1;
	switch (kind) {
	case GOOD_BELL:
	case BELL_DGRAM:
		assert_int_equal(socketpair(AF_UNIX,
					    (kind == GOOD_BELL ? SOCK_STREAM
							       : SOCK_DGRAM) |
						    SOCK_CLOEXEC,
					    0, p),
				 0);
		*keep = p[0];
		return p[1];
	case BELL_EVENTFD:
		return eventfd(0, EFD_CLOEXEC);
	case BELL_PIPE_DEAD:
		assert_int_equal(pipe2(p, O_CLOEXEC), 0);
		close(p[0]);
		return p[1];
	case BELL_PIPE_FULL:
		assert_int_equal(pipe2(p, O_CLOEXEC), 0);
		fill_pipe(p[1]);
		*keep = p[0];
		return p[1];
	case BELL_FILE:
		return memfd(4096, 0);
	case BELL_DEVNULL:
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		assert_true(fd >= 0);
		return fd;
	case BELL_LISTENING:
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		assert_true(fd >= 0);
		return fd;
	}
	return -1;
}

/* Run a host against a fake remote passing @nfds descriptors; the host's
 * result. The fake's descriptors are closed afterwards. */
static int host_against(struct fake_remote *f, const int *fds,
			unsigned int nfds)
{
	struct rpmsg_shm_config cfg = { .name = f->name,
					.timeout_ms = WAIT_MS };
	struct rpmsg_shm *link = NULL;
	unsigned int i;
	int rc;

	memcpy(f->fds, fds, nfds * sizeof(int));
	f->nfds = nfds;
	if (!f->version)
		f->version = RPMSG_SHM_LAYOUT_VERSION;
	assert_int_equal(pthread_create(&f->thread, NULL, fake_main, f), 0);
	alarm(60);
	rc = rpmsg_shm_host_create(&link, &cfg);
	alarm(0);
	if (!rc)
		rpmsg_shm_destroy(link);
	else
		assert_null(link);
	assert_int_equal(pthread_join(f->thread, NULL), 0);
	close(f->listen_fd);
	for (i = 0; i < nfds; i++)
		close(fds[i]);
	return rc;
}

/* The fake with good descriptors: the host comes up (so that in the
 * cases below, the one bad descriptor is what it refuses). */
static void test_shm_host_good_fake(void **state)
{
	struct fake_remote f = { 0 };
	int fds[3], keep[3] = { -1, -1, -1 }, before;

	(void)state;
	make_template();
	f.region_size = template_size;
	before = open_fds();
	fake_listen(&f, "good");
	fds[0] = region_fd(template_size, F_SEAL_SHRINK);
	fds[1] = make_bell(GOOD_BELL, &keep[1]);
	fds[2] = make_bell(GOOD_BELL, &keep[2]);
	assert_int_equal(host_against(&f, fds, 3), 0);
	close(keep[1]);
	close(keep[2]);
	assert_int_equal(open_fds(), before);
}

/* Every bad doorbell kind, in either doorbell's place. */
static void test_shm_host_bad_doorbells(void **state)
{
	enum bad kinds[] = { BELL_EVENTFD, BELL_PIPE_DEAD, BELL_PIPE_FULL,
			     BELL_DGRAM,   BELL_FILE,	   BELL_DEVNULL,
			     BELL_LISTENING };
	unsigned int k, place;

	(void)state;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (place = 1; place <= 2; place++) {
			struct fake_remote f = { .region_size = template_size };
			int fds[3], keep[3] = { -1, -1, -1 }, before, i;

			before = open_fds();
			fake_listen(&f, "bell");
			fds[0] = region_fd(template_size,
					   F_SEAL_SHRINK | F_SEAL_GROW);
			fds[1] = make_bell(place == 1 ? kinds[k] : GOOD_BELL,
					   &keep[1]);
			fds[2] = make_bell(place == 2 ? kinds[k] : GOOD_BELL,
					   &keep[2]);
			assert_int_equal(host_against(&f, fds, 3), -EPROTO);
			for (i = 1; i < 3; i++)
				if (keep[i] >= 0)
					close(keep[i]);
			assert_int_equal(open_fds(), before);
			sigpipe_is_default();
		}
	}
}

/* Memory the host must not map: unsealed (it could shrink and fault us),
 * shorter than announced, not a file at all, or announced too small. */
static void test_shm_host_bad_memory(void **state)
{
	static const struct {
		int seals;
		uint64_t file_size, announced; /* in half regions */
		bool pipe;
	} cases[] = {
		{ 0, 2, 2, false },		  /* not sealed */
		{ F_SEAL_GROW, 2, 2, false },	  /* not against shrinking */
		{ F_SEAL_SHRINK, 1, 2, false },	  /* file half as long */
		{ F_SEAL_SHRINK, 4, 4, false },	  /* not the header's size */
		{ F_SEAL_SHRINK, 2, 1ull << 40, false },
		{ F_SEAL_SHRINK, 2, 0, false },	  /* announced: 16 bytes */
		{ 0, 0, 2, true },		  /* a pipe */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t announced = cases[i].announced
					     ? cases[i].announced * template_size / 2u
					     : 16u;
		struct fake_remote f = { .region_size = announced };
		int fds[3], keep[3] = { -1, -1, -1 }, p[2], before, j;

		before = open_fds();
		fake_listen(&f, "mem");
		if (cases[i].pipe) {
			assert_int_equal(pipe2(p, O_CLOEXEC), 0);
			fds[0] = p[0];
			keep[0] = p[1];
		} else {
			fds[0] = region_fd(cases[i].file_size * template_size /
						   2u,
					   cases[i].seals);
		}
		fds[1] = make_bell(GOOD_BELL, &keep[1]);
		fds[2] = make_bell(GOOD_BELL, &keep[2]);
		assert_int_equal(host_against(&f, fds, 3), -EPROTO);
		for (j = 0; j < 3; j++)
			if (keep[j] >= 0)
				close(keep[j]);
		assert_int_equal(open_fds(), before);
	}
}

/* Too many descriptors, too few, none, or an old layout version: refused,
 * and every descriptor that arrived closed again. */
static void test_shm_host_bad_counts(void **state)
{
	static const unsigned int counts[] = { 0, 1, 2, 4, 8 };
	unsigned int i, j;

	(void)state;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct fake_remote f = { .region_size = template_size };
		int fds[8], keep[8], before;

		before = open_fds();
		fake_listen(&f, "count");
		for (j = 0; j < counts[i]; j++)
			fds[j] = j ? make_bell(GOOD_BELL, &keep[j])
				   : region_fd(template_size, F_SEAL_SHRINK);
		assert_int_equal(host_against(&f, fds, counts[i]), -EPROTO);
		for (j = 1; j < counts[i]; j++)
			close(keep[j]);
		assert_int_equal(open_fds(), before);
	}
	{
		struct fake_remote f = { .region_size = template_size,
					 .version = 1 };
		int fds[3], keep[3], before;

		before = open_fds();
		fake_listen(&f, "version");
		fds[0] = region_fd(template_size, F_SEAL_SHRINK);
		fds[1] = make_bell(GOOD_BELL, &keep[1]);
		fds[2] = make_bell(GOOD_BELL, &keep[2]);
		assert_int_equal(host_against(&f, fds, 3), -EPROTO);
		close(keep[1]);
		close(keep[2]);
		assert_int_equal(open_fds(), before);
	}
}

/* --- a hostile host against a real remote ---------------------------------- */

struct remote_run {
	struct rpmsg_shm *link;
	int rc;
};

static void *remote_start_main(void *arg)
{
	struct remote_run *r = arg;

	r->rc = rpmsg_shm_start(r->link, WAIT_MS);
	return NULL;
}

/* A host that sends descriptors of its own in place of status bytes and
 * hangs up: the remote's start fails with -EPIPE and keeps none. */
static void test_shm_remote_host_sends_fds(void **state)
{
	struct rpmsg_shm_config cfg = { 0 };
	struct remote_run r = { NULL, 1 };
	struct sockaddr_un sa;
	char name[64], status = 'S';
	struct cmsghdr *c;
	pthread_t thread;
	int before, sock, p[2], fds[4], i;
	char hello[64];

	(void)state;
	before = open_fds();
	snprintf(name, sizeof(name), "hostile-host-%ld", (long)getpid());
	cfg.name = name;
	assert_int_equal(rpmsg_shm_remote_create(&r.link, &cfg), 0);
	assert_int_equal(pthread_create(&thread, NULL, remote_start_main, &r),
			 0);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(sock, (struct sockaddr *)&sa,
				 link_addr(&sa, name)),
			 0);
	/* Take the hello and close what it carried. */
	{
		union {
			char buf[CMSG_SPACE(8 * sizeof(int))];
			struct cmsghdr align;
		} in;
		struct iovec hiov = { .iov_base = hello,
				      .iov_len = sizeof(hello) };
		struct msghdr hmsg = { .msg_iov = &hiov, .msg_iovlen = 1,
				       .msg_control = in.buf,
				       .msg_controllen = sizeof(in.buf) };

		assert_true(recvmsg(sock, &hmsg, MSG_CMSG_CLOEXEC) > 0);
		c = CMSG_FIRSTHDR(&hmsg);
		assert_non_null(c);
		for (i = 0; (size_t)i * sizeof(int) + CMSG_LEN(0) < c->cmsg_len;
		     i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + (size_t)i * sizeof(int),
			       sizeof(fd));
			close(fd);
		}
	}
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	fds[0] = p[0];
	fds[1] = p[1];
	fds[2] = p[0];
	fds[3] = p[1];
	assert_int_equal(send_fds(sock, &status, 1, fds, 4), 1);
	close(p[0]);
	close(p[1]);
	close(sock);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(r.rc, -EPIPE);
	rpmsg_shm_destroy(r.link);
	assert_int_equal(open_fds(), before); /* none of the host's kept */
	sigpipe_is_default();
}

/* --- other local users ---------------------------------------------------- */

#define OTHER_ID 65534u /* nobody, nogroup */

/* In a child: become another user for good. */
static void become_other(void)
{
	if (setgroups(0, NULL) || setgid(OTHER_ID) || setuid(OTHER_ID))
		_exit(90);
}

static int wait_child(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_access_same_user(void **state)
{
	struct rpmsg_access group = { .allow_group = true, .gid = 12345 };
	int s[2], lone;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s),
			 0);
	assert_int_equal(rpmsg_access_check(s[0], NULL), 0);
	assert_int_equal(rpmsg_access_check(s[0], &group), 0);
	lone = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(rpmsg_access_check(lone, NULL) < 0);
	assert_true(rpmsg_access_check(-1, NULL) < 0);
	close(lone);
	close(s[0]);
	close(s[1]);
}

/*
 * Another user connects to a remote first: it gets no hello and is hung
 * up on, and the remote still serves its own user's host.
 */
static void test_shm_other_user_cannot_be_host(void **state)
{
	struct rpmsg_shm_config cfg = { 0 };
	struct rpmsg_shm *host = NULL;
	struct remote_run r = { NULL, 1 };
	char name[64];
	pthread_t thread;
	pid_t pid;

	(void)state;
	if (geteuid())
		skip(); /* needs root to be someone else */
	snprintf(name, sizeof(name), "hostile-user-%ld", (long)getpid());
	cfg.name = name;
	cfg.timeout_ms = WAIT_MS;
	assert_int_equal(rpmsg_shm_remote_create(&r.link, &cfg), 0);
	assert_int_equal(pthread_create(&thread, NULL, remote_start_main, &r),
			 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct sockaddr_un sa;
		socklen_t len = link_addr(&sa, name);
		struct pollfd pfd = { .events = POLLIN };
		char buf[64];
		int sock;

		alarm(20);
		become_other();
		sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (connect(sock, (struct sockaddr *)&sa, len))
			_exit(91);
		pfd.fd = sock;
		if (poll(&pfd, 1, (int)WAIT_MS) != 1)
			_exit(92); /* neither a hello nor a hang-up */
		_exit(recv(sock, buf, sizeof(buf), 0) == 0 ? 0 : 93);
	}
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(rpmsg_shm_host_create(&host, &cfg), 0);
	assert_int_equal(rpmsg_shm_start(host, WAIT_MS), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(r.rc, 0);
	rpmsg_shm_destroy(host);
	rpmsg_shm_destroy(r.link);
}

/*
 * A remote of another user that took the link's name: the host refuses it
 * (-EACCES) before reading anything from it, unless its group is allowed.
 */
static void test_shm_host_refuses_other_users_remote(void **state)
{
	struct rpmsg_shm_config cfg = { 0 };
	struct rpmsg_shm *host = NULL;
	char name[64];
	int p[2];
	pid_t pid;
	char c;

	(void)state;
	if (geteuid())
		skip();
	snprintf(name, sizeof(name), "hostile-squat-%ld", (long)getpid());
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* Listens, then answers each connection with a hello that
		 * carries no descriptors. */
		struct shm_hello hello = { RPMSG_SHM_MAGIC,
					   RPMSG_SHM_LAYOUT_VERSION, 4096 };
		struct sockaddr_un sa;
		socklen_t len = link_addr(&sa, name);
		int lfd, sock, i;

		alarm(20);
		close(p[0]);
		become_other();
		lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (bind(lfd, (struct sockaddr *)&sa, len) || listen(lfd, 2))
			_exit(91);
		if (write(p[1], "x", 1) != 1)
			_exit(92);
		for (i = 0; i < 2; i++) {
			sock = accept(lfd, NULL, NULL);
			if (sock < 0)
				_exit(93);
			(void)send(sock, &hello, sizeof(hello), MSG_NOSIGNAL);
			close(sock);
		}
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	cfg.name = name;
	cfg.timeout_ms = WAIT_MS;
	assert_int_equal(rpmsg_shm_host_create(&host, &cfg), -EACCES);
	assert_null(host);
	/* Its group allowed: past the check, refused for the bad hello. */
	cfg.access.allow_group = true;
	cfg.access.gid = OTHER_ID;
	assert_int_equal(rpmsg_shm_host_create(&host, &cfg), -EPROTO);
	assert_int_equal(wait_child(pid), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_memory_checks),
		cmocka_unit_test(test_ring_pipe_without_reader),
		cmocka_unit_test(test_ring_keeps_pending_sigpipe),
		cmocka_unit_test(test_ring_full_blocking_pipe),
		cmocka_unit_test(test_ring_full_blocking_socket),
		cmocka_unit_test(test_drain_eventfd_read_first),
		cmocka_unit_test(test_drain_pipe),
		cmocka_unit_test(test_vhu_send_peer_never_reads),
		cmocka_unit_test(test_shm_host_good_fake),
		cmocka_unit_test(test_shm_host_bad_doorbells),
		cmocka_unit_test(test_shm_host_bad_memory),
		cmocka_unit_test(test_shm_host_bad_counts),
		cmocka_unit_test(test_shm_remote_host_sends_fds),
		cmocka_unit_test(test_access_same_user),
		cmocka_unit_test(test_shm_other_user_cannot_be_host),
		cmocka_unit_test(test_shm_host_refuses_other_users_remote),
	};

	signal(SIGPIPE, SIG_DFL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
