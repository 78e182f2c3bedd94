// SPDX-License-Identifier: BSD-3-Clause
/*
 * The floors every rpmsg figure is compared with, measured by the same
 * tool in the same run:
 *  - cache-line ping-pong: two processes share one 64-byte-aligned word in
 *    a shared mapping; each spins until the word holds its turn and writes
 *    the next value. The least a polling round trip can cost here.
 *  - doorbell ping-pong: two processes block in read() on an eventfd each
 *    and write the other's. The least a blocking round trip (two wake-ups)
 *    can cost here.
 *  - memcpy: one core copying a block larger than the caches (the usual
 *    meaning of memcpy bandwidth; a message-sized copy that stays in L1
 *    runs several times faster).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

int bench_floor_cacheline(uint64_t *samples, size_t rounds)
{
	_Atomic uint64_t *word;
	uint64_t t0, v;
	size_t i;
	pid_t pid;
	void *map;

	if (!samples || !rounds)
		return -EINVAL;
	/* One page: the word sits at its start, 64-byte aligned. */
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -errno;
	word = map;
	atomic_init(word, 0);
	pid = fork();
	if (pid < 0) {
		munmap(map, 4096);
		return -errno;
	}
	if (pid == 0) {
		/* Odd values are the parent's pings; answer each with +1. */
		for (v = 1; v < 2 * (uint64_t)rounds; v += 2) {
			while (atomic_load_explicit(word, memory_order_acquire) != v)
				;
			atomic_store_explicit(word, v + 1, memory_order_release);
		}
		_exit(0);
	}
	for (i = 0; i < rounds; i++) {
		v = 2 * (uint64_t)i + 1;
		t0 = bench_now_ns();
		atomic_store_explicit(word, v, memory_order_release);
		while (atomic_load_explicit(word, memory_order_acquire) != v + 1)
			;
		samples[i] = bench_now_ns() - t0;
	}
	munmap(map, 4096);
	return reap(pid);
}

static int bell_write(int fd)
{
	uint64_t one = 1;

	return write(fd, &one, sizeof(one)) == sizeof(one) ? 0 : -1;
}

static int bell_read(int fd)
{
	uint64_t v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? 0 : -1;
}

int bench_floor_doorbell(uint64_t *samples, size_t rounds)
{
	int ping, pong, rc = 0;
	uint64_t t0;
	size_t i;
	pid_t pid;

	if (!samples || !rounds)
		return -EINVAL;
	ping = eventfd(0, EFD_CLOEXEC);
	pong = eventfd(0, EFD_CLOEXEC);
	if (ping < 0 || pong < 0) {
		rc = -errno;
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0) {
		for (i = 0; i < rounds; i++)
			if (bell_read(ping) || bell_write(pong))
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < rounds && !rc; i++) {
		t0 = bench_now_ns();
		if (bell_write(ping) || bell_read(pong)) {
			rc = -EIO;
			kill(pid, SIGKILL);
		}
		samples[i] = bench_now_ns() - t0;
	}
	if (reap(pid) && !rc)
		rc = -EIO;
out:
	if (ping >= 0)
		close(ping);
	if (pong >= 0)
		close(pong);
	return rc;
}

double bench_floor_memcpy(size_t block, size_t total)
{
	uint8_t *src, *dst;
	size_t done = 0;
	uint64_t t0, t1;

	if (!block)
		return 0;
	src = malloc(block);
	dst = malloc(block);
	if (!src || !dst) {
		free(src);
		free(dst);
		return 0;
	}
	/* Touch every page first: no page faults inside the timing. */
	memset(src, 0x5a, block);
	memset(dst, 0, block);
	t0 = bench_now_ns();
	while (done < total) {
		memcpy(dst, src, block);
		/* Keep the compiler from dropping or merging the copies. */
		__asm__ volatile("" : : "r"(dst) : "memory");
		done += block;
	}
	t1 = bench_now_ns();
	free(src);
	free(dst);
	return t1 > t0 ? (double)done / ((double)(t1 - t0) / 1e9) / 1e6 : 0;
}
