#!/bin/sh
# Builds librpmsg and runs the kernel tests: Linux's rpmsg drivers in
# User-Mode Linux against the rpmsg tool as a vhost-user backend. The first
# run builds the kernel (a few minutes; cached afterwards, see
# scripts/uml/build-kernel.sh).
set -eu
exec "$(dirname "$0")/test.sh" -L kernel
