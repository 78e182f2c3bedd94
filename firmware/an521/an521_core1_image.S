/* SPDX-License-Identifier: BSD-3-Clause */
/* Core 1's ELF image, as bytes in core 0's (build.sh sets CORE1_ELF). */
	.section .rodata.core1_image, "a"
	.balign 4
	.global an521_core1_image
an521_core1_image:
	.incbin CORE1_ELF
	.global an521_core1_image_end
an521_core1_image_end:
