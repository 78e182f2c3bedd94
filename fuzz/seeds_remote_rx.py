#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seeds for fuzz_remote_rx (fuzz/make_seeds.py writes them) that drive
vq 0, the empty buffers the host gives the remote to send in
(docs/SPEC.md §1 and §2): buffers too small for a header at the very end
of the region (§2), buffers the remote may not write (chained, indirect,
outside the region: §1), an avail index run ahead (§1), repeated heads,
then sends of growing size. Named by the SHA-1 of the contents, as
libFuzzer names its inputs."""
import hashlib
import struct

TARGET = "remote_rx"
REGION = 20480      # two 8 KiB rings and 8 x 512 bytes (fuzz_remote_rx.c)
VQ0 = 0x40          # opcode bit: vq 0 instead of vq 1
DESC, PUSH, IDX, KICK, PUMP, FLAGS, SEND = 0, 1, 2, 4, 5, 6, 8
RAW = 0x80          # DESC: the address is a device address
WRITE, NEXT, INDIRECT = 2, 1, 4


def desc(idx, addr, length, flags=WRITE, nxt=0, op=DESC | VQ0):
    return bytes([op, idx]) + struct.pack("<II", addr, length) + \
        bytes([flags, nxt])


def sends(*sizes):
    return b"".join(bytes([SEND, n, PUMP]) for n in sizes)


def inputs():
    # Every descriptor of vq 0 rewritten, so the next one the remote takes
    # is the hostile one whichever it is.
    for length in (0, 1, 8, 15, 16, 17):
        addr = REGION - max(length, 8)
        yield b"".join(desc(i, addr, length) for i in range(4)) + \
            sends(1, 8, 40)
    for flags in (0, NEXT | WRITE, INDIRECT | WRITE):
        yield b"".join(desc(i, 0x1000 + 128 * i, 128, flags, (i + 1) % 4)
                       for i in range(4)) + sends(8)
    yield b"".join(desc(i, 0xdead0000, 64, op=DESC | VQ0 | RAW)
                   for i in range(4)) + sends(8)
    yield bytes([PUSH | VQ0, 3]) + struct.pack("<HHH", 1, 1, 9) + \
        bytes([KICK | VQ0]) + sends(8)
    yield bytes([IDX | VQ0]) + struct.pack("<H", 0x8000) + \
        bytes([KICK | VQ0]) + sends(8)
    yield bytes([FLAGS | VQ0]) + struct.pack("<HH", 1, 0xffff) + \
        sends(8, 8, 8, 8, 8, 8)


def seeds():
    """(name, bytes, SPEC section) of each seed."""
    for i, s in enumerate(inputs()):
        yield hashlib.sha1(s).hexdigest(), s, "§2" if i < 6 else "§1"
