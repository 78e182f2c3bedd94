/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Accessors for words in memory shared with another processor.
 *
 * Every shared word is read and written with a single atomic access so that
 * a value is read exactly once (no double fetch a hostile peer could change
 * between a check and a use) and so that the compiler cannot tear, merge or
 * repeat it. The ordering of ring publication is expressed with acquire and
 * release on the index words; the store-then-load ordering needed before
 * reading the peer's suppression fields is a full fence. These are real
 * hardware barriers (dmb on Arm, mfence/locked ops on x86), not compiler
 * barriers, because the peer is another processor.
 *
 * Only 16- and 32-bit atomics are used: 64-bit atomics are library calls on
 * 32-bit microcontrollers.
 */
#ifndef RPMSG_SHM_H
#define RPMSG_SHM_H

#include <stdatomic.h>
#include <stdint.h>

static inline uint16_t rpmsg_shm_load16(const volatile void *p)
{
	return __atomic_load_n((const volatile uint16_t *)p, __ATOMIC_RELAXED);
}

static inline uint16_t rpmsg_shm_load16_acquire(const volatile void *p)
{
	return __atomic_load_n((const volatile uint16_t *)p, __ATOMIC_ACQUIRE);
}

static inline void rpmsg_shm_store16(volatile void *p, uint16_t v)
{
	__atomic_store_n((volatile uint16_t *)p, v, __ATOMIC_RELAXED);
}

static inline void rpmsg_shm_store16_release(volatile void *p, uint16_t v)
{
	__atomic_store_n((volatile uint16_t *)p, v, __ATOMIC_RELEASE);
}

static inline uint32_t rpmsg_shm_load32(const volatile void *p)
{
	return __atomic_load_n((const volatile uint32_t *)p, __ATOMIC_RELAXED);
}

static inline void rpmsg_shm_store32(volatile void *p, uint32_t v)
{
	__atomic_store_n((volatile uint32_t *)p, v, __ATOMIC_RELAXED);
}

static inline void rpmsg_shm_fence(void)
{
	atomic_thread_fence(memory_order_seq_cst);
}

#endif /* RPMSG_SHM_H */
