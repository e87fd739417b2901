#!/usr/bin/python3
"""Zero loss under faults (issue 7), all real processes on loopback: Prosody, the MSNP test
server, msngate on SQLite, a Jabber client (slixmpp) and scripted Messenger traffic.

Under a steady load both ways, one fault is injected and undone; then every message id sent
is accounted for and the table printed:
  jabber->msn  alice -> the echo bot, ids j-N, XEP-0184 receipts asked. Delivered = a receipt
               or the bot's echo; bounced = a <message type='error'> with that id.
  msn->jabber  bob -> alice through the test server (control 'send'), bodies m-N; counted
               only when the server accepted it (alice was signed in there).
Each must end delivered once or bounced once. Losses and duplicates are failures, except
inside a window the scenario documents (what the fault itself destroys, e.g. the messages
an msngate killed with SIGKILL held in memory), which are reported apart.
    fault_test.py --scenario NAME --msngate build/msngate --msnp-server build/msnp-test-server
"""
import argparse
import asyncio
import collections
import os
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from scenario import run  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, error_condition  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402
from gateway_user import COMP, jid_of, until  # noqa: E402

C = "{jabber:client}"
RECEIPTS = "urn:xmpp:receipts"
ECHO = "echo@example.com"
BOB = "bob@example.com"
SIGNED_IN = r"gw\.session user=\S+ signed in to Messenger\n"
RATE = 25         # jabber->msn messages per second
DIRECT_RATE = 5   # msn->jabber messages per second (each opens a switchboard)


def bare(j):
    return j.split("/")[0]


class Load:
    """Sends both streams at a steady rate and sorts what comes back by id."""

    def __init__(self, alice, world):
        self.alice, self.world = alice, world
        self.sent_j, self.sent_m = {}, {}            # id -> monotonic send time
        self.receipts, self.echoes, self.errors, self.direct = {}, {}, {}, {}
        self.error_texts = {}
        self.running = False
        self.paused = False  # the Jabber client is away (its server is down)

    def collect(self):
        box, self.alice.messages[:] = list(self.alice.messages), []
        for m in box:
            frm, mid, b = bare(m.get("from", "")), m.get("id", ""), m.findtext(C + "body") or ""
            r = m.find(f"{{{RECEIPTS}}}received")
            if m.get("type") == "error" and mid in self.sent_j:
                self.errors[mid] = self.errors.get(mid, 0) + 1
                err = m.find(C + "error")
                self.error_texts[mid] = (error_condition(m), err.findtext(f"{{{NS['stanzas']}}}text") if err is not None else "")
            elif r is not None and r.get("id") in self.sent_j:
                self.receipts[r.get("id")] = self.receipts.get(r.get("id"), 0) + 1
            elif frm == jid_of(ECHO) and b.startswith("j-"):
                self.echoes[b] = self.echoes.get(b, 0) + 1
            elif frm == jid_of(BOB) and b.startswith("m-"):
                self.direct[b] = self.direct.get(b, 0) + 1

    async def send_jabber(self):
        n = 0
        while self.running:
            n += 1
            mid = f"j-{n}"
            msg = self.alice.make_message(mto=jid_of(ECHO), mbody=mid, mtype="chat")
            msg["id"] = mid
            msg.append(ET.fromstring(f"<request xmlns='{RECEIPTS}'/>"))
            if not self.paused:
                msg.send()
                self.sent_j[mid] = time.monotonic()
                self.collect()
            await asyncio.sleep(1 / RATE)

    async def send_direct(self):
        loop = asyncio.get_event_loop()
        n = 0
        while self.running:
            n += 1
            mid = f"m-{n}"
            t = time.monotonic()
            try:
                await loop.run_in_executor(None, self.world.command, f"send {BOB} alice@example.com {mid}", 2)
                self.sent_m[mid] = t
            except Exception:  # alice not signed in there, or the server is down: not accepted
                pass
            await asyncio.sleep(1 / DIRECT_RATE)

    def start(self):
        self.running = True
        self.tasks = [asyncio.ensure_future(self.send_jabber()), asyncio.ensure_future(self.send_direct())]

    async def stop(self):
        self.running = False
        await asyncio.gather(*self.tasks)

    def settled(self, windows):
        """Every id has an outcome, but those the fault may have destroyed (its windows)."""
        self.collect()
        def done(t, outcome):
            return outcome or any(a <= t <= b for a, b in windows)
        return (all(done(t, self.receipts.get(i) or self.echoes.get(i) or self.errors.get(i))
                    for i, t in self.sent_j.items())
                and all(done(t, self.direct.get(i)) for i, t in self.sent_m.items()))

    def account(self, windows):
        """One row per direction; windows: [(start, end)] where the fault may lose or repeat."""
        def in_window(t):
            return any(a <= t <= b for a, b in windows)

        rows = {}
        for name, sent, outcome in (
                ("jabber->msn", self.sent_j,
                 lambda i: (max(self.receipts.get(i, 0), self.echoes.get(i, 0)), self.errors.get(i, 0))),
                ("msn->jabber", self.sent_m, lambda i: (self.direct.get(i, 0), 0))):
            row = dict(sent=len(sent), delivered=0, bounced=0, lost=0, duplicated=0, lost_in_window=0,
                       dup_in_window=0, bad=[])
            for i, t in sent.items():
                d, b = outcome(i)
                if d == 1 and b == 0:
                    row["delivered"] += 1
                elif b == 1 and d == 0:
                    row["bounced"] += 1
                elif d == 0 and b == 0:
                    row["lost_in_window" if in_window(t) else "lost"] += 1
                    if not in_window(t):
                        row["bad"].append(i)
                else:
                    row["dup_in_window" if in_window(t) else "duplicated"] += 1
                    if not in_window(t):
                        row["bad"].append(i)
            rows[name] = row
        return rows


