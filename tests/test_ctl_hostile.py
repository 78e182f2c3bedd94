#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The control socket outlives hostile clients.

Starts `rpmsg remote`, then against its control socket:
  - SILENT clients connect and never send a request: `rpmsg ls` must
    still answer (one thread serving clients one at a time, each given
    seconds to speak, would not answer within the bound);
  - a client sends a request larger than any: it is answered "bad
    request" and hung up on;
  - SUBS trace subscribers never read, while a host sends messages
    through the echo: each must be dropped (its socket reaches end of
    file), `rpmsg ls` answers meanwhile, and a new subscriber is
    accepted afterwards.
Every wait is bounded generously; nothing depends on how fast it goes.

Usage: test_ctl_hostile.py RPMSG [--silent N] [--subs N]
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

BOUND = int(os.environ.get("CTL_BOUND", "60"))  # seconds any one step may take before it counts as a hang


def fail(msg, log=None):
    print("FAIL: " + msg, file=sys.stderr)
    if log:
        with open(log, errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
    sys.exit(1)


def ctl_connect(name):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    # Blocking: a full backlog waits for the server to accept.
    s.connect("\0rpmsg-ctl-%s-remote" % name)
    s.settimeout(BOUND)
    return s


def ls(rpmsg, name, log, want="rpmsg-echo"):
    try:
        out = subprocess.run([rpmsg, "ls", "--name", name, "--side",
                              "remote"], capture_output=True, text=True,
                             timeout=BOUND)
    except subprocess.TimeoutExpired:
        fail("rpmsg ls did not answer within %d s" % BOUND, log)
    if out.returncode != 0 or want not in out.stdout:
        fail("rpmsg ls: exit %d, %r %r" % (out.returncode, out.stdout,
                                          out.stderr), log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rpmsg")
    ap.add_argument("--silent", type=int, default=100)
    ap.add_argument("--subs", type=int, default=8)
    a = ap.parse_args()
    name = "ctlh-%d" % os.getpid()
    log = tempfile.NamedTemporaryFile(prefix="ctlh-", suffix=".log",
                                      delete=False).name
    with open(log, "w") as lf:
        srv = subprocess.Popen([a.rpmsg, "remote", "--name", name],
                               stdout=lf, stderr=lf)
    try:
        deadline = time.monotonic() + BOUND
        while True:  # polled, bounded: the server says nothing when up
            try:
                ctl_connect(name).close()
                break
            except OSError:
                if time.monotonic() > deadline or srv.poll() is not None:
                    fail("the control socket never came up", log)
                time.sleep(0.01)
        ls(a.rpmsg, name, log)

        silent = [ctl_connect(name) for _ in range(a.silent)]
        t0 = time.monotonic()
        ls(a.rpmsg, name, log)
        print("ls with %d silent clients: %.3f s" %
              (a.silent, time.monotonic() - t0))

        big = ctl_connect(name)
        big.send(b"ls" + b" " * 4000)
        if big.recv(65536) != b"bad request":
            fail("an oversized request was not refused", log)
        if big.recv(65536) != b"":
            fail("the server kept an oversized request's client", log)
        big.close()
        for s in silent:
            s.close()

        subs = []
        for _ in range(a.subs):
            s = ctl_connect(name)
            s.send(b"trace")
            if s.recv(16) != b"ok":
                fail("a subscriber was refused", log)
            subs.append(s)
        # Traffic the subscribers never read: 2 events per echo.
        host = subprocess.run([a.rpmsg, "host", "--name", name, "--count",
                               "2000", "--size", "400"],
                              capture_output=True, text=True,
                              timeout=BOUND * 5)
        if host.returncode != 0:
            fail("host: %s" % host.stderr, log)
        # The host has gone: the server may be between links (its
        # endpoints not yet made again), so only an answer is required.
        ls(a.rpmsg, name, log, want="since start: hosts 1")
        for i, s in enumerate(subs):
            n = 0
            try:
                while s.recv(65536):
                    n += 1
            except socket.timeout:
                fail("subscriber %d was never dropped" % i, log)
            print("subscriber %d dropped after %d queued events" % (i, n))
            s.close()
        s = ctl_connect(name)
        s.send(b"trace")
        if s.recv(16) != b"ok":
            fail("no subscriber accepted once the others were dropped",
                 log)
        s.close()
        if srv.poll() is not None:
            fail("the server exited", log)
    finally:
        srv.kill()
        srv.wait()
    os.unlink(log)
    print("ok")


if __name__ == "__main__":
    main()
