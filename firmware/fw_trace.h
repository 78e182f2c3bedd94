/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The example firmware's log: text appended to the trace buffer its
 * resource table declares (FW_TRACE_DA, FW_TRACE_SIZE in rsc_table.h),
 * kept NUL-terminated, as a remoteproc host reads it (Linux: debugfs
 * remoteproc/remoteprocN/trace0, the buffer up to its first NUL). A line
 * that does not fit is cut; a full buffer takes no more.
 *
 * The position is the text's own end (no state outside the buffer), so a
 * host may read the buffer at any time. Only the firmware's main context
 * writes it (and its stop, which does not return). Built with
 * FW_RSC_TRACE=0 the table has no trace entry and the log is compiled
 * out.
 */
#ifndef FIRMWARE_FW_TRACE_H
#define FIRMWARE_FW_TRACE_H

#include <stdint.h>

#include "rsc_table.h"

#if FW_RSC_TRACE
#define FW_TRACE_BUF ((volatile char *)(uintptr_t)FW_TRACE_DA)

/* Start an empty log (the buffer's memory is not part of the image):
 * all zero, so that a host reading while a line is appended always finds
 * the text terminated. */
static inline void fw_trace_init(void)
{
	uint32_t i;

	for (i = 0; i < FW_TRACE_SIZE; i++)
		FW_TRACE_BUF[i] = '\0';
}

/* Append @s. */
static inline void fw_trace(const char *s)
{
	uint32_t n = 0;

	while (n < FW_TRACE_SIZE - 1u && FW_TRACE_BUF[n])
		n++;
	/* The bytes after the text are zero (fw_trace_init()), the last
	 * one is never written. */
	while (n < FW_TRACE_SIZE - 1u && *s)
		FW_TRACE_BUF[n++] = *s++;
}
#else
static inline void fw_trace_init(void)
{
}

static inline void fw_trace(const char *s)
{
	(void)s;
}
#endif

#endif /* FIRMWARE_FW_TRACE_H */
