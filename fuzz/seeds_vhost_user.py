#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seeds for fuzz_vhost_user (fuzz/make_seeds.py writes them): the
frontend's sequence and the requests of docs/SPEC.md §10 (vhost-user),
good and broken, then the harness's deviations.

Input layout (see fuzz/fuzz_vhost_user.c): a mode byte, a tail length in
16-byte units, the vhost-user messages (12-byte header, payload), then the
tail: records (u8 target, u16 offset, u8 n, n bytes) written into the
memory file or a ring part once the rings are live. Little endian, as on the x86 and Arm hosts the
harness runs on.
"""
import struct

TARGET = "vhost_user"

# Requests (vhost-user.rst numbering).
GET_FEATURES = 1
SET_FEATURES = 2
SET_OWNER = 3
RESET_OWNER = 4
SET_MEM_TABLE = 5
SET_LOG_FD = 7
SET_VRING_NUM = 8
SET_VRING_ADDR = 9
SET_VRING_BASE = 10
GET_VRING_BASE = 11
SET_VRING_KICK = 12
SET_VRING_CALL = 13
SET_VRING_ERR = 14
GET_PROTOCOL_FEATURES = 15
SET_PROTOCOL_FEATURES = 16
GET_QUEUE_NUM = 17
SET_VRING_ENABLE = 18
SET_BACKEND_REQ_FD = 21
GET_CONFIG = 24
SET_CONFIG = 25
RESET_DEVICE = 34

VERSION = 0x1
REPLY = 0x4
NEED_REPLY = 0x8
NOFD = 0x100

F_NS = 1 << 0
F_EVENT_IDX = 1 << 29
F_PROTOCOL = 1 << 30
F_VERSION_1 = 1 << 32
PROTO_REPLY_ACK = 1 << 3
PROTO_BACKEND_REQ = 1 << 5
PROTO_CONFIG = 1 << 9

# Harness deviations (mode byte).
MODE_FD_FEWER = 0x01
MODE_FD_MORE = 0x02
MODE_MEM_PIPE = 0x04
MODE_MEM_SMALL = 0x08
MODE_NOFD_FLIP = 0x10
MODE_BELL_PIPE = 0x20
MODE_STRAY_FD = 0x40

# The frontend's memory: one 64 KiB file, one region.
MEM_SIZE = 0x10000
GPA = 0x40000000
UVA = 0x7F0000000000
NUM = 8
RING_OFF = (0x0000, 0x1000)  # desc; avail at +0x100, used at +0x200
TX_BUF_OFF = 0x4000  # empty buffers for the remote's sends (ring 0)
RX_BUF_OFF = 0x8000  # the host's messages to the remote (ring 1)
BUF = 512


def msg(req, payload=b"", flags=VERSION, size=None):
    if size is None:
        size = len(payload)
    return struct.pack("<III", req, flags, size) + payload


def u64(req, value, flags=VERSION):
    return msg(req, struct.pack("<Q", value), flags)


def state(req, index, num, flags=VERSION):
    return msg(req, struct.pack("<II", index, num), flags)


def region(gpa=GPA, size=MEM_SIZE, uva=UVA, offset=0):
    return struct.pack("<QQQQ", gpa, size, uva, offset)


def mem_table(regions, flags=VERSION | NEED_REPLY, count=None):
    n = len(regions) if count is None else count
    return msg(SET_MEM_TABLE, struct.pack("<II", n, 0) + b"".join(regions),
               flags)


def vring_addr(index, off, flags=VERSION | NEED_REPLY):
    desc, avail, used = UVA + off, UVA + off + 0x100, UVA + off + 0x200
    return msg(SET_VRING_ADDR,
               struct.pack("<IIQQQQ", index, 0, desc, used, avail, 0), flags)


def negotiate(features=F_NS | F_VERSION_1 | F_PROTOCOL,
              protocol=PROTO_REPLY_ACK | PROTO_CONFIG):
    return [
        msg(SET_OWNER),
        msg(GET_FEATURES),
        msg(GET_PROTOCOL_FEATURES),
        u64(SET_PROTOCOL_FEATURES, protocol, VERSION | NEED_REPLY),
        msg(GET_QUEUE_NUM),
        u64(SET_FEATURES, features, VERSION | NEED_REPLY),
    ]


def ring(index, num=NUM, off=None, kick=True):
    ack = VERSION | NEED_REPLY
    off = RING_OFF[index] if off is None else off
    out = [
        state(SET_VRING_NUM, index, num, ack),
        state(SET_VRING_BASE, index, 0, ack),
        vring_addr(index, off),
    ]
    if kick:
        out.append(u64(SET_VRING_KICK, index, ack))
    out += [
        u64(SET_VRING_CALL, index, ack),
        state(SET_VRING_ENABLE, index, 1, ack),
    ]
    return out


def good_setup(features=F_NS | F_VERSION_1 | F_PROTOCOL):
    return (negotiate(features) + [mem_table([region()])] + ring(0) +
            ring(1))


# --- the tail: what a driver writes into its rings ---------------------------


# Tail targets: the memory file, or a part of a ring wherever it lies.
FILE, DESC, AVAIL, USED = 0, 1, 2, 3


def put(offset, data, where=FILE, index=0):
    return struct.pack("<BHB", where | index << 2, offset, len(data)) + data


def desc(index, i, addr, length, flags=0, nxt=0, rel=True):
    data = struct.pack("<QIHH", addr, length, flags, nxt)
    if rel:
        return put(16 * i, data, DESC, index)
    return put(RING_OFF[index] + 16 * i, data)


def avail(index, idx, heads, rel=True):
    def at(off, data):
        if rel:
            return put(off, data, AVAIL, index)
        return put(RING_OFF[index] + 0x100 + off, data)

    out = b""
    for i, h in enumerate(heads):
        out += at(4 + 2 * i, struct.pack("<H", h))
    # The index last: the device may read the entries once it moves.
    return out + at(2, struct.pack("<H", idx))


def rpmsg(src, dst, payload):
    return struct.pack("<IIIHH", src, dst, 0, len(payload), 0) + payload


def ns_msg(name, addr, flags):
    return name.ljust(32, b"\0") + struct.pack("<II", addr, flags)


def driver_tail(rel=False):
    """Empty buffers on ring 0, two messages on ring 1 (name service
    announcement, and one to an address nobody listens on). rel: written
    relative to the rings once they are live, else at their file offsets
    (also before set-up, so the starting device reads them)."""
    out = b""
    for i in range(2):  # the remote's tx: writable buffers
        out += desc(0, i, GPA + TX_BUF_OFF + BUF * i, BUF, 2, rel=rel)
    out += avail(0, 2, [0, 1], rel)
    msgs = [rpmsg(1024, 53, ns_msg(b"rpmsg-fuzz", 1024, 0)),
            rpmsg(1025, 2048, b"hello")]
    for i, m in enumerate(msgs):
        out += put(RX_BUF_OFF + BUF * i, m)
        out += desc(1, i, GPA + RX_BUF_OFF + BUF * i, len(m), rel=rel)
    out += avail(1, len(msgs), list(range(len(msgs))), rel)
    return out


def hostile_tail():
    """Ring 1 with a descriptor outside memory, a chain loop, and an
    avail index far ahead."""
    out = desc(1, 0, 0xFFFFFFFFFFFFF000, 64, rel=False)
    out += desc(1, 1, GPA + RX_BUF_OFF, 64, 1, 1, rel=False)  # NEXT: itself
    out += desc(1, 2, GPA + MEM_SIZE - 8, 64, rel=False)  # past the end
    out += avail(1, 3, [0, 1, 2], rel=False)
    # Then, under the live device: the avail index far ahead,
    # the used ring overwritten, and a flags word.
    out += put(2, struct.pack("<H", 0x8003), AVAIL, 1)
    out += put(0, bytes([0xFF] * 8), USED, 1)
    out += put(0, struct.pack("<H", 1), AVAIL, 0)
    return out


def pad_tail(tail):
    """Pad to a multiple of 16 with a write of zeros to unused memory."""
    need = -len(tail) % 16
    if need and need < 4:
        need += 16
    if need:
        tail += put(0xF000, bytes(need - 4))
    return tail


def seed(messages, tail=b"", mode=0):
    tail = pad_tail(tail) if tail else b""
    assert len(tail) // 16 < 256
    return bytes([mode, len(tail) // 16]) + b"".join(messages) + tail


def inputs():
    ack = VERSION | NEED_REPLY
    good = good_setup()
    yield "setup_live", seed(good, driver_tail())
    yield "setup_live_rel", seed(good, driver_tail(rel=True))
    yield "setup_event_idx", seed(
        good_setup(F_NS | F_VERSION_1 | F_EVENT_IDX | F_PROTOCOL),
        driver_tail())
    yield "setup_hostile_ring", seed(good, hostile_tail())
    # User Mode Linux's set-up: the backend request channel as well.
    yield "setup_backend_req", seed(negotiate(
        protocol=PROTO_REPLY_ACK | PROTO_CONFIG | PROTO_BACKEND_REQ) + [
        msg(SET_BACKEND_REQ_FD, flags=ack), mem_table([region()])] +
        ring(0) + ring(1), driver_tail())
    yield "backend_req_unasked", seed(negotiate() + [
        msg(SET_BACKEND_REQ_FD, flags=ack),
        msg(SET_BACKEND_REQ_FD, b"x", flags=ack)])
    # After going live: what a frontend sends while shutting its driver
    # down, and changes under a live device.
    yield "live_then_stop", seed(good + [
        state(GET_VRING_BASE, 0, 0), state(GET_VRING_BASE, 1, 0),
        msg(GET_FEATURES), msg(RESET_DEVICE, flags=ack)], driver_tail())
    yield "live_then_remap", seed(good + [
        mem_table([region()]), state(SET_VRING_ENABLE, 1, 0, ack),
        u64(SET_VRING_KICK, 1, ack)], driver_tail())
    # Regression: a new table while the caller's thread is still starting
    # the device (or the rx thread is in a ring) once unmapped the rings
    # under them (fuzz-findings: SET_MEM_TABLE under a starting device).
    yield "race_remap_at_start", seed(good + [
        mem_table([region(offset=1 << 51)])], driver_tail())
    # Broken set-ups.
    yield "truncated_header", seed(negotiate() + [b"\x05\x00\x00\x00\x01"])
    yield "oversized", seed(negotiate() + [msg(SET_MEM_TABLE, b"",
                                               size=4096)])
    yield "region_past_file", seed(negotiate() + [
        mem_table([region(size=2 * MEM_SIZE)])] + ring(0) + ring(1))
    yield "regions_overlap", seed(negotiate() + [
        mem_table([region(size=0x8000), region(gpa=GPA + 0x4000,
                                                uva=UVA + 0x10000,
                                                size=0x4000)])])
    yield "region_wraps", seed(negotiate() + [
        mem_table([region(gpa=0xFFFFFFFFFFFFF000)])])
    yield "ring_outside", seed(negotiate() + [mem_table([region()])] +
                               ring(0) + ring(1, off=MEM_SIZE - 0x100))
    yield "ring_sizes_differ", seed(negotiate() + [mem_table([region()])] +
                                    ring(0) + ring(1, num=16))
    yield "ring_num_bad", seed(negotiate() + [
        state(SET_VRING_NUM, 0, 3, ack), state(SET_VRING_NUM, 1, 4096, ack),
        state(SET_VRING_BASE, 0, 7, ack), state(SET_VRING_NUM, 5, 8, ack)])
    yield "kick_nofd", seed(negotiate() + [mem_table([region()])] +
                            ring(0) + ring(1, kick=False) +
                            [u64(SET_VRING_KICK, 1 | NOFD, ack)])
    yield "config", seed(negotiate() + [
        msg(GET_CONFIG, struct.pack("<III", 0, 8, 0) + bytes(8)),
        msg(SET_CONFIG, struct.pack("<III", 0, 4, 0) + bytes(4), ack),
        msg(GET_CONFIG, struct.pack("<III", 252, 8, 0) + bytes(8))])
    yield "log_fd", seed(negotiate() + [u64(SET_LOG_FD, 0, ack),
                                        u64(SET_VRING_ERR, 0, ack),
                                        msg(RESET_OWNER, flags=ack)])
    yield "reply_flag", seed([msg(GET_FEATURES, flags=VERSION | REPLY)])
    yield "bad_version", seed([msg(GET_FEATURES, flags=2)])
    # The harness's deviations on an otherwise good set-up.
    yield "mode_fd_fewer", seed(good, mode=MODE_FD_FEWER)
    yield "mode_fd_more", seed(good, mode=MODE_FD_MORE)
    yield "mode_mem_pipe", seed(good, mode=MODE_MEM_PIPE)
    yield "mode_mem_small", seed(good, mode=MODE_MEM_SMALL)
    yield "mode_nofd_flip", seed(good, mode=MODE_NOFD_FLIP)
    yield "mode_bell_pipe", seed(good, driver_tail(), mode=MODE_BELL_PIPE)
    yield "mode_stray_fd", seed(good, mode=MODE_STRAY_FD)


def seeds():
    """(name, bytes, SPEC section) of each seed."""
    for name, data in inputs():
        assert len(data) <= 4096, name
        yield name, data, "§10"
