#include "msnp/ns_session.hpp"

#include <catch2/catch.hpp>

#include "tests/msnp/session_driver.hpp"

using namespace testing_msnp;
using namespace std::chrono_literals;
using msnp::NsOutput;

namespace {

struct Ns {
  msnp::NsSession s;
  Collected<NsOutput> got;
  explicit Ns(msnp::NsConfig cfg) : s(std::move(cfg)) {}
  Ns() : Ns(msnp::NsConfig{pp("me@example.com")}) {}

  void feed(std::string wire) {
    for (const auto& c : commands(wire)) got.take(s.on_command(c));
  }
  // Runs a complete MSNP12 login; leaves the SYN request in `sent`.
  void login() {
    got.take(s.start());
    feed("VER 1 MSNP12\r\nCVR 2 7.0.0816 7.0.0816 7.0.0816 a b\r\nUSR 3 TWN S ct=1,id=1\r\n");
    got.take(s.on_ticket("t0k3n"));
    feed("USR 4 OK me@example.com 1 0\r\n");
    REQUIRE(s.state() == msnp::NsSession::State::logged_in);
    got.sent.clear();
    got.events.clear();
  }
};

}  // namespace

TEST_CASE("login sends VER, CVR, USR I and USR S in order", "[msnp][ns]") {
  Ns ns;
  ns.got.take(ns.s.start());
  CHECK(ns.got.pop_sent() == "VER 1 MSNP12 MSNP11 CVR0\r\n");
  ns.feed("VER 1 MSNP11\r\n");
  CHECK(ns.s.dialect() == msnp::Dialect::msnp11);
  CHECK(ns.got.pop_sent() == "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs me@example.com\r\n");
  ns.feed("CVR 2 7.0.0816 7.0.0816 7.0.0816 x y\r\n");
  CHECK(ns.got.pop_sent() == "USR 3 TWN I me@example.com\r\n");
  ns.feed("USR 3 TWN S lc=1033,id=507,tw=40,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom\r\n");
  REQUIRE(ns.got.all<msnp::NeedTicket>().size() == 1);
  CHECK(ns.got.all<msnp::NeedTicket>()[0].challenge == "lc=1033,id=507,tw=40,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom");
  CHECK(ns.s.state() == msnp::NsSession::State::awaiting_ticket);
  ns.got.take(ns.s.on_ticket("t=abc&p=def"));
  CHECK(ns.got.pop_sent() == "USR 4 TWN S t=abc&p=def\r\n");
  ns.feed("USR 4 OK me@example.com 0 0\r\n");
  CHECK(ns.got.all<msnp::LoggedIn>() == std::vector<msnp::LoggedIn>{{pp("me@example.com"), false}});
  CHECK(ns.got.pop_sent() == "SYN 5 0 0\r\n");
}

TEST_CASE("XFR NS redirects and a restart begins again at trid 1", "[msnp][ns]") {
  Ns ns;
  ns.got.take(ns.s.start());
  ns.feed("VER 1 MSNP12\r\nCVR 2 a a a b c\r\nXFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863\r\n");
  CHECK(ns.got.all<msnp::Redirect>() == std::vector<msnp::Redirect>{{"207.46.106.118", 1863}});
  CHECK(ns.s.state() == msnp::NsSession::State::idle);
  ns.got.sent.clear();
  ns.got.take(ns.s.start());
  CHECK(ns.got.pop_sent() == "VER 1 MSNP12 MSNP11 CVR0\r\n");
}

TEST_CASE("XFR NS to address 0 restarts on the same connection", "[msnp][ns]") {
  Ns ns;
  ns.got.take(ns.s.start());
  ns.feed("VER 1 MSNP12\r\nCVR 2 a a a b c\r\n");
  ns.got.sent.clear();
  ns.feed("XFR 3 NS 0 0 1.2.3.4:1863\r\n");
  CHECK(ns.got.pop_sent() == "VER 1 MSNP12 MSNP11 CVR0\r\n");
  CHECK(ns.got.all<msnp::Redirect>().empty());
}

