#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A serving command outlives broken hosts.

Starts `rpmsg remote` (or `rpmsg remote --vhost-user PATH`), then
  - CONNECTS times: connects to its socket and hangs up: at once, or
    once the server answered (the hello, whose descriptors it closes; a
    vhost-user reply), or after garbage, once the server hung up;
  - KILLS times: starts `rpmsg host` and SIGKILLs it at a random point
    of its life (seeded, so the points repeat);
and finally runs a clean host that must get COUNT of COUNT echoes. The
server's descriptor count and resident size are read from /proc before
the attack (after one clean host, so that lazily allocated memory is
counted) and after it; the descriptors must be as many as before and the
resident size within a bound. The figures are printed.

Usage: test_server_survives.py RPMSG [--connects N] [--kills N]
       [--count N] [--seed S] [--vhost-user]
"""
import argparse
import array
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time

from hostile_common import fail, fd_count, listening, rss_kb, wait_until

RSS_SLACK_KB = 4096  # allowed growth of the server's resident size


def settled(srv, addr, log):
    """The server's descriptors and resident size once it waits for its
    next host on a new link (the old one destroyed, the new one created
    whole: it listens last)."""
    wait_until(lambda: listening(addr), 20, srv,
               "the server does not listen again", log)
    return fd_count(srv.pid), rss_kb(srv.pid)


def connect(addr, deadline):
    """Connect to the server's socket, retrying while it is between two
    links (refused) until the deadline."""
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(addr)
            return s
        except (ConnectionRefusedError, FileNotFoundError):
            s.close()
            if time.monotonic() > deadline:
                fail("the server stopped listening")
            # Nothing to wait on: the server is recreating its link.
            time.sleep(0.001)


def read_and_close(s, keep=False):
    """Read what the server says first (with descriptors), close them and
    (unless @keep) the socket."""
    s.settimeout(5)
    try:
        fds = array.array("i")
        _, anc, _, _ = s.recvmsg(64, socket.CMSG_SPACE(16 * fds.itemsize))
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        for fd in fds:
            os.close(fd)
    except (socket.timeout, OSError):
        pass
    if not keep:
        s.close()


def wait_hangup(s):
    """Read until the server hangs up (bounded)."""
    s.settimeout(10)
    try:
        while s.recv(4096):
            pass
    except (socket.timeout, OSError):
        pass


def attack(s, kind, vhost):
    """Kind 0: hang up at once. 1: once the server has answered (hello, or
    a vhost-user reply). 2: after a request that breaks the framing, once
    the server has hung up."""
    if kind == 0:
        s.close()
        return
    try:
        if vhost and kind == 1:
            s.sendall(struct.pack("<III", 1, 1, 0))  # GET_FEATURES
            s.settimeout(10)
            s.recv(64)
        elif vhost:
            s.sendall(struct.pack("<III", 7, 1, 0xffff))  # oversized
            wait_hangup(s)
        elif kind == 1:
            read_and_close(s)
            return
        else:
            read_and_close(s, keep=True)
            s.sendall(b"garbage")
    except OSError:
        pass  # already hung up on
    s.close()


def host_cmd(rpmsg, name, vhost, count, timeout_ms):
    cmd = [rpmsg, "host", "--count", str(count), "--timeout",
           str(timeout_ms)]
    if vhost:
        cmd += ["--vhost-user", vhost, "--name", name + "-h"]
    else:
        cmd += ["--name", name]
    return cmd


def clean_host(rpmsg, name, vhost, count, log):
    out = subprocess.run(host_cmd(rpmsg, name, vhost, count, 10000),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=120, text=True).stdout
    want = "host: %d of %d messages echoed" % (count, count)
    if want not in out:
        fail("clean host: %r" % out.strip(), log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rpmsg")
    ap.add_argument("--connects", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--vhost-user", action="store_true")
    # A sanitizer build keeps freed memory in quarantine: its RSS grows
    # without a leak (LeakSanitizer reports real ones at exit).
    ap.add_argument("--rss-slack-kb", type=int, default=RSS_SLACK_KB)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="rpmsg-survive-")
    name = "survive-%d" % os.getpid()
    log = os.path.join(tmp, "server.log")
    if a.vhost_user:
        vhost = os.path.join(tmp, "vhost.sock")
        addr = vhost
        server = [a.rpmsg, "remote", "--vhost-user", vhost, "--name", name]
    else:
        vhost = None
        addr = "\0rpmsg-" + name
        server = [a.rpmsg, "remote", "--name", name]
    with open(log, "w") as logf:
        srv = subprocess.Popen(server, stderr=logf, stdout=logf)
    try:
        # Up once a clean host is served; then the baseline.
        clean_host(a.rpmsg, name, vhost, a.count, log)
        fds0, rss0 = settled(srv, addr, log)
        t0 = time.monotonic()
        for i in range(a.connects):
            s = connect(addr, time.monotonic() + 20)
            attack(s, i % 3, vhost)
        t1 = time.monotonic()
        for i in range(a.kills):
            h = subprocess.Popen(host_cmd(a.rpmsg, name, vhost, 1000000,
                                          10000),
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            # A random point of the host's life: during start, in the
            # handshake, or exchanging (fault injection, not ordering).
            time.sleep(rnd.uniform(0, 0.008 if i % 2 else 0.03))
            h.send_signal(signal.SIGKILL)
            h.wait(timeout=30)
            if srv.poll() is not None:
                fail("server exited (%d) after %d killed hosts"
                     % (srv.returncode, i + 1), log)
        t2 = time.monotonic()
        clean_host(a.rpmsg, name, vhost, a.count, log)
        if srv.poll() is not None:
            fail("server exited", log)
        fds1, rss1 = settled(srv, addr, log)
        with open(log, errors="replace") as f:
            text = f.read()
        print("server: %d start-ups broken off, %d hosts served and gone"
              % (text.count("broke off its start-up"),
                 text.count("host gone")))
        print("%s: %d connect-and-close in %.1f s, %d hosts SIGKILLed in "
              "%.1f s, clean host %d/%d; server fds %d -> %d, RSS %d -> %d "
              "KiB" % ("vhost-user" if vhost else "shm", a.connects,
                       t1 - t0, a.kills, t2 - t1, a.count, a.count, fds0,
                       fds1, rss0, rss1))
        if fds1 != fds0:
            fail("server descriptors %d -> %d" % (fds0, fds1), log)
        if rss1 > rss0 + a.rss_slack_kb:
            fail("server RSS %d -> %d KiB" % (rss0, rss1), log)
    finally:
        if srv.poll() is None:
            srv.kill()
            srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
