#!/usr/bin/python3
"""Issue 6, parts 2 and 3: relay throughput and latency, next to Prosody's own c2s rate.

Real processes on loopback: Prosody 0.12 (nagle off, tests/harness/xmpp_servers.py), the MSNP
test server, the Release msngate, and msngate-bench-relay (one libstrophe thread, K senders
s<i>@localhost and K receivers r<i>@localhost).
- baseline: s<i> -> r<i>/bench through Prosody directly (one routing through Prosody);
- relay: s<i> -> m<i>%example.com@msn.bench.local: msngate signs s<i> in as n<i>@example.com
  and r<i> as m<i>@example.com (registered in its database by msngate-bench-seed), so each
  message crosses Prosody, msngate, the test server's switchboard, msngate and Prosody again
  (Jabber -> Messenger -> Jabber, the path the issue's Biboumi figures were measured on).
Per run: messages/s received, one-way latency, and CPU of msngate, Prosody and the load client
per message, read from /proc over the measured window (the client prints MEASURE lines).
Output: tab-separated rows `part  metric  value  note`.
"""
import argparse
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402

COMPONENT = "msn.bench.local"
SECRET = "bench-secret"


FAILURES = []


def row(part, metric, value, note=""):
    if value == "FAILED":
        FAILURES.append(metric)
    print(f"{part}\t{metric}\t{value}\t{note}", flush=True)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


# Syscalls msngate may make on the message path, counted by `perf stat` tracepoints (--syscalls).
SYSCALLS = ("recvfrom", "sendto", "read", "write", "readv", "writev", "recvmsg", "sendmsg", "epoll_wait",
            "epoll_pwait", "epoll_ctl", "poll", "ppoll", "select", "pselect6", "timerfd_settime", "futex")


# --allocations: a uprobe on libc's malloc (operator new ends there too), counted with the syscalls.
MALLOC_EVENT = "probe_libc:malloc"


def malloc_probe(binary):
    """Creates the malloc uprobe once (needs root); True when it can be counted."""
    if MALLOC_EVENT in subprocess.run(["perf", "probe", "-l"], capture_output=True, text=True).stdout:
        return True
    libc = next((l.split("=>")[1].split()[0] for l in subprocess.run(["ldd", binary], capture_output=True,
                                                                        text=True).stdout.splitlines()
                 if "libc.so" in l and "=>" in l), None)
    return bool(libc) and subprocess.run(["perf", "probe", "-x", libc, "--add", "malloc"],
                                         capture_output=True).returncode == 0


