"""A Jabber client for integration tests: slixmpp 1.8 from Debian (run with /usr/bin/python3).

Thin on purpose: scenarios send raw XML and look at raw XML (send / expect steps, Biboumi
style), so what is checked is what went over the wire, not what a plugin made of it.
    c = await Client.connect("alice@localhost/t", "pw", port)
    reply = await c.iq("get", "msn.localhost", "<query xmlns='jabber:iq:version'/>")
    p = await c.expect_presence(lambda p: p.get("type") == "subscribe", timeout=5)
Pitfalls handled (XMPP.md): no STARTTLS on the test servers, IBR deadlock, leftover tasks.
"""
import asyncio
import itertools
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

NS = {
    "disco_info": "http://jabber.org/protocol/disco#info",
    "disco_items": "http://jabber.org/protocol/disco#items",
    "register": "jabber:iq:register",
    "gateway": "jabber:iq:gateway",
    "version": "jabber:iq:version",
    "ping": "urn:xmpp:ping",
    "stanzas": "urn:ietf:params:xml:ns:xmpp-stanzas",
    "data": "jabber:x:data",
    "caps": "http://jabber.org/protocol/caps",
}
_ids = itertools.count(1)


def q(ns_key, tag):
    """ElementTree's {namespace}tag form."""
    return "{%s}%s" % (NS[ns_key], tag)


def error_condition(stanza_xml):
    err = stanza_xml.find("{jabber:client}error")
    if err is None:
        return None
    for c in err:
        if c.tag.startswith("{%s}" % NS["stanzas"]) and not c.tag.endswith("}text"):
            return c.tag.split("}", 1)[1]
    return None


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, auto_authorize=True):
        super().__init__(jid, password)
        self.session = asyncio.get_event_loop().create_future()
        self.presences = []
        self.messages = []
        self._changed = asyncio.Event()
        self.roster.auto_authorize = auto_authorize
        self.roster.auto_subscribe = False
        self.add_event_handler("session_start", self._on_start)
        self.add_event_handler("failed_auth", lambda *_: self._fail("authentication failed"))
        self.add_event_handler("disconnected", lambda *_: self._fail("disconnected"))
        self.register_handler(slixmpp.xmlstream.handler.Callback(
            "all presence", slixmpp.xmlstream.matcher.MatchXPath("{jabber:client}presence"), self._on_presence))
        self.register_handler(slixmpp.xmlstream.handler.Callback(
            "all messages", slixmpp.xmlstream.matcher.MatchXPath("{jabber:client}message"), self._on_message))

    @classmethod
    async def connect_to(cls, jid, password, port, timeout=15, **kw):
        c = cls(jid, password, **kw)
        c.connect(address=("127.0.0.1", port), force_starttls=False, disable_starttls=True)
        await asyncio.wait_for(c.session, timeout)
        return c

    def _fail(self, why):
        if not self.session.done():
            self.session.set_exception(RuntimeError(why))

    async def _on_start(self, _):
        self.send_presence()
        await self.get_roster()
        if not self.session.done():
            self.session.set_result(True)

    def _on_presence(self, p):
        self.presences.append(p.xml)
        self._changed.set()

    def _on_message(self, m):
        self.messages.append(m.xml)
        self._changed.set()

    async def iq(self, type_, to, payload_xml, timeout=10):
        """Sends an iq with a raw payload; returns the answer's XML, result or error alike."""
        iq = self.Iq()
        iq["type"] = type_
        iq["to"] = to
        iq["id"] = f"t{next(_ids)}"
        if payload_xml:
            iq.append(ET.fromstring(payload_xml))
        try:
            reply = await iq.send(timeout=timeout)
            return reply.xml
        except IqError as e:
            return e.iq.xml
        except IqTimeout:
            raise AssertionError(f"no answer to iq {type_} to {to}: {payload_xml}")

    async def _expect(self, box, pred, timeout):
        loop = asyncio.get_event_loop()
        deadline = loop.time() + timeout
        seen = 0
        while True:
            for i in range(seen, len(box)):
                if pred(box[i]):
                    return box.pop(i)
            seen = 0
            left = deadline - loop.time()
            if left <= 0:
                return None
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def expect_presence(self, pred, timeout=10):
        return await self._expect(self.presences, pred, timeout)

    async def expect_message(self, pred, timeout=10):
        return await self._expect(self.messages, pred, timeout)

    async def close(self):
        try:
            await asyncio.wait_for(self.disconnect(), 5)
        except Exception:  # already gone: nothing to close
            pass


async def cancel_leftovers():
    """slixmpp 1.8 leaves filter tasks pending after disconnect (XMPP.md): cancel them."""
    rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for t in rest:
        t.cancel()
    await asyncio.gather(*rest, return_exceptions=True)
