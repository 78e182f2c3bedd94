#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Prints the compiler definitions of the "minimal remote" configuration
# (include/rpmsg/rpmsg_config.h), measured by scripts/footprint.sh and built
# by .ci/cross.sh: the remote role only, with the name service (a remote
# under Linux announces its channels), one channel and one driver, no
# zero-copy API and no event index, driven from one context (the polled
# bare-metal main loop of firmware/main.c: RPMSG_CFG_CONCURRENT=0).
echo "-DRPMSG_CFG_HOST_ROLE=0 -DRPMSG_CFG_NS=1 -DRPMSG_CFG_ZERO_COPY=0" \
	"-DRPMSG_CFG_EVENT_IDX=0 -DRPMSG_CFG_MAX_CHANNELS=1" \
	"-DRPMSG_CFG_MAX_DRIVERS=1 -DRPMSG_CFG_CONCURRENT=0"
