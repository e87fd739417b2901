// Component tests: our client stack (NsConnection/SbConnection over real loopback TCP, Passport
// through NexusTicketProvider over http) against tests/msnp_server, the Escargot-like test
// server. This is issue 3's "done when": two users log in and exchange messages, presence and
// PSM in every direction.
#include "msnp/net/auth/nexus_ticket_provider.hpp"
#include "gateway/support/log.hpp"
#include "tests/msnp_net/stderr_capture.hpp"
#include "tests/msnp_net/test_user.hpp"
#include "tests/msnp_server/test_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include <cctype>

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
  using Adjust = std::function<void(NsConfig&, NsConnectionSettings&)>;
  std::unique_ptr<TestUser> user(const std::string& name, Adjust adjust = {}) {
    return std::make_unique<TestUser>(io, name + "@example.com", name + "pass", ports.ns, tickets, std::move(adjust));
  }
  std::unique_ptr<TestUser> online(const std::string& name, Adjust adjust = {}) {
    auto u = user(name, std::move(adjust));
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

TEST_CASE("a three-party switchboard", "[msnp_net][component][e2e]") {
  World w;
  w.server.make_contacts("alice@example.com", "bob@example.com");
  w.server.make_contacts("alice@example.com", "carol@example.com");
  w.server.make_contacts("bob@example.com", "carol@example.com");
  auto alice = w.online("alice");
  auto bob = w.online("bob");
  auto carol = w.online("carol");

  const auto tag = alice->open_conversation({"bob@example.com"});
  REQUIRE(pump_until(w.io, [&] { return alice->by_tag.count(tag) && !alice->by_tag[tag]->all<ParticipantJoined>().empty(); }));
  auto& a_sb = *alice->by_tag[tag];
  a_sb.conn->request([](SbSession& s) { return s.invite(pp("carol@example.com")); });
  REQUIRE(pump_until(w.io, [&] { return a_sb.all<ParticipantJoined>().size() == 2; }));
  REQUIRE(bob->switchboards.size() == 1);
  REQUIRE(carol->switchboards.size() == 1);
  auto& b_sb = *bob->switchboards[0];
  auto& c_sb = *carol->switchboards[0];
  // Bob answered the RNG, so alice came as IRO (initial); carol arrives as JOI.
  REQUIRE(pump_until(w.io, [&] { return b_sb.all<ParticipantJoined>().size() == 2; }));
  CHECK(b_sb.all<ParticipantJoined>()[0].passport.str() == "alice@example.com");
  CHECK(b_sb.all<ParticipantJoined>()[0].initial);
  CHECK(b_sb.all<ParticipantJoined>()[1].passport.str() == "carol@example.com");
  CHECK_FALSE(b_sb.all<ParticipantJoined>()[1].initial);
  REQUIRE(pump_until(w.io, [&] { return c_sb.conn->session().participants().size() == 2; }));  // IRO: alice, bob

  c_sb.conn->request([](SbSession& s) { return s.send_text(MessageId{1}, "hello both"); });
  REQUIRE(pump_until(w.io, [&] { return !a_sb.all<MessageReceived>().empty() && !b_sb.all<MessageReceived>().empty(); }));
  CHECK(a_sb.all<MessageReceived>()[0].from.str() == "carol@example.com");
  CHECK(b_sb.all<MessageReceived>()[0].text == "hello both");

  b_sb.conn->request([](SbSession& s) { return s.send_text(MessageId{2}, "bob here"); });
  REQUIRE(pump_until(w.io, [&] { return a_sb.all<MessageReceived>().size() == 2 && !c_sb.all<MessageReceived>().empty(); }));
  CHECK(c_sb.all<MessageReceived>()[0].text == "bob here");
  CHECK(a_sb.all<MessageReceived>()[1].from.str() == "bob@example.com");

  // One leaves; the conversation goes on for the other two.
  c_sb.conn->request([](SbSession& s) { return s.leave(); });
  REQUIRE(pump_until(w.io, [&] { return !a_sb.all<ParticipantLeft>().empty() && !b_sb.all<ParticipantLeft>().empty(); }));
  CHECK_FALSE(a_sb.closed());
  a_sb.conn->request([](SbSession& s) { return s.send_text(MessageId{3}, "still here?"); });
  REQUIRE(pump_until(w.io, [&] { return b_sb.all<MessageReceived>().size() == 2; }));
}

TEST_CASE("a message from a contact arrives through RNG", "[msnp_net][component][e2e]") {
  World w;
  w.server.make_contacts("alice@example.com", "bob@example.com");
  auto alice = w.online("alice");
  REQUIRE_FALSE(w.server.send_message("bob@example.com", "alice@example.com", "ping from the server side").empty());
  REQUIRE(pump_until(w.io, [&] { return !alice->switchboards.empty() && !alice->switchboards[0]->all<MessageReceived>().empty(); }));
  CHECK(alice->all<SwitchboardInvite>().at(0).inviter.str() == "bob@example.com");
  CHECK(alice->switchboards[0]->all<MessageReceived>()[0].text == "ping from the server side");
}

TEST_CASE("CHL is answered correctly", "[msnp_net][component][e2e]") {
  World w;
  auto alice = w.online("alice");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(w.server.send_challenge("alice@example.com"));
    pump_for(w.io, 300ms);  // a wrong QRY gets 540 and a closed connection
  }
  CHECK(w.server.is_signed_in("alice@example.com"));
  CHECK_FALSE(alice->link_down());
  CHECK(alice->all<Disconnected>().empty());
}

