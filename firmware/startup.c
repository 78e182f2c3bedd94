// SPDX-License-Identifier: BSD-3-Clause
/*
 * Minimal Cortex-M startup: the vector table, then copy the resource table
 * and .data to RAM, clear .bss and call main(). Enough for a polled firmware; a board's own startup
 * file replaces it.
 */
#include <stdint.h>
#include <string.h>

extern uint32_t __stack_top;
extern uint32_t __data_load, __data_start, __data_end;
extern uint32_t __bss_start, __bss_end;
extern uint32_t __rsc_load, __rsc_start, __rsc_end;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
void Mailbox_IRQHandler(void) __attribute__((weak, alias("Default_Handler")));

void Default_Handler(void)
{
	for (;;)
		;
}

void Reset_Handler(void)
{
	/* Loaded to RAM by a remoteproc loader (firmware_ram.ld): load and
	 * run addresses are the same and the table the host wrote stays. */
	if (&__rsc_load != &__rsc_start)
		memcpy(&__rsc_start, &__rsc_load,
		       (size_t)((char *)&__rsc_end - (char *)&__rsc_start));
	if (&__data_load != &__data_start)
		memcpy(&__data_start, &__data_load,
		       (size_t)((char *)&__data_end - (char *)&__data_start));
	memset(&__bss_start, 0,
	       (size_t)((char *)&__bss_end - (char *)&__bss_start));
	main();
	Default_Handler();
}

__attribute__((section(".vectors"), used))
void (*const vectors[17])(void) = {
	(void (*)(void))&__stack_top,
	Reset_Handler,
	Default_Handler, /* NMI */
	Default_Handler, /* HardFault */
	Default_Handler, Default_Handler, Default_Handler, 0, 0, 0, 0,
	Default_Handler, /* SVCall */
	Default_Handler, 0,
	Default_Handler, /* PendSV */
	SysTick_Handler,
	Mailbox_IRQHandler, /* IRQ 0: the mailbox the host rings */
};
