// SPDX-License-Identifier: BSD-3-Clause
/*
 * Arm semihosting on a Cortex-M (BKPT 0xAB): console output and the exit
 * status that QEMU (-semihosting-config enable=on) turns into its own.
 */
#include <stdint.h>

#include "an521.h"

#define SYS_WRITE0 0x04u
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

void an521_puts(const char *s)
{
	semihost(SYS_WRITE0, (uint32_t)(uintptr_t)s);
}

void an521_put_u32(const char *label, uint32_t value)
{
	char buf[64];
	char digits[11];
	unsigned int n = 0, d = 0;

	while (*label && n < sizeof(buf) - sizeof(digits) - 4)
		buf[n++] = *label++;
	buf[n++] = ':';
	buf[n++] = ' ';
	do {
		digits[d++] = (char)('0' + value % 10u);
		value /= 10u;
	} while (value);
	while (d)
		buf[n++] = digits[--d];
	buf[n++] = '\n';
	buf[n] = '\0';
	an521_puts(buf);
}

void an521_exit(int ok)
{
	semihost(SYS_EXIT, ok ? ADP_STOPPED_APPLICATION_EXIT
			      : ADP_STOPPED_RUNTIME_ERROR);
	for (;;)
		__asm__ volatile("wfi");
}
