// SPDX-License-Identifier: BSD-3-Clause
/*
 * Console output of both AN521 cores through the board's UART0, an Arm
 * CMSDK APB UART (QEMU connects it to its first serial port): transmit
 * enabled on first use, each byte written once the transmit buffer has
 * room. Core 1 prints only when it stops; the exit status still goes
 * through semihosting (an521_semihost.c).
 */
#include <stdint.h>

#include "an521.h"

/* UART0, Secure alias (the expansion PPC lets Secure accesses through). */
#define UART0 0x50200000u
#define UART_DATA AN521_REG(UART0 + 0x00u)
#define UART_STATE AN521_REG(UART0 + 0x04u)
#define UART_CTRL AN521_REG(UART0 + 0x08u)
#define UART_BAUDDIV AN521_REG(UART0 + 0x10u)
#define UART_STATE_TX_FULL 1u
#define UART_CTRL_TX_EN 1u
/* 25 MHz / 217: 115200 baud (the smallest divider the UART takes is 16). */
#define UART_DIV 217u

static void uart_putc(char c)
{
	if (!(UART_CTRL & UART_CTRL_TX_EN)) {
		UART_BAUDDIV = UART_DIV;
		UART_CTRL = UART_CTRL_TX_EN;
	}
	while (UART_STATE & UART_STATE_TX_FULL)
		;
	UART_DATA = (uint8_t)c;
}

void an521_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void an521_put_u32(const char *label, uint32_t value)
{
	char digits[11];
	unsigned int d = 0;

	an521_puts(label);
	an521_puts(": ");
	do {
		digits[d++] = (char)('0' + value % 10u);
		value /= 10u;
	} while (value);
	while (d)
		uart_putc(digits[--d]);
	uart_putc('\n');
}
