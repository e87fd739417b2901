#!/usr/bin/python3
"""A wrong component secret is a clear, fatal error: msngate logs why and exits with status 1
after one attempt, instead of reconnecting in a loop.
    xmpp_wrong_secret_test.py --server prosody|ejabberd --msngate build/msngate
"""
import argparse
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from scenario import run  # noqa: E402
from xmpp_servers import make_server  # noqa: E402


async def scenario(args, workdir, check):
    server = make_server(args.server, os.path.join(workdir, args.server))
    with server:
        with Msngate(args.msngate, os.path.join(workdir, "msngate"), server.component, server.component_port,
                     "not-the-secret") as gate:
            rc = gate.wait_exit(20)
            log = gate.text()
            check(rc == 1, "msngate exits with status 1", f"exit {rc}")
            check("not-authorized" in log and "secret" in log, "the log says the secret was refused", log[-1500:])
            check(gate.count(r"connecting to 127\.0\.0\.1") == 1, "exactly one attempt, no retry loop")
            await asyncio.sleep(0)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", choices=["prosody", "ejabberd"], default="prosody")
    ap.add_argument("--msngate", required=True)
    a = ap.parse_args()
    run(f"wrong-secret-{a.server}", lambda w, c: scenario(a, w, c), deadline=120)
