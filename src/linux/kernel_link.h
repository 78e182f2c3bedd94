/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's rpmsg char devices as a transport of struct rpmsg_link
 * (RPMSG_LINK_KERNEL): what src/transport/link.c calls (not installed).
 * Each function is the kernel's case of the rpmsg_link_* call of the same
 * name (rpmsg_link.h says what they do).
 */
#ifndef RPMSG_KERNEL_LINK_H
#define RPMSG_KERNEL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

struct rpmsg_k_link;

/* @ctrl: the control device, NULL or "" for the first /dev/rpmsg_ctrlN;
 * @own_loop: no thread, the caller services. Nothing is opened yet:
 * rpmsg_k_link_start() finds the control device (-ENODEV without one,
 * the sentence in rpmsg_k_link_error()). 0, -ENAMETOOLONG, -ENOMEM. */
int rpmsg_k_link_create(struct rpmsg_k_link **out, const char *ctrl,
			bool own_loop);
int rpmsg_k_link_start(struct rpmsg_k_link *kl, uint32_t timeout_ms);
struct rpmsg_device *rpmsg_k_link_bus(struct rpmsg_k_link *kl);
int rpmsg_k_link_service(struct rpmsg_k_link *kl);
int rpmsg_k_link_poll_fds(struct rpmsg_k_link *kl, int *fds, size_t max);
bool rpmsg_k_link_peer_gone(struct rpmsg_k_link *kl);
int rpmsg_k_link_wait_peer_gone(struct rpmsg_k_link *kl, uint32_t timeout_ms);
const char *rpmsg_k_link_error(struct rpmsg_k_link *kl);
void rpmsg_k_link_stop(struct rpmsg_k_link *kl);
void rpmsg_k_link_destroy(struct rpmsg_k_link *kl);

#endif /* RPMSG_KERNEL_LINK_H */