TEST_CASE("login failures are typed", "[msnp][ns]") {
  SECTION("no common version") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.feed("VER 1 0\r\n");
    CHECK(ns.got.all<msnp::LoginFailed>() ==
          std::vector<msnp::LoginFailed>{{0, "no common protocol version", true}});
  }
  SECTION("a version we did not offer") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.feed("VER 1 MSNP8\r\n");
    CHECK(ns.got.all<msnp::LoginFailed>().size() == 1);
  }
  SECTION("911 on the ticket is a credentials problem") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.feed("VER 1 MSNP12\r\nCVR 2 a a a b c\r\nUSR 3 TWN S ct=1\r\n");
    ns.got.take(ns.s.on_ticket("bogustoken0123456789"));
    ns.feed("911 4\r\n");
    CHECK(ns.got.all<msnp::LoginFailed>() == std::vector<msnp::LoginFailed>{{911, "authentication failed", true}});
    CHECK(ns.s.state() == msnp::NsSession::State::closed);
    ns.got.sent.clear();
    ns.feed("USR 4 OK me@example.com 1 0\r\n");   // nothing happens once closed
    CHECK(ns.got.sent.empty());
    CHECK(ns.got.all<msnp::LoggedIn>().empty());
  }
  SECTION("server busy is transient") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.feed("600 1\r\n");
    CHECK(ns.got.all<msnp::LoginFailed>() == std::vector<msnp::LoginFailed>{{600, "server busy", false}});
  }
  SECTION("Passport failure reported by the adapter") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.feed("VER 1 MSNP12\r\nCVR 2 a a a b c\r\nUSR 3 TWN S ct=1\r\n");
    ns.got.take(ns.s.on_ticket_failed("wrong password", true));
    CHECK(ns.got.all<msnp::LoginFailed>() == std::vector<msnp::LoginFailed>{{0, "wrong password", true}});
  }
  SECTION("login timeout from ticks") {
    Ns ns;
    ns.got.take(ns.s.start());
    const msnp::Clock::time_point t0{};
    ns.got.take(ns.s.on_tick(t0));
    ns.got.take(ns.s.on_tick(t0 + 89s));
    CHECK(ns.got.all<msnp::LoginFailed>().empty());
    ns.got.take(ns.s.on_tick(t0 + 90s));
    CHECK(ns.got.all<msnp::LoginFailed>() == std::vector<msnp::LoginFailed>{{0, "login timed out", false}});
  }
  SECTION("connection lost during login") {
    Ns ns;
    ns.got.take(ns.s.start());
    ns.got.take(ns.s.on_connection_lost(msnp::DisconnectReason::protocol_error));
    CHECK(ns.got.all<msnp::LoginFailed>().front().reason == "protocol error during login");
  }
  SECTION("no connection at all (server down) is a transient login failure") {
    Ns ns;
    ns.got.take(ns.s.on_connection_lost(msnp::DisconnectReason::connection_lost));
    CHECK(ns.got.all<msnp::LoginFailed>() ==
          std::vector<msnp::LoginFailed>{{0, "cannot reach the Messenger server", false}});
    ns.got.take(ns.s.on_connection_lost(msnp::DisconnectReason::connection_lost));
    CHECK(ns.got.all<msnp::LoginFailed>().size() == 1);  // once
  }
}

TEST_CASE("unimplemented dialects are a configuration error", "[msnp][ns]") {
  msnp::NsConfig cfg{pp("me@example.com")};
  cfg.dialects = {msnp::Dialect::msnp18};
  CHECK_THROWS_AS(msnp::NsSession{cfg}, std::invalid_argument);
  cfg.dialects.clear();
  CHECK_THROWS_AS(msnp::NsSession{cfg}, std::invalid_argument);
}

TEST_CASE("CHL is answered with QRY using the dialect's product", "[msnp][ns]") {
  SECTION("default MSNP12 product") {
    Ns ns;
    ns.login();
    ns.feed("CHL 0 22210219642164014968\r\n");
    CHECK(ns.got.pop_sent() == "QRY 6 PROD0101{0RM?UBW 32\r\n64812169fe9717715f03c678fa4ab938");
    ns.feed("QRY 6\r\n");
    CHECK(ns.got.events.empty());
  }
  SECTION("configured product") {
    msnp::NsConfig cfg{pp("me@example.com")};
    cfg.product = msnp::Product{"PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL"};
    Ns ns{cfg};
    ns.login();
    ns.feed("CHL 0 22210219642164014968\r\n");
    CHECK(ns.got.pop_sent() == "QRY 6 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");
  }
  SECTION("540 ends the session") {
    Ns ns;
    ns.login();
    ns.feed("CHL 0 123\r\n540 6\r\n");
    CHECK(ns.got.all<msnp::Disconnected>().back() ==
          msnp::Disconnected{msnp::DisconnectReason::challenge_failed, 540});
  }
}

