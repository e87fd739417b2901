#include "msnp/sb_session.hpp"

#include <catch2/catch.hpp>

#include "msnp/message.hpp"
#include "msnp/utf8.hpp"
#include "tests/msnp/session_driver.hpp"

using namespace testing_msnp;
using namespace std::chrono_literals;
using msnp::MessageId;
using msnp::SbOutput;

namespace {

struct Sb {
  msnp::SbSession s;
  Collected<SbOutput> got;
  explicit Sb(msnp::SbSession session) : s(std::move(session)) {}
  static Sb outgoing(std::vector<msnp::Passport> who) {
    return Sb(msnp::SbSession::outgoing(msnp::SbConfig{pp("me@example.com")}, "ck", std::move(who)));
  }
  void feed(std::string wire) {
    for (const auto& c : commands(wire)) got.take(s.on_command(c));
  }
  // USR accepted, and the given people joined.
  void ready_with(std::initializer_list<const char*> joined) {
    got.take(s.start());
    feed("USR 1 OK me@example.com Me\r\n");
    for (auto* j : joined) feed(std::string("JOI ") + j + " Name 0\r\n");
    got.sent.clear();
    got.events.clear();
  }
};

}  // namespace

TEST_CASE("outgoing switchboard authenticates with USR and calls every invitee", "[msnp][sb]") {
  auto sb = Sb::outgoing({pp("bob@example.com"), pp("carol@example.com")});
  sb.got.take(sb.s.start());
  CHECK(sb.got.pop_sent() == "USR 1 me@example.com ck\r\n");
  sb.feed("USR 1 OK me@example.com Me\r\n");
  CHECK(sb.got.pop_sent() == "CAL 2 bob@example.com\r\n");
  CHECK(sb.got.pop_sent() == "CAL 3 carol@example.com\r\n");
  sb.feed("CAL 2 RINGING 11752013\r\nCAL 3 RINGING 11752013\r\n");
  sb.feed("JOI bob@example.com Bob%20B 1342177280\r\nJOI carol@example.com Carol\r\n");
  const auto joined = sb.got.all<msnp::ParticipantJoined>();
  REQUIRE(joined.size() == 2);
  CHECK(joined[0] == msnp::ParticipantJoined{pp("bob@example.com"), "Bob B", 1342177280, false});
  CHECK(sb.s.participants().size() == 2);
}

TEST_CASE("invited switchboard answers with ANS and learns the roster from IRO", "[msnp][sb]") {
  Sb sb(msnp::SbSession::invited(msnp::SbConfig{pp("me@example.com")}, "849102291.520491113", "11752013"));
  sb.got.take(sb.s.start());
  CHECK(sb.got.pop_sent() == "ANS 1 me@example.com 849102291.520491113 11752013\r\n");
  sb.feed("IRO 1 1 2 bob@example.com Bob 0\r\nIRO 1 2 2 carol@example.com Carol 0\r\nANS 1 OK\r\n");
  CHECK(sb.got.all<msnp::SwitchboardReady>().size() == 1);
  CHECK(sb.s.participants().size() == 2);
  sb.got.take(sb.s.invite(pp("dave@example.com")));
  CHECK(sb.got.pop_sent() == "CAL 2 dave@example.com\r\n");
}

TEST_CASE("multi-party: the switchboard closes only when the last participant leaves", "[msnp][sb]") {
  auto sb = Sb::outgoing({});
  sb.ready_with({"bob@example.com", "carol@example.com"});
  sb.got.take(sb.s.send_text(MessageId{1}, "hi all"));
  CHECK(sb.got.pop_sent().rfind("MSG 2 A ", 0) == 0);
  sb.feed("BYE bob@example.com\r\n");
  CHECK(sb.got.all<msnp::ParticipantLeft>() == std::vector<msnp::ParticipantLeft>{{pp("bob@example.com"), false}});
  CHECK(sb.s.state() == msnp::SbSession::State::ready);
  sb.feed("ACK 2\r\n");
  CHECK(sb.got.all<msnp::MessageDelivered>().size() == 1);
  sb.feed("BYE carol@example.com 1\r\n");
  CHECK(sb.got.all<msnp::ParticipantLeft>().back().idle);
  CHECK(sb.got.pop_sent() == "OUT\r\n");
  CHECK(sb.got.all<msnp::SwitchboardClosed>().back().reason == msnp::SbCloseReason::everyone_left);
}

