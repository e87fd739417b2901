#!/usr/bin/python3
"""registration.store_password: false end to end (Prosody, the MSNP test server, msngate,
a slixmpp client): the password is checked at registration but not stored; at sign-in the
gateway asks for it and shows itself offline; the XEP-0050 command "Sign in to Messenger"
takes it (a wrong one is refused, nothing stored), signs in, and chat works; after going
offline the password is forgotten and asked for again.
    sign_in_command_test.py --msngate build/msngate --msnp-server build/msnp-test-server
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from gateway_user import C, COMP, body, from_is, jid_of, main, register, until  # noqa: E402
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, error_condition  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402

CMDS = "http://jabber.org/protocol/commands"
ECHO = "echo@example.com"


def command(node, session="", action="", form=""):
    attrs = f"node='{node}'" + (f" sessionid='{session}'" if session else "") + (f" action='{action}'" if action else "")
    return f"<command xmlns='{CMDS}' {attrs}>{form}</command>"


def password_form(pw):
    return (f"<x xmlns='{NS['data']}' type='submit'><field var='password'><value>{pw}</value></field></x>")


def note(reply):
    c = reply.find(f"{{{CMDS}}}command")
    n = c.find(f"{{{CMDS}}}note") if c is not None else None
    return (c.get("status") if c is not None else None, n.get("type") if n is not None else None)


async def sign_in(alice, pw):
    """Runs the command: execute -> form -> submit; returns the final reply."""
    r = await alice.iq("set", COMP, command("sign-in", action="execute"))
    c = r.find(f"{{{CMDS}}}command")
    return r, c, (await alice.iq("set", COMP, command("sign-in", c.get("sessionid") if c is not None else "",
                                                      form=password_form(pw))))


def stored_passwords(db):
    with sqlite3.connect(db) as con:
        return [row[0] for row in con.execute("SELECT password FROM users")]


async def scenario(args, workdir, check):
    msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"),
                     accounts={"alice@example.com": ("alicepass", "Alice")},
                     contacts=[("alice@example.com", ECHO)], echo_bots=[ECHO])
    prosody = Prosody(os.path.join(workdir, "prosody"), components={COMP: "secret"})
    gatedir = os.path.join(workdir, "msngate")
    with msn, prosody, Msngate(args.msngate, gatedir, COMP, prosody.component_port, "secret",
                               extra_yaml=msn.msngate_yaml() + "registration:\n  store_password: false\n") as gate:
        if not check(gate.wait_log(r"handshake accepted", 20), "msngate attaches to Prosody", gate.text()[-2000:]):
            return
        prosody.register("alice", "pw")
        alice = await Client.connect_to("alice@localhost/e2e", "pw", prosody.c2s_port)
        try:
            await steps(alice, msn, gate, gatedir, check)
        finally:
            await alice.close()
            await cancel_leftovers()
        check(gate.stop() == 0, "msngate stops cleanly on SIGTERM")
        check("alicepass" not in gate.text() and "wrongpass" not in gate.text(), "no password in msngate's log")


async def steps(alice, msn, gate, gatedir, check):
    check(await register(alice, "alice@example.com", "wrongpass") == "not-authorized",
          "register: the password is still checked with Messenger")
    check(await register(alice, "alice@example.com", "alicepass") is None, "register: accepted")
    check(stored_passwords(os.path.join(gatedir, "data", "msngate.db")) in ([None], [b""]),
          "register: no password stored", str(stored_passwords(os.path.join(gatedir, "data", "msngate.db"))))
    await alice.expect_presence(from_is(COMP, "subscribe"), 10)
    alice.send_presence(pto=COMP, ptype="subscribe")

    asked = await alice.expect_message(lambda m: from_is(COMP)(m) and "Sign in to Messenger" in (body(m) or ""), 15)
    check(asked is not None, "sign-in: the gateway asks for the password with a message", gate.text()[-1500:])
    off = await alice.expect_presence(lambda p: from_is(COMP, "unavailable")(p)
                                      and "Sign in to Messenger" in (p.findtext(C + "status") or ""), 10)
    check(off is not None, "sign-in: the gateway shows it is not signed in")
    check(msn.command("online alice@example.com") == "no", "sign-in: not on Messenger yet")

    items = await alice.iq("get", COMP, f"<query xmlns='{NS['disco_items']}' node='{CMDS}'/>")
    nodes = {i.get("node"): i.get("name") for i in items.iter(f"{{{NS['disco_items']}}}item")}
    check(nodes.get("sign-in") == "Sign in to Messenger", "command: listed (XEP-0050 disco#items)", str(nodes))

    alice.presences.clear()  # the registration's presences are not what is checked next
    first, c, done = await sign_in(alice, "wrongpass")
    field = c.find(f"{{{NS['data']}}}x/{{{NS['data']}}}field[@var='password']") if c is not None else None
    check(c is not None and c.get("status") == "executing" and field is not None and field.get("type") == "text-private",
          "command: execute returns a form with a text-private password field")
    check(note(done) == ("completed", "error"), "command: a wrong password completes with an error note",
          str(note(done)) + str(error_condition(done)))
    check(stored_passwords(os.path.join(gatedir, "data", "msngate.db")) in ([None], [b""]),
          "command: nothing stored after a wrong password")

    _, _, done = await sign_in(alice, "alicepass")
    check(note(done) == ("completed", "info"), "command: the right password signs in", str(note(done)))
    on = await alice.expect_presence(lambda p: from_is(COMP)(p) and p.get("type") is None, 10)
    check(on is not None and msn.command("online alice@example.com") == "yes",
          "command: signed in to Messenger, the gateway shows available")
    check(stored_passwords(os.path.join(gatedir, "data", "msngate.db")) in ([None], [b""]),
          "command: the password is not stored")
    alice.send_message(mto=jid_of(ECHO), mbody="hello ✓", mtype="chat")
    m = await alice.expect_message(lambda m: from_is(jid_of(ECHO))(m) and body(m) == "hello ✓", 15)
    check(m is not None, "chat works after signing in with the command")

    # Offline: signed out, the password forgotten; online again: asked again.
    alice.send_presence(ptype="unavailable")
    check(await until(lambda: msn.command("online alice@example.com") == "no", 10), "offline: signed out of Messenger")
    alice.send_presence()
    again = await alice.expect_message(lambda m: from_is(COMP)(m) and "Sign in to Messenger" in (body(m) or ""), 15)
    check(again is not None, "online again: the password was forgotten, the gateway asks again")


if __name__ == "__main__":
    main("sign-in-command", scenario)