TEST_CASE("keepalive: PNG on schedule, QNG interval, dead peer", "[msnp][ns][keepalive]") {
  Ns ns;
  ns.login();
  const msnp::Clock::time_point t0{std::chrono::hours(1)};
  ns.got.take(ns.s.on_tick(t0));
  ns.got.take(ns.s.on_tick(t0 + 49s));
  CHECK(ns.got.sent.empty());
  ns.got.take(ns.s.on_tick(t0 + 50s));
  CHECK(ns.got.pop_sent() == "PNG\r\n");
  ns.got.take(ns.s.on_tick(t0 + 80s));
  CHECK(ns.got.sent.empty());            // one PNG outstanding at a time
  ns.feed("QNG 20\r\n");                 // the server asks for a shorter interval
  ns.got.take(ns.s.on_tick(t0 + 81s));
  ns.got.take(ns.s.on_tick(t0 + 100s));
  CHECK(ns.got.sent.empty());
  ns.got.take(ns.s.on_tick(t0 + 101s));
  CHECK(ns.got.pop_sent() == "PNG\r\n");
  ns.got.take(ns.s.on_tick(t0 + 160s));
  CHECK(ns.got.all<msnp::Disconnected>().empty());
  ns.got.take(ns.s.on_tick(t0 + 161s));  // 60 s without QNG
  CHECK(ns.got.all<msnp::Disconnected>() ==
        std::vector<msnp::Disconnected>{{msnp::DisconnectReason::ping_timeout, 0}});
  ns.got.take(ns.s.on_tick(t0 + 300s));
  CHECK(ns.got.sent.empty());
}

TEST_CASE("next_tick names the next keepalive or login deadline", "[msnp][ns][keepalive]") {
  const auto soon = msnp::Clock::time_point::min();  // "at the next tick"
  Ns fresh;
  CHECK(!fresh.s.next_tick());  // not started: nothing to time
  fresh.got.take(fresh.s.start());
  CHECK(fresh.s.next_tick() == soon);  // the login deadline is stamped at the first tick
  const msnp::Clock::time_point t0{std::chrono::hours(1)};
  fresh.got.take(fresh.s.on_tick(t0));
  CHECK(fresh.s.next_tick() == t0 + 90s);

  Ns ns;
  ns.login();
  ns.got.take(ns.s.on_tick(t0));
  CHECK(ns.s.next_tick() == t0 + 50s);  // PNG due: no tick needed before
  ns.got.take(ns.s.on_tick(t0 + 50s));
  CHECK(ns.got.pop_sent() == "PNG\r\n");
  CHECK(ns.s.next_tick() == t0 + 110s);  // the QNG deadline
  ns.feed("QNG 20\r\n");
  CHECK(ns.s.next_tick() == soon);  // the new interval starts at the next tick
  ns.got.take(ns.s.on_tick(t0 + 51s));
  CHECK(ns.s.next_tick() == t0 + 71s);
  ns.got.take(ns.s.on_connection_lost(msnp::DisconnectReason::connection_lost));
  CHECK(!ns.s.next_tick());
}

TEST_CASE("QNG 60 does not stretch the interval beyond 50 s", "[msnp][ns][keepalive]") {
  Ns ns;
  ns.login();
  const msnp::Clock::time_point t0{};
  ns.got.take(ns.s.on_tick(t0));
  ns.got.take(ns.s.on_tick(t0 + 50s));
  CHECK(ns.got.pop_sent() == "PNG\r\n");
  ns.feed("QNG 60\r\n");
  ns.got.take(ns.s.on_tick(t0 + 51s));
  ns.got.take(ns.s.on_tick(t0 + 100s));
  CHECK(ns.got.sent.empty());
  ns.got.take(ns.s.on_tick(t0 + 101s));
  CHECK(ns.got.pop_sent() == "PNG\r\n");
}