TEST_CASE("long text is split on UTF-8 boundaries within 1664 bytes", "[msnp][sb]") {
  auto sb = Sb::outgoing({});
  sb.ready_with({"bob@example.com"});
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "é✓😀";   // 9000 bytes
  msnp::TextFormat f;
  f.font = "Segoe UI";
  sb.got.take(sb.s.send_text(MessageId{5}, text, f));
  REQUIRE(sb.got.sent.size() >= 6);
  std::string joined;
  std::size_t parts = 0;
  while (!sb.got.sent.empty()) {
    const auto wire = sb.got.pop_sent();
    const auto c = commands(wire, msnp::Direction::client_to_server).front();
    CHECK(c.payload->size() <= msnp::max_sb_payload);
    const auto content = msnp::classify(msnp::parse_mime(*c.payload));
    CHECK(msnp::is_valid_utf8(content.text));
    CHECK(content.format == f);
    joined += content.text;
    ++parts;
  }
  CHECK(joined == text);
  // Delivered only once every part is acknowledged.
  for (std::size_t t = 2; t < 2 + parts; ++t) {
    CHECK(sb.got.all<msnp::MessageDelivered>().empty());
    sb.feed("ACK " + std::to_string(t) + "\r\n");
  }
  CHECK(sb.got.all<msnp::MessageDelivered>() == std::vector<msnp::MessageDelivered>{{MessageId{5}}});
}

TEST_CASE("NAK, refusal and ACK timeout fail a message", "[msnp][sb]") {
  auto sb = Sb::outgoing({});
  sb.ready_with({"bob@example.com"});
  sb.got.take(sb.s.send_text(MessageId{1}, "one"));
  sb.got.take(sb.s.send_text(MessageId{2}, "two"));
  sb.got.take(sb.s.send_text(MessageId{3}, "three"));
  sb.feed("NAK 2\r\n282 3\r\n");
  const auto failed = sb.got.all<msnp::MessageFailed>();
  REQUIRE(failed.size() == 2);
  CHECK(failed[0] == msnp::MessageFailed{MessageId{1}, msnp::FailureReason::nak, 0});
  CHECK(failed[1] == msnp::MessageFailed{MessageId{2}, msnp::FailureReason::refused, 282});
  const msnp::SbSession::Clock::time_point t0{std::chrono::hours(1)};
  CHECK(sb.s.next_tick() == msnp::SbSession::Clock::time_point::min());  // to stamp at the next tick
  sb.got.take(sb.s.on_tick(t0));
  CHECK(sb.s.next_tick() == t0 + 60s);  // the ACK deadline: no tick needed before
  sb.got.take(sb.s.on_tick(t0 + 59s));
  CHECK(sb.got.all<msnp::MessageFailed>().size() == 2);
  sb.got.take(sb.s.on_tick(t0 + 60s));
  CHECK(sb.got.all<msnp::MessageFailed>().back() == msnp::MessageFailed{MessageId{3}, msnp::FailureReason::timeout, 0});
  CHECK(!sb.s.next_tick());  // nothing in flight
  sb.feed("ACK 4\r\n");   // too late: already reported
  CHECK(sb.got.all<msnp::MessageDelivered>().empty());
}

TEST_CASE("closing fails queued and unacknowledged messages", "[msnp][sb]") {
  SECTION("queued before anyone joined") {
    auto sb = Sb::outgoing({pp("bob@example.com")});
    sb.got.take(sb.s.start());
    sb.got.take(sb.s.send_text(MessageId{1}, "are you there?"));
    sb.got.take(sb.s.send_nudge(MessageId{2}));
    sb.got.take(sb.s.send_typing());
    CHECK(sb.got.sent.size() == 1);   // USR only; typing is dropped, not queued
    sb.got.take(sb.s.on_connection_lost());
    CHECK(sb.got.all<msnp::MessageFailed>() ==
          std::vector<msnp::MessageFailed>{{MessageId{1}, msnp::FailureReason::no_participants, 0},
                                           {MessageId{2}, msnp::FailureReason::no_participants, 0}});
    CHECK(sb.got.all<msnp::SwitchboardClosed>().back().reason == msnp::SbCloseReason::connection_lost);
    sb.got.take(sb.s.send_text(MessageId{3}, "late"));
    CHECK(sb.got.all<msnp::MessageFailed>().back() ==
          msnp::MessageFailed{MessageId{3}, msnp::FailureReason::session_closed, 0});
  }
  SECTION("sent with ack A but never acknowledged; ack N is not reported") {
    auto sb = Sb::outgoing({});
    sb.ready_with({"bob@example.com"});
    sb.got.take(sb.s.send_text(MessageId{1}, "a", std::nullopt, msnp::AckMode::acknowledged));
    sb.got.take(sb.s.send_text(MessageId{2}, "n", std::nullopt, msnp::AckMode::negative));
    sb.feed("OUT\r\n");
    CHECK(sb.got.all<msnp::MessageFailed>() ==
          std::vector<msnp::MessageFailed>{{MessageId{1}, msnp::FailureReason::session_closed, 0}});
    CHECK(sb.got.all<msnp::SwitchboardClosed>().back().reason == msnp::SbCloseReason::server_closed);
  }
  SECTION("the only invitee is offline: queued messages fail with the CAL error") {
    auto sb = Sb::outgoing({pp("bob@example.com")});
    sb.got.take(sb.s.start());
    sb.got.take(sb.s.send_text(MessageId{9}, "hello?"));
    sb.feed("USR 1 OK me@example.com Me\r\n217 2\r\n");
    CHECK(sb.got.all<msnp::InviteFailed>().front().code == 217);
    CHECK(sb.got.all<msnp::MessageFailed>() ==
          std::vector<msnp::MessageFailed>{{MessageId{9}, msnp::FailureReason::refused, 217}});
    sb.got.sent.clear();
    sb.got.take(sb.s.leave());
    CHECK(sb.got.pop_sent() == "OUT\r\n");
  }
}