def print_table(title, rows):
    cols = ["sent", "delivered", "bounced", "lost", "duplicated", "lost_in_window", "dup_in_window"]
    print(f"\naccounting: {title}", flush=True)
    print(f"  {'direction':<12}" + "".join(f"{c:>15}" for c in cols), flush=True)
    for name, r in rows.items():
        print(f"  {name:<12}" + "".join(f"{r[c]:>15}" for c in cols), flush=True)
    print(flush=True)


class World:
    """The running processes of one scenario, and helpers to break and mend them."""

    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        accounts = {"alice@example.com": ("alicepass", "Alice"), BOB: ("bobpass", "Bob")}
        self.msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"), accounts=accounts,
                              contacts=[("alice@example.com", BOB), ("alice@example.com", ECHO)], echo_bots=[ECHO])
        self.prosody = Prosody(os.path.join(workdir, "prosody"), components={COMP: "secret"})
        self.gate = None
        self.alice = None
        self.lock = threading.Lock()  # one control connection, used from the load's threads too

    def command(self, line, timeout=10):
        with self.lock:
            try:
                return self.msn.command(line, timeout)
            except Exception:
                self.msn._close_control()
                raise

    def kill_msn(self):
        with self.lock:
            self.msn.kill()

    def start_msn(self):
        with self.lock:
            self.msn.start()

    def postgres(self, command):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness", "postgres.sh")
        subprocess.run([script, command, os.path.join(self.workdir, "pg")], check=True, timeout=60,
                       stdout=subprocess.DEVNULL)

    def start_gate(self):
        yaml = self.msn.msngate_yaml() + f"gateway:\n  queue_expiry_seconds: {self.args.expiry}\n"
        if self.args.scenario == "postgres_stopped":
            with open(os.path.join(self.workdir, "pg", "url")) as f:
                yaml += f"storage:\n  url: {f.read().strip()}\n"
        self.gate = Msngate(self.args.msngate, os.path.join(self.workdir, "msngate"), COMP,
                            self.prosody.component_port, "secret", log_level=os.environ.get("FAULT_LOG", "info"), extra_yaml=yaml)
        self.gate.start()
        return self.gate.wait_log(r"handshake accepted", 20, count=self.gate.count(r"handshake accepted") + 1)

    def db_path(self):
        return os.path.join(self.gate.dir, "data", "msngate.db")

    def signed_in(self):
        try:
            return self.command("online alice@example.com") == "yes"
        except Exception:
            return False