TEST_CASE("OUT reasons become disconnect reasons", "[msnp][ns]") {
  for (auto [line, reason] : {std::pair{"OUT OTH", msnp::DisconnectReason::other_login},
                              std::pair{"OUT SSD", msnp::DisconnectReason::server_shutdown},
                              std::pair{"OUT", msnp::DisconnectReason::kicked}}) {
    Ns ns;
    ns.login();
    ns.feed(std::string(line) + "\r\n");
    CHECK(ns.got.all<msnp::Disconnected>() == std::vector<msnp::Disconnected>{{reason, 0}});
    CHECK(ns.s.state() == msnp::NsSession::State::closed);
  }
}

TEST_CASE("the maintenance warning is reported, the profile is not", "[msnp][ns]") {
  Ns ns;
  ns.login();
  const std::string profile = "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1\r\n\r\n";
  const std::string notice =
      "MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n";
  ns.feed("MSG Hotmail Hotmail " + std::to_string(profile.size()) + "\r\n" + profile + "MSG Hotmail Hotmail " +
          std::to_string(notice.size()) + "\r\n" + notice + "OUT SSD\r\n");
  REQUIRE(ns.got.events.size() == 2);
  CHECK(std::get<msnp::ServerMaintenance>(ns.got.events[0]).minutes == 5);
  CHECK(std::get<msnp::Disconnected>(ns.got.events[1]).reason == msnp::DisconnectReason::server_shutdown);
}

TEST_CASE("SYN with contacts, groups and phones", "[msnp][ns][list]") {
  Ns ns;
  ns.login();
  ns.feed(
      "SYN 5 2005-04-23T18:57:44.8130000-07:00 2005-04-23T18:57:54.2070000-07:00 2 1\r\n"
      "GTC A\r\nBLP BL\r\nPRP MFN My%20Name\r\n"
      "LSG Friends 3c5e1111-2222-3333-4444-555566667777\r\n"
      "LST N=bob@hotmail.com F=Bob%20B C=0a1b1111-2222-3333-4444-555566667777 11 1 3c5e1111-2222-3333-4444-555566667777\r\n"
      "BPR PHM 1%20555%201234\r\n");
  CHECK(ns.got.all<msnp::ListSynced>().empty());
  ns.feed("LST N=carol@hotmail.com F=Carol 10 1\r\n");
  CHECK(ns.got.all<msnp::ListSynced>() == std::vector<msnp::ListSynced>{{2, 1}});
  CHECK(ns.got.all<msnp::AddPrompt>().front().prompt);
  CHECK_FALSE(ns.got.all<msnp::PrivacyMode>().front().allow_unlisted);
  CHECK(ns.got.all<msnp::OwnNameChanged>().front().name == "My Name");
  CHECK(ns.got.all<msnp::GroupListed>().front() ==
        msnp::GroupListed{"Friends", "3c5e1111-2222-3333-4444-555566667777"});
  const auto lst = ns.got.all<msnp::ContactListed>();
  REQUIRE(lst.size() == 2);
  CHECK(lst[0] == msnp::ContactListed{pp("bob@hotmail.com"), "Bob B", "0a1b1111-2222-3333-4444-555566667777",
                                      {11}, {"3c5e1111-2222-3333-4444-555566667777"}});
  CHECK(lst[0].lists.has(msnp::List::reverse));
  CHECK(lst[1].guid.empty());
  CHECK(lst[1].groups.empty());
  CHECK(ns.got.all<msnp::ContactPhone>().front() == msnp::ContactPhone{pp("bob@hotmail.com"), "PHM", "1 555 1234"});

  ns.got.sent.clear();
  ns.got.take(ns.s.remove_contact(pp("bob@hotmail.com"), msnp::Guid::parse(lst[0].guid)));
  CHECK(ns.got.pop_sent() == "REM 6 FL 0a1b1111-2222-3333-4444-555566667777\r\n");
  CHECK(ns.got.pop_sent() == "REM 7 AL bob@hotmail.com\r\n");
  ns.feed("REM 6 FL 0a1b1111-2222-3333-4444-555566667777\r\n");  // the reply names whom we asked about
  CHECK(ns.got.all<msnp::ContactRemoved>().front().passport == pp("bob@hotmail.com"));
}