TEST_CASE("keepalive: PNG/QNG keeps a quiet connection within its read deadline", "[msnp_net][component][e2e]") {
  World w;
  auto alice = w.online("alice", [](NsConfig& c, NsConnectionSettings& s) {
    c.ping_interval = std::chrono::seconds(1);
    c.ping_timeout = std::chrono::seconds(3);
    s.transport.read_timeout = 2500ms;  // without PNG the silent server would trip this
  });
  pump_for(w.io, 6s);
  CHECK_FALSE(alice->link_down());
  CHECK(w.server.is_signed_in("alice@example.com"));
}

TEST_CASE("OUT OTH when the account signs in elsewhere", "[msnp_net][component][e2e]") {
  World w;
  auto first = w.online("alice");
  auto second = w.online("alice");
  REQUIRE(pump_until(w.io, [&] { return first->link_down(); }));
  REQUIRE(first->all<Disconnected>().size() == 1);
  CHECK(first->all<Disconnected>()[0].reason == DisconnectReason::other_login);
  CHECK_FALSE(second->link_down());
  CHECK(w.server.is_signed_in("alice@example.com"));
}

TEST_CASE("the server closing mid-payload ends the session cleanly", "[msnp_net][component][e2e]") {
  World w;
  auto alice = w.online("alice");
  REQUIRE(w.server.cut_mid_payload("alice@example.com"));
  REQUIRE(pump_until(w.io, [&] { return alice->link_down(); }));
  REQUIRE(alice->all<Disconnected>().size() == 1);
  CHECK(alice->all<Disconnected>()[0].reason == DisconnectReason::connection_lost);
  CHECK(std::get<LinkDown>(alice->ns_links.back()).reason == CloseReason::peer_closed);
  // Requests after the end are answered by the session, not sent anywhere.
  alice->request([](NsSession& s) { return s.set_presence(Status::away); });
  CHECK_FALSE(alice->all<RequestFailed>().empty());
}

TEST_CASE("server shutdown (OUT SSD) and dropped connections are reported", "[msnp_net][component][e2e]") {
  World w;
  w.server.make_contacts("alice@example.com", "bob@example.com");
  auto alice = w.online("alice");
  auto bob = w.online("bob");
  REQUIRE(w.server.drop_user("bob@example.com"));
  REQUIRE(pump_until(w.io, [&] { return bob->link_down(); }));
  CHECK(bob->all<Disconnected>().at(0).reason == DisconnectReason::connection_lost);
  w.server.stop();
  REQUIRE(pump_until(w.io, [&] { return alice->link_down(); }));
  CHECK(alice->all<Disconnected>().at(0).reason == DisconnectReason::server_shutdown);
}

namespace {

// A dispatch server as MSNP.md 1.3 describes it (Escargot has none): it answers VER and
// CVR, then sends every USR I to `target` with `XFR t NS host:port 0 current`.
struct FakeDispatch {
  FakeDispatch(boost::asio::io_context& io, std::uint16_t target_port)
      : acceptor(io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)), target(target_port) {
    accept();
  }
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      ++connections;
      auto conn = std::make_shared<Conn>(std::move(s));
      serve(conn);
      accept();
    });
  }
  struct Conn {
    explicit Conn(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::tcp::socket socket;
    std::string buf;
  };
  void serve(std::shared_ptr<Conn> c) {
    boost::asio::async_read_until(c->socket, boost::asio::dynamic_buffer(c->buf), "\r\n",
                                  [this, c](boost::system::error_code ec, std::size_t n) {
                                    if (ec) return;
                                    const std::string line = c->buf.substr(0, n - 2);
                                    c->buf.erase(0, n);
                                    const auto sp1 = line.find(' ');
                                    const auto name = line.substr(0, sp1);
                                    const auto trid = line.substr(sp1 + 1, line.find(' ', sp1 + 1) - sp1 - 1);
                                    std::string reply;
                                    if (name == "VER") reply = "VER " + trid + " MSNP12\r\n";
                                    else if (name == "CVR") reply = "CVR " + trid + " 7.0.0816 7.0.0816 7.0.0816 x y\r\n";
                                    else if (name == "USR")
                                      reply = "XFR " + trid + " NS 127.0.0.1:" + std::to_string(target) + " 0 127.0.0.1:" +
                                              std::to_string(port()) + "\r\n";
                                    boost::asio::write(c->socket, boost::asio::buffer(reply));
                                    serve(c);
                                  });
  }
  boost::asio::ip::tcp::acceptor acceptor;
  std::uint16_t target;
  int connections = 0;
};

}  // namespace

