#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The control socket outlives hostile clients.

Starts `rpmsg remote` (or `rpmsg remote --vhost-user PATH`), then
  - SILENT clients connect to the control socket and never send a
    request, as many send "ls" and never read the answer, and SILENT
    more connect to the link's own socket (the shared-memory rendezvous
    or the vhost-user socket) and say nothing: while every one of them
    is held open, `rpmsg ls` must answer (one thread serving clients one
    at a time, each given seconds to speak, would not answer within the
    bound); the time it took is printed, not checked;
  - once they hung up, the server's descriptors are as many as before
    and its resident size within a bound, and a clean host gets COUNT of
    COUNT echoes (the silent ones on the link's socket did not wedge it);
  - a client sends a request larger than any: it is answered "bad
    request" and hung up on;
  - SUBS trace subscribers never read, while a host sends messages
    through the echo: each must be dropped (its socket reaches end of
    file), `rpmsg ls` answers meanwhile, and a new subscriber is
    accepted afterwards.
Every wait is bounded generously; nothing depends on how fast it goes.
The server's descriptor count and resident size are printed at start,
with the clients held and after.

Usage: test_ctl_hostile.py RPMSG [--silent N] [--subs N] [--count N]
       [--vhost-user] [--rss-slack-kb K]
"""
import argparse
import os
import shutil
import socket
import subprocess
import tempfile
import time

from hostile_common import fail, fd_count, listening, rss_kb, wait_until

BOUND = int(os.environ.get("CTL_BOUND", "60"))  # seconds any one step may take before it counts as a hang


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


def link_connect(addr):
    """A client of the link's socket that never speaks: connected, or
    None once the kernel's backlog of a server that accepts one host at
    a time is full (non-blocking, so that the attempt cannot hang)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect(addr)
    except OSError:
        s.close()
        return None
    return s


def mute_ls(name):
    """A control client that asks for a listing and never reads it."""
    s = ctl_connect(name)
    s.send(b"ls")
    return s


def figures(srv):
    return fd_count(srv.pid), rss_kb(srv.pid)


def clean_host(a, name, vhost, log):
    cmd = [a.rpmsg, "host", "--count", str(a.count), "--timeout", "10000"]
    if vhost:
        cmd += ["--vhost-user", vhost, "--name", name + "-h"]
    else:
        cmd += ["--name", name]
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True,
                             timeout=BOUND * 2).stdout
    except subprocess.TimeoutExpired:
        fail("the clean host did not finish within %d s" % (BOUND * 2), log)
    want = "host: %d of %d messages echoed" % (a.count, a.count)
    if want not in out:
        fail("clean host: %r" % out.strip(), log)


