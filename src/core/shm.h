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
 * Only 8-, 16- and 32-bit loads and stores are used: 64-bit atomics are
 * library calls on 32-bit microcontrollers, and no read-modify-write
 * atomic is ever needed.
 */
#ifndef RPMSG_SHM_H
#define RPMSG_SHM_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__ARM_ARCH_6M__) || defined(__FRAMAC__)
/*
 * Armv6-M (Cortex-M0, M0+, M1) has no LDREX/STREX, and clang therefore
 * treats no atomic size as lock-free there: every __atomic_* access below
 * would become a call to __atomic_load_2 and friends, which a bare-metal
 * toolchain does not provide. The loads and stores themselves need no
 * library help, so they are written out by hand:
 *
 * - Single copy. The Armv6-M architecture (A3.5.3, "Atomicity in the Arm
 *   architecture") makes every aligned byte, halfword and word access
 *   single-copy atomic: the peer observes either the old or the new value,
 *   never a mix. All ring fields are naturally aligned. A volatile access
 *   makes the compiler emit exactly one LDRH/STRH/LDR/STR (or byte form) per
 *   call: it may not tear, merge, repeat or drop it. That is what
 *   __ATOMIC_RELAXED gives elsewhere.
 * - Acquire: the load, then DMB. DMB orders every explicit memory access
 *   before it against every one after it, so nothing this side reads from
 *   a ring entry can be satisfied before the index that published it.
 * - Release: DMB, then the store. Everything written before (descriptor,
 *   header, payload) is observable before the index that publishes it.
 * - Full fence (store-then-load, for the event-index check): DMB. On the
 *   M profile DMB is always full-system and orders stores against later
 *   loads as well.
 * - The "memory" clobber keeps the compiler from moving other accesses
 *   across the barrier, so the hardware and compiler orders agree.
 *
 * GCC emits exactly these sequences for __atomic_* on Armv6-M; writing
 * them out makes clang do the same.
 *
 * Frama-C (the proofs under proof/) takes this branch too: it reads each
 * volatile access as one access, which is what the atomics are.
 */
static inline void rpmsg_shm_dmb(void)
{
#ifdef __FRAMAC__
	/* Under Frama-C (proof/README.md) the peer is modelled as changing
	 * every shared word between any two reads, which covers every order
	 * the barrier could produce: it has no effect to analyse. */
#else
	__asm__ volatile("dmb" ::: "memory");
#endif
}

static inline uint16_t rpmsg_shm_load16(const volatile void *p)
{
	return *(const volatile uint16_t *)p;
}

static inline uint16_t rpmsg_shm_load16_acquire(const volatile void *p)
{
	uint16_t v = *(const volatile uint16_t *)p;

	rpmsg_shm_dmb();
	return v;
}

static inline void rpmsg_shm_store16(volatile void *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}

static inline void rpmsg_shm_store16_release(volatile void *p, uint16_t v)
{
	rpmsg_shm_dmb();
	*(volatile uint16_t *)p = v;
}

static inline uint32_t rpmsg_shm_load32(const volatile void *p)
{
	return *(const volatile uint32_t *)p;
}

static inline void rpmsg_shm_store32(volatile void *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}

static inline void rpmsg_shm_fence(void)
{
	rpmsg_shm_dmb();
}

/* A flag shared between contexts of this processor (not with the peer).
 * Frama-C analyses one context: a plain access, not the peer's volatile. */
static inline bool rpmsg_relaxed_load_bool(const bool *p)
{
#ifdef __FRAMAC__
	return *p;
#else
	return *(const volatile bool *)p;
#endif
}

static inline void rpmsg_relaxed_store_bool(bool *p, bool v)
{
#ifdef __FRAMAC__
	*p = v;
#else
	*(volatile bool *)p = v;
#endif
}

#else /* !__ARM_ARCH_6M__ */

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
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* A flag shared between threads of this processor (not with the peer). */
static inline bool rpmsg_relaxed_load_bool(const bool *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void rpmsg_relaxed_store_bool(bool *p, bool v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

#endif /* __ARM_ARCH_6M__ */

#endif /* RPMSG_SHM_H */
