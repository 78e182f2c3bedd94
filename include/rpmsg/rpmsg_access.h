/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Who may connect to a link's socket (Linux): the shared-memory
 * rendezvous socket, the vhost-user socket, and any control socket an
 * application serves.
 *
 * The sockets of both transports may be abstract (they leave nothing
 * behind however a process dies, and need no runtime directory), and an
 * abstract socket has no file permissions: anyone in the network
 * namespace can connect. So every connection is checked on both ends with
 * SO_PEERCRED instead, which works the same for abstract and file system
 * sockets: by default only processes of the same effective user, and
 * root (who can read our memory anyway), are admitted; a group can be
 * admitted as well.
 */
#ifndef RPMSG_ACCESS_H
#define RPMSG_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct rpmsg_access - who may be the peer, besides our own user and root
 * @allow_group: also admit a process whose effective or supplementary
 *               groups include @gid
 * @gid: that group
 *
 * A zeroed struct admits our own user and root only.
 */
struct rpmsg_access {
	bool allow_group;
	uint32_t gid;
};

/**
 * rpmsg_access_check() - may the process at the other end of @sock talk
 * to us?
 * @sock: a connected UNIX socket
 * @access: the policy (NULL: as a zeroed struct)
 *
 * The peer's credentials are those it had when it connected (or, seen
 * from a client, when the server called listen()).
 *
 * Return: 0 when admitted; -EACCES when not; another -errno when @sock has
 * no peer credentials (not a connected UNIX socket).
 */
int rpmsg_access_check(int sock, const struct rpmsg_access *access);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_ACCESS_H */
