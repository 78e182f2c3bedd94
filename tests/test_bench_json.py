#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rpmsg bench --json: the structure of its output, never its timings.

Usage: test_bench_json.py RPMSG_BINARY
Runs a tiny bench and checks: every field present, counts > 0,
min <= p50 <= p99 <= p99.9 <= max for the floors and every round trip,
every transport/mode/size measured without error, throughput positive.
"""
import json
import subprocess
import sys

SIZES = [1, 64, 256, 496]
KEYS = ["min_ns", "p50_ns", "p99_ns", "p999_ns", "max_ns"]


def check_summary(s, what):
    assert s["count"] > 0, what
    vals = [s[k] for k in KEYS]
    assert all(isinstance(v, int) and v >= 0 for v in vals), what
    assert vals == sorted(vals), f"{what}: percentiles out of order {vals}"


def main():
    out = subprocess.run(
        [sys.argv[1], "bench", "--quick", "--count", "300",
         "--messages", "3000", "--json"],
        check=True, stdout=subprocess.PIPE, timeout=300).stdout
    r = json.loads(out)
    assert r["machine"]["cpus"] > 0
    assert r["config"]["round_trips"] == 300
    assert r["config"]["messages"] == 3000
    check_summary(r["floors"]["cacheline_round_trip"], "cache-line floor")
    check_summary(r["floors"]["doorbell_round_trip"], "doorbell floor")
    assert r["floors"]["memcpy_MBps"] > 0

    seen = set()
    for row in r["latency"]:
        what = f'{row["transport"]} {row["mode"]} {row["size"]}'
        assert "error" not in row, what
        assert row["round_trip"]["count"] == 300, what
        check_summary(row["round_trip"], what)
        # The ratios are the row's p50 over the floors' (printed to three
        # decimals): a slow doorbell can make one print as 0.000.
        for key, floor in (("p50_x_cacheline", "cacheline_round_trip"),
                           ("p50_x_doorbell", "doorbell_round_trip")):
            base = r["floors"][floor]["p50_ns"]
            want = row["round_trip"]["p50_ns"] / base if base else 0
            assert abs(row[key] - want) <= 0.0005 + want * 1e-6, (what, key)
        seen.add((row["transport"], row["mode"], row["size"]))
    # Every transport and mode it supports, at every size.
    for tm in {(t, m) for t, m, _ in seen}:
        for size in SIZES:
            assert (tm[0], tm[1], size) in seen, (tm, size)
    assert {t for t, _, _ in seen} >= {"inproc", "shm", "vhost-user"}
    assert {m for _, m, _ in seen} == {"block", "poll", "spin"}

    tput = set()
    for row in r["throughput"]:
        what = f'{row["transport"]} {row["mode"]} {row["size"]}'
        assert "error" not in row, what
        assert row["messages"] == 3000, what
        assert row["seconds"] > 0 and row["msgs_per_s"] > 0, what
        # Small messages on a loaded machine round to 0.00 MB/s: check
        # that the figure agrees with the message rate, not its size.
        want = row["msgs_per_s"] * row["size"] / 1e6
        assert abs(row["MBps"] - want) <= 0.01 + want * 1e-3, what
        assert row["x_memcpy"] >= 0, what
        tput.add((row["transport"], row["mode"], row["size"]))
    assert tput == seen
    print(f"bench JSON: {len(seen)} latency and {len(tput)} throughput rows")


if __name__ == "__main__":
    main()
