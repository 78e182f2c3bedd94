#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The fuzzers' generated seeds, built from the wire formats of
docs/SPEC.md: each seed names the section it follows, and whether the
parser it targets must accept it ("accept"), refuse it ("refuse"), accept
it with no recipient ("drop"), or whether the target has no single verdict
("-": a sequence of ring or socket operations).

Writes OUTDIR/<target>/<name> and OUTDIR/seeds.tsv (target, name,
expected, section). tests/test_seeds.c checks the verdicts; the fuzz build
(fuzz/CMakeLists.txt) and scripts/fuzz.sh give OUTDIR/<target> to each
fuzzer beside its committed corpus (fuzz/corpus: inputs the fuzzers found).

Usage: fuzz/make_seeds.py OUTDIR
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seeds_layout  # noqa: E402
import seeds_remote_rx  # noqa: E402
import seeds_vhost_user  # noqa: E402

NS_ADDR = 53            # §2, §7
HOST_EPT = 1024         # fuzz_rpmsg_rx.c: the host's "sink" endpoint
REMOTE_ADDR = 1025
BUF_SIZE = 128          # fuzz_rpmsg_rx.c: buffer size, header included


def message(src, dst, payload, length=None):
    """§2: the 16-byte header (src, dst, reserved, length, flags), then
    the payload; little-endian (VIRTIO_F_VERSION_1)."""
    n = len(payload) if length is None else length
    return struct.pack("<IIIHH", src, dst, 0, n, 0) + payload


def ns(name, addr, flags=0, size=40):
    """§7: name (32 bytes, NUL-padded), address, flags (bit 0: destroy)."""
    body = name.ljust(32, b"\0") + struct.pack("<II", addr, flags)
    return message(REMOTE_ADDR, NS_ADDR, body[:size])


def rx(*buffers, used=None):
    """fuzz_rpmsg_rx's input: per buffer the used.len the remote returns
    (u16), then the buffer's BUF_SIZE bytes."""
    out = b""
    for i, b in enumerate(buffers):
        n = len(b) if used is None else used[i]
        out += struct.pack("<H", n) + b.ljust(BUF_SIZE, b"\0")
    return out


def rpmsg_rx_seeds():
    ping = message(REMOTE_ADDR, HOST_EPT, b"ping")
    yield "message", rx(ping), "accept", "§2"
    yield "message_full", rx(message(REMOTE_ADDR, HOST_EPT,
                                     bytes(BUF_SIZE - 16))), "accept", "§2"
    yield "ns_create", rx(ns(b"fuzz", REMOTE_ADDR)), "accept", "§7"
    yield "ns_create_destroy", rx(ns(b"fuzz", REMOTE_ADDR),
                                  ns(b"fuzz", REMOTE_ADDR, 1)), "accept", "§7"
    yield "no_recipient", rx(message(REMOTE_ADDR, 2000, b"x")), "drop", "§2"
    yield "used_len_short", rx(ping, used=[15]), "refuse", "§2"
    yield "length_past_used", rx(message(REMOTE_ADDR, HOST_EPT, b"ping",
                                         length=5)), "refuse", "§2"
    yield "ns_short", rx(ns(b"fuzz", REMOTE_ADDR, size=39)), "refuse", "§7"
    yield "ns_empty_name", rx(ns(b"", REMOTE_ADDR)), "refuse", "§7"
    yield "ns_addr_any", rx(ns(b"fuzz", 0xFFFFFFFF)), "refuse", "§7"


def region(size):
    """fuzz_rsc_table's first word: the region size (below 1 GiB as is)."""
    return struct.pack("<I", size)


def rsc_table_seeds():
    # §8: ver 1, one RSC_VDEV entry, virtio id 7, two vrings.
    table = seeds_layout.table
    yield "vdev", region(0x8000) + table((0x1000, 0x2000), 16), \
        "accept", "§8"
    yield "version_2", region(0x8000) + struct.pack("<I", 2) + \
        table((0x1000, 0x2000), 16)[4:], "refuse", "§8"
    yield "no_entry", region(0x8000) + struct.pack("<4I", 1, 0, 0, 0), \
        "refuse", "§8"
    yield "vring_outside", region(0x8000) + table((0x1000, 0x7F00), 16), \
        "refuse", "§8"
    yield "vrings_overlap", region(0x8000) + table((0x1000, 0x1000), 16), \
        "refuse", "§8"
    yield "entry_past_end", region(0x8000) + \
        table((0x1000, 0x2000), 16)[:40], "refuse", "§8"


def all_seeds():
    """(target, name, bytes, expected, section) of every seed."""
    for name, data, exp, sec in rpmsg_rx_seeds():
        yield "rpmsg_rx", name, data, exp, sec
    for name, data, exp, sec in rsc_table_seeds():
        yield "rsc_table", name, data, exp, sec
    for mod in (seeds_layout, seeds_remote_rx, seeds_vhost_user):
        for name, data, sec in mod.seeds():
            yield mod.TARGET, name, data, "-", sec


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    rows = []
    for target, name, data, exp, sec in all_seeds():
        os.makedirs(os.path.join(out, target), exist_ok=True)
        with open(os.path.join(out, target, name), "wb") as f:
            f.write(data)
        rows.append("%s\t%s\t%s\t%s\n" % (target, name, exp, sec))
    with open(os.path.join(out, "seeds.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(rows))


if __name__ == "__main__":
    main()
