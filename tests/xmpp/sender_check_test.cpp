#include <catch2/catch.hpp>

#include "xmpp/sender_check.hpp"

using namespace xmpp;

namespace {
SenderVerdict verdict(std::string_view from, const std::string& xml) {
  return check_sender(Jid::parse(from), *Stanza::parse(xml), "msn.test");
}
}  // namespace

TEST_CASE("sender check: user accounts, bare or full", "[xmpp][sender]") {
  CHECK(verdict("alice@example.org/home", "<message/>") == SenderVerdict::user);
  CHECK(verdict("alice@example.org", "<presence/>") == SenderVerdict::user);
  CHECK(verdict("alice@example.org", "<iq type='set'><query xmlns='jabber:iq:register'/></iq>") == SenderVerdict::user);
}

TEST_CASE("sender check: what the server may send from its domain", "[xmpp][sender]") {
  CHECK(verdict("example.org", "<message><privilege xmlns='urn:xmpp:privilege:2'/></message>") == SenderVerdict::server);
  CHECK(verdict("example.org", "<message><privilege xmlns='urn:xmpp:privilege:1'/></message>") == SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='result'/>") == SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='error'/>") == SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>") == SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='get'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>") ==
        SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='get'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>") ==
        SenderVerdict::server);
  CHECK(verdict("example.org", "<iq type='get'><query xmlns='jabber:iq:version'/></iq>") == SenderVerdict::server);
}

TEST_CASE("sender check: everything else is refused", "[xmpp][sender]") {
  // a domain asking for more than a ping or disco
  CHECK(verdict("example.org", "<iq type='set'><query xmlns='jabber:iq:register'/></iq>") == SenderVerdict::refused);
  CHECK(verdict("example.org", "<iq type='set'><ping xmlns='urn:xmpp:ping'/></iq>") == SenderVerdict::refused);
  CHECK(verdict("example.org", "<iq type='get'><command xmlns='http://jabber.org/protocol/commands'/></iq>") ==
        SenderVerdict::refused);
  CHECK(verdict("example.org", "<message><body>hi</body></message>") == SenderVerdict::refused);
  CHECK(verdict("example.org", "<presence/>") == SenderVerdict::refused);
  CHECK(verdict("example.org/res", "<iq type='result'/>") == SenderVerdict::refused);
  // missing or malformed
  CHECK(verdict("", "<message><body>hi</body></message>") == SenderVerdict::refused);
  CHECK(verdict("a@b@c", "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>") == SenderVerdict::refused);
  // our own domain: contact JIDs are ours to send from, never to receive from
  CHECK(verdict("msn.test", "<iq type='result'/>") == SenderVerdict::refused);
  CHECK(verdict("bob%example.com@msn.test", "<message><body>hi</body></message>") == SenderVerdict::refused);
  CHECK(verdict("MSN.Test", "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>") == SenderVerdict::refused);
}
