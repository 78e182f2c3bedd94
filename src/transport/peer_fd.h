/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors a peer hands over (doorbells, memory files): what kind they
 * are, and how they are used so that nothing the peer does with its own
 * copy can block us or kill us.
 *
 * A descriptor received with SCM_RIGHTS shares its open file description
 * (offset, O_NONBLOCK) with the sender, who may change it at any moment:
 * so nothing here relies on the description's flags.
 *  - sockets: send()/recv() with MSG_DONTWAIT | MSG_NOSIGNAL, per call;
 *  - FIFOs: opened again through /proc/self/fd as a non-blocking
 *    description of our own, written with SIGPIPE blocked in the calling
 *    thread only (a pending SIGPIPE that write raised is consumed, one
 *    that was pending before is left alone), so no signal disposition of
 *    the application changes;
 *  - eventfds (which cannot be opened again): read with
 *    preadv2(RWF_NOWAIT), which never blocks whatever the flags; written
 *    with write(), which blocks only when the counter would pass 2^64 - 2
 *    and the peer cleared O_NONBLOCK on its description (see SECURITY.md).
 */
#ifndef RPMSG_PEER_FD_H
#define RPMSG_PEER_FD_H

#include <stdbool.h>
#include <stdint.h>

enum rpmsg_fd_kind {
	RPMSG_FD_BAD,	  /* not a descriptor, or not one we accept */
	RPMSG_FD_EVENTFD,
	RPMSG_FD_FIFO,	  /* a pipe or a named FIFO */
	RPMSG_FD_SOCKET,  /* a connected UNIX stream socket */
	RPMSG_FD_MEMORY,  /* a regular file (memfd, tmpfs, hugetlbfs) */
};

/* What @fd is (RPMSG_FD_BAD for everything else). */
enum rpmsg_fd_kind rpmsg_fd_kind(int fd);

/*
 * Make the doorbell @fd of @kind safe to use from now on: a FIFO is opened
 * again, non-blocking, for reading or writing (@for_write), and the
 * original closed. Returns the descriptor to use, or -errno (@fd closed).
 */
int rpmsg_fd_bell_own(int fd, enum rpmsg_fd_kind kind, bool for_write);

/* Consume what a doorbell holds, never blocking; false when it reports
 * end of file or an error other than "nothing there". */
bool rpmsg_fd_bell_drain(int fd, enum rpmsg_fd_kind kind);

/* Ring a doorbell, never raising SIGPIPE; a full one is left as it is
 * (it holds a wake-up already). */
void rpmsg_fd_bell_ring(int fd, enum rpmsg_fd_kind kind);

/*
 * A memory file: regular, at least @size bytes long, and carrying every
 * seal in @seals (0: none required). 0, or -EPROTO.
 */
int rpmsg_fd_check_memory(int fd, uint64_t size, int seals);

#endif /* RPMSG_PEER_FD_H */
