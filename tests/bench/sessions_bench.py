#!/usr/bin/python3
"""Issue 6, parts 1 and 4: memory per session, idle CPU, and the login storm after a restart.

Real processes on loopback: the Release msngate, the MSNP test server (tests/msnp_server) and,
in place of an XMPP server, a minimal XEP-0114 server in this script (FakeXmppServer). On link
up msngate probes every registered user (xmpp/service.cpp); the fake server answers each probe
with the user's available presence, exactly what Prosody does for an online user, so N users
become "available" without N XMPP clients. The users are written straight into msngate's
SQLite database by msngate-bench-seed (sealed passwords, as the registrar stores them); the
test server gets the accounts and 20 online contacts per user over its control channel.

A user counts as signed in once msngate has forwarded the presence of all 20 contacts to it.
Output: tab-separated rows `part  metric  value  note` (scripts/bench.sh prints the table).
"""
import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.parsers.expat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402

COMPONENT = "msn.bench.local"
USER_DOMAIN = "bench.local"
PASSPORT_DOMAIN = "example.com"
CONTACTS = 20
SECRET = "bench-secret"


FAILURES = []


def row(part, metric, value, note=""):
    if value == "FAILED":
        FAILURES.append(metric)
    print(f"{part}\t{metric}\t{value}\t{note}", flush=True)


def xml_attr(v):
    return v.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;")


