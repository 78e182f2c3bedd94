#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare the shape of a committed, generated document with what its
command produces now: the headings, every table's header row and the
label (first cell) of every table row, with numbers blanked. Figures may
differ from machine to machine; the set of rows, their labels and the
columns may not. Exit 1 and print the difference when they do.

    .ci/figure_shape.py COMMITTED GENERATED

With --output, GENERATED is a command's plain-text output (the tables
`rpmsg bench` prints) and COMMITTED the document that quotes such output
in a fenced block: the block whose first line starts like GENERATED's is
compared with it, section by section (a section runs to a blank line,
its first line is its title). Every section the command printed must be
in the block with the same title, lines and labels; a section of the
block the command did not print this time (e.g. callgrind counts when it
ran without --callgrind) is listed as not checked.

    .ci/figure_shape.py --output COMMITTED GENERATED
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


MACHINE = re.compile(r"\(.*\)")


def text_line(line, keep_first=False):
    """A line of command output with its figures blanked; with
    @keep_first, its first number (a row's size, part of its label) is
    kept."""
    words = line.split()
    out, kept = [], not keep_first
    for w in words:
        if not kept and NUM.fullmatch(w):
            out.append(w)
            kept = True
        else:
            out.append(NUM.sub("N", w))
    return " ".join(out)


def sections(lines):
    """Blank-line separated sections: {title: [lines]} in order. The
    first line names the machine (its CPU model in parentheses): only its
    shape counts."""
    out, cur = {}, []
    for i, line in enumerate(lines + [""]):
        if i == 0:
            line = MACHINE.sub("(...)", line)
        if line.strip():
            # A table with a size column: the size is part of a row's
            # label.
            sized = bool(cur) and " size " in f" {cur[0]} "
            cur.append(text_line(line, sized))
        elif cur:
            out[cur[0]] = cur
            cur = []
    return out


def quoted_block(path, first):
    """The fenced block of @path whose first line starts like @first."""
    head = first.split(":")[0]
    block = None  # the lines of the block we are in, None outside one
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.startswith("```"):
            if block is not None:
                block.append(line)
        elif block is None:
            block = []
        elif block[:1] and block[0].startswith(head):
            return block
        else:
            block = None
    return None


def main_output(committed, generated):
    gen = open(generated, encoding="utf-8").read().splitlines()
    # Leading blank lines only: the blank lines after them end sections.
    while gen and not gen[0].strip():
        gen.pop(0)
    if not gen:
        print(f"figure_shape: {generated} is empty")
        return 1
    block = quoted_block(committed, gen[0])
    if block is None:
        print(f"figure_shape: {committed} quotes no output that starts "
              f"like {gen[0].split(':')[0]!r}")
        return 1
    a, b = sections(block), sections(gen)
    bad = 0
    for key, lines in b.items():
        if key not in a:
            print(f"figure_shape: section {key!r} is printed by the "
                  f"command but missing from {committed}")
            bad = 1
        elif a[key] != lines:
            sys.stdout.writelines(difflib.unified_diff(
                [x + "\n" for x in a[key]], [x + "\n" for x in lines],
                committed + " (committed)", generated + " (generated)"))
            bad = 1
    for key in a:
        if key not in b:
            print(f"figure_shape: not checked (not printed this run): "
                  f"{key!r}")
    if bad:
        print("figure_shape: the quoted output differs in shape; "
              "regenerate it with its command")
        return 1
    print(f"figure_shape: the output quoted in {committed} has the shape "
          f"of {generated} ({len(b)} sections)")
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--output":
        return main_output(sys.argv[2], sys.argv[3])
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
