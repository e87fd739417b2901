#!/usr/bin/python3
"""The gateway end to end, all real processes on loopback: Prosody, the MSNP test server,
msngate on SQLite, a Jabber client (slixmpp) and a scripted Messenger client.
Register, sign in, roster, presence both ways with PSM, chat both ways (UTF-8, 5,000
characters), receipts, bounce to an offline contact, typing, nudge/attention, authorization
both ways, add/remove, block, OUT OTH, and the Messenger server killed and restarted.
    gateway_e2e_test.py --msngate build/msngate --msnp-server build/msnp-test-server [--privilege]
"""
import argparse
import asyncio
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from gateway_user import C, COMP, body, from_is, jid_of, until  # noqa: E402
from msn_client import MsnClient  # noqa: E402
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from scenario import run  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, error_condition, q  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402

CHATSTATES = "http://jabber.org/protocol/chatstates"
RECEIPTS = "urn:xmpp:receipts"
ATTENTION = "urn:xmpp:attention:0"


async def scenario(args, workdir, check):
    accounts = {"alice@example.com": ("alicepass", "Alice"), "bob@example.com": ("bobpass", "Bob"),
                "carol@example.com": ("carolpass", "Carol"), "dave@example.com": ("davepass", "Dave")}
    msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"), accounts=accounts,
                     contacts=[("alice@example.com", "bob@example.com"), ("alice@example.com", "echo@example.com"),
                               ("alice@example.com", "dave@example.com")],
                     echo_bots=["echo@example.com"])
    prosody = Prosody(os.path.join(workdir, "prosody"), components={COMP: "secret"}, privileged=args.privilege)
    with msn, prosody:
        prosody.register("alice", "pw")
        with Msngate(args.msngate, os.path.join(workdir, "msngate"), COMP, prosody.component_port, "secret",
                     extra_yaml=msn.msngate_yaml()) as gate:
            if not check(gate.wait_log(r"handshake accepted", 20), "msngate attaches to Prosody", gate.text()[-2000:]):
                return
            alice = await Client.connect_to("alice@localhost/e2e", "pw", prosody.c2s_port)
            if args.rosterx:  # a client that supports roster item exchange says so in disco#info
                alice.register_plugin("xep_0030")
                alice["xep_0030"].add_feature("http://jabber.org/protocol/rosterx")
            try:
                await steps(alice, msn, gate, check, args)
            finally:
                await alice.close()
                await cancel_leftovers()
            check(gate.stop() == 0, "msngate stops cleanly on SIGTERM")
            check("alicepass" not in gate.text() and "bobpass" not in gate.text(), "no password in msngate's log")


async def register(alice, check):
    r = await alice.iq("set", COMP, f"<query xmlns='{NS['register']}'><username>alice@example.com</username>"
                                    "<password>wrongpass</password></query>")
    check(error_condition(r) == "not-authorized", "register: a wrong Messenger password is refused",
          str(error_condition(r)))
    r = await alice.iq("set", COMP, f"<query xmlns='{NS['register']}'><username>alice@example.com</username>"
                                    "<password>alicepass</password></query>")
    check(r.get("type") == "result", "register: Messenger credentials accepted", str(error_condition(r)))
    sub = await alice.expect_presence(from_is(COMP, "subscribe"), 10)
    check(sub is not None, "the gateway subscribes to the user")
    alice.send_presence(pto=COMP, ptype="subscribe")


