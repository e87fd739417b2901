"""A scripted Messenger (MSNP12) client for integration tests, on asyncio streams.

It logs in the way the transcripts show (VER, CVR, USR TWN I, Passport 1.4 over the Nexus,
USR TWN S, SYN, CHG) and then lets a test send lines and wait for the server's:
    c = await MsnClient.login(ns_port, nexus_url, "carol@example.com", "carolpass")
    await c.send("ADC", "FL", "N=alice@example.com", "F=alice@example.com")
    cmd = await c.expect(lambda c: c.name == "ADC" and c.args[0] == "0", timeout=5)
Written from the protocol description (MSNP.md sections 1-2), not from our C++ client.
"""
import asyncio
import re
import urllib.parse
import urllib.request

# Server -> client commands whose last argument is a payload length (MSNP.md 1.2).
PAYLOAD = {"MSG", "UBX", "NOT", "IPG", "UBN", "UBM", "GCF"}


class Command:
    def __init__(self, name, args, payload=None):
        self.name, self.args, self.payload = name, args, payload

    def __repr__(self):
        return f"{self.name} {' '.join(self.args)}" + (f" <{len(self.payload)} bytes>" if self.payload else "")


def _passport_ticket(nexus_url, email, password, challenge):
    """Passport 1.4: Nexus -> DALogin -> from-PP ticket (MSNP.md 2.2). Blocking; run in a thread."""
    with urllib.request.urlopen(nexus_url, timeout=10) as r:
        urls = r.headers["PassportURLs"]
    dalogin = re.search(r"DALogin=([^,]+)", urls).group(1)
    if not dalogin.startswith("http"):
        dalogin = "https://" + dalogin
    dalogin = dalogin.replace("https://", "http://", 1)  # the test server speaks plain http
    auth = ("Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in="
            f"{urllib.parse.quote(email)},pwd={urllib.parse.quote(password)},{challenge}")
    req = urllib.request.Request(dalogin, headers={"Authorization": auth})
    with urllib.request.urlopen(req, timeout=10) as r:
        info = r.headers["Authentication-Info"]
    return re.search(r"from-PP='([^']*)'", info).group(1)


class MsnClient:
    def __init__(self, reader, writer, email):
        self.reader, self.writer, self.email = reader, writer, email
        self.trid = 0
        self.inbox = []
        self.closed = False
        self._changed = asyncio.Event()
        self._task = asyncio.get_event_loop().create_task(self._read_loop())

    @classmethod
    async def login(cls, ns_port, nexus_url, email, password, status="NLN", timeout=15):
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", ns_port), timeout)
        c = cls(reader, writer, email)
        await c.call("VER", "MSNP12", "MSNP11", "CVR0")
        await c.call("CVR", "0x0409", "winnt", "5.1", "i386", "MSNMSGR", "7.0.0816", "msmsgs", email)
        usr = await c.call("USR", "TWN", "I", email)
        ticket = await asyncio.get_event_loop().run_in_executor(None, _passport_ticket, nexus_url, email, password,
                                                                usr.args[3])
        ok = await c.call("USR", "TWN", "S", ticket)
        if ok.args[1] != "OK":
            raise RuntimeError(f"login of {email} failed: {ok}")
        await c.call("SYN", "0", "0")
        if status:
            await c.call("CHG", status, "1073741824", "0")
        return c

    async def _read_loop(self):
        try:
            while True:
                line = await self.reader.readuntil(b"\r\n")
                parts = line.decode("utf-8", "replace").rstrip("\r\n").split(" ")
                payload = None
                if parts[0] in PAYLOAD and parts[-1].isdigit():
                    payload = (await self.reader.readexactly(int(parts[-1]))).decode("utf-8", "replace")
                self.inbox.append(Command(parts[0], parts[1:], payload))
                self._changed.set()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            self.closed = True
            self._changed.set()

    async def send(self, name, *args, payload=None):
        self.trid += 1
        line = " ".join([name, str(self.trid), *args])
        data = line.encode()
        if payload is not None:
            body = payload.encode()
            data += b" " + str(len(body)).encode() + b"\r\n" + body
        else:
            data += b"\r\n"
        self.writer.write(data)
        await self.writer.drain()
        return self.trid

    async def call(self, name, *args, payload=None, timeout=10):
        """Sends a request and waits for the reply (or error) carrying its trid."""
        trid = str(await self.send(name, *args, payload=payload))
        reply = await self.expect(lambda c: c.args[:1] == [trid] and (c.name == name or c.name.isdigit()), timeout)
        if reply is None:
            raise RuntimeError(f"no reply to {name}")
        return reply

    async def expect(self, pred, timeout=10):
        loop = asyncio.get_event_loop()
        deadline = loop.time() + timeout
        while True:
            for i, c in enumerate(self.inbox):
                if pred(c):
                    return self.inbox.pop(i)
            if self.closed or loop.time() >= deadline:
                return None
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), deadline - loop.time())
            except asyncio.TimeoutError:
                pass

    async def close(self):
        if not self.closed:
            try:
                self.writer.write(b"OUT\r\n")
                await self.writer.drain()
            except ConnectionError:
                pass
        self._task.cancel()
        self.writer.close()
