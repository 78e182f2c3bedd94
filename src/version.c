// SPDX-License-Identifier: BSD-3-Clause
/* The library's version, as the build configured it, and the symbol
 * naming its configuration (rpmsg.h, RPMSG_ABI_CFG). */
#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_version.h>

const char *rpmsg_version(void)
{
	return RPMSG_VERSION_STRING;
}

#ifdef RPMSG_ABI_CFG
const char RPMSG_ABI_CFG = 0;
#endif
