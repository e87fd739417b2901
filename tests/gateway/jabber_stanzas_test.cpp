#include "gateway/jabber_stanzas.hpp"

#include <catch2/catch.hpp>

using namespace gw;

TEST_CASE("line breaks convert between the networks", "[stanzas]") {
  CHECK(jabber::to_xmpp_text("a\r\nb\r\n") == "a\nb\n");
  CHECK(jabber::to_msn_text("a\nb") == "a\r\nb");
  CHECK(jabber::to_msn_text("a\r\nb") == "a\r\nb");
}

TEST_CASE("a chat carries the active chat state", "[stanzas]") {
  CHECK(jabber::chat("bob%example.com@msn.x", "alice@x", "hi <3").to_string() ==
        "<message from='bob%example.com@msn.x' to='alice@x' type='chat'><body>hi &lt;3</body>"
        "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
}

TEST_CASE("a bounce goes back to the sender with the body and the condition", "[stanzas]") {
  xmpp::Stanza m{"message"};
  m.set_attr("from", "alice@x/pc").set_attr("to", "bob%example.com@msn.x").set_attr("id", "m1").set_attr("type", "chat");
  m.add("body").set_text("hello");
  const auto b = jabber::bounce(m, xmpp::Condition::recipient_unavailable, "the contact is offline");
  CHECK(b.to_string() ==
        "<message id='m1' from='bob%example.com@msn.x' to='alice@x/pc' type='error'><body>hello</body>"
        "<error type='wait'><recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
        "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>the contact is offline</text></error></message>");
}

TEST_CASE("contact presence shows status, text and nick", "[stanzas]") {
  Contact c{.passport = *msnp::Passport::parse("bob@example.com")};
  c.texts.set_nickname("Bob");
  c.status = msnp::Status::busy;
  c.texts.set_personal("working", "");
  CHECK(jabber::contact_presence("b@m", "a@x", c).to_string() ==
        "<presence from='b@m' to='a@x'><show>dnd</show><status>working</status>"
        "<nick xmlns='http://jabber.org/protocol/nick'>Bob</nick></presence>");
  c.status = msnp::Status::offline;
  CHECK(jabber::contact_presence("b@m", "a@x", c).to_string() == "<presence from='b@m' to='a@x' type='unavailable'/>");
}

TEST_CASE("roster items for XEP-0356 pushes and XEP-0144 exchange", "[stanzas]") {
  const std::vector<jabber::RosterItem> items{{"b@m", "Bob", {"Friends"}, false}, {"c@m", "", {}, true}};
  CHECK(jabber::roster_push("m", "a@x", "r1", items).to_string() ==
        "<iq from='m' to='a@x' type='set' id='r1'><query xmlns='jabber:iq:roster'>"
        "<item jid='b@m' subscription='both' name='Bob'><group>Friends</group></item>"
        "<item jid='c@m' subscription='remove'/></query></iq>");
  CHECK(jabber::roster_exchange("m", "a@x/pc", items).to_string() ==
        "<message from='m' to='a@x/pc'><x xmlns='http://jabber.org/protocol/rosterx'>"
        "<item action='add' jid='b@m' name='Bob'><group>Friends</group></item>"
        "<item action='delete' jid='c@m'/></x></message>");
}
