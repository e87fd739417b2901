// Component tests: our client stack (NsConnection/SbConnection over real loopback TCP, Passport
// through NexusTicketProvider over http) against tests/msnp_server, the Escargot-like test
// server. This is issue 3's "done when": two users log in and exchange messages, presence and
// PSM in every direction.
#include "msnp/net/auth/nexus_ticket_provider.hpp"
#include "tests/msnp_net/test_user.hpp"
#include "tests/msnp_server/test_server.hpp"

#include <catch2/catch.hpp>

using namespace msnp;
using namespace msnp::net;
using namespace msnp_net_test;
using namespace std::chrono_literals;

namespace {

struct World {
  boost::asio::io_context io;
  msnp_server::TestServer server;
  msnp_server::Ports ports = server.start();
  std::shared_ptr<TicketProvider> tickets;

  World() {
    PassportSettings s;
    s.nexus_url = server.nexus_url();
    s.allow_plain_http = true;  // the test server's Nexus is plain http on loopback
    tickets = std::make_shared<NexusTicketProvider>(io, s);
    server.add_account("alice@example.com", "alicepass", "Alice");
    server.add_account("bob@example.com", "bobpass", "Bob");
    server.add_account("carol@example.com", "carolpass", "Carol");
  }
  std::unique_ptr<TestUser> user(const std::string& name, std::function<void(NsConfig&)> adjust = {}) {
    return std::make_unique<TestUser>(io, name + "@example.com", name + "pass", ports.ns, tickets, std::move(adjust));
  }
  std::unique_ptr<TestUser> online(const std::string& name) {
    auto u = user(name);
    u->login();
    REQUIRE(pump_until(io, [&] { return !u->all<ListSynced>().empty(); }));
    u->request([](NsSession& s) { return s.set_presence(Status::online); });
    REQUIRE(pump_until(io, [&] { return !u->all<OwnPresenceChanged>().empty(); }));
    return u;
  }
};

Passport pp(const std::string& s) { return *Passport::parse(s); }

std::function<bool(const ContactPresence&)> presence_of(std::string who, Status st) {
  return [who, st](const ContactPresence& p) { return p.passport.str() == who && p.status == st; };
}

}  // namespace

TEST_CASE("login over TCP with Passport via the Nexus", "[msnp_net][component][e2e]") {
  World w;
  auto alice = w.user("alice");
  alice->login();
  REQUIRE(pump_until(w.io, [&] { return alice->logged_in(); }));
  CHECK(alice->all<LoggedIn>()[0].account.str() == "alice@example.com");
  REQUIRE(pump_until(w.io, [&] { return !alice->all<ListSynced>().empty(); }));
  CHECK(std::holds_alternative<LinkUp>(alice->ns_links.at(0)));
  CHECK(w.server.is_signed_in("alice@example.com"));

  alice->request([](NsSession& s) { return s.logout(); });
  REQUIRE(pump_until(w.io, [&] { return alice->link_down(); }));
  CHECK(alice->all<Disconnected>().at(0).reason == DisconnectReason::logged_out);
  CHECK(std::get<LinkDown>(alice->ns_links.back()).reason == CloseReason::session_ended);
  REQUIRE(pump_until(w.io, [&] { return !w.server.is_signed_in("alice@example.com"); }));
}

TEST_CASE("a wrong password is a clear, fatal login failure", "[msnp_net][component][e2e]") {
  World w;
  TestUser alice{w.io, "alice@example.com", "WRONG", w.ports.ns, w.tickets};
  alice.login();
  REQUIRE(pump_until(w.io, [&] { return alice.link_down(); }));
  const auto failed = alice.all<LoginFailed>();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].fatal);
  CHECK(failed[0].reason.find("wrong_password") != std::string::npos);
  CHECK_FALSE(alice.logged_in());
  CHECK_FALSE(w.server.is_signed_in("alice@example.com"));
}

