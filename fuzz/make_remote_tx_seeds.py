#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seeds for fuzz_remote_rx that drive vq 0, the empty buffers the host
gives the remote to send in: buffers too small for a header at the very
end of the region, buffers the remote may not write (no WRITE flag,
chained, indirect, outside the region), an avail index run ahead,
repeated heads, then sends of growing size. File names are the SHA-1 of
the contents, as libFuzzer names them."""
import hashlib
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "corpus", "remote_rx")
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


def seeds():
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


def main():
    for s in seeds():
        name = hashlib.sha1(s).hexdigest()
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(s)


if __name__ == "__main__":
    main()
