#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Code and read-only data a linked firmware kept, per input section.

    fw_sections.py firmware.map

Reads a GNU ld map (after --gc-sections) and prints one line per .text*
or .rodata* input section that went into the image:
    <bytes> <kind> <name> <object>
kind is text or rodata; name is the function or object of the section
(-ffunction-sections/-fdata-sections), or "-" for an unnamed one.
"""
import re
import sys

SECTION = re.compile(r"^ (\.(text|rodata)[^\s]*)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+))?\s*$")
CONT = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)\s*$")


def main(path):
    started = False
    pending = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Linker script and memory map"):
                started = True
                continue
            if not started:
                continue
            if pending:
                m = CONT.match(line)
                if m:
                    emit(pending, int(m.group(2), 16), m.group(3))
                pending = None
                continue
            m = SECTION.match(line)
            if not m:
                continue
            if m.group(3):
                emit(m.group(1), int(m.group(4), 16), m.group(5))
            else:
                pending = m.group(1)


def emit(section, size, obj):
    if not size:
        return
    kind = "rodata" if section.startswith(".rodata") else "text"
    parts = section.split(".", 2)
    name = parts[2] if len(parts) > 2 and parts[2] else "-"
    if name.startswith("str1"):
        name = "-"
    elif name.startswith("startup."):
        name = name[len("startup."):]
    print(size, kind, name, obj)


if __name__ == "__main__":
    main(sys.argv[1])
