"""Steps the gateway's end-to-end scenarios share: a Jabber user registering with msngate
and waiting for its Messenger sign-in, plus small predicates over received stanzas.
    alice = await registered_user(prosody, gate, "alice", "alice@example.com", "alicepass")
"""
import argparse
import asyncio

from scenario import run
from xmpp_client import NS, Client, error_condition

C = "{jabber:client}"
COMP = "msn.localhost"


def jid_of(passport):
    return passport.replace("@", "%") + "@" + COMP


def bare(j):
    return j.split("/")[0]


def from_is(who, type_=None):
    return lambda s: bare(s.get("from", "")) == who and (type_ is None or s.get("type", "") == type_)


def body(m):
    return m.findtext(C + "body")


async def until(cond, timeout):
    """Polls cond() without blocking the event loop (the Jabber client must keep answering)."""
    loop = asyncio.get_event_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if cond():
            return True
        await asyncio.sleep(0.05)
    return cond()


async def register(client, passport, password):
    """XEP-0077 with the legacy fields; returns the error condition, None on success."""
    r = await client.iq("set", COMP, f"<query xmlns='{NS['register']}'><username>{passport}</username>"
                                     f"<password>{password}</password></query>")
    return None if r.get("type") == "result" else (error_condition(r) or "?")


async def registered_user(prosody, port, node, passport, password):
    """A Prosody account that registered `passport` with the gateway and accepted its
    subscription (so its presence reaches the gateway): the gateway signs it in."""
    prosody.register(node, "pw")
    c = await Client.connect_to(f"{node}@localhost/e2e", "pw", port)
    err = await register(c, passport, password)
    if err is not None:
        raise AssertionError(f"{node}: registration refused: {err}")
    await c.expect_presence(from_is(COMP, "subscribe"), 10)
    c.send_presence(pto=COMP, ptype="subscribe")
    return c


def main(name, scenario, deadline=150):
    """The command line of a scenario that needs msngate and the MSNP test server."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True)
    args = ap.parse_args()
    run(name, lambda workdir, check: scenario(args, workdir, check), deadline=deadline)
