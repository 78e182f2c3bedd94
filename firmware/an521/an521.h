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

/* --- semihosting (an521_semihost.c) ------------------------------------- */

/* Write a NUL-terminated string to the debugger's console. */
void an521_puts(const char *s);

/* Write "label: value" (decimal) and a newline. */
void an521_put_u32(const char *label, uint32_t value);

/* End the simulation: QEMU exits with status 0 if @ok, else 1. */
__attribute__((noreturn)) void an521_exit(int ok);

#endif /* FIRMWARE_AN521_H */
