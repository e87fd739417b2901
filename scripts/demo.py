#!/usr/bin/python3
"""The local demo behind `scripts/run.sh` without --config: everything on loopback.

Starts the MSNP test server (a small Messenger network with an echo bot and two friends),
Prosody with msngate's component (XEP-0356 roster access granted), and msngate on SQLite;
registers a Jabber account and links it to a Messenger account through the gateway, then
prints how to log in with a Jabber client. Ctrl-C stops all of it.
    demo.py BUILD_DIR [WORKDIR]
"""
import asyncio
import os
import shutil
import signal
import sys
import time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(repo, "tests", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, error_condition  # noqa: E402
from xmpp_servers import Prosody, port_open  # noqa: E402

COMP = "msn.localhost"
ME, MY_PASSWORD = "you@example.com", "you"


async def link_accounts(c2s_port):
    """Registers you@localhost with the gateway as the Messenger account you@example.com."""
    me = await Client.connect_to("you@localhost/demo-setup", "you", c2s_port)
    try:
        r = await me.iq("set", COMP, f"<query xmlns='{NS['register']}'><username>{ME}</username>"
                                     f"<password>{MY_PASSWORD}</password></query>")
        if r.get("type") != "result":
            raise RuntimeError(f"registration with the gateway failed: {error_condition(r)}")
        me.send_presence(pto=COMP, ptype="subscribe")
        await me.expect_presence(lambda p: p.get("from", "").startswith(COMP) and p.get("type") == "subscribed", 10)
        await asyncio.sleep(1)
    finally:
        await me.close()
        await cancel_leftovers()


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "build"))
    work = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(build, "demo"))
    shutil.rmtree(work, ignore_errors=True)
    accounts = {ME: (MY_PASSWORD, "You"), "echo@example.com": ("echo", "Echo Bot"),
                "alice@example.com": ("alice", "Alice"), "bob@example.com": ("bob", "Bob")}
    msn = MsnpServer(os.path.join(build, "msnp-test-server"), os.path.join(work, "msn"), accounts=accounts,
                     contacts=[(ME, "echo@example.com"), (ME, "alice@example.com"), (ME, "bob@example.com")],
                     echo_bots=["echo@example.com"])
    prosody = Prosody(os.path.join(work, "prosody"), components={COMP: "demo-secret"}, privileged=True)
    if not port_open(5222):
        prosody.c2s_port = 5222  # the usual client port, when it is free
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    with msn, prosody:
        prosody.register("you", "you")
        with Msngate(os.path.join(build, "msngate"), os.path.join(work, "msngate"), COMP, prosody.component_port,
                     "demo-secret", log_level="info", extra_yaml=msn.msngate_yaml()) as gate:
            if not gate.wait_log(r"handshake accepted", 20):
                sys.exit("demo: msngate did not attach to Prosody; see " + gate.log_path)
            asyncio.get_event_loop().run_until_complete(link_accounts(prosody.c2s_port))
            msn.command("presence alice@example.com NLN 1073741824 Reading a book")
            msn.command("presence bob@example.com AWY 1073741824 Back in 5")
            print(f"""
msngate demo is running (everything on 127.0.0.1; Ctrl-C stops it all).

  Jabber account   you@localhost   password: you   server 127.0.0.1 port {prosody.c2s_port} (no TLS)
  e.g. profanity:  /connect you@localhost server 127.0.0.1 port {prosody.c2s_port} tls disable

It is registered with the gateway {COMP} as the Messenger account {ME}. Your roster
shows the Messenger contacts:
  echo%example.com@{COMP}    Echo Bot: answers every message, typing and nudge
  alice%example.com@{COMP}   Alice (online), bob%example.com@{COMP}   Bob (away)

Act as the Messenger side on the test server's control channel (one command per line):
  printf 'send alice@example.com {ME} Hi from Messenger!\\n' | nc -q1 127.0.0.1 {msn.ports['control']}
  (also: presence EMAIL NLN|AWY|BSY|FLN 0 [PSM], typing FROM TO, nudge FROM TO; tests/msnp_server/README.md)

Logs: {gate.log_path}
""", flush=True)
            while not stop and gate.proc.poll() is None:
                time.sleep(0.2)
            print("demo: stopping", flush=True)


if __name__ == "__main__":
    main()
