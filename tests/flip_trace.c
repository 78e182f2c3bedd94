// SPDX-License-Identifier: BSD-3-Clause
/*
 * The page-fault and single-step tracer of flip_trace.h. State is global:
 * signal handlers have nothing else to reach it by, and one test traces
 * one region at a time, in one thread.
 */
#define _GNU_SOURCE
#include "flip_trace.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__linux__)
#define TRACE_OK 1
#define EFLAGS_TF 0x100
#else
#define TRACE_OK 0
#endif

static struct {
	uint8_t *base;
	size_t size;
	uintptr_t win_lo, win_hi; /* counted: [win_lo, win_hi] */
	uint8_t *target;
	uint8_t after;
	unsigned long count, flip_at;
	bool flipped, armed, installed;
	struct sigaction old_segv, old_trap;
} T;

bool flip_trace_supported(void)
{
	return TRACE_OK;
}

#if TRACE_OK
static void open_pages(void)
{
	mprotect(T.base, T.size, PROT_READ | PROT_WRITE);
}

static void close_pages(void)
{
	mprotect(T.base, T.size, PROT_NONE);
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uintptr_t a = (uintptr_t)si->si_addr;

	if (!T.armed || a < (uintptr_t)T.base ||
	    a >= (uintptr_t)T.base + T.size) {
		/* Not ours: a real fault. Give it to whoever handled it
		 * before (sanitizer, fuzzer); it faults again on return. */
		sigaction(sig, &T.old_segv, NULL);
		return;
	}
	open_pages();
	if (a >= T.win_lo && a <= T.win_hi && ++T.count == T.flip_at) {
		*T.target = T.after;
		T.flipped = true;
	}
	uc->uc_mcontext.gregs[REG_EFL] |= EFLAGS_TF;
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)si;
	if (!(uc->uc_mcontext.gregs[REG_EFL] & EFLAGS_TF)) {
		sigaction(sig, &T.old_trap, NULL);
		return;
	}
	uc->uc_mcontext.gregs[REG_EFL] &= ~(long long)EFLAGS_TF;
	if (T.armed)
		close_pages();
}
#endif

int flip_trace_init(void *base, size_t size)
{
#if TRACE_OK
	struct sigaction sa;
	long page = sysconf(_SC_PAGESIZE);

	if (!base || !size || (uintptr_t)base % (uintptr_t)page)
		return -1;
	T.base = base;
	T.size = (size + (size_t)page - 1) & ~((size_t)page - 1);
	if (T.installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_segv;
	if (sigaction(SIGSEGV, &sa, &T.old_segv))
		return -1;
	sa.sa_sigaction = on_trap;
	if (sigaction(SIGTRAP, &sa, &T.old_trap))
		return -1;
	T.installed = true;
	return 0;
#else
	(void)base;
	(void)size;
	return -1;
#endif
}

void flip_trace_plan(uint8_t *target, uint8_t after, unsigned long flip_at)
{
	T.target = target;
	T.after = after;
	T.flip_at = flip_at;
	T.count = 0;
	T.flipped = false;
	T.win_hi = (uintptr_t)target;
	T.win_lo = (uintptr_t)target - 63u;
}

void flip_trace_arm(void)
{
#if TRACE_OK
	T.armed = true;
	close_pages();
#endif
}

void flip_trace_disarm(void)
{
#if TRACE_OK
	T.armed = false;
	open_pages();
#endif
}

unsigned long flip_trace_count(void)
{
	return T.count;
}

bool flip_trace_flipped(void)
{
	return T.flipped;
}
