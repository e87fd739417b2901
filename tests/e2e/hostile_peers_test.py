#!/usr/bin/python3
"""Hostile peers against the whole gateway, with two users, all real processes on loopback
(Prosody, the MSNP test server, msngate with its default limits, slixmpp clients):
  1. alice floods the gateway with thousands of messages and iqs (from a second resource, in
     a process of its own): she gets resource-constraint
     errors (messages bounced with their text), the log reports the flood once, and bob's
     chat through the gateway to a Messenger contact goes on, each message echoed in time;
  2. alice's Messenger server sends her connection a megabyte of junk without a line end:
     msngate drops that connection and signs her in again, bob's chat is not disturbed;
  3. a Messenger contact of alice's whose nickname, personal message and chat text hold
     bytes that are not UTF-8, XML-forbidden controls and U+FFFF: alice gets them with
     U+FFFD in place of what XML cannot carry, and the component link stays up (Prosody
     closes a component stream that sends it invalid XML: every user would be cut off);
  4. msngate is still up, and stops cleanly.
    hostile_peers_test.py --msngate build/msngate --msnp-server build/msnp-test-server
"""
import asyncio
import json
import os
import sys

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness")
sys.path.insert(0, HARNESS)
from gateway_user import COMP, body, from_is, jid_of, main, registered_user, until  # noqa: E402
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from xmpp_client import cancel_leftovers, error_condition  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402

ECHO = "echo@example.com"
MALLORY = "mallory@example.com"
# Raw bytes a hostile Messenger client can put on the wire: an invalid byte, a lone
# continuation byte, an encoded surrogate, U+FFFF, and controls XML 1.0 forbids.
BAD = b"\xff-\x80-\xed\xa0\x80-\xef\xbf\xbf-\x01\x0b"
FLOOD_SECONDS = 4
FLOOD_RATE = 2000  # messages a second, plus an iq with every third: 40 times the default limit
ON_TIME = 5.0  # seconds for one echo round trip while the other user misbehaves


async def chat(bob, tag, count, interval, latencies):
    """bob talks to the echo bot through the gateway; records each round trip (None: lost)."""
    loop = asyncio.get_event_loop()
    for i in range(count):
        text = f"{tag} {i}"
        sent = loop.time()
        bob.send_message(mto=jid_of(ECHO), mbody=text, mtype="chat")
        m = await bob.expect_message(lambda m, t=text: from_is(jid_of(ECHO))(m) and body(m) == t, ON_TIME * 2)
        latencies.append(loop.time() - sent if m is not None else None)
        await asyncio.sleep(interval)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (what the flood cost whom)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def on_time(latencies):
    return bool(latencies) and all(x is not None and x < ON_TIME for x in latencies)


def summary(latencies):
    got = [x for x in latencies if x is not None]
    return f"{len(got)}/{len(latencies)} echoed, max {max(got, default=0):.2f} s"