TEST_CASE("list changes pushed by the server", "[msnp][ns][list]") {
  Ns ns;
  ns.login();
  ns.feed("ADC 0 RL N=dave@example.com F=Dave%20D\r\nREM 0 RL dave@example.com\r\n");
  const auto added = ns.got.all<msnp::ContactAdded>();
  REQUIRE(added.size() == 1);
  CHECK(added[0] == msnp::ContactAdded{msnp::List::reverse, pp("dave@example.com"), "Dave D", "", "", true});
  CHECK(ns.got.all<msnp::ContactRemoved>().front() ==
        msnp::ContactRemoved{msnp::List::reverse, pp("dave@example.com"), "", "", true});
  // By GUID (another client of the account): whose GUID it is, the caller's contact list knows.
  ns.feed("REM 0 FL 0a1b1111-2222-3333-4444-555566667777\r\n");
  CHECK(ns.got.all<msnp::ContactRemoved>().back() ==
        msnp::ContactRemoved{msnp::List::forward, std::nullopt, "0a1b1111-2222-3333-4444-555566667777", "", true});
}

TEST_CASE("requests encode names and map errors back to what was asked", "[msnp][ns]") {
  Ns ns;
  ns.login();
  ns.got.take(ns.s.add_contact(pp("Bob@Example.com"), "Bob Smith 100%"));
  CHECK(ns.got.pop_sent() == "ADC 6 FL N=bob@example.com F=Bob%20Smith%20100%25\r\n");
  CHECK(ns.got.pop_sent() == "ADC 7 AL N=bob@example.com\r\n");
  ns.feed("208 6\r\n");
  CHECK(ns.got.all<msnp::RequestFailed>() ==
        std::vector<msnp::RequestFailed>{{msnp::RequestKind::add_to_list, "bob@example.com", msnp::List::forward, 0,
                                          208, "invalid user name"}});
  CHECK(ns.s.state() == msnp::NsSession::State::logged_in);

  ns.got.take(ns.s.request_switchboard(7));
  CHECK(ns.got.pop_sent() == "XFR 8 SB\r\n");
  ns.feed("913 8\r\n");
  CHECK(ns.got.all<msnp::RequestFailed>().back().kind == msnp::RequestKind::switchboard);
  CHECK(ns.got.all<msnp::RequestFailed>().back().tag == 7);
  CHECK(ns.got.all<msnp::RequestFailed>().back().code == 913);

  ns.got.take(ns.s.set_friendly_name("Mé Myself"));
  CHECK(ns.got.pop_sent() == "PRP 9 MFN Mé%20Myself\r\n");
  ns.got.take(ns.s.set_personal_message({"Tom & Jerry", ""}));
  CHECK(ns.got.pop_sent() == "UUX 10 68\r\n<Data><PSM>Tom &amp; Jerry</PSM><CurrentMedia></CurrentMedia></Data>");
  ns.got.take(ns.s.set_presence(msnp::Status::away));
  CHECK(ns.got.pop_sent() == "CHG 11 AWY 1073741824 0\r\n");
  ns.got.take(ns.s.set_presence(msnp::Status::hidden));
  CHECK(ns.got.pop_sent() == "CHG 12 HDN 0\r\n");
  ns.got.take(ns.s.set_privacy(false));
  CHECK(ns.got.pop_sent() == "BLP 13 BL\r\n");
  ns.got.take(ns.s.set_add_prompt(false));
  CHECK(ns.got.pop_sent() == "GTC 14 N\r\n");
  ns.got.take(ns.s.add_group("My Friends"));
  CHECK(ns.got.pop_sent() == "ADG 15 My%20Friends\r\n");
  ns.got.take(ns.s.block(pp("eve@example.com")));
  CHECK(ns.got.pop_sent() == "REM 16 AL eve@example.com\r\n");
  CHECK(ns.got.pop_sent() == "ADC 17 BL N=eve@example.com\r\n");

  ns.got.events.clear();
  ns.got.take(ns.s.set_presence(msnp::Status::offline));
  ns.got.take(ns.s.remove_contact(pp("nobody@example.com"), std::nullopt));
  const auto failed = ns.got.all<msnp::RequestFailed>();
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].code == 201);
  CHECK(failed[1].code == 216);
  CHECK(ns.got.pop_sent() == "REM 18 AL nobody@example.com\r\n");

  ns.feed("500 13\r\n");   // fatal: the request fails and the session ends
  CHECK(ns.got.all<msnp::RequestFailed>().back().kind == msnp::RequestKind::set_privacy);
  CHECK(ns.got.all<msnp::Disconnected>() ==
        std::vector<msnp::Disconnected>{{msnp::DisconnectReason::server_error, 500}});
}