async def setup(world, check):
    world.prosody.register("alice", "pw")
    if not check(world.start_gate(), "msngate attaches to Prosody", world.gate.text()[-1500:]):
        return False
    alice = world.alice = await Client.connect_to("alice@localhost/fault", "pw", world.prosody.c2s_port)
    r = await alice.iq("set", COMP, f"<query xmlns='{NS['register']}'><username>alice@example.com</username>"
                                    "<password>alicepass</password></query>")
    if not check(r.get("type") == "result", "alice registers with the gateway", str(error_condition(r))):
        return False
    sub = await alice.expect_presence(lambda p: bare(p.get("from", "")) == COMP and p.get("type") == "subscribe", 10)
    alice.send_presence(pto=COMP, ptype="subscribe")
    ok = sub is not None and await until(lambda: world.gate.count(SIGNED_IN) >= 1, 20)
    ok = ok and await until(world.signed_in, 10)
    return check(ok, "alice is signed in to Messenger through msngate", world.gate.text()[-1500:])


async def wait_signed_in(world, times, timeout=60):
    return await until(lambda: world.gate.count(SIGNED_IN) >= times, timeout)


# ---- the faults. Each returns the windows in which a loss or a repeat is the fault's own doing.

async def msnp_kill(world, load, check):
    """The Messenger server is killed (SIGKILL) and restarted: msngate keeps what alice sends
    meanwhile and what was unconfirmed, reconnects, and delivers it all. The server itself
    loses what it held in memory (messages to alice it had not handed over yet) and may have
    delivered a message whose ACK died with it (msngate sends it again): within 1 s of the kill."""
    t = time.monotonic()
    world.kill_msn()
    await asyncio.sleep(3)
    world.start_msn()
    ok = await wait_signed_in(world, 2)
    check(ok, "msngate signs in again after the Messenger server restarts", world.gate.text()[-1500:])
    return [(t - 1.0, t + 0.2)]


async def sb_drop(world, load, check):
    """Every switchboard alice is in is dropped three times mid-conversation: unconfirmed
    messages go out again on a new switchboard. A message the server delivered whose ACK was
    cut off is sent again (at-least-once): a repeat within 0.2 s of a drop is the drop's."""
    windows = []
    for _ in range(3):
        t = time.monotonic()
        count = world.command("drop-sb alice@example.com")
        windows.append((t - 0.2, t + 0.05))
        check(int(count or 0) >= 1, "a switchboard is dropped mid-conversation")
        await asyncio.sleep(1.5)
    return windows


def stop_gate(world, check, how):
    if how == "term":
        check(world.gate.stop() == 0, "msngate exits 0 on SIGTERM")
    else:
        world.gate.proc.kill()
        world.gate.proc.wait(5)


async def gate_restart(world, check, how):
    """Phase 1: msngate stops (SIGTERM or SIGKILL) under load with everything up, and starts
    again. Phase 2: the Messenger server is killed first, so that what alice sends is kept in
    the queue; msngate stops and starts again with the queue, and the Messenger server comes
    back after it: the queue is delivered. Returns the instants msngate went away."""
    stops = [time.monotonic()]
    signed_out = world.gate.count(r"signed out: logged out")
    stop_gate(world, check, how)
    if how == "term":
        check(world.gate.count(r"signed out: logged out") > signed_out, "SIGTERM: the session signs out (OUT)")
    await asyncio.sleep(2)
    check(world.start_gate(), "msngate starts again", world.gate.text()[-1500:])
    check(await wait_signed_in(world, 2), "alice's session is back after the restart", world.gate.text()[-1500:])
    await asyncio.sleep(2)

    world.kill_msn()
    await asyncio.sleep(2)
    stops.append(time.monotonic())
    stop_gate(world, check, how)
    await asyncio.sleep(1)
    check(world.start_gate(), "msngate starts again with messages in its queue", world.gate.text()[-1500:])
    await asyncio.sleep(2)
    world.start_msn()
    check(await wait_signed_in(world, 3), "alice's session is back once Messenger is", world.gate.text()[-1500:])
    check(await until(lambda: world.gate.count(r"kept messages sent") >= 1, 10),
          "the kept messages are sent after the restart")
    return stops