async def scenario(args, workdir, check):
    msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"),
                     accounts={"alice@example.com": ("alicepass", "Alice"), "bob@example.com": ("bobpass", "Bob"),
                               MALLORY: ("mallorypass", "Mal" + BAD.decode("utf-8", "surrogateescape") + "lory")},
                     contacts=[("alice@example.com", ECHO), ("bob@example.com", ECHO), ("alice@example.com", MALLORY)],
                     echo_bots=[ECHO])
    prosody = Prosody(os.path.join(workdir, "prosody"), components={COMP: "secret"})
    with msn, prosody, Msngate(args.msngate, os.path.join(workdir, "msngate"), COMP, prosody.component_port,
                               "secret", log_level="info", extra_yaml=msn.msngate_yaml()) as gate:
        if not check(gate.wait_log(r"handshake accepted", 20), "msngate attaches to Prosody", gate.text()[-2000:]):
            return
        alice = await registered_user(prosody, prosody.c2s_port, "alice", "alice@example.com", "alicepass")
        bob = await registered_user(prosody, prosody.c2s_port, "bob", "bob@example.com", "bobpass")
        try:
            signed_in = await until(lambda: gate.count(r"signed in to Messenger") >= 2, 30)
            if not check(signed_in, "both users are signed in to Messenger", gate.text()[-2000:]):
                return
            warmup = []
            await chat(bob, "warm-up", 2, 0, warmup)
            await chat(alice, "warm-up", 1, 0, warmup)
            check(on_time(warmup), "both users chat with the echo bot", summary(warmup))

            # 1. alice floods (from a second resource, in its own process); bob chats meanwhile.
            cpu = {name: cpu_seconds(p.proc.pid) for name, p in (("msngate", gate), ("prosody", prosody))}
            flooder = await asyncio.create_subprocess_exec(
                sys.executable, os.path.join(HARNESS, "flooder.py"), "--jid", "alice@localhost/flood", "--password", "pw",
                "--port", str(prosody.c2s_port), "--to", jid_of(ECHO), "--ping", COMP, "--seconds", str(FLOOD_SECONDS),
                "--rate", str(FLOOD_RATE), stdout=asyncio.subprocess.PIPE)
            started = await asyncio.wait_for(flooder.stdout.readline(), 30)
            check(started.strip() == b"flooding", "flood: under way", str(started))
            # Only once msngate sees the flood: Prosody may still be reading the flood's socket
            # when this other connection's message gets through, which then meets a full bucket.
            await until(lambda: gate.count(r"over the stanza rate limit") >= 1, 10)
            # Three at once: a gap of 20 ms in the flood's arrival refills one token, and a
            # single message could take it (seen once msngate kept up with Prosody, issue 6).
            for _ in range(3):
                alice.send_message(mto=jid_of(ECHO), mbody="one too many", mtype="chat")
            during = []
            await chat(bob, "during the flood", 10, 0.3, during)
            out, _ = await asyncio.wait_for(flooder.communicate(), 60)
            f = json.loads(out.decode() or "{}")
            cpu = ", ".join(f"{name} {cpu_seconds(p.proc.pid) - cpu[name]:.1f} s" for name, p in
                            (("msngate", gate), ("prosody", prosody)))
            print(f"  flood: {f.get('sent')} messages and {f.get('iqs')} iqs in {FLOOD_SECONDS} s, bounced "
                  f"{f.get('bounced')}, iqs refused {f.get('iq_errors')}; bob meanwhile: {summary(during)}; CPU: {cpu}", flush=True)
            # Counted over the flood's pings: the one awaited after it may meet a refilled bucket
            # when the machine is slow to deliver the last batch.
            check(f.get("iq_errors", {}).get("resource-constraint", 0) >= f.get("iqs", 0) // 2,
                  "flood: iqs over the limit get resource-constraint",
                  f"{f.get('iq_errors')} of {f.get('iqs')}; last {f.get('last_iq')}")
            check(f.get("bounced", {}).get("resource-constraint", 0) >= f.get("sent", 0) // 2,
                  "flood: messages over the limit are bounced with resource-constraint", str(f.get("bounced")))
            b = await alice.expect_message(lambda m: m.get("type") == "error", 5)
            check(b is not None and error_condition(b) == "resource-constraint" and body(b) == "one too many"
                  and b.find("{jabber:client}error").get("type") == "wait", "flood: a bounce carries the text, type wait", str(b))
            check(on_time(during), "flood: bob's chat goes on, each message echoed in time", summary(during))
            episodes = gate.count(r"over the stanza rate limit")
            check(1 <= episodes <= 3, "flood: the log reports the flood once, not per stanza", f"{episodes} reports")
            check(gate.proc.poll() is None, "flood: msngate is still up")
            # Slowed down, alice is served again.
            await asyncio.sleep(5)
            after = []
            await chat(alice, "after the flood", 1, 0, after)
            check(on_time(after), "flood: once alice slows down her chat works again", summary(after))

            # 2. junk on alice's Messenger connection; bob chats meanwhile.
            logins = gate.count(r"signed in to Messenger")
            msn.command("garbage alice@example.com 1000000")
            junk = []
            await chat(bob, "during the junk", 8, 0.3, junk)
            check(gate.wait_log(r"alice@localhost.*Messenger connection lost", 10),
                  "junk: msngate drops alice's Messenger connection", gate.text()[-1500:])
            back = await until(lambda: gate.count(r"signed in to Messenger") > logins, 30)
            check(back, "junk: alice is signed in again", gate.text()[-1500:])
            check(on_time(junk), "junk: bob's chat is not disturbed", summary(junk))
            check(msn.command("online bob@example.com") == "yes", "junk: bob's Messenger session stayed up")

            # 3. text XML cannot carry, from a Messenger contact (her nickname has it since sign-in).
            links = gate.count(r"handshake accepted")
            msn.command(b"presence " + MALLORY.encode() + b" NLN 0 psm " + BAD + b" end")
            p = await alice.expect_presence(lambda p: from_is(jid_of(MALLORY))(p) and p.findtext("{jabber:client}status"), 10)
            status = p.findtext("{jabber:client}status") if p is not None else None
            check(status is not None and status.startswith("psm ") and status.endswith(" end") and "\ufffd" in status
                  and not any(ord(c) < 0x20 or c == "\uffff" for c in status),
                  "bad text: the personal message arrives with U+FFFD for what XML cannot carry", repr(status))
            nick = p.findtext("{http://jabber.org/protocol/nick}nick") if p is not None else None
            check(nick is not None and nick.startswith("Mal") and nick.endswith("lory") and "\ufffd" in nick,
                  "bad text: so does the nickname", repr(nick))
            msn.command(b"send " + MALLORY.encode() + b" alice@example.com chat " + BAD + b" end")
            m = await alice.expect_message(lambda m: from_is(jid_of(MALLORY))(m) and (body(m) or "").startswith("chat"), 10)
            text = body(m) if m is not None else None
            check(text is not None and text.endswith(" end") and "\ufffd" in text
                  and not any(ord(c) < 0x20 or c == "\uffff" for c in text),
                  "bad text: the chat message arrives with U+FFFD for what XML cannot carry", repr(text))
            bad_text = []
            await chat(bob, "after the bad text", 2, 0, bad_text)
            check(on_time(bad_text) and gate.count(r"handshake accepted") == links,
                  "bad text: the component link stayed up, bob's chat goes on", summary(bad_text) + gate.text()[-1500:])
        finally:
            await alice.close()
            await bob.close()
            await cancel_leftovers()
        check(gate.stop() == 0, "msngate stops cleanly on SIGTERM")


if __name__ == "__main__":
    main("hostile-peers", scenario)
