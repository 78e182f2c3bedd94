/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Recording why something was refused (RPMSG_CFG_DIAG, rpmsg_device_why()):
 * a pointer to a sentence in read-only storage, written where the refusal
 * is decided. With RPMSG_CFG_DIAG 0 the sentences are not compiled in.
 */
#ifndef RPMSG_DIAG_H
#define RPMSG_DIAG_H

#include <rpmsg/rpmsg_config.h>

#if RPMSG_CFG_DIAG
#define RPMSG_WHY(slot, text) ((void)((slot) = (text)))
#else
#define RPMSG_WHY(slot, text) ((void)(slot), (void)(text))
#endif

/* Record @text in @slot and give @err, for "return RPMSG_REFUSE(...)". */
#define RPMSG_REFUSE(slot, err, text) (RPMSG_WHY(slot, text), (err))

#endif /* RPMSG_DIAG_H */
