/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Arm MPS2 AN521 board (SSE-200 subsystem, two Cortex-M33) as the
 * dual-core example uses it: both cores stay in the Secure state, so
 * every address below is a Secure alias (bit 28 set).
 *
 * Memory: code in ZBT SSRAM1 (0x10000000), each core's data and stack in
 * SSRAM2 (0x38000000), the rings and buffers in the SSE-200's internal
 * SRAM (0x30000000, 128 KiB), which both cores see at the same address.
 *
 * Doorbells: MHU0. Core 1 rings core 0 by setting a bit of CPU0INTR_SET,
 * which raises interrupt 6 of core 0 until core 0 clears it through
 * CPU0INTR_CLR; core 0 rings core 1 through CPU1INTR_SET the same way
 * (interrupt 6 of core 1: the MHU interrupts are per core).
 *
 * Start of core 1: it is held in reset (CPUWAIT bit 1 set at power-on)
 * until core 0 writes its vector table address to INITSVTOR1 and clears
 * the bit.
 */
#ifndef FIRMWARE_AN521_H
#define FIRMWARE_AN521_H

#include <stddef.h>
#include <stdint.h>

#define AN521_REG(a) (*(volatile uint32_t *)(a))

/* SSE-200 Message Handling Unit 0 */
#define AN521_MHU0 0x50003000u
#define AN521_MHU_CPU0INTR_STAT AN521_REG(AN521_MHU0 + 0x00u)
#define AN521_MHU_CPU0INTR_SET AN521_REG(AN521_MHU0 + 0x04u)
#define AN521_MHU_CPU0INTR_CLR AN521_REG(AN521_MHU0 + 0x08u)
#define AN521_MHU_CPU1INTR_STAT AN521_REG(AN521_MHU0 + 0x10u)
#define AN521_MHU_CPU1INTR_SET AN521_REG(AN521_MHU0 + 0x14u)
#define AN521_MHU_CPU1INTR_CLR AN521_REG(AN521_MHU0 + 0x18u)
#define AN521_MHU0_IRQ 6u

/* SSE-200 system control registers */
#define AN521_SYSCTL 0x50021000u
#define AN521_INITSVTOR1 AN521_REG(AN521_SYSCTL + 0x114u)
#define AN521_CPUWAIT AN521_REG(AN521_SYSCTL + 0x118u)

/* Cortex-M33 system registers (each core has its own) */
#define AN521_VTOR AN521_REG(0xE000ED08u)
#define AN521_NVIC_ISER0 AN521_REG(0xE000E100u)
#define AN521_SYST_CSR AN521_REG(0xE000E010u)
#define AN521_SYST_RVR AN521_REG(0xE000E014u)
#define AN521_SYST_CVR AN521_REG(0xE000E018u)

/* The rings and buffers: the first 64 KiB of the internal SRAM. */
#define AN521_SHM_DA 0x30000000u
#define AN521_SHM_SIZE 0x10000u

/* --- core 1, the remote (an521_core1.c, its own ELF image) -------------- */

/* Core 1's memories (an521_core1.ld): its vector table at the start of
 * its code, which core 0 writes to INITSVTOR1. */
#define AN521_CORE1_CODE 0x10100000u
#define AN521_CORE1_CODE_SIZE 0x100000u
#define AN521_CORE1_RAM 0x38100000u
#define AN521_CORE1_RAM_SIZE 0x100000u

/* Doorbells core 1 rang and doorbell interrupts it took, at the end of
 * the carveout (outside the rings and the host's buffers), for core 0 to
 * check at the end. Core 0 zeroes them before it releases core 1. */
struct an521_counts {
	uint32_t rings;
	uint32_t irqs;
};
#define AN521_CORE1_COUNTS                                                   \
	((volatile struct an521_counts *)(AN521_SHM_DA + AN521_SHM_SIZE -      \
					  sizeof(struct an521_counts)))

/* --- core 0, the host side (an521_core0.c) ----------------------------- */

/* What each core 0 program (an521_host.c, an521_lite.c) provides: its
 * main, called after .bss is cleared and SysTick started, and its MHU
 * doorbell handler, called with the bits core 1 set (already cleared). */
void an521_core0_main(void);
void an521_core0_doorbell(uint32_t bits);

/* Milliseconds of SysTick since reset (virtual time under -icount). */
extern volatile uint32_t an521_ms;

/* Doorbells core 0 rang towards core 1 and MHU interrupts it took. */
extern volatile uint32_t an521_core0_rings, an521_core0_irqs;

/* Ring core 1's doorbell for virtqueue @vq (bit vq of CPU1INTR). */
void an521_ring_core1(unsigned int vq);

/* Print "an521: FAIL: @why" and the doorbell counts, exit with status 1. */
__attribute__((noreturn)) void an521_fail(const char *why);

/* Sleep in WFI (interrupts masked around the test, so a doorbell cannot
 * slip between the test and the sleep) until @done(@arg) is true; fail
 * with @what after AN521_STALL_MS without it. */
#define AN521_STALL_MS 3000u
void an521_wait(int (*done)(const void *arg), const void *arg,
		const char *what);

/* Sleep until *@word >= @want (an521_wait on a counter). */
void an521_wait_count(const volatile uint32_t *word, uint32_t want,
		      const char *what);

/* Load core 1's ELF image (bytes in core 0's) through rpmsg_elf.h as
 * remoteproc would and check that its vector table starts at its entry.
 * With @table non-NULL, its resource table must be @size bytes: the
 * host's copy goes to @table (checked before loading) and is written back
 * where the image loads it; the return value is that live table. Returns
 * NULL when @table is NULL. Fails the run on any problem. */
void *an521_load_core1(void *table, size_t size);

/* Zero core 1's counters, point INITSVTOR1 at its vectors, clear CPUWAIT. */
void an521_release_core1(void);

/* Print both cores' doorbell and interrupt counts and fail unless each
 * core took at least one interrupt and no more than its peer rang. A ring
 * while the previous one is still pending merges with it (the MHU bit is
 * a level), hence "no more". */
void an521_check_doorbells(void);

/* --- console (an521_uart.c) and exit (an521_semihost.c) ---------------- */

/* Write a NUL-terminated string to UART0 (QEMU's serial port). */
void an521_puts(const char *s);

/* Write "label: value" (decimal) and a newline. */
void an521_put_u32(const char *label, uint32_t value);

/* End the simulation: QEMU exits with status 0 if @ok, else 1. */
__attribute__((noreturn)) void an521_exit(int ok);

#endif /* FIRMWARE_AN521_H */
