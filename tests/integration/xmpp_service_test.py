#!/usr/bin/python3
"""msngate's service-level XEPs through a real XMPP server and a real client:
disco (XEP-0030) on the gateway and on contacts, caps (XEP-0115), registration round trip
(XEP-0077: form, register, change password, remove) with the XEP-0100 subscription,
jabber:iq:gateway prompt and translation, version, ping, ad-hoc list, error answers.
    xmpp_service_test.py --server prosody|ejabberd --msngate build/msngate
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from scenario import run  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, error_condition, q  # noqa: E402
from xmpp_servers import make_server  # noqa: E402


def from_is(jid, type_=None):
    return lambda p: p.get("from", "").split("/")[0] == jid and (type_ is None or p.get("type") == type_)


async def scenario(args, workdir, check):
    server = make_server(args.server, os.path.join(workdir, args.server))
    msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"), accounts={"alice@hotmail.com": ("s3cret", "Alice")})
    with server, msn:
        server.register("alice", "pw")
        comp = server.component
        with Msngate(args.msngate, os.path.join(workdir, "msngate"), comp, server.component_port, server.secret,
                     extra_yaml=msn.msngate_yaml()) as gate:
            if not check(gate.wait_log(r"connected to 127\.0\.0\.1:\d+ \(handshake accepted\)", 20),
                         f"msngate attaches to {server.name}", gate.text()[-2000:]):
                return
            alice = await Client.connect_to(f"alice@{server.domain}/it", "pw", server.c2s_port)
            try:
                await steps(alice, comp, check, msn)
            finally:
                await alice.close()
                await cancel_leftovers()
            rc = gate.stop()
            check(rc == 0, "msngate stops cleanly on SIGTERM", f"exit {rc}")


async def steps(alice, comp, check, msn):
    # XEP-0030 on the gateway
    r = await alice.iq("get", comp, f"<query xmlns='{NS['disco_info']}'/>")
    ids = [(i.get("category"), i.get("type")) for i in r.iter(q("disco_info", "identity"))]
    feats = {f.get("var") for f in r.iter(q("disco_info", "feature"))}
    check(("gateway", "msn") in ids, "disco#info: identity gateway/msn", str(ids))
    check({NS["register"], NS["gateway"], NS["version"], NS["ping"]} <= feats, "disco#info: features", str(feats))
    r = await alice.iq("get", comp, f"<query xmlns='{NS['disco_items']}'/>")
    check(r.get("type") == "result", "disco#items on the gateway")
    r = await alice.iq("get", comp, f"<query xmlns='{NS['disco_items']}' node='http://jabber.org/protocol/commands'/>")
    check(r.get("type") == "result", "ad-hoc command list (XEP-0050) answers")
    # contacts
    r = await alice.iq("get", f"bob%example.com@{comp}", f"<query xmlns='{NS['disco_info']}'/>")
    ids = [(i.get("category"), i.get("type")) for i in r.iter(q("disco_info", "identity"))]
    check(("client", "pc") in ids, "disco#info on a contact JID", str(ids))
    r = await alice.iq("get", f"bob\\40example.com@{comp}", f"<query xmlns='{NS['disco_info']}'/>")
    check(r.get("type") == "result", "XEP-0106 contact JID accepted")
    r = await alice.iq("get", f"bob@{comp}", f"<query xmlns='{NS['disco_info']}'/>")
    check(error_condition(r) == "jid-malformed", "invalid contact JID: jid-malformed", str(error_condition(r)))
    # version, ping, unknown
    r = await alice.iq("get", comp, f"<query xmlns='{NS['version']}'/>")
    check(r.findtext(f"{q('version', 'query')}/{q('version', 'name')}") == "msngate", "XEP-0092 version")
    r = await alice.iq("get", comp, f"<ping xmlns='{NS['ping']}'/>")
    check(r.get("type") == "result", "XEP-0199 ping answered")
    r = await alice.iq("get", comp, "<query xmlns='urn:example:nothing'/>")
    check(error_condition(r) == "service-unavailable", "unknown iq: service-unavailable", str(error_condition(r)))
    # XEP-0100 prompt and translation
    r = await alice.iq("get", comp, f"<query xmlns='{NS['gateway']}'/>")
    check(r.findtext(f"{q('gateway', 'query')}/{q('gateway', 'prompt')}") is not None, "jabber:iq:gateway prompt")
    r = await alice.iq("set", comp, f"<query xmlns='{NS['gateway']}'><prompt>Bob@Example.com</prompt></query>")
    check(r.findtext(f"{q('gateway', 'query')}/{q('gateway', 'jid')}") == f"bob%example.com@{comp}",
          "jabber:iq:gateway translation")
    # XEP-0077 registration round trip
    r = await alice.iq("get", comp, f"<query xmlns='{NS['register']}'/>")
    query = r.find(q("register", "query"))
    check(query is not None and query.find(q("register", "registered")) is None
          and query.find(q("register", "username")) is not None
          and query.find(q("data", "x")) is not None, "register: form for a new user")
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'><username>alice@hotmail.com</username>"
                                    "<password>s3cret</password></query>")
    check(r.get("type") == "result", "register: legacy fields accepted", str(error_condition(r)))
    sub = await alice.expect_presence(from_is(comp, "subscribe"), 10)
    check(sub is not None, "XEP-0100: the gateway subscribes to the user after registration")
    alice.send_presence(pto=comp, ptype="subscribe")  # and the user to the gateway
    avail = await alice.expect_presence(lambda p: from_is(comp)(p) and p.get("type") in (None, "available"), 10)
    check(avail is not None and avail.find(q("caps", "c")) is not None,
          "gateway available presence with XEP-0115 caps")
    r = await alice.iq("get", comp, f"<query xmlns='{NS['register']}'/>")
    query = r.find(q("register", "query"))
    check(query is not None and query.find(q("register", "registered")) is not None
          and query.findtext(q("register", "username")) == "alice@hotmail.com", "register: shows the registration")
    form = ("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>jabber:iq:register</value></field>"
            "<field var='username'><value>alice@hotmail.com</value></field>"
            "<field var='password'><value>n3w</value></field></x>")
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'>{form}</query>")
    check(error_condition(r) == "not-authorized", "register: a password Messenger refuses is not stored")
    msn.command("account alice@hotmail.com n3w Alice")  # the user changed it on Messenger
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'>{form}</query>")
    check(r.get("type") == "result", "register: password change through the data form")
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'><username>nope</username><password>x</password></query>")
    check(error_condition(r) == "not-acceptable", "register: invalid MSN address refused", str(error_condition(r)))
    # messages
    alice.send_message(mto=f"bob@{comp}", mbody="hi", mtype="chat")
    m = await alice.expect_message(lambda m: m.get("type") == "error", 10)
    check(m is not None and error_condition(m) == "jid-malformed", "message to a malformed contact: jid-malformed")
    # remove
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'><remove/></query>")
    check(r.get("type") == "result", "register: <remove/> accepted")
    gone = await alice.expect_presence(lambda p: from_is(comp)(p) and p.get("type") == "unsubscribed", 10)
    check(gone is not None, "remove: unsubscribe/unavailable from the gateway")
    roster = await alice.iq("get", "", "<query xmlns='jabber:iq:roster'/>")
    subs = [i.get("subscription") for i in roster.iter("{jabber:iq:roster}item") if i.get("jid") == comp]
    check(all(s in ("none", None) for s in subs), "remove: no subscription left with the gateway", str(subs))
    r = await alice.iq("get", comp, f"<query xmlns='{NS['register']}'/>")
    query = r.find(q("register", "query"))
    check(query is not None and query.find(q("register", "registered")) is None, "register: gone after remove")
    r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'><remove/></query>")
    check(error_condition(r) == "registration-required", "remove when not registered: registration-required")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", choices=["prosody", "ejabberd"], default="prosody")
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True, help="the MSNP test server (registration checks credentials)")
    a = ap.parse_args()
    run(f"service-{a.server}", lambda w, c: scenario(a, w, c), deadline=200)