async def prosody_kill(world, load, check):
    """Prosody is killed (SIGKILL) and restarted. The Jabber client loses its server too: it
    stops sending and logs in again after the restart, before msngate's component link is
    back (its reconnect waits at least 1 s). Meanwhile Messenger keeps talking to alice:
    msngate keeps those messages (the XMPP link is down) and sends them once the link is
    back. What msngate had written to Prosody's socket just before the kill dies with Prosody:
    within 0.5 s of the kill."""
    load.paused = True
    t = time.monotonic()
    world.prosody.kill()
    await asyncio.sleep(3)
    world.prosody.start()
    load.collect()  # what the old client got before its server died
    world.alice = await Client.connect_to("alice@localhost/fault", "pw", world.prosody.c2s_port)
    load.alice = world.alice
    load.paused = False
    check(world.gate.wait_log(r"handshake accepted", 30, count=2), "msngate's component link comes back",
          world.gate.text()[-1500:])
    ok = await until(lambda: world.gate.count(r"kept messages sent") >= 1, 10)
    check(ok, "the messages kept while the link was down are sent", world.gate.text()[-1500:])
    return [(t - 0.5, t + 0.1)]


async def msngate_term(world, load, check):
    """msngate stops on SIGTERM (sessions logged out with OUT, everything unconfirmed kept in
    the queue) and starts again: all is delivered. No window: nothing may be lost."""
    await gate_restart(world, check, "term")
    return []


async def msngate_kill(world, load, check):
    """msngate is killed (SIGKILL) and started again. What it had accepted and held only in
    memory at that instant is lost: messages not yet confirmed by the next hop (Messenger's
    ACK, or handed to Prosody's socket) and kept messages in a batch not yet committed. On
    loopback that is what arrived in the last round trip; the window is 0.5 s before the kill.
    Everything stored is delivered after the restart."""
    stops = await gate_restart(world, check, "kill")
    return [(t - 0.5, t) for t in stops]


async def storage_locked(world, load, check):
    """With Messenger down, every message must be stored. The SQLite database is then locked by
    another connection (BEGIN EXCLUSIVE) for 13 s, more than twice msngate's busy timeout (5 s):
    what alice sends then is refused after that timeout with resource-constraint, nothing stored before
    is lost, and once the lock goes storing works again without a restart."""
    world.kill_msn()
    await asyncio.sleep(2)
    db = sqlite3.connect(world.db_path(), timeout=10, isolation_level=None)
    # A message the load had just handed to slixmpp is written to the socket only after this
    # (blocking) BEGIN, so it reaches msngate locked although it was sent before: the window
    # opens 0.5 s early, as postgres_stopped's does.
    db.execute("BEGIN EXCLUSIVE")
    locked_at = time.monotonic()
    await asyncio.sleep(13)  # two busy timeouts: the batches written meanwhile fail
    db.execute("ROLLBACK")
    db.close()
    unlocked_at = time.monotonic()
    await asyncio.sleep(3)
    world.start_msn()
    check(await wait_signed_in(world, 2), "msngate signs in again", world.gate.text()[-1500:])
    refused = [i for i, (cond, text) in load.error_texts.items() if "cannot store messages" in (text or "")]
    outside = {i: round(load.sent_j[i] - locked_at, 3) for i in refused
               if not locked_at - 0.5 <= load.sent_j[i] <= unlocked_at + 0.5}
    check(refused and not outside,
          "while the database is locked, messages are refused with 'cannot store messages right now'",
          f"{len(refused)} refused; sent outside the lock (s after it was taken, held "
          f"{unlocked_at - locked_at:.1f} s): {dict(list(outside.items())[:10])}")
    check(all(load.error_texts[i][0] == "resource-constraint" for i in refused), "the refusal is resource-constraint")
    return []