TEST_CASE("XFR NS from a dispatch server: reconnect and log in at the named server", "[msnp_net][component][e2e]") {
  World w;
  FakeDispatch ds{w.io, w.ports.ns};
  auto alice = w.user("alice", [&](NsConfig&, NsConnectionSettings& s) { s.port = ds.port(); });
  alice->login();
  REQUIRE(pump_until(w.io, [&] { return alice->logged_in(); }));
  REQUIRE(alice->ns_links.size() == 2);
  CHECK(std::get<LinkUp>(alice->ns_links[0]).port == ds.port());
  CHECK(std::get<LinkUp>(alice->ns_links[1]).port == w.ports.ns);
  CHECK(ds.connections == 1);
}

TEST_CASE("a redirect loop ends after max_redirects", "[msnp_net][component][e2e]") {
  World w;
  FakeDispatch ds{w.io, 0};
  ds.target = ds.port();  // XFR NS to itself, forever
  auto alice = w.user("alice", [&](NsConfig&, NsConnectionSettings& s) {
    s.port = ds.port();
    s.max_redirects = 2;
  });
  alice->login();
  REQUIRE(pump_until(w.io, [&] { return alice->link_down(); }));
  CHECK(std::get<LinkDown>(alice->ns_links.back()).reason == CloseReason::too_many_redirects);
  CHECK(ds.connections == 3);
  CHECK_FALSE(alice->logged_in());
}

TEST_CASE("an unreachable Passport server is a transient login failure", "[msnp_net][component][e2e]") {
  World w;
  std::uint16_t closed_port;
  {
    boost::asio::ip::tcp::acceptor a(w.io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  PassportSettings s;
  s.nexus_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/rdr/pprdr.asp";
  s.allow_plain_http = true;
  TestUser alice{w.io, "alice@example.com", "alicepass", w.ports.ns, std::make_shared<NexusTicketProvider>(w.io, s)};
  alice.login();
  REQUIRE(pump_until(w.io, [&] { return alice.link_down(); }));
  REQUIRE(alice.all<LoginFailed>().size() == 1);
  CHECK_FALSE(alice.all<LoginFailed>()[0].fatal);  // retrying later may work
  CHECK(alice.all<LoginFailed>()[0].reason.find("connect_failed") != std::string::npos);
}

TEST_CASE("trace wire dumps hide the ticket, cookies and password", "[msnp_net][component][e2e]") {
  World w;
  w.server.make_contacts("alice@example.com", "bob@example.com");
  const auto old_level = gw::log::level();
  std::string log;
  {
    StderrCapture capture;
    gw::log::set_level(gw::log::Level::trace);
    auto alice = w.online("alice");
    auto bob = w.online("bob");
    const auto tag = alice->open_conversation({"bob@example.com"});
    REQUIRE(pump_until(w.io, [&] { return alice->by_tag.count(tag) && !alice->by_tag[tag]->all<ParticipantJoined>().empty(); }));
    gw::log::set_level(old_level);
    log = capture.text();
  }
  CHECK(log.find(">>> USR 4 TWN S <hidden>") != std::string::npos);
  CHECK(log.find("CKI <hidden>") != std::string::npos);             // XFR SB and RNG
  CHECK(log.find(">>> USR 1 alice@example.com <hidden>") != std::string::npos);
  CHECK(log.find(">>> ANS 1 bob@example.com <hidden>") != std::string::npos);
  CHECK(log.find("alicepass") == std::string::npos);
  CHECK(log.find("bobpass") == std::string::npos);
  // No 20-hex-digit token (Passport ticket or SB cookie) anywhere in the dump.
  int run = 0;
  bool token_seen = false;
  for (char c : log) {
    run = std::isxdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    if (run >= 20) token_seen = true;
  }
  CHECK_FALSE(token_seen);
}
