# SPDX-License-Identifier: BSD-3-Clause
"""What the tests of serving commands under attack share: failing with
the server's log, and reading a server's descriptors and resident size
from /proc."""
import os
import sys
import time


def fail(msg, log=None):
    """Print @msg and the end of the server's @log, exit with status 1."""
    print("FAIL: " + msg, file=sys.stderr)
    if log:
        with open(log, errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
    sys.exit(1)


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def listening(addr):
    """Whether a socket listens at @addr (/proc/net/unix: flag
    __SO_ACCEPTCON; an abstract name shows as @name)."""
    want = "@" + addr[1:] if addr.startswith("\0") else addr
    with open("/proc/net/unix") as f:
        next(f)
        for line in f:
            parts = line.split()
            if (len(parts) >= 8 and parts[7] == want and
                    int(parts[3], 16) & 0x10000):
                return True
    return False


def wait_until(cond, bound, srv, what, log):
    """Poll @cond until true; fail after @bound seconds or once the
    server @srv exited. For states nothing can be waited on for (a
    server's descriptor table, its listening socket)."""
    deadline = time.monotonic() + bound
    while not cond():
        if time.monotonic() > deadline or srv.poll() is not None:
            fail(what, log)
        time.sleep(0.001)