async def postgres_stopped(world, load, check):
    """msngate on PostgreSQL. With Messenger down, every message must be stored; PostgreSQL is
    then stopped (immediate shutdown) for 5 s: what alice sends meanwhile is refused at once
    with resource-constraint, what was stored before survives, and once PostgreSQL is back the
    gateway stores again (it reconnects by itself)."""
    world.kill_msn()
    await asyncio.sleep(2)
    halted_at = time.monotonic()
    world.postgres("halt")
    await asyncio.sleep(5)
    world.postgres("resume")
    resumed_at = time.monotonic()
    await asyncio.sleep(3)
    world.start_msn()
    check(await wait_signed_in(world, 2), "msngate signs in again", world.gate.text()[-1500:])
    refused = [i for i, (cond, text) in load.error_texts.items() if "cannot store messages" in (text or "")]
    outside = {i: round(load.sent_j[i] - halted_at, 3) for i in refused
               if not halted_at - 0.5 <= load.sent_j[i] <= resumed_at + 0.5}
    check(refused and not outside,
          "while PostgreSQL is down, messages are refused with 'cannot store messages right now'",
          f"{len(refused)} refused; sent outside the halt (s after it, down {resumed_at - halted_at:.1f} s): "
          f"{dict(list(outside.items())[:10])}")
    return []


async def queue_expiry(world, load, check):
    """gateway.queue_expiry_seconds is 4 here and Messenger stays down for 10 s: the messages
    kept longer than 4 s come back as remote-server-timeout errors with their text, the
    younger ones are delivered once Messenger is back."""
    world.kill_msn()
    await asyncio.sleep(10)
    world.start_msn()
    check(await wait_signed_in(world, 2), "msngate signs in again", world.gate.text()[-1500:])
    expired = [i for i, (cond, text) in load.error_texts.items() if cond == "remote-server-timeout"]
    check(len(expired) >= 20, "messages kept longer than the expiry bounce as remote-server-timeout",
          f"{len(expired)} expired")
    return []


SCENARIOS = {f.__name__: f for f in (msnp_kill, sb_drop, prosody_kill, msngate_term, msngate_kill, storage_locked,
                                     postgres_stopped, queue_expiry)}


async def scenario(args, workdir, check):
    world = World(args, workdir)
    if args.scenario == "postgres_stopped":
        world.postgres("start")
    try:
        await run_scenario(args, world, check)
    finally:
        if args.scenario == "postgres_stopped":
            world.postgres("stop")


async def run_scenario(args, world, check):
    with world.msn, world.prosody:
        try:
            if not await setup(world, check):
                return
            load = Load(world.alice, world)
            load.start()
            await asyncio.sleep(3)  # steady state first
            windows = await SCENARIOS[args.scenario](world, load, check)
            await asyncio.sleep(3)  # and again after the fault
            await load.stop()
            settled = await until(lambda: load.settled(windows), 45)
            rows = load.account(windows)
            print_table(args.scenario, rows)
            reasons = collections.Counter(f"{c}: {t}" for c, t in load.error_texts.values())
            for why, n in reasons.most_common():
                print(f"  bounced {n:>5} x  {why}", flush=True)
            check(settled, "every message sent ended delivered or bounced within the time limit")
            for name, r in rows.items():
                check(r["sent"] > 0 and r["lost"] == 0 and r["duplicated"] == 0,
                      f"{name}: nothing lost or repeated outside the documented window", str(r["bad"][:10]))
            check(rows["jabber->msn"]["delivered"] > 0, "messages were delivered")
            delivered = [i for i in load.sent_j if load.echoes.get(i) and not load.errors.get(i)]
            missing = [i for i in delivered if not load.receipts.get(i)]
            check(len(missing) <= rows["jabber->msn"]["lost_in_window"] + rows["jabber->msn"]["dup_in_window"],
                  "delivered messages got their XEP-0184 receipt", str(missing[:10]))
        finally:
            if world.alice is not None:
                await world.alice.close()
            await cancel_leftovers()
            if world.gate is not None:
                world.gate.stop()
                check("alicepass" not in world.gate.text(), "no password in msngate's log")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True)
    ap.add_argument("--expiry", type=int, default=None, help="gateway.queue_expiry_seconds (3600; queue_expiry: 4)")
    args = ap.parse_args()
    if args.expiry is None:
        args.expiry = 4 if args.scenario == "queue_expiry" else 3600
    run(f"fault-{args.scenario}", lambda workdir, check: scenario(args, workdir, check), deadline=200)


if __name__ == "__main__":
    main()
