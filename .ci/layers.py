#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check the layering of librpmsg (docs/DESIGN.md, "Layers").

From the sources (#include lines):
  * each folder includes only what its layer may: the core no port, transport
    or link header; a port no transport header; tools, bench, tests and
    examples only the public headers (include/rpmsg) and their own folder's;
  * no include circle between files.
From the objects of a build (nm), when a build directory is given:
  * no call circle between the library's source files: if a.c calls b.c,
    nothing in b.c calls back into a.c, directly or through others.

Usage: .ci/layers.py [BUILD_DIR]     (exit 1 and one line per violation)
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# Public headers by layer. A header not listed is refused to the core.
CORE_PUBLIC = {
    "rpmsg.h", "rpmsg_config.h", "rpmsg_build_config.h", "rpmsg_errno.h",
    "rpmsg_mem.h", "rpmsg_os.h", "rpmsg_byteorder.h", "rpmsg_transport.h", "rpmsg_virtio.h",
    "rpmsg_virtqueue.h", "rpmsg_version.h", "rpmsg_rsc.h", "rpmsg_mini.h",
    "rpmsg_elf.h",
}
PORT_PUBLIC = {"rpmsg_port_noos.h", "rpmsg_port_noos_irq.h",
               "rpmsg_port_posix.h", "rpmsg_port_rtos.h"}

# Folders of the library and what each may include besides the C library:
# (public headers allowed, internal folders allowed).
LIBRARY_RULES = {
    "src/core": (CORE_PUBLIC, {"src/core"}),
    "src/rsc": (CORE_PUBLIC, {"src/rsc", "src/core"}),
    "src/elf": (CORE_PUBLIC, {"src/elf", "src/rsc", "src/core"}),
    "src/mini": (CORE_PUBLIC, {"src/mini", "src/core"}),
    "src/port": (CORE_PUBLIC | PORT_PUBLIC, {"src/port", "src/core"}),
    # link.c reaches the Linux module for RPMSG_LINK_KERNEL
    "src/transport": (None, {"src/transport", "src/core", "src/linux"}),
    "src/linux": (None, {"src/linux", "src/core"}),
}

# Users of the library: public headers and their own folder only. Fuzz
# targets exercise internal parsers and may include the headers of the
# module they fuzz; unit tests listed here test an internal module.
USER_DIRS = ["tools", "bench", "tests", "examples", "firmware"]
USER_EXCEPTIONS = {
    # the bench is part of the tool
    ("tools/cmd_bench.c", "bench/bench.h"),
    # unit test of the descriptor checks, which are not public API
    ("tests/test_hostile.c", "src/transport/peer_fd.h"),
    ("tests/test_hostile.c", "src/transport/vhost_user_proto.h"),
}
FUZZ_MAY = {"src/core", "src/transport", "src/rsc", "src/mini", "src/elf"}
# the double-fetch fuzzer runs the double-fetch test's cases and peers
FUZZ_EXCEPTIONS = {
    ("fuzz/fuzz_double_fetch.c", "tests/double_fetch.h"),
    ("fuzz/fuzz_double_fetch.c", "tests/flip_trace.h"),
    # the rx fuzzer and the check of its seeds feed the host alike
    ("fuzz/fuzz_rpmsg_rx.c", "tests/rx_feed.h"),
}


def sources():
    for top in ["src", "include"] + USER_DIRS + ["fuzz"]:
        for dirpath, dirnames, files in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = [d for d in dirnames if not d.startswith("build")
                           and d != "corpus"]
            for f in files:
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, f), ROOT)


def folder_of(path):
    parts = path.split("/")
    if parts[0] == "src" and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else ""


def resolve(path, quote, name):
    """The repository file an #include names, or None for a system one."""
    if name.startswith("rpmsg/"):
        base = name[len("rpmsg/"):]
        cand = os.path.join("include/rpmsg", base)
        return cand if os.path.exists(os.path.join(ROOT, cand)) else \
            "include/rpmsg/" + base  # generated (version, build config)
    if quote == '"':
        cand = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if os.path.exists(os.path.join(ROOT, cand)):
            return cand
        # include directories the build adds
        for d in ("src/core", "src/transport", "tests", "bench"):
            cand = os.path.join(d, name)
            if os.path.exists(os.path.join(ROOT, cand)):
                return cand
    return None


def include_graph():
    graph = {}
    for path in sources():
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        deps = []
        for quote, name in INCLUDE_RE.findall(text):
            target = resolve(path, quote, name)
            if target:
                deps.append(target)
        graph[path] = deps
    return graph


def check_includes(graph, problems):
    for path, deps in graph.items():
        folder = folder_of(path)
        for dep in deps:
            dep_folder = folder_of(dep)
            public = dep.startswith("include/rpmsg/")
            base = os.path.basename(dep)
            if folder in LIBRARY_RULES:
                allowed_pub, allowed_int = LIBRARY_RULES[folder]
                if public and allowed_pub is not None and \
                        base not in allowed_pub:
                    problems.append(f"{path}: {folder} may not include "
                                    f"<rpmsg/{base}> (another layer)")
                elif not public and dep_folder not in allowed_int:
                    problems.append(f"{path}: {folder} may not include "
                                    f"{dep}")
            elif folder in USER_DIRS:
                if public or dep_folder == folder or \
                        (path, dep) in USER_EXCEPTIONS:
                    continue
                # a subfolder's own headers (tests/kernel, examples/...)
                if os.path.dirname(dep) == os.path.dirname(path):
                    continue
                problems.append(f"{path}: {folder} uses the library's "
                                f"internal header {dep}; only "
                                "include/rpmsg is public")
            elif folder == "fuzz":
                if (not public and dep_folder not in FUZZ_MAY | {"fuzz"}
                        and (path, dep) not in FUZZ_EXCEPTIONS):
                    problems.append(f"{path}: fuzz may not include {dep}")
            elif folder == "include":
                if not public:
                    problems.append(f"{path}: a public header includes "
                                    f"the internal {dep}")


def cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                out.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def call_graph(build):
    """Source file -> source files whose functions it calls (library)."""
    objdir = os.path.join(build, "CMakeFiles", "rpmsg.dir")
    defined, undefined = {}, {}
    for dirpath, _, files in os.walk(objdir):
        for f in files:
            if not f.endswith(".c.o"):
                continue
            obj = os.path.join(dirpath, f)
            src = os.path.relpath(obj, objdir)[:-len(".o")]
            out = subprocess.run(["nm", "-P", obj], capture_output=True,
                                 text=True, check=True).stdout
            undefined[src] = set()
            for line in out.splitlines():
                fields = line.split()
                if len(fields) < 2:
                    continue
                sym, kind = fields[0], fields[1]
                if kind == "U":
                    undefined[src].add(sym)
                elif kind in "TDRBGS":
                    defined[sym] = src
    graph = {}
    for src, syms in undefined.items():
        graph[src] = sorted({defined[s] for s in syms
                             if s in defined and defined[s] != src})
    return graph


def main():
    problems = []
    graph = include_graph()
    check_includes(graph, problems)
    for comp in cycles(graph):
        problems.append("include circle: " + " -> ".join(comp))
    if len(sys.argv) > 1:
        calls = call_graph(sys.argv[1])
        if not calls:
            problems.append(f"{sys.argv[1]}: no library objects found")
        for comp in cycles(calls):
            problems.append("call circle: " + " <-> ".join(comp))
    for p in problems:
        print(p)
    if problems:
        print(f"layers: {len(problems)} problem(s)")
        return 1
    print("layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
