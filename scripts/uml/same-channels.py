#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compares the backend's view of its channels (rpmsg ls --json of the
librpmsg remote) with the guest's (rpmsg ls --kernel --json inside the
guest): every channel the remote announced must be listed by the kernel
with, as its destination, the address the remote announced it at.
Usage: same-channels.py BACKEND_JSON GUEST_JSON"""
import json
import sys


def main():
    want = json.loads(sys.argv[1])
    got = json.loads(sys.argv[2])
    kernel = {c["name"]: c for c in got["channels"]}
    bad = 0
    for ch in want["channels"]:
        if not ch["announce"]:
            continue
        k = kernel.get(ch["name"])
        if k is None:
            print(f"channel {ch['name']}: not listed by the kernel")
            bad += 1
        elif k["dst"] != ch["src"]:
            print(f"channel {ch['name']}: kernel dst {k['dst']}, "
                  f"announced at {ch['src']}")
            bad += 1
        else:
            print(f"channel {ch['name']}: dst 0x{k['dst']:x} as announced, "
                  f"node {k['node'] or '-'}")
    if not want["channels"]:
        print("the backend announced nothing")
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