TEST_CASE("requests before login fail locally with 302", "[msnp][ns]") {
  Ns ns;
  ns.got.take(ns.s.add_contact(pp("bob@example.com"), "Bob"));
  ns.got.take(ns.s.request_switchboard(3));
  CHECK(ns.got.sent.empty());
  const auto failed = ns.got.all<msnp::RequestFailed>();
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].code == 302);
  CHECK(failed[1].tag == 3);
}

TEST_CASE("presence, personal messages and invitations are parsed", "[msnp][ns][presence]") {
  Ns ns;
  ns.login();
  ns.feed(
      "ILN 8 AWY bob@example.com Bob%20B 268435492 %3Cmsnobj%20Creator%3D%22bob%22%2F%3E\r\n"
      "NLN BSY carol@example.com Carol 0\r\n"
      "FLN carol@example.com\r\n"
      "UBX bob@example.com 71\r\n<Data><PSM>at work &amp; busy</PSM><CurrentMedia></CurrentMedia></Data>"
      "UBX carol@example.com 0\r\n"
      "RNG 11752013 207.46.108.38:1863 CKI 849102291.520491113 bob@example.com Bob%20B\r\n"
      "RNG 1 nonsense CKI x bob@example.com Bob\r\n"
      "NLN XXX carol@example.com Carol 0\r\nILN 9\r\nNLN\r\n");
  const auto p = ns.got.all<msnp::ContactPresence>();
  REQUIRE(p.size() == 3);
  CHECK(p[0] == msnp::ContactPresence{pp("bob@example.com"), msnp::Status::away, "Bob B", 268435492,
                                      "<msnobj Creator=\"bob\"/>", true});
  CHECK(p[1].status == msnp::Status::busy);
  CHECK(p[1].msnobject.empty());
  CHECK(p[2].status == msnp::Status::offline);
  const auto pm = ns.got.all<msnp::PersonalMessage>();
  REQUIRE(pm.size() == 2);
  CHECK(pm[0].psm == "at work & busy");
  CHECK(pm[1].psm.empty());
  const auto rng = ns.got.all<msnp::SwitchboardInvite>();
  REQUIRE(rng.size() == 1);
  CHECK(rng[0].port == 1863);
  CHECK(rng[0].cookie == "849102291.520491113");
  CHECK(rng[0].inviter_name == "Bob B");
}

TEST_CASE("Escargot's variant RMG/REG replies are read leniently", "[msnp][ns][list]") {
  Ns ns;
  ns.login();
  ns.feed("ADG 5 New%20Group 11111111-2222-3333-4444-555555555555\r\n"
          "REG 6 1 Renamed%20Group 11111111-2222-3333-4444-555555555555 0\r\n"
          "REG 7 11111111-2222-3333-4444-555555555555 Official\r\n"
          "RMG 8 1 11111111-2222-3333-4444-555555555555\r\n");
  CHECK(ns.got.all<msnp::GroupAdded>().front() ==
        msnp::GroupAdded{"New Group", "11111111-2222-3333-4444-555555555555"});
  const auto renamed = ns.got.all<msnp::GroupRenamed>();
  REQUIRE(renamed.size() == 2);
  CHECK(renamed[0].name == "Renamed Group");
  CHECK(renamed[1].name == "Official");
  CHECK(ns.got.all<msnp::GroupRemoved>().front().guid == "11111111-2222-3333-4444-555555555555");
}

TEST_CASE("odd server lines never crash or emit nonsense", "[msnp][ns]") {
  Ns ns;
  ns.login();
  ns.feed("ADC\r\nADC 0\r\nADC 0 XX N=a@b\r\nREM 0 FL\r\nLST\r\nLSG\r\nBPR\r\nSYN\r\nPRP\r\nPRP MFN\r\n"
          "XFR 99 SB\r\nRNG\r\nUBX nobody 3\r\nabcFLN\r\nCHG\r\nQNG\r\nSBS 0 null\r\n"
          "MSG Hotmail Hotmail 4\r\nabcdNOT 2\r\nxyZZZ 1 2 3\r\n299 1234\r\n");
  CHECK(ns.s.state() == msnp::NsSession::State::logged_in);
  for (const auto& e : ns.got.events) {
    CHECK((std::holds_alternative<msnp::ListSynced>(e) || std::holds_alternative<msnp::RequestFailed>(e)));
  }
}
