/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RPMSG_ASSERT(): a check of the library's own invariants, compiled in with
 * RPMSG_CFG_ASSERT (rpmsg_config.h). Never for what the peer writes: that
 * is validated and rejected with an errno in every build.
 */
#ifndef RPMSG_ASSERT_H
#define RPMSG_ASSERT_H

#include <rpmsg/rpmsg_config.h>

#if RPMSG_CFG_ASSERT
#ifndef RPMSG_ASSERT_FAIL
/* Must not return. Define it to log @file and @line on your board. */
#define RPMSG_ASSERT_FAIL(file, line) __builtin_trap()
#endif
#define RPMSG_ASSERT(cond)                                                   \
	do {                                                                 \
		if (!(cond))                                                 \
			RPMSG_ASSERT_FAIL(__FILE__, __LINE__);               \
	} while (0)
#else
/* Not evaluated, but still type-checked. */
#define RPMSG_ASSERT(cond) ((void)sizeof(!(cond)))
#endif

#endif /* RPMSG_ASSERT_H */
