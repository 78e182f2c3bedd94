#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare the shape of a committed, generated document with what its
command produces now: the headings, every table's header row and the
label (first cell) of every table row, with numbers blanked. Figures may
differ from machine to machine; the set of rows, their labels and the
columns may not. Exit 1 and print the difference when they do.

    .ci/figure_shape.py COMMITTED GENERATED
"""
import difflib
import re
import sys

NUM = re.compile(r"\d+(\.\d+)?")


def shape(path):
    out = []
    in_code = in_table = False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if not line.startswith("|"):
            in_table = False
            if line.startswith("#"):
                out.append("heading " + NUM.sub("N", line))
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if not in_table:
            in_table = True
            out.append("table " + NUM.sub("N", " | ".join(cells)))
        elif not set("".join(cells)) <= set("-: "):
            out.append("  row " + NUM.sub("N", cells[0]))
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = shape(sys.argv[1]), shape(sys.argv[2])
    if a == b:
        print(f"figure_shape: {sys.argv[1]} has the shape of {sys.argv[2]}")
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        [x + "\n" for x in a], [x + "\n" for x in b],
        sys.argv[1] + " (committed)", sys.argv[2] + " (generated)"))
    print("figure_shape: the committed document differs in shape; "
          "regenerate it with its command")
    return 1


if __name__ == "__main__":
    sys.exit(main())
