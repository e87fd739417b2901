#!/usr/bin/python3
"""A Jabber client that floods: `--rate` messages a second (and an iq ping with every third)
to one JID for a while, in its own process so that parsing the answers does not slow down the
test's other clients. Then one more ping, awaited. Prints "flooding" once connected and under
way, then one JSON line:
    {"sent": messages, "iqs": iqs, "bounced": message errors by condition,
     "iq_errors": flood iq errors by condition, "last_iq": condition}
    flooder.py --jid alice@localhost/flood --password pw --port 5222 --to bob%x@msn.localhost
               --ping msn.localhost --seconds 4 --rate 2000
"""
import argparse
import asyncio
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xmpp_client import Client, cancel_leftovers, error_condition  # noqa: E402
import slixmpp  # noqa: E402


async def flood(args):
    c = await Client.connect_to(args.jid, args.password, args.port)
    # The answers to the flood's own pings (sent raw, so slixmpp awaits none of them).
    iq_errors = collections.Counter()
    c.register_handler(slixmpp.xmlstream.handler.Callback(
        "flood iq errors", slixmpp.xmlstream.matcher.MatchXPath("{jabber:client}iq"),
        lambda iq: iq["type"] == "error" and iq["id"].startswith("p") and iq_errors.update([error_condition(iq.xml)])))
    loop = asyncio.get_event_loop()
    start = loop.time()
    sent = iqs = 0
    announced = False
    while True:
        # Catch up with the rate (sleeps run long on a busy machine). The last batch goes out
        # right before the awaited ping, so that the ping meets an empty bucket.
        elapsed = loop.time() - start
        while sent < max(1, int(args.rate * elapsed)):
            c.send_raw(f"<message to='{args.to}' type='chat' id='f{sent}'><body>flood {sent}</body></message>")
            if sent % 3 == 0:
                c.send_raw(f"<iq type='get' id='p{sent}' to='{args.ping}'><ping xmlns='urn:xmpp:ping'/></iq>")
                iqs += 1
            sent += 1
        if elapsed >= args.seconds:
            break
        if elapsed > 0.5 and not announced:
            print("flooding", flush=True)  # past the burst
            announced = True
        await asyncio.sleep(0.01)
    last = await c.iq("get", args.ping, "<ping xmlns='urn:xmpp:ping'/>")
    await asyncio.sleep(args.drain)  # the bounces still on their way
    bounced = collections.Counter(error_condition(m) for m in c.messages if m.get("type") == "error")
    await c.close()
    await cancel_leftovers()
    return {"sent": sent, "iqs": iqs, "bounced": bounced, "iq_errors": iq_errors,
            "last_iq": error_condition(last) or last.get("type")}


def main():
    ap = argparse.ArgumentParser()
    for a in ("--jid", "--password", "--to", "--ping"):
        ap.add_argument(a, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("--rate", type=float, default=2000, help="messages a second")
    ap.add_argument("--drain", type=float, default=3)
    args = ap.parse_args()
    print(json.dumps(asyncio.get_event_loop().run_until_complete(flood(args))), flush=True)


if __name__ == "__main__":
    main()
