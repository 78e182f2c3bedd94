/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A peer that changes shared memory between two of the library's reads,
 * at a point the test chooses: every access to the traced pages is
 * counted, and the peer's byte is changed just before the Nth access that
 * can read it.
 *
 * How: the pages are made inaccessible while the library runs; each access
 * faults, the SIGSEGV handler counts it, applies the change when its turn
 * has come, opens the pages and sets the trap flag; the access completes,
 * the SIGTRAP that follows closes the pages again. So every load (each
 * iteration of a string instruction too) is seen, whether or not the
 * library invalidated a cache line before it. x86-64 Linux only
 * (flip_trace_supported()).
 */
#ifndef RPMSG_TEST_FLIP_TRACE_H
#define RPMSG_TEST_FLIP_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether this build can trace (x86-64 Linux). */
bool flip_trace_supported(void);

/* Install the handlers (once) and trace the whole pages of
 * [base, base + size): @base page-aligned, the pages nobody else's. */
int flip_trace_init(void *base, size_t size);

/*
 * What to change: @target's byte becomes @after just before the @flip_at-th
 * access (1-based; 0: never) whose address lies within 63 bytes before
 * @target or at it, so that it can read the byte (no access is wider than
 * 64 bytes). Resets the count.
 */
void flip_trace_plan(uint8_t *target, uint8_t after, unsigned long flip_at);

/* Close the pages (the library runs), and open them again. */
void flip_trace_arm(void);
void flip_trace_disarm(void);

/* Accesses that could read the target since the plan, and whether the
 * change was made. */
unsigned long flip_trace_count(void);
bool flip_trace_flipped(void);

#endif /* RPMSG_TEST_FLIP_TRACE_H */