TEST_CASE("two users: contacts, presence, PSM and messages in every direction", "[msnp_net][component][e2e]") {
  World w;
  auto alice = w.online("alice");
  auto bob = w.online("bob");

  // Contact add, both sides: each add shows up on the other side as an RL addition.
  alice->request([](NsSession& s) { return s.add_contact(pp("bob@example.com"), "Bob"); });
  REQUIRE(pump_until(w.io, [&] {
    return bob->saw<ContactAdded>([](const ContactAdded& a) {
      return a.unsolicited && a.list == List::reverse && a.passport && a.passport->str() == "alice@example.com";
    });
  }));
  bob->request([](NsSession& s) { return s.add_contact(pp("alice@example.com"), "Alice"); });
  REQUIRE(pump_until(w.io, [&] {
    return alice->saw<ContactAdded>([](const ContactAdded& a) {
      return a.unsolicited && a.list == List::reverse && a.passport && a.passport->str() == "bob@example.com";
    });
  }));
  CHECK(w.server.list_bits("alice@example.com", "bob@example.com").value_or(0) & 1u);
  CHECK(w.server.list_bits("bob@example.com", "alice@example.com").value_or(0) & 1u);

  // Presence both ways (the ADC of an online contact brings its presence; a change is NLN).
  bob->request([](NsSession& s) { return s.set_presence(Status::away); });
  REQUIRE(pump_until(w.io, [&] { return alice->saw<ContactPresence>(presence_of("bob@example.com", Status::away)); }));
  alice->request([](NsSession& s) { return s.set_presence(Status::busy); });
  REQUIRE(pump_until(w.io, [&] { return bob->saw<ContactPresence>(presence_of("alice@example.com", Status::busy)); }));

  // PSM both ways.
  alice->request([](NsSession& s) { return s.set_personal_message({"At work ✓", ""}); });
  REQUIRE(pump_until(w.io, [&] {
    return bob->saw<PersonalMessage>([](const PersonalMessage& m) { return m.passport.str() == "alice@example.com" && m.psm == "At work ✓"; });
  }));
  bob->request([](NsSession& s) { return s.set_personal_message({"<gone> & back", ""}); });
  REQUIRE(pump_until(w.io, [&] {
    return alice->saw<PersonalMessage>([](const PersonalMessage& m) { return m.passport.str() == "bob@example.com" && m.psm == "<gone> & back"; });
  }));

  // A switchboard conversation: alice opens, bob is invited (RNG) and answers.
  const auto tag = alice->open_conversation({"bob@example.com"});
  REQUIRE(pump_until(w.io, [&] { return alice->by_tag.count(tag) && !alice->by_tag[tag]->all<ParticipantJoined>().empty(); }));
  auto& a_sb = *alice->by_tag[tag];
  REQUIRE(bob->switchboards.size() == 1);
  auto& b_sb = *bob->switchboards[0];
  REQUIRE(pump_until(w.io, [&] { return !b_sb.all<SwitchboardReady>().empty(); }));

  a_sb.conn->request([](SbSession& s) { return s.send_typing(); });
  a_sb.conn->request([](SbSession& s) { return s.send_text(MessageId{1}, "Hello Bob, Ünïcödé ✓"); });
  REQUIRE(pump_until(w.io, [&] { return !b_sb.all<MessageReceived>().empty(); }));
  CHECK(b_sb.all<MessageReceived>()[0].text == "Hello Bob, Ünïcödé ✓");
  CHECK(b_sb.all<MessageReceived>()[0].from.str() == "alice@example.com");
  CHECK(b_sb.all<TypingReceived>().size() == 1);
  REQUIRE(pump_until(w.io, [&] { return !a_sb.all<MessageDelivered>().empty(); }));  // ACK for mode A
  CHECK(a_sb.all<MessageDelivered>()[0].id == MessageId{1});

  b_sb.conn->request([](SbSession& s) { return s.send_typing(); });
  b_sb.conn->request([](SbSession& s) { return s.send_text(MessageId{7}, "Hi Alice!"); });
  b_sb.conn->request([](SbSession& s) { return s.send_nudge(MessageId{8}); });
  REQUIRE(pump_until(w.io, [&] { return !a_sb.all<NudgeReceived>().empty(); }));
  REQUIRE(a_sb.all<MessageReceived>().size() == 1);
  CHECK(a_sb.all<MessageReceived>()[0].text == "Hi Alice!");
  CHECK(a_sb.all<TypingReceived>().at(0).from.str() == "bob@example.com");
  CHECK(a_sb.all<NudgeReceived>()[0].from.str() == "bob@example.com");

  // A long message crosses the 1664-byte limit in several MSGs and arrives whole.
  const std::string long_text(4000, 'x');
  a_sb.conn->request([&](SbSession& s) { return s.send_text(MessageId{2}, long_text); });
  REQUIRE(pump_until(w.io, [&] { return b_sb.all<MessageReceived>().size() >= 2; }));
  std::string joined;
  for (std::size_t i = 1; i < b_sb.all<MessageReceived>().size(); ++i) joined += b_sb.all<MessageReceived>()[i].text;
  pump_until(w.io, [&] { return joined.size() >= long_text.size(); }, 2s);
  CHECK(b_sb.closed() == false);

  // Bob leaves: alice sees BYE, and her switchboard ends as everyone left.
  b_sb.conn->request([](SbSession& s) { return s.leave(); });
  REQUIRE(pump_until(w.io, [&] { return !a_sb.all<ParticipantLeft>().empty(); }));
  REQUIRE(pump_until(w.io, [&] { return a_sb.closed() && b_sb.closed(); }));

  // Signing out is seen as offline.
  bob->request([](NsSession& s) { return s.logout(); });
  REQUIRE(pump_until(w.io, [&] { return alice->saw<ContactPresence>(presence_of("bob@example.com", Status::offline)); }));
}
