/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A model of the shared-memory accessors of src/core/shm.h, for a test
 * that builds the virtqueue against it (the compiler's -include puts
 * this header first, and its guard keeps the real one out).
 *
 * The model is total store order, the ordering of x86 and the weakest
 * one the event-index handshake must survive on every processor: each of
 * two sides has a FIFO store buffer; a side's store waits there, its own
 * loads see it, the other side's do not until a fence of the writer (or
 * a full buffer) drains it to memory. Loads are never reordered with
 * each other, nor stores with each other, so acquire and release cost
 * nothing; only a store followed by a load can pass.
 *
 * Which side runs is set by the test (tso_run_as()); a hook called after
 * each access of a side lets the test run the other side at that point,
 * so that every interleaving is one the test chose.
 */
#ifndef RPMSG_SHM_H
#define RPMSG_SHM_H

#include <stdbool.h>
#include <stdint.h>

/* The side whose accesses follow (0 or 1). */
void tso_run_as(unsigned int side);
unsigned int tso_side(void);

/* Called after each access of a side, with the number of accesses that
 * side has made since tso_count_reset(). NULL: none. */
typedef void (*tso_hook_t)(unsigned int side, unsigned int n, void *arg);
void tso_set_hook(tso_hook_t hook, void *arg);
void tso_count_reset(void);

/* Empty both store buffers without any access (set-up between steps). */
void tso_reset(void);
/* Stores of @side still waiting in its buffer. */
unsigned int tso_pending(unsigned int side);

uint32_t tso_load(const volatile void *p, unsigned int size);
void tso_store(volatile void *p, uint32_t v, unsigned int size);
void tso_fence(void);

static inline uint16_t rpmsg_shm_load16(const volatile void *p)
{
	return (uint16_t)tso_load(p, 2);
}

static inline uint16_t rpmsg_shm_load16_acquire(const volatile void *p)
{
	return (uint16_t)tso_load(p, 2);
}

static inline void rpmsg_shm_store16(volatile void *p, uint16_t v)
{
	tso_store(p, v, 2);
}

static inline void rpmsg_shm_store16_release(volatile void *p, uint16_t v)
{
	tso_store(p, v, 2);
}

static inline uint32_t rpmsg_shm_load32(const volatile void *p)
{
	return tso_load(p, 4);
}

static inline void rpmsg_shm_store32(volatile void *p, uint32_t v)
{
	tso_store(p, v, 4);
}

static inline void rpmsg_shm_fence(void)
{
	tso_fence();
}

static inline bool rpmsg_relaxed_load_bool(const bool *p)
{
	return *p;
}

static inline void rpmsg_relaxed_store_bool(bool *p, bool v)
{
	*p = v;
}

#endif /* RPMSG_SHM_H */