class SyscallCounter:
    """`perf stat -p PID` over the measured window: msngate's syscalls by name (None: perf unusable)."""

    def __init__(self, pid, extra_events=()):
        self.out = tempfile.NamedTemporaryFile(prefix="perf-stat-", suffix=".csv", delete=False).name
        events = ["raw_syscalls:sys_enter"] + [f"syscalls:sys_enter_{n}" for n in SYSCALLS] + list(extra_events)
        self.proc = subprocess.Popen(["perf", "stat", "-x,", "-o", self.out, "-p", str(pid)] +
                                     [a for e in events for a in ("-e", e)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=30)
        counts = {}
        with open(self.out) as f:
            for line in f:
                fields = line.strip().split(",")
                if len(fields) > 2 and fields[0].isdigit():
                    counts[fields[2].split("sys_enter_")[-1].replace("raw_syscalls:sys_enter", "all")] = int(fields[0])
        os.unlink(self.out)
        return counts or None


def syscall_note(counts, n):
    if not counts:
        return ""
    counts = dict(counts)
    mallocs = counts.pop(MALLOC_EVENT, None)
    parts = [f"{name} {c / n:.2f}" for name, c in sorted(counts.items(), key=lambda kv: -kv[1])
             if name != "all" and c / n >= 0.01]
    note = f"; msngate syscalls/msg {counts.get('all', 0) / n:.1f} ({', '.join(parts)})"
    if mallocs is not None:  # each call traps into the uprobe: this run's CPU figures are not comparable
        note += f"; msngate mallocs/msg {mallocs / n:.1f} (uprobe: CPU figures of this run inflated)"
    return note


class PerfRecord:
    """`perf record -g -p PID` over the measured window, for `perf report -i OUT`."""

    def __init__(self, pid, out):
        self.proc = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-g", "-o", out, "-p", str(pid)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=60)


def run_client(client, port, target, k, window, seconds, rate, pids, count_syscalls=False, record=None,
               extra_events=()):
    """Runs the load client; returns (fields, {name: cpu seconds in the measured window}, syscall counts).
    count_syscalls: count msngate's syscalls (and extra_events) over the window; record: perf record msngate
    into this file."""
    args = [client, "--port", str(port), "--target", target, "--component", COMPONENT, "--conversations", str(k),
            "--window", str(window), "--seconds", str(seconds), "--warmup", "1",
            "--settle", "5" if target == "gateway" else "0.2"]
    if rate:
        args += ["--rate", str(rate)]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    cpu = {}
    fields = {}
    counter, syscalls, recorder = None, None, None
    try:
        for line in p.stdout:
            line = line.strip()
            if line == "MEASURE start":
                cpu = {n: cpu_seconds(pid) for n, pid in pids.items()}
                if count_syscalls:
                    counter = SyscallCounter(pids["msngate"], extra_events)
                if record:
                    recorder = PerfRecord(pids["msngate"], record)
            elif line == "MEASURE end":
                cpu = {n: cpu_seconds(pid) - cpu.get(n, 0) for n, pid in pids.items()}
                if counter:
                    syscalls, counter = counter.stop(), None
                if recorder:
                    recorder, _ = None, recorder.stop()
            elif line.startswith("sent="):
                fields = {kv.split("=")[0]: float(kv.split("=")[1]) for kv in line.split()}
        p.wait(timeout=seconds + 90)
    finally:
        for probe in (counter, recorder):
            if probe:
                probe.stop()
        if p.poll() is None:
            p.kill()
            p.wait()
    return fields, cpu, syscalls


def run_floor(floor, k, window, seconds, rate):
    """msngate-bench-floor: the relay's syscall floor at k conversations (rate 0: closed loop)."""
    out = subprocess.run([floor, "--conversations", str(k), "--window", str(window), "--seconds", str(seconds),
                          "--rate", str(rate)], capture_output=True, text=True, timeout=seconds + 60).stdout
    for line in out.splitlines():
        if line.startswith("relayed="):
            return {kv.split("=")[0]: float(kv.split("=")[1]) for kv in line.split()}
    return {}


def write_accounts(prosody, k):
    """Prosody's internal_plain accounts as files: faster than prosodyctl for hundreds of users."""
    d = os.path.join(prosody.dir, "data", prosody.domain, "accounts")
    os.makedirs(d, exist_ok=True)
    for prefix in ("s", "r"):
        for i in range(k):
            with open(os.path.join(d, f"{prefix}{i}.dat"), "w") as f:
                f.write('return {\n\t["password"] = "pw";\n};\n')


def floor_row(floor, k, window, seconds, rate, gate_us, gate_syscalls):
    """The syscall floor at msngate's conversations, window and rate, and closed-loop; msngate as a ratio."""
    paced = run_floor(floor, k, window, seconds, rate)
    free = run_floor(floor, k, window, seconds, 0)
    us = paced.get("us_per_msg", -1)
    note = (f"msngate {gate_us:.0f} us/msg = {gate_us / us:.1f} x this floor; floor "
            f"{paced.get('syscalls_per_msg', -1):.1f} syscalls/msg" if us > 0 else "floor did not run")
    if gate_syscalls:
        note += f" (msngate {gate_syscalls:.1f})"
    note += (f"; closed loop: {free.get('us_per_msg', -1):.1f} us/msg at {free.get('rate', 0):.0f} msg/s, "
             f"{free.get('syscalls_per_msg', -1):.1f} syscalls/msg")
    row("2 relay", f"syscall floor of the relay, {k} conversation(s), window {window}, paced to {rate:.0f} msg/s",
        f"{us:.1f} us/msg" if us > 0 else "FAILED", note)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--client", required=True, help="msngate-bench-relay")
    ap.add_argument("--conversations", default="1,10,100")
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--throughput-only", action="store_true", help="skip part 3 (smoke runs)")
    ap.add_argument("--total-window", type=int, default=100,
                    help="messages in flight over all conversations (per conversation: total/K, at least 1)")
    ap.add_argument("--syscalls", action="store_true",
                    help="count msngate's syscalls per relayed message (perf stat tracepoints; adds a little CPU)")
    ap.add_argument("--rate", type=float, default=0,
                    help="pace the relay runs of part 2 to this many messages/s in total (0: closed loop); CPU per "
                         "message depends on the rate (wake-ups batch more when busier): to compare two builds, "
                         "run both at one rate they both reach")
    ap.add_argument("--allocations", action="store_true",
                    help="with --syscalls: also count msngate's malloc calls per relayed message (a perf uprobe, "
                         "created if missing; it slows msngate, so that run's CPU figures are not comparable)")
    ap.add_argument("--floor", help="msngate-bench-floor: the relay's syscall floor, run next to each relay run")
    ap.add_argument("--perf-record", metavar="PREFIX",
                    help="perf record msngate over each relay window into PREFIX-<conversations>.data")
    args = ap.parse_args()
    extra_events = ()
    if args.allocations:
        if not malloc_probe(args.msngate):
            sys.exit("--allocations: cannot create the perf uprobe on libc's malloc (needs root and perf probe)")
        args.syscalls, extra_events = True, (MALLOC_EVENT,)
    ks = [int(x) for x in args.conversations.split(",") if x]
    most = max(ks)
    root = tempfile.mkdtemp(prefix="msngate-relay-")
    try:
        prosody = Prosody(os.path.join(root, "prosody"), components={COMPONENT: SECRET})
        write_accounts(prosody, most)
        msn = MsnpServer(args.msnp_server, os.path.join(root, "msnp"),
                         accounts={**{f"n{i}@example.com": (f"pw{i}", None) for i in range(most)},
                                   **{f"m{i}@example.com": (f"pw{i}", None) for i in range(most)}},
                         contacts=[(f"n{i}@example.com", f"m{i}@example.com") for i in range(most)])
        with prosody, msn:
            w = os.path.join(root, "gate")
            os.makedirs(w)
            for jp, pp in (("s", "n"), ("r", "m")):
                subprocess.run([args.seed, f"sqlite://{w}/msngate.db", f"{w}/secret.key", str(most), "localhost",
                                "example.com", jp, pp], check=True, stdout=subprocess.DEVNULL)
            y = msn.msngate_yaml() + f"storage:\n  url: sqlite://{w}/msngate.db\nsecrets:\n  key_file: {w}/secret.key\n"
            # One user sends thousands of messages a second here: lift the per-user stanza limit.
            y += "gateway:\n  stanzas_per_second: 10000000\n  stanza_burst: 10000000\n"
            with Msngate(args.msngate, w, COMPONENT, prosody.component_port, SECRET, "warn", y) as gate:
                time.sleep(1.5)
                pids = {"msngate": gate.proc.pid, "prosody": prosody.proc.pid, "msnp": msn.proc.pid}
                base = {}
                for k in ks:
                    window = max(1, args.total_window // k)
                    for target in ("direct", "gateway"):
                        rate_limit = args.rate if target == "gateway" else 0
                        f, cpu, sc = run_client(args.client, prosody.c2s_port, target, k, window, args.seconds, rate_limit,
                                                pids,
                                                args.syscalls and target == "gateway",
                                                f"{args.perf_record}-{k}.data" if args.perf_record and target == "gateway"
                                                else None, extra_events)
                        rate = f.get("rate", 0)
                        if target == "direct":
                            base[k] = rate
                            name = f"Prosody c2c baseline, {k} conversation(s), window {window}"
                        else:
                            name = f"relay J->M->J via msngate, {k} conversation(s), window {window}"
                        n = max(f.get("received", 0), 1)
                        note = (f"Prosody {cpu.get('prosody', 0) / n * 1e6:.0f} us/msg, "
                                f"msngate {cpu.get('msngate', 0) / n * 1e6:.0f} us/msg, "
                                f"test server {cpu.get('msnp', 0) / n * 1e6:.0f} us/msg, "
                                f"client {f.get('cpu_s', 0) / args.seconds * 100:.0f} % of a core; "
                                f"p50 {f.get('p50_us', -1):.0f} us") + syscall_note(sc, n)
                        if target == "gateway" and base.get(k):
                            note = f"{rate / base[k]:.2f} x baseline (target >= 0.47 at 100, ceiling ~0.5); " + note
                        row("2 relay", name, f"{rate:.0f} msg/s" if rate > 0 else "FAILED", note)
                        if target == "gateway" and args.floor and rate > 0:
                            floor_row(args.floor, k, window, args.seconds, rate, cpu.get("msngate", 0) / n * 1e6,
                                      sc and sc.get("all", 0) / n)
                if args.throughput_only:
                    return
                # Part 3: latency at window 1 (one conversation), and at half of the measured maximum.
                for target in ("direct", "gateway"):
                    f, _, _ = run_client(args.client, prosody.c2s_port, target, 1, 1, args.seconds, 0, pids)
                    row("3 latency", f"{target}, window 1, one way", f"p50 {f.get('p50_us', -1):.0f} us",
                        f"p99 {f.get('p99_us', -1):.0f} us, max {f.get('max_us', -1):.0f} us, "
                        f"{f.get('rate', 0):.0f} msg/s")
                    lat1 = f.get("p50_us", -1)
                    if target == "direct":
                        direct_p50 = lat1
                    else:
                        row("3 latency", "added by msngate at window 1 (p50 relay - p50 direct)",
                            f"{lat1 - direct_p50:.0f} us", "the relay crosses Prosody twice and the switchboard once")
                k = max(ks)
                for target in ("direct", "gateway"):
                    f, _, _ = run_client(args.client, prosody.c2s_port, target, k, 1, 2, 0, pids)
                    half = f.get("rate", 0) / 2
                    if half <= 0:
                        continue
                    f, _, _ = run_client(args.client, prosody.c2s_port, target, k, 10, args.seconds, half, pids)
                    row("3 latency", f"{target}, {k} conversations at 50 % of max ({half:.0f} msg/s)",
                        f"p50 {f.get('p50_us', -1):.0f} us",
                        f"p99 {f.get('p99_us', -1):.0f} us, max {f.get('max_us', -1):.0f} us, "
                        f"{f.get('rate', 0):.0f} msg/s achieved")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.exit(1 if FAILURES else 0)  # a part that could not run; figures never fail
