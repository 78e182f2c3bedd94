/* SPDX-License-Identifier: BSD-3-Clause */
/* The name-service message at address 53 (docs/SPEC.md, "Name service"):
 * name[32], then addr and flags, 32 bits each in the device's byte order. */
#ifndef RPMSG_NS_WIRE_H
#define RPMSG_NS_WIRE_H

#define NS_MSG_SIZE 40u
#define NS_NAME_OFF 0u
#define NS_ADDR_OFF 32u
#define NS_FLAGS_OFF 36u

#endif /* RPMSG_NS_WIRE_H */