TEST_CASE("the waiting queue is bounded", "[msnp][sb]") {
  msnp::SbConfig cfg{pp("me@example.com")};
  cfg.max_queued = 2;
  Sb sb(msnp::SbSession::outgoing(cfg, "ck", {pp("bob@example.com")}));
  sb.got.take(sb.s.start());
  sb.got.take(sb.s.send_text(MessageId{1}, "1"));
  sb.got.take(sb.s.send_text(MessageId{2}, "2"));
  sb.got.take(sb.s.send_text(MessageId{3}, "3"));
  CHECK(sb.got.all<msnp::MessageFailed>() ==
        std::vector<msnp::MessageFailed>{{MessageId{3}, msnp::FailureReason::no_participants, 0}});
  sb.feed("USR 1 OK me@example.com Me\r\n");
  sb.got.sent.clear();
  sb.feed("JOI bob@example.com Bob\r\n");
  CHECK(sb.got.sent.size() == 2);
}

TEST_CASE("incoming typing, nudges and unknown content", "[msnp][sb]") {
  auto sb = Sb::outgoing({});
  sb.ready_with({"bob@example.com"});
  const auto typing = msnp::build_typing_payload(pp("bob@example.com"));
  const auto nudge = msnp::build_nudge_payload();
  const std::string p2p = "MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: me@example.com\r\n\r\n\x01\x02";
  sb.feed("MSG bob@example.com Bob " + std::to_string(typing.size()) + "\r\n" + typing + "MSG bob@example.com Bob " +
          std::to_string(nudge.size()) + "\r\n" + nudge + "MSG bob@example.com Bob " + std::to_string(p2p.size()) +
          "\r\n" + p2p + "MSG notanaddress Bob 2\r\nhi");
  CHECK(sb.got.all<msnp::TypingReceived>() == std::vector<msnp::TypingReceived>{{pp("bob@example.com")}});
  CHECK(sb.got.all<msnp::NudgeReceived>() == std::vector<msnp::NudgeReceived>{{pp("bob@example.com")}});
  CHECK(sb.got.events.size() == 2);
}

TEST_CASE("outgoing typing and nudge are byte-exact", "[msnp][sb]") {
  auto sb = Sb::outgoing({});
  sb.ready_with({"bob@example.com"});
  sb.got.take(sb.s.send_typing());
  CHECK(sb.got.pop_sent() ==
        "MSG 2 U 87\r\nMIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: me@example.com\r\n\r\n\r\n");
  sb.got.take(sb.s.send_nudge(MessageId{4}));
  CHECK(sb.got.pop_sent() ==
        "MSG 3 N 69\r\nMIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n");
}

TEST_CASE("ANS with a bad cookie closes with auth_failed", "[msnp][sb]") {
  Sb sb(msnp::SbSession::invited(msnp::SbConfig{pp("me@example.com")}, "old", "1"));
  sb.got.take(sb.s.start());
  sb.feed("911 1\r\n");
  CHECK(sb.got.all<msnp::SwitchboardClosed>() ==
        std::vector<msnp::SwitchboardClosed>{{msnp::SbCloseReason::auth_failed, 911}});
  sb.feed("IRO 1 1 1 bob@example.com Bob\r\n");
  CHECK(sb.s.participants().empty());
}
