// SPDX-License-Identifier: BSD-3-Clause
/* The library's version, as the build configured it. */
#include <rpmsg/rpmsg_version.h>

const char *rpmsg_version(void)
{
	return RPMSG_VERSION_STRING;
}
