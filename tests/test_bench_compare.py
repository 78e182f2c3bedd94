#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rpmsg bench --compare: the ratios it prints, never timings.

Usage: test_bench_compare.py RPMSG_BINARY
Writes two runs' JSON with known figures and checks, for each figure
both have, that old, new and new/old are printed and right; rows in one
run only are named as such, failed rows skipped; an unreadable or
malformed file, or --json beside --compare, fails. With valgrind, also
--compare OLD.json --callgrind: only the count runs, and its ratios are
the printed new over the saved old.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROW = re.compile(r"^  (.+?)\s+(-|[0-9.]+)\s+(-|[0-9.]+)\s+"
                 r"([0-9.]+|-|only old|only new)$")


def summary(p50):
    return {"count": 10, "min_ns": 1, "p50_ns": p50, "p99_ns": p50 + 1,
            "p999_ns": p50 + 2, "max_ns": p50 + 3}


def run_json(cl, bell, memcpy, lat, tput, instr=None):
    r = {"machine": {"cpus": 2, "cpu": "test \"cpu\" \\ \u00e9"},
         "config": {"round_trips": 10, "messages": 100, "spin_ns": 1},
         "floors": {"cacheline_round_trip": summary(cl),
                    "doorbell_round_trip": summary(bell),
                    "memcpy_MBps": memcpy},
         "latency": [], "throughput": []}
    for (t, m, s), v in lat.items():
        row = {"transport": t, "mode": m, "size": s}
        if v is None:
            row["error"] = -110
        else:
            row["round_trip"] = summary(v)
            row["p50_x_cacheline"] = v / cl
            row["p50_x_doorbell"] = v / bell
        r["latency"].append(row)
    for key, v in tput.items():
        t, m, s = key[:3]
        row = {"transport": t, "mode": m, "size": s}
        if len(key) > 3:
            row["batch"] = key[3]
        if v is None:
            row["error"] = -12
        else:
            rate, bells = v
            row.update({"messages": 100, "seconds": 100 / rate,
                        "msgs_per_s": rate, "MBps": rate * s / 1e6,
                        "x_memcpy": 0.001})
            if bells is not None:
                row["doorbells_per_message"] = bells
        r["throughput"].append(row)
    if instr:
        r["instructions_per_message"] = dict(instr, memcpy=0.0,
                                             messages=10000)
    return r


def parse(out):
    """{section: {name: (old, new, ratio)}} from the printed comparison."""
    rows, section = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" ") and line.rstrip().endswith(
                "new/old"):
            section = line.split("  ")[0].strip()
            rows[section] = {}
            continue
        m = ROW.match(line)
        if m and section:
            name = " ".join(m.group(1).split())
            rows[section][name] = (m.group(2), m.group(3), m.group(4))
    return rows


def check_ratio(rows, section, name, old, new):
    o, n, ratio = rows[section][name]
    assert float(o) == old and float(n) == new, (section, name, o, n)
    assert abs(float(ratio) - new / old) <= 0.0005, (section, name, ratio)


