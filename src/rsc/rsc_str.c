// SPDX-License-Identifier: BSD-3-Clause
/* The reader's problems in words (a file of its own: firmware that never
 * prints them does not link the strings). */
#include <rpmsg/rpmsg_rsc.h>

static const char *const problem_str[RPMSG_RSC_E_COUNT] = {
	[RPMSG_RSC_OK] = "ok",
	[RPMSG_RSC_E_SHORT] = "table shorter than its header",
	[RPMSG_RSC_E_VERSION] = "table version is not 1",
	[RPMSG_RSC_E_HDR_RESERVED] = "reserved header words not zero",
	[RPMSG_RSC_E_OFFSETS] = "offset array runs past the table",
	[RPMSG_RSC_E_UNALIGNED] = "entry offset not a multiple of 4",
	[RPMSG_RSC_E_IN_HEADER] = "entry inside the header or offset array",
	[RPMSG_RSC_E_TRUNCATED] = "entry runs past the end of the table",
	[RPMSG_RSC_E_RESERVED] = "reserved field of an entry not zero",
	[RPMSG_RSC_E_ZERO_SIZE] = "length of zero",
	[RPMSG_RSC_E_WRAPS] = "address range passes 4 GiB",
	[RPMSG_RSC_E_VRINGS] = "more than 2 vrings",
	[RPMSG_RSC_E_VRING_NUM] =
		"vring num zero, not a power of two or above 32768",
	[RPMSG_RSC_E_VRING_ALIGN] =
		"vring align zero, not a power of two or above 65536",
	[RPMSG_RSC_E_VRING_DA] = "vring address not 16-byte aligned",
	[RPMSG_RSC_E_VRING_OVERLAP] = "vrings overlap",
	[RPMSG_RSC_E_CONFIG] = "vdev config space runs past the table",
};

const char *rpmsg_rsc_problem_str(enum rpmsg_rsc_problem problem)
{
	if ((unsigned int)problem >= RPMSG_RSC_E_COUNT)
		return "unknown problem";
	return problem_str[problem];
}
