#!/usr/bin/python3
"""msngate rides out a Prosody crash: Prosody is SIGKILLed and restarted on the same ports.
 - the real msngate binary reconnects (backoff), its registration data is intact, disco works
   again and the registered user sees the gateway online again;
 - stanzas produced while the server is down are kept and arrive after the handshake, in
   order: shown with component_probe (xmpp::Component alone, driven from here), since the
   msngate binary has no Messenger traffic to produce on demand yet.
    xmpp_restart_test.py --msngate build/msngate --probe build/tests/integration/component_probe
"""
import argparse
import asyncio
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from msngate_process import Msngate  # noqa: E402
from msnp_server_process import MsnpServer  # noqa: E402
from scenario import run  # noqa: E402
from xmpp_client import NS, Client, cancel_leftovers, q  # noqa: E402
from xmpp_servers import Prosody  # noqa: E402


class Probe:
    def __init__(self, binary, port, jid, secret, backoff_ms):
        self.proc = subprocess.Popen([binary, "--port", str(port), "--jid", jid, "--secret", secret,
                                      "--backoff-ms", str(backoff_ms)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, bufsize=1)
        self.lines = asyncio.Queue()
        self._buf = b""
        asyncio.get_event_loop().add_reader(self.proc.stdout.fileno(), self._read)

    def _read(self):
        # Raw reads: readline() on the buffered pipe could keep a second line in Python's
        # buffer, where no readiness event would ever announce it.
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            asyncio.get_event_loop().remove_reader(self.proc.stdout.fileno())
            return
        self._buf += data
        while b"\n" in self._buf:
            line, self._buf = self._buf.split(b"\n", 1)
            self.lines.put_nowait(line.decode("utf-8", "replace"))

    async def expect(self, prefix, timeout=15):
        deadline = asyncio.get_event_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_event_loop().time()
            if left <= 0:
                return None
            try:
                line = await asyncio.wait_for(self.lines.get(), left)
            except asyncio.TimeoutError:
                return None
            if line.startswith(prefix):
                return line

    def send(self, xml):
        self.proc.stdin.write("send " + xml + "\n")
        self.proc.stdin.flush()

    def close(self):
        try:
            asyncio.get_event_loop().remove_reader(self.proc.stdout.fileno())
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)


async def scenario(args, workdir, check):
    server = Prosody(os.path.join(workdir, "prosody"),
                     components={"msn.localhost": "secret", "probe.localhost": "probe-secret"})
    msn = MsnpServer(args.msnp_server, os.path.join(workdir, "msn"), accounts={"alice@hotmail.com": ("pw", "Alice")})
    with server, msn:
        server.register("alice", "pw")
        comp = server.component
        with Msngate(args.msngate, os.path.join(workdir, "msngate"), comp, server.component_port, "secret",
                     extra_yaml=msn.msngate_yaml()) as gate:
            check(gate.wait_log(r"handshake accepted", 20), "msngate attached")
            alice = await Client.connect_to("alice@localhost/one", "pw", server.c2s_port)
            r = await alice.iq("set", comp, f"<query xmlns='{NS['register']}'><username>alice@hotmail.com</username>"
                                            "<password>pw</password></query>")
            check(r.get("type") == "result", "alice registered")
            alice.send_presence(pto=comp, ptype="subscribe")
            await alice.expect_presence(lambda p: p.get("from") == comp and p.get("type") is None, 10)
            await alice.close()

            # A long first backoff, so that alice is back online before the probe reconnects.
            probe = Probe(args.probe, server.component_port, "probe.localhost", "probe-secret", 4000)
            try:
                check(await probe.expect("connected 1") is not None, "probe component attached")

                server.kill()
                check(gate.wait_log(r"link to 127\.0\.0\.1:\d+ lost", 10), "msngate notices the server is gone")
                check(await probe.expect("disconnected") is not None, "probe notices the server is gone")
                for i in range(1, 4):
                    probe.send(f"<message to='alice@localhost' type='chat'><body>queued-{i}</body></message>")
                check(await probe.expect("queued 3") is not None, "three stanzas kept while disconnected")
                await asyncio.sleep(1.0)  # a refused reconnect or two

                server.start()
                alice = await Client.connect_to("alice@localhost/two", "pw", server.c2s_port)
                try:
                    check(gate.wait_log(r"handshake accepted", 40, count=2), "msngate reconnected after the restart",
                          gate.text()[-1500:])
                    check(await probe.expect("connected 2", 40) is not None, "probe reconnected")
                    bodies = []
                    for _ in range(3):
                        m = await alice.expect_message(lambda m: m.findtext("{jabber:client}body", "").startswith("queued-"), 15)
                        if m is None:
                            break
                        bodies.append(m.findtext("{jabber:client}body"))
                    check(bodies == ["queued-1", "queued-2", "queued-3"],
                          "stanzas from the disconnected period arrive, in order", str(bodies))
                    avail = await alice.expect_presence(lambda p: p.get("from") == comp and p.get("type") is None, 15)
                    check(avail is not None, "the registered user sees the gateway online again")
                    r = await alice.iq("get", comp, f"<query xmlns='{NS['register']}'/>")
                    check(r.find(q("register", "query")) is not None
                          and r.find(q("register", "query")).find(q("register", "registered")) is not None,
                          "the registration survived")
                finally:
                    await alice.close()
                    await cancel_leftovers()
            finally:
                probe.close()
            check(gate.stop() == 0, "msngate stops cleanly")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--msngate", required=True)
    ap.add_argument("--msnp-server", required=True, help="the MSNP test server (registration checks credentials)")
    ap.add_argument("--probe", required=True)
    a = ap.parse_args()
    run("restart-prosody", lambda w, c: scenario(a, w, c), deadline=160)
