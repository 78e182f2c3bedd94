/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Accepting a peer on a listening socket: only one rpmsg_access_check()
 * admits (rpmsg_access.h). Others are hung up on, and the wait goes on,
 * so that another user connecting first cannot take a link's place nor
 * make it give up.
 */
#ifndef RPMSG_PEER_CRED_H
#define RPMSG_PEER_CRED_H

#include <stdint.h>

#include <rpmsg/rpmsg_access.h>

/*
 * Wait until @deadline_ns (CLOCK_MONOTONIC, UINT64_MAX: no limit) for an
 * admitted connection on @listen_fd. Returns the connected socket
 * (close-on-exec, blocking), -ETIMEDOUT, or another -errno.
 */
int rpmsg_fd_accept(int listen_fd, uint64_t deadline_ns,
		    const struct rpmsg_access *access);

#endif /* RPMSG_PEER_CRED_H */
