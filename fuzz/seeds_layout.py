#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seeds for fuzz_layout (fuzz/make_seeds.py writes them): a small
described region with its resource table (docs/SPEC.md §8, the table's
remoteproc format), the same without a table (§6, a region described with
RPMSG_LAYOUT_NO_TABLE), and tables a host must refuse."""
import struct

TARGET = "layout"


def desc(size=0x2000, rsc=0, features=1, flags=0):
    rings = [(0x100, 4, 16), (0x200, 4, 16)]
    bufs = [(0x400, 4, 64), (0x500, 4, 64)]
    words = [size, rsc]
    for r in rings:
        words += list(r)
    for b in bufs:
        words += list(b)
    words += [features, 0, flags, 0]
    return struct.pack("<18I", *words)


def table(vring_da=(0x100, 0x200), num=4, align=16, entries=None):
    vdev = struct.pack("<7I", 3, 7, 0, 1, 0, 0, 0)
    vdev = vdev[:24] + bytes([0, 2, 0, 0])
    for i, da in enumerate(vring_da):
        vdev += struct.pack("<5I", da, align, num, i, da)
    hdr = struct.pack("<4I", 1, 1 if entries is None else entries, 0, 0)
    return hdr + struct.pack("<I", 20) + vdev


def seeds():
    """(name, bytes, SPEC section) of each seed."""
    yield "good", desc() + table(), "§8"
    yield "no_table", desc(rsc=0xFFFFFFFF), "§6"
    yield "wrong_ring", desc() + table(vring_da=(0x100, 0x300)), "§8"
    yield "many_entries", desc() + table(entries=0x40000000), "§8"
    yield "trace_then_vdev", desc() + struct.pack("<4I", 1, 2, 0, 0) + \
        struct.pack("<2I", 24, 28) + struct.pack("<I", 2) + table()[20:], "§8"
