// SPDX-License-Identifier: BSD-3-Clause
/*
 * Arm semihosting on a Cortex-M (BKPT 0xAB): the exit status that QEMU
 * (-semihosting-config enable=on) turns into its own. Text goes to the
 * UART (an521_uart.c).
 */
#include <stdint.h>

#include "an521.h"

#define SYS_EXIT 0x18u
/* Reasons of SYS_EXIT: the application finished, or a run-time error. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u

static void semihost(uint32_t op, uint32_t arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register uint32_t r1 __asm__("r1") = arg;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}

void an521_exit(int ok)
{
	semihost(SYS_EXIT, ok ? ADP_STOPPED_APPLICATION_EXIT
			      : ADP_STOPPED_RUNTIME_ERROR);
	for (;;)
		__asm__ volatile("wfi");
}
