/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Error numbers used by librpmsg.
 *
 * Every function that can fail returns a negative errno value. A hosted
 * build takes the values from <errno.h>; a freestanding build (which has no
 * <errno.h>) gets the Linux numbers defined here, so firmware and Linux agree
 * on what a code means when they log it.
 */
#ifndef RPMSG_ERRNO_H
#define RPMSG_ERRNO_H

#if __STDC_HOSTED__
#include <errno.h>
#endif

#ifndef EPERM
#define EPERM 1
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EIO
#define EIO 5
#endif
#ifndef EAGAIN
#define EAGAIN 11
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef ENODEV
#define ENODEV 19
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef EPIPE
#define EPIPE 32
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef EDEADLK
#define EDEADLK 35
#endif
#ifndef EBADMSG
#define EBADMSG 74
#endif
#ifndef EMSGSIZE
#define EMSGSIZE 90
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP 95
#endif
#ifndef ENOTSUP
#define ENOTSUP EOPNOTSUPP
#endif
#ifndef EADDRINUSE
#define EADDRINUSE 98
#endif
#ifndef ENOTCONN
#define ENOTCONN 107
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT 110
#endif
#ifndef EALREADY
#define EALREADY 114
#endif

#endif /* RPMSG_ERRNO_H */