def main():
    rpmsg = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="rpmsg-bench-compare-")
    try:
        old = run_json(
            200, 4000, 8000.0,
            {("inproc", "poll", 64): 400, ("shm", "block", 1): 10000,
             ("shm", "poll", 496): 500, ("vhost-user", "poll", 1): None},
            {("inproc", "poll", 64): (1e6, None),
             ("shm", "block", 496): (2e6, 1.0),
             ("inproc", "poll", 64, 16): (4e6, 0.0625),
             ("vhost-user", "poll", 1): None},
            {"host_send": 600.0, "remote_receive": 500.0,
             "remote_send": 400.0, "host_receive": 800.0})
        new = run_json(
            100, 5000, 4000.0,
            {("inproc", "poll", 64): 300, ("shm", "block", 1): 12000,
             ("vhost-user", "poll", 1): 450, ("vhost-user", "block", 1): 9},
            {("inproc", "poll", 64): (3e6, None),
             ("shm", "block", 496): (1e6, 0.5),
             ("inproc", "poll", 64, 16): (8e6, 0.125),
             ("vhost-user", "poll", 1): (5e5, None)},
            {"host_send": 150.0, "remote_receive": 250.0,
             "remote_send": 400.0, "host_receive": 1000.0})
        fo, fn = os.path.join(tmp, "old.json"), os.path.join(tmp, "new.json")
        with open(fo, "w") as f:
            json.dump(old, f, indent=1, ensure_ascii=True)
        with open(fn, "w") as f:
            json.dump(new, f)
        p = subprocess.run([rpmsg, "bench", "--compare", fo, fn],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60)
        assert p.returncode == 0, p.stderr
        rows = parse(p.stdout)
        fl = "floors"
        check_ratio(rows, fl, "cache-line ping-pong p50 (ns)", 200, 100)
        check_ratio(rows, fl, "eventfd ping-pong p50 (ns)", 4000, 5000)
        check_ratio(rows, fl, "memcpy (MB/s)", 8000, 4000)
        lat = "round trip p50 (ns)"
        check_ratio(rows, lat, "inproc poll 64", 400, 300)
        check_ratio(rows, lat, "shm block 1", 10000, 12000)
        assert rows[lat]["shm poll 496"][2] == "only old", rows[lat]
        # An error row in the old run is no figure: only the new one.
        assert rows[lat]["vhost-user poll 1"][2] == "only new", rows[lat]
        assert rows[lat]["vhost-user block 1"][2] == "only new", rows[lat]
        tp = "one-way (msgs/s)"
        check_ratio(rows, tp, "inproc poll 64", 1e6, 3e6)
        check_ratio(rows, tp, "shm block 496", 2e6, 1e6)
        check_ratio(rows, tp, "inproc poll 64 batch 16", 4e6, 8e6)
        assert rows[tp]["vhost-user poll 1"][2] == "only new", rows[tp]
        db = "doorbells per message"
        check_ratio(rows, db, "shm block 496", 1.0, 0.5)
        assert set(rows[db]) == {"shm block 496", "inproc poll 64 batch 16"}
        o, n, ratio = rows[db]["inproc poll 64 batch 16"]
        assert abs(float(ratio) - 2.0) <= 0.0005, ratio
        ins = "instructions per message"
        check_ratio(rows, ins, "host send", 600, 150)
        check_ratio(rows, ins, "remote receive", 500, 250)
        check_ratio(rows, ins, "remote send", 400, 400)
        check_ratio(rows, ins, "host receive", 800, 1000)

        # Failures: a missing file, a file that is not JSON, --json.
        bad = os.path.join(tmp, "bad.json")
        with open(bad, "w") as f:
            f.write('{"floors": {"memcpy_MBps": 1.0,')
        for args, want in (([os.path.join(tmp, "none.json"), fn], 1),
                           ([fn, os.path.join(tmp, "none.json")], 1),
                           ([bad, fn], 1), ([fn, bad], 1),
                           ([fo, "--json"], 2), ([fo, fn, fn], 2),
                           ([fo, fn, "--quick"], 2)):
            p = subprocess.run([rpmsg, "bench", "--compare"] + args,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            assert p.returncode == want, (args, p.returncode, p.stderr)

        # One file: this run (--callgrind alone, seconds) against it.
        # Where this build's count cannot run (e.g. valgrind does not
        # find the step functions in a clang build), the comparison with
        # it is not checked here; the two-file cases above are.
        counts = shutil.which("valgrind") and \
            shutil.which("callgrind_annotate") and \
            subprocess.run([rpmsg, "bench", "--callgrind"],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL,
                           timeout=300).returncode == 0
        if not counts:
            print("bench compare: no callgrind count in this build, "
                  "the one-file case not checked")
        if counts:
            p = subprocess.run([rpmsg, "bench", "--compare", fo,
                                "--callgrind"], stdout=subprocess.PIPE,
                               universal_newlines=True, check=True,
                               timeout=300)
            rows = parse(p.stdout)
            assert set(rows) == {ins}, p.stdout  # nothing else ran
            for line in ("floors: only old (3)",
                         "round trip p50 (ns): only old (3)",
                         "one-way (msgs/s): only old (3)",
                         "doorbells per message: only old (2)"):
                assert line in p.stdout.splitlines(), (line, p.stdout)
            for name, o in (("host send", 600), ("remote receive", 500),
                            ("remote send", 400), ("host receive", 800)):
                n = float(rows[ins][name][1])
                assert n > 0, (name, n)
                check_ratio(rows, ins, name, o, n)
            print("bench compare: with a callgrind run")
        print("bench compare: ratios checked")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