def held_clients(a, name, link_addr, srv, log):
    """Hold SILENT silent and SILENT non-reading control clients and
    SILENT silent clients of the link's socket while `rpmsg ls` runs."""
    ctl_addr = "\0rpmsg-ctl-%s-remote" % name
    wait_until(lambda: listening(ctl_addr) and listening(link_addr), BOUND,
               srv, "the server's sockets never came up", log)
    # Nothing has connected yet: the baseline of a server at rest.
    fds0, rss0 = figures(srv)
    ls(a.rpmsg, name, log)
    # Non-reading ones first: the silent ones that came last are those
    # the server still holds (it keeps the newest of the clients whose
    # request has not come).
    held = [mute_ls(name) for _ in range(a.silent)]
    held += [ctl_connect(name) for _ in range(a.silent)]
    on_link = [link_connect(link_addr) for _ in range(a.silent)]
    linked = [s for s in on_link if s]
    t0 = time.monotonic()
    ls(a.rpmsg, name, log)
    took = time.monotonic() - t0
    fds1, rss1 = figures(srv)
    print("ls with %d silent and %d non-reading control clients and %d "
          "silent ones on the link socket held (%d of %d connected, the "
          "rest refused by its backlog): %.3f s"
          % (a.silent, a.silent, len(linked), len(linked), a.silent, took))
    # A client that connected to the link's socket and says nothing is
    # hung up on in the end (the server is not kept from the next host
    # for good): end of file or a reset, read without ever sending.
    t0 = time.monotonic()
    for i, s in enumerate(linked):
        s.setblocking(True)
        s.settimeout(BOUND)
        try:
            while True:
                got, _, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(64))
                if not got:
                    break
        except ConnectionResetError:
            pass
        except socket.timeout:
            fail("a silent client of the link's socket was held %d s"
                 % BOUND, log)
    print("silent clients of the link's socket hung up on after %.1f s"
          % (time.monotonic() - t0))
    for s in held + linked:
        s.close()
    # The server notices each hang-up on its own time: poll its table.
    wait_until(lambda: fd_count(srv.pid) == fds0, BOUND, srv,
               "server descriptors %d before the clients, %d after they "
               "hung up" % (fds0, fd_count(srv.pid)), log)
    clean_host(a, name, link_addr if a.vhost_user else None, log)
    wait_until(lambda: listening(link_addr), BOUND, srv,
               "the server does not listen again", log)
    wait_until(lambda: fd_count(srv.pid) == fds0, BOUND, srv,
               "server descriptors %d before the clients, %d after the "
               "clean host" % (fds0, fd_count(srv.pid)), log)
    fds2, rss2 = figures(srv)
    print("server fds %d at rest, %d with the clients held, %d after; "
          "RSS %d, %d, %d KiB; clean host %d/%d"
          % (fds0, fds1, fds2, rss0, rss1, rss2, a.count, a.count))
    if rss2 > rss0 + a.rss_slack_kb:
        fail("server RSS %d -> %d KiB (slack %d)" % (rss0, rss2,
                                                     a.rss_slack_kb), log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rpmsg")
    ap.add_argument("--silent", type=int, default=100)
    ap.add_argument("--subs", type=int, default=8)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--vhost-user", action="store_true")
    # A sanitizer build keeps freed memory in quarantine: its RSS grows
    # without a leak.
    ap.add_argument("--rss-slack-kb", type=int, default=4096)
    a = ap.parse_args()
    name = "ctlh-%d" % os.getpid()
    tmp = tempfile.mkdtemp(prefix="ctlh-")
    log = os.path.join(tmp, "server.log")
    server = [a.rpmsg, "remote", "--name", name]
    if a.vhost_user:
        link_addr = os.path.join(tmp, "vhost.sock")
        server += ["--vhost-user", link_addr]
    else:
        link_addr = "\0rpmsg-" + name
    with open(log, "w") as lf:
        srv = subprocess.Popen(server, stdout=lf, stderr=lf)
    try:
        held_clients(a, name, link_addr, srv, log)

        big = ctl_connect(name)
        big.send(b"ls" + b" " * 4000)
        if big.recv(65536) != b"bad request":
            fail("an oversized request was not refused", log)
        if big.recv(65536) != b"":
            fail("the server kept an oversized request's client", log)
        big.close()

        subs = []
        for _ in range(a.subs):
            s = ctl_connect(name)
            s.send(b"trace")
            if s.recv(16) != b"ok":
                fail("a subscriber was refused", log)
            subs.append(s)
        # Traffic the subscribers never read: 2 events per echo.
        host = [a.rpmsg, "host", "--count", "2000", "--size", "400"]
        if a.vhost_user:
            host += ["--vhost-user", link_addr, "--name", name + "-h"]
        else:
            host += ["--name", name]
        host = subprocess.run(host, capture_output=True, text=True,
                              timeout=BOUND * 5)
        if host.returncode != 0:
            fail("host: %s" % host.stderr, log)
        # The host has gone: the server may be between links (its
        # endpoints not yet made again), so only an answer is required.
        ls(a.rpmsg, name, log, want="since start: hosts 2")
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
    shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