class FakeXmppServer:
    """Accepts msngate's component connection (any secret), answers probes to users with
    available presence, answers iq get/set with service-unavailable, and counts the contact
    presences msngate sends to each user."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=8)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.signed_in = {}        # user bare JID -> set of contact JIDs seen available
        self.probes = 0
        self.handshakes = 0
        self.handshake_at = None   # time.monotonic() of the last component handshake
        self.stop_flag = False
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self):
        with self.lock:
            self.signed_in = {}
            self.probes = 0

    def complete_users(self):
        with self.lock:
            return sum(1 for s in self.signed_in.values() if len(s) >= CONTACTS)

    def _accept(self):
        while not self.stop_flag:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        depth = [0]
        stack = []
        out = []

        def start(name, attrs):
            depth[0] += 1
            if depth[0] == 1:
                out.append("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                           f"xmlns='jabber:component:accept' id='bench{time.monotonic_ns()}' from='{COMPONENT}'>")
            elif depth[0] == 2:
                stack.append((name, attrs))

        def end(name):
            if depth[0] == 2 and stack:
                self._stanza(*stack.pop(), out)
            depth[0] -= 1

        parser = xml.parsers.expat.ParserCreate()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        conn.settimeout(1.0)
        try:
            while not self.stop_flag:
                try:
                    data = conn.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    break
                parser.Parse(data, False)
                if out:
                    conn.sendall("".join(out).encode())
                    out.clear()
        except (OSError, xml.parsers.expat.ExpatError):
            pass
        conn.close()

    def _stanza(self, name, a, out):
        if name == "handshake":
            with self.lock:
                self.handshakes += 1
                self.handshake_at = time.monotonic()
            out.append("<handshake/>")
        elif name == "presence":
            typ, to, frm = a.get("type", ""), a.get("to", ""), a.get("from", "")
            if typ == "probe" and "@" in to and not to.endswith("@" + COMPONENT):
                with self.lock:
                    self.probes += 1
                out.append(f"<presence from='{xml_attr(to)}/bench' to='{COMPONENT}'/>")
            elif typ == "" and "%" in frm:
                user = to.split("/")[0]
                with self.lock:
                    self.signed_in.setdefault(user, set()).add(frm.split("/")[0])
        elif name == "iq" and a.get("type") in ("get", "set"):
            out.append(f"<iq type='error' id='{xml_attr(a.get('id', ''))}' from='{xml_attr(a.get('to', ''))}' "
                       f"to='{xml_attr(a.get('from', ''))}'><error type='cancel'><service-unavailable "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return fields


def kib(pid, key):
    return int(proc_status(pid)[key].split()[0])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def control_batch(msn, lines):
    """Pipelines control commands (one reply line each); raises on ERR."""
    s = socket.create_connection(("127.0.0.1", msn.ports["control"]), timeout=60)
    reader = s.makefile("rb")
    for i in range(0, len(lines), 2000):
        chunk = lines[i:i + 2000]
        s.sendall(("\n".join(chunk) + "\n").encode())
        for line in chunk:
            reply = reader.readline().decode().strip()
            if not reply.startswith("OK"):
                raise RuntimeError(f"control {line!r}: {reply}")
    s.close()


def wait_until(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def gate_yaml(msn, workdir, pacing):
    y = msn.msngate_yaml()
    y += f"storage:\n  url: sqlite://{workdir}/msngate.db\nsecrets:\n  key_file: {workdir}/secret.key\n"
    if pacing:
        y += f"gateway:\n  logins_per_second: {pacing[0]}\n  login_burst: {pacing[1]}\n"
    return y


def default_pacing():
    """gateway.logins_per_second and login_burst as documented in config/example.yaml."""
    vals = {}
    with open(os.path.join(HERE, "..", "..", "config", "example.yaml")) as f:
        for line in f:
            k, _, v = line.strip().partition(":")
            if k in ("logins_per_second", "login_burst"):
                vals[k] = float(v)
    return vals.get("logins_per_second", 0), vals.get("login_burst", 0)


def sign_in(gate, xmpp, n, timeout):
    """Starts msngate; returns (seconds until all n users are signed in, seconds until the
    component link was up), or (None, None)."""
    xmpp.reset()
    xmpp.handshake_at = None
    t0 = time.monotonic()
    gate.start()
    if not wait_until(lambda: xmpp.complete_users() >= n or gate.proc.poll() is not None, timeout, 0.02):
        return None, None
    if gate.proc.poll() is not None:
        return None, None
    return time.monotonic() - t0, (xmpp.handshake_at or t0) - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True)
    ap.add_argument("--seed", required=True, help="msngate-bench-seed")
    ap.add_argument("--sizes", default="1000", help="comma-separated session counts")
    ap.add_argument("--storm", type=int, default=1000, help="users in the login storm (0: skip)")
    ap.add_argument("--idle-seconds", type=float, default=10.0)
    ap.add_argument("--fast-pacing", default="2000,200",
                    help="logins_per_second,login_burst for the memory runs (the storm uses the defaults)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    most = max(sizes + [args.storm])
    pacing = tuple(int(x) for x in args.fast_pacing.split(","))

    want = most * 2 + CONTACTS * 2 + 200
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        # Raising the hard limit needs CAP_SYS_RESOURCE (not granted in every container).
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(want, soft), max(want, hard)))
        except (ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            print(f"# RLIMIT_NOFILE: {hard} (could not raise to {want})", file=sys.stderr)

    root = tempfile.mkdtemp(prefix="msngate-bench-")
    xmpp = FakeXmppServer()
    try:
        with MsnpServer(args.msnp_server, os.path.join(root, "msnp")) as msn:
            t = time.monotonic()
            cmds = [f"account c{j}@{PASSPORT_DOMAIN} cpw{j} Contact{j}" for j in range(CONTACTS)]
            cmds += [f"account u{i}@{PASSPORT_DOMAIN} pw{i}" for i in range(most)]
            cmds += [f"contacts u{i}@{PASSPORT_DOMAIN} c{j}@{PASSPORT_DOMAIN}" for i in range(most) for j in range(CONTACTS)]
            cmds += [f"presence c{j}@{PASSPORT_DOMAIN} NLN 0 contact {j} is here" for j in range(CONTACTS)]
            control_batch(msn, cmds)
            print(f"# test server: {most} users x {CONTACTS} contacts in {time.monotonic() - t:.1f} s",
                  file=sys.stderr)

            # 0 sessions: msngate attached to the component link, nothing registered.
            w0 = os.path.join(root, "n0")
            os.makedirs(w0)
            with Msngate(args.msngate, w0, COMPONENT, xmpp.port, SECRET, "warn", gate_yaml(msn, w0, None)) as g:
                if not wait_until(lambda: xmpp.handshakes >= 1, 15):
                    raise RuntimeError("msngate did not attach: " + g.text()[-500:])
                time.sleep(2.0)
                rss0 = kib(g.proc.pid, "VmRSS")
                fds0 = open_fds(g.proc.pid)
            row("1 memory", "RSS, 0 sessions", f"{rss0} KiB", f"{fds0} open fds")

            for n in sizes:
                w = os.path.join(root, f"n{n}")
                os.makedirs(w)
                db = f"sqlite://{w}/msngate.db"
                rc = subprocess.run([args.seed, db, f"{w}/secret.key", str(n), USER_DOMAIN, PASSPORT_DOMAIN],
                                    stdout=subprocess.DEVNULL).returncode
                if rc != 0:
                    raise RuntimeError("seeding failed")
                g = Msngate(args.msngate, w, COMPONENT, xmpp.port, SECRET, "warn", gate_yaml(msn, w, pacing))
                try:
                    took, _ = sign_in(g, xmpp, n, timeout=60 + n / 50)
                    if took is None:
                        row("1 memory", f"RSS, {n} sessions", "FAILED",
                            f"{xmpp.complete_users()}/{n} signed in; log tail: {g.text()[-300:]!r}")
                        continue
                    time.sleep(2.0)
                    pid = g.proc.pid
                    rss = kib(pid, "VmRSS")
                    fds = open_fds(pid)
                    row("1 memory", f"RSS, {n} sessions ({CONTACTS} contacts each)", f"{rss} KiB",
                        f"{(rss - rss0) / n:.2f} KiB/session (target <= 10); {fds} open fds; "
                        f"signed in in {took:.1f} s at {pacing[0]}/s pacing")
                    c0 = cpu_seconds(pid)
                    time.sleep(args.idle_seconds)
                    idle = (cpu_seconds(pid) - c0) / args.idle_seconds * 100
                    row("1 idle CPU", f"{n} idle sessions, {args.idle_seconds:.0f} s", f"{idle:.2f} % of a core",
                        "target < 2 % at 10,000")
                finally:
                    g.stop(timeout=60)

            if args.storm:
                n = args.storm
                per_s, burst = default_pacing()
                w = os.path.join(root, f"storm{n}")
                os.makedirs(w)
                rc = subprocess.run([args.seed, f"sqlite://{w}/msngate.db", f"{w}/secret.key", str(n), USER_DOMAIN,
                                     PASSPORT_DOMAIN], stdout=subprocess.DEVNULL).returncode
                if rc != 0:
                    raise RuntimeError("seeding failed")
                g = Msngate(args.msngate, w, COMPONENT, xmpp.port, SECRET, "warn", gate_yaml(msn, w, None))
                first, _ = sign_in(g, xmpp, n, timeout=120 + n / 20)
                g.stop(timeout=60)
                if first is None:
                    row("4 login storm", f"{n} users", "FAILED", f"{xmpp.complete_users()}/{n} at first start")
                else:
                    wait_until(lambda: msn.command("stats").startswith("sessions=0 "), 30)
                    took, link = sign_in(g, xmpp, n, timeout=120 + n / 20)
                    peak = kib(g.proc.pid, "VmHWM") if g.proc.poll() is None else 0
                    g.stop(timeout=60)
                    if took is None:
                        row("4 login storm", f"{n} users after restart", "FAILED", f"{xmpp.complete_users()}/{n}")
                    else:
                        row("4 login storm", f"{n} users after restart (default pacing)", f"{took:.2f} s",
                            f"target <= 10 s; link up after {link:.2f} s; default pacing alone needs "
                            f"{max(n - burst, 0) / per_s:.1f} s ({per_s:.0f}/s after a burst of {burst:.0f}); "
                            f"peak RSS {peak} KiB; "
                            f"first start {first:.2f} s")
    finally:
        xmpp.stop_flag = True
        xmpp.listener.close()
        if args.keep:
            print(f"# work directory: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.exit(1 if FAILURES else 0)  # a part that could not run; figures never fail