async def steps(alice, msn, gate, check, args):
    await register(alice, check)
    online = await alice.expect_presence(lambda p: from_is(COMP)(p) and p.get("type") is None, 20)
    signed_in = await until(lambda: gate.count(r"signed in to Messenger") >= 1, 20)
    check(online is not None and signed_in,
          "sign-in: Messenger signed in, the gateway shows available", gate.text()[-1500:])
    check(msn.command("online alice@example.com") == "yes", "sign-in: the Messenger server sees alice")

    # Roster: pushed (XEP-0356) or asked for (subscription requests), once each.
    contacts = ["bob@example.com", "echo@example.com", "dave@example.com"]
    if args.rosterx:
        x = await alice.expect_message(lambda m: m.find("{http://jabber.org/protocol/rosterx}x") is not None, 10)
        items = [i.get("jid") for i in x.iter("{http://jabber.org/protocol/rosterx}item")] if x is not None else []
        check(sorted(items) == sorted(jid_of(c) for c in contacts), "roster: contacts suggested with XEP-0144", str(items))
        check(not [p for p in alice.presences if p.get("type") == "subscribe"], "roster: no subscription requests then")
        for c in contacts:  # what a client does when the user accepts the suggestion
            alice.send_presence(pto=jid_of(c), ptype="subscribe")
    elif args.privilege:
        await asyncio.sleep(2)
        roster = await alice.iq("get", None, "<query xmlns='jabber:iq:roster'/>")
        items = {i.get("jid") for i in roster.iter("{jabber:iq:roster}item")}
        check(all(jid_of(c) in items for c in contacts), "roster: contacts pushed with XEP-0356", str(items))
    else:
        for c in contacts:
            p = await alice.expect_presence(from_is(jid_of(c), "subscribe"), 10)
            ok = check(p is not None, f"roster: {c} asks for a subscription")
            if ok:
                nick = p.find("{http://jabber.org/protocol/nick}nick")
                check(nick is not None and nick.text, f"roster: {c}'s request carries a nick")
            alice.send_presence(pto=jid_of(c), ptype="subscribe")
    echo = await alice.expect_presence(lambda p: from_is(jid_of("echo@example.com"))(p) and p.get("type") is None
                                       and p.findtext(C + "status") == "I echo what you say", 10)
    check(echo is not None,
          "presence: an online contact shows with its personal message")

    # Presence and PSM, Messenger -> Jabber.
    bob = await MsnClient.login(msn.ports["ns"], msn.nexus_url, "bob@example.com", "bobpass")
    p = await alice.expect_presence(lambda p: from_is(jid_of("bob@example.com"))(p) and p.get("type") is None, 10)
    check(p is not None, "presence: bob signs in -> available")
    await bob.send("UUX", payload="<Data><PSM>Working hard &amp; fast</PSM><CurrentMedia></CurrentMedia></Data>")
    p = await alice.expect_presence(lambda p: from_is(jid_of("bob@example.com"))(p)
                                    and p.findtext(C + "status") == "Working hard & fast", 10)
    check(p is not None, "presence: bob's PSM becomes his status text")
    await bob.send("CHG", "AWY", "1073741824", "0")
    p = await alice.expect_presence(lambda p: from_is(jid_of("bob@example.com"))(p) and p.findtext(C + "show") == "away", 10)
    check(p is not None, "presence: AWY -> away")

    # Presence and PSM, Jabber -> Messenger (bob's client sees NLN/BSY and UBX).
    alice.send_presence(pshow="dnd", pstatus="in a meeting ✓")
    nln = await bob.expect(lambda c: c.name == "NLN" and c.args[0] == "BSY" and c.args[1] == "alice@example.com", 10)
    check(nln is not None, "presence: dnd -> BSY on Messenger")
    ubx = await bob.expect(lambda c: c.name == "UBX" and "in a meeting ✓" in (c.payload or ""), 10)
    check(ubx is not None, "presence: status text -> PSM on Messenger")
    alice.send_presence()
    check(await bob.expect(lambda c: c.name == "NLN" and c.args[0] == "NLN", 10) is not None,
          "presence: available -> NLN on Messenger")

    # Chat, Messenger -> Jabber, through a real switchboard from bob's client.
    msn.command("send bob@example.com alice@example.com Hello Alice, Ünïcödé ✓")
    m = await alice.expect_message(lambda m: from_is(jid_of("bob@example.com"))(m) and body(m), 10)
    check(m is not None and body(m) == "Hello Alice, Ünïcödé ✓" and m.get("type") == "chat",
          "chat: Messenger -> Jabber with UTF-8")
    check(m is not None and m.find(f"{{{CHATSTATES}}}active") is not None, "chat: carries the active chat state")

    # Chat, Jabber -> Messenger -> Jabber through the echo bot, with a receipt.
    echo_jid = jid_of("echo@example.com")
    msg = alice.make_message(mto=echo_jid, mbody="ping ✓ <&>", mtype="chat")
    msg["id"] = "rcpt-1"
    msg.append(ET.fromstring(f"<request xmlns='{RECEIPTS}'/>"))
    msg.send()
    m = await alice.expect_message(lambda m: from_is(echo_jid)(m) and body(m), 15)
    check(m is not None and body(m) == "ping ✓ <&>", "chat: Jabber -> Messenger, echoed back", gate.text()[-1500:])
    r = await alice.expect_message(lambda m: m.find(f"{{{RECEIPTS}}}received") is not None, 10)
    check(r is not None and r.find(f"{{{RECEIPTS}}}received").get("id") == "rcpt-1", "receipts: ACK -> XEP-0184 receipt")

    long_text = ("0123456789abcdefghij✓" * 250)[:5000]
    alice.send_message(mto=echo_jid, mbody=long_text, mtype="chat")
    got = ""
    for _ in range(10):
        m = await alice.expect_message(lambda m: from_is(echo_jid)(m) and body(m), 10)
        if m is None:
            break
        got += body(m)
        if len(got) >= len(long_text):
            break
    check(got == long_text, "chat: a 5,000-character message arrives whole (split on the wire)", f"{len(got)} chars")

    # Typing both ways, and nudge/attention.
    msn.command("typing bob@example.com alice@example.com")
    t = await alice.expect_message(lambda m: from_is(jid_of("bob@example.com"))(m)
                                   and m.find(f"{{{CHATSTATES}}}composing") is not None, 10)
    check(t is not None, "typing: TypingUser -> composing")
    t = await alice.expect_message(lambda m: from_is(jid_of("bob@example.com"))(m)
                                   and m.find(f"{{{CHATSTATES}}}paused") is not None, 12)
    check(t is not None, "typing: silence -> paused after ~6 s")
    alice.send_message(mto=echo_jid, mbody=None, mtype="chat") if False else None
    st = alice.make_message(mto=echo_jid, mtype="chat")
    st.append(ET.fromstring(f"<composing xmlns='{CHATSTATES}'/>"))
    st.send()
    t = await alice.expect_message(lambda m: from_is(echo_jid)(m) and m.find(f"{{{CHATSTATES}}}composing") is not None, 10)
    check(t is not None, "typing: composing -> TypingUser (the echo bot types back)")
    msn.command("nudge bob@example.com alice@example.com")
    n = await alice.expect_message(lambda m: from_is(jid_of("bob@example.com"))(m) and m.find(f"{{{ATTENTION}}}attention") is not None, 10)
    check(n is not None, "nudge -> XEP-0224 attention")
    att = alice.make_message(mto=echo_jid, mtype="chat")
    att.append(ET.fromstring(f"<attention xmlns='{ATTENTION}'/>"))
    att.send()
    n = await alice.expect_message(lambda m: from_is(echo_jid)(m) and m.find(f"{{{ATTENTION}}}attention") is not None, 10)
    check(n is not None, "attention -> nudge (echoed back)")

    # An offline contact: CAL 217 -> bounce with the body.
    dave = jid_of("dave@example.com")
    alice.send_message(mto=dave, mbody="are you there?", mtype="chat")
    e = await alice.expect_message(lambda m: from_is(dave, "error")(m), 15)
    check(e is not None and error_condition(e) == "recipient-unavailable" and body(e) == "are you there?",
          "bounce: a message to an offline contact comes back as recipient-unavailable with its body",
          ET.tostring(e).decode() if e is not None else "")

    # Authorization, Messenger -> Jabber: carol adds alice.
    carol = await MsnClient.login(msn.ports["ns"], msn.nexus_url, "carol@example.com", "carolpass")
    await carol.call("ADC", "FL", "N=alice@example.com", "F=Carol")
    carol_jid = jid_of("carol@example.com")
    p = await alice.expect_presence(from_is(carol_jid, "subscribe"), 10)
    check(p is not None, "authorization: carol adding alice -> subscribe from carol's JID")
    alice.send_presence(pto=carol_jid, ptype="subscribed")
    await asyncio.sleep(1)
    # Authorization, Jabber -> Messenger: alice adds carol; carol sees ADC 0 RL.
    alice.send_presence(pto=carol_jid, ptype="subscribe")
    p = await alice.expect_presence(from_is(carol_jid, "subscribed"), 10)
    check(p is not None, "add contact: subscribe -> ADC FL -> subscribed")
    rl = await carol.expect(lambda c: c.name == "ADC" and c.args[:2] == ["0", "RL"], 10)
    check(rl is not None, "add contact: carol's client is told (ADC 0 RL)")

    # Remove and block.
    alice.send_presence(pto=carol_jid, ptype="unsubscribe")
    rem = await carol.expect(lambda c: c.name == "REM" and c.args[:3] == ["0", "RL", "alice@example.com"], 10)
    check(rem is not None, "remove contact: unsubscribe -> REM FL (carol's client sees REM 0 RL)")
    r = await alice.iq("set", COMP, f"<block xmlns='urn:xmpp:blocking'><item jid='{jid_of('bob@example.com')}'/></block>")
    check(r.get("type") == "result", "block: XEP-0191 block accepted")
    await asyncio.sleep(1)
    r = await alice.iq("get", COMP, "<blocklist xmlns='urn:xmpp:blocking'/>")
    items = [i.get("jid") for i in r.iter("{urn:xmpp:blocking}item")]
    check(jid_of("bob@example.com") in items, "block: bob is on the blocklist (BL)", str(items))
    fln = await bob.expect(lambda c: c.name == "FLN" and c.args[0] == "alice@example.com", 10)
    check(fln is not None, "block: bob no longer sees alice")
    await bob.close()
    await carol.close()

    # The Messenger server dies and comes back: msngate reconnects by itself.
    msn.kill()
    msn.start()
    ok = await until(lambda: gate.count(r"signed in to Messenger") >= 2, 60)
    check(ok, "reconnect: after the Messenger server restarts, msngate signs in again", gate.text()[-1500:])

    # OUT OTH: alice signs in elsewhere.
    other = await MsnClient.login(msn.ports["ns"], msn.nexus_url, "alice@example.com", "alicepass")
    n = await alice.expect_message(lambda m: from_is(COMP)(m) and "another location" in (body(m) or ""), 10)
    check(n is not None, "OUT OTH: the user is told they signed in elsewhere")
    p = await alice.expect_presence(lambda p: from_is(COMP, "unavailable")(p), 10)
    check(p is not None, "OUT OTH: the gateway shows unavailable")
    await asyncio.sleep(3)
    check(gate.count(r"signing in to Messenger as") == 2, "OUT OTH: no automatic reconnect")
    await other.close()

    # The Messenger password changed elsewhere: the next sign-in fails and the user is told.
    msn.command("account alice@example.com changed-elsewhere Alice")
    alice.send_presence(ptype="unavailable")
    await asyncio.sleep(0.5)
    alice.send_presence()
    n = await alice.expect_message(lambda m: from_is(COMP)(m) and "wrong address or password" in (body(m) or ""), 15)
    check(n is not None, "login failure: a readable message from the gateway", gate.text()[-1500:])
    p = await alice.expect_presence(lambda p: from_is(COMP, "error")(p), 10)
    check(p is not None and error_condition(p) == "not-authorized", "login failure: presence type=error (not-authorized)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True)
    ap.add_argument("--privilege", action="store_true", help="Prosody grants XEP-0356 roster access")
    ap.add_argument("--rosterx", action="store_true", help="the Jabber client supports XEP-0144")
    args = ap.parse_args()
    run("gateway-e2e", lambda workdir, check: scenario(args, workdir, check), deadline=240)


if __name__ == "__main__":
    main()
