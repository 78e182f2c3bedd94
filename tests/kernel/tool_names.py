#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rpmsg ls --kernel with names the remote chose: on a sysfs tree this
test writes (rpmsg ls --sysfs DIR --dev DIR), a channel, an endpoint
device and a remote processor's firmware whose names hold ESC, CR, LF,
DEL and a byte above 0x7f. The text listing must show each escaped as
rpmsg ls shows the names of user-space links (\\xNN, the backslash
doubled) and contain no control byte but its line ends; --json must be
one valid, ASCII-only JSON document with the names decoded back.

Usage: tool_names.py RPMSG
"""
import json
import os
import subprocess
import sys
import tempfile

VDEV = "devices/virtual/virtio0"
# 31 bytes at most: the kernel's rpmsg names are 32 with the NUL.
EVIL = b"evil\x1b[2J\rcr\nnl\x7f\xe9\\x"
EPT_EVIL = b"ept\x1b]0;title\x07\r\nx"
FW_EVIL = b"fw\x1b[1m\x9b2J.elf"


def escaped(raw):
    """What tools/output.c's text_escape() makes of @raw."""
    out = []
    for c in raw:
        if c == 0x5C:
            out.append("\\\\")
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def as_json(raw):
    """What print_json_str() makes of @raw, read back by json.loads()."""
    return "".join(chr(c) for c in raw)


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data + b"\n")


def make_tree(root):
    sysfs = os.path.join(root, "sys")
    dev = os.path.join(root, "dev")
    os.makedirs(dev)
    os.makedirs(os.path.join(sysfs, "bus/rpmsg/devices"))
    os.makedirs(os.path.join(sysfs, "bus/rpmsg/drivers/rpmsg_chrdev"))
    os.makedirs(os.path.join(sysfs, "class/rpmsg"))
    chan = "virtio0.evil.-1.1024"
    cdir = os.path.join(sysfs, VDEV, chan)
    put(os.path.join(cdir, "name"), EVIL)
    put(os.path.join(cdir, "src"), b"0x400")
    put(os.path.join(cdir, "dst"), b"0x401")
    put(os.path.join(cdir, "driver_override"), b"(null)")
    os.symlink("../../../../bus/rpmsg/drivers/rpmsg_chrdev",
               os.path.join(cdir, "driver"))
    os.symlink("../../../%s/%s" % (VDEV, chan),
               os.path.join(sysfs, "bus/rpmsg/devices", chan))
    edir = os.path.join(cdir, "rpmsg", "rpmsg0")
    put(os.path.join(edir, "name"), EPT_EVIL)
    put(os.path.join(edir, "src"), b"1024")
    put(os.path.join(edir, "dst"), b"1025")
    os.symlink("../../%s/%s/rpmsg/rpmsg0" % (VDEV, chan),
               os.path.join(sysfs, "class/rpmsg/rpmsg0"))
    put(os.path.join(dev, "rpmsg0"), b"")
    rdir = os.path.join(sysfs, "class/remoteproc/remoteproc0")
    put(os.path.join(rdir, "state"), b"running")
    put(os.path.join(rdir, "firmware"), FW_EVIL)
    return sysfs, dev


def run(rpmsg, sysfs, dev, *extra):
    p = subprocess.run([rpmsg, "ls", "--kernel", "--sysfs", sysfs, "--dev",
                        dev, *extra], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30, check=False)
    if p.returncode != 0:
        sys.exit("FAIL: rpmsg ls --kernel %s exited %d: %r" %
                 (" ".join(extra), p.returncode, p.stderr))
    return p.stdout


def main():
    rpmsg = sys.argv[1]
    failed = []
    with tempfile.TemporaryDirectory() as root:
        sysfs, dev = make_tree(root)
        text = run(rpmsg, sysfs, dev)
        for i, c in enumerate(text):
            if (c < 0x20 and c != 0x0A) or c >= 0x7F:
                failed.append("raw byte 0x%02x at %d of the text listing" %
                              (c, i))
                break
        lines = text.decode("ascii", "replace").split("\n")
        for what, raw in (("channel", EVIL), ("endpoint", EPT_EVIL),
                          ("firmware", FW_EVIL)):
            want = escaped(raw)
            if not any(want in line for line in lines):
                failed.append("the %s's name is not shown as %s" %
                              (what, want))
        doc = run(rpmsg, sysfs, dev, "--json")
        try:
            doc.decode("ascii")
            j = json.loads(doc)
        except (UnicodeDecodeError, ValueError) as e:
            sys.exit("FAIL: --json is not ASCII-only valid JSON (%s): %r" %
                     (e, doc))
        names = [c["name"] for c in j["channels"]]
        if names != [as_json(EVIL)]:
            failed.append("--json channel names %r" % names)
        if not any(e["name"] == as_json(EPT_EVIL) for e in j["endpoints"]):
            failed.append("--json endpoint names %r" %
                          [e["name"] for e in j["endpoints"]])
        if [r["firmware"] for r in j["remoteprocs"]] != [as_json(FW_EVIL)]:
            failed.append("--json firmware %r" % j["remoteprocs"])
    sys.stdout.write(text.decode("ascii", "replace"))
    for f in failed:
        print("FAIL: " + f)
    if failed:
        return 1
    print("PASS: names escaped in the text listing, valid JSON with --json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
