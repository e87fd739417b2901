// Golden transcript test for the switchboard: feed the recorded server lines into
// SbSession and check the client lines it emits. Cookies and session ids come from
// the recorded NS lines (XFR SB / RNG).
#include <catch2/catch.hpp>

#include "msnp/message.hpp"
#include "msnp/sb_session.hpp"
#include "tests/msnp/session_driver.hpp"
#include "tests/msnp/transcript.hpp"

using namespace testing_msnp;
using msnp::SbOutput;

namespace {

// The first server command named `name` on connection `who`.
msnp::Command server_command(const Transcript& t, std::string_view who, std::string_view name) {
  for (const auto& e : t.of(who)) {
    if (e.kind == Entry::Kind::server && e.line.rfind(std::string(name) + " ", 0) == 0) return commands(e.wire()).front();
  }
  FAIL("no " << name << " on " << who);
  return {};
}

struct SbReplay {
  msnp::SbSession session;
  Collected<SbOutput> got;
  std::uint64_t next_id = 1;

  // The API call that makes a well-behaved client send `expected` now.
  void act(const Entry& expected) {
    const auto c = commands(expected.wire(), msnp::Direction::client_to_server).front();
    if (c.name == "CAL") {
      got.take(session.invite(pp(c.arg(1))));
    } else if (c.name == "OUT") {
      got.take(session.leave());
    } else if (c.name == "MSG") {
      const auto content = msnp::classify(msnp::parse_mime(*c.payload));
      const auto ack = c.arg(1) == "A" ? msnp::AckMode::acknowledged : msnp::AckMode::negative;
      if (content.kind == msnp::ContentKind::typing) got.take(session.send_typing());
      if (content.kind == msnp::ContentKind::text) {
        got.take(session.send_text(msnp::MessageId{next_id++}, content.text, content.format, ack));
      }
    }
  }

  void run(const Transcript& t, std::string_view who) {
    got.take(session.start());
    for (const auto& e : t.of(who)) {
      INFO(std::string(who) << ": " << e.line);
      if (e.kind == Entry::Kind::client) {
        if (got.sent.empty()) act(e);
        REQUIRE_FALSE(got.sent.empty());
        CHECK(got.pop_sent() == e.wire());
      } else if (e.kind == Entry::Kind::server) {
        for (const auto& c : commands(e.wire())) got.take(session.on_command(c));
      }
    }
    CHECK(got.sent.empty());
  }
};

}  // namespace

TEST_CASE("SbSession replays alice's outgoing MSNP12 switchboard", "[msnp][sb][golden]") {
  const auto t = Transcript::load("msnp12.txt");
  const auto xfr = server_command(t, "alice/NS", "XFR");
  SbReplay r{msnp::SbSession::outgoing(msnp::SbConfig{pp("alice@example.com")}, xfr.args[4], {pp("bob@example.com")}),
             {}};
  // Queued before anyone joined: it must go out right after the first JOI.
  msnp::TextFormat f;
  f.font = "Segoe UI";
  f.charset = "1";
  r.got.take(r.session.send_text(msnp::MessageId{7}, "Hello Bob, this is MSNP12 speaking. Ünïcödé ✓", f));
  r.run(t, "alice/SB");

  CHECK(r.got.all<msnp::SwitchboardReady>().size() == 1);
  CHECK(r.got.all<msnp::ParticipantJoined>() ==
        std::vector<msnp::ParticipantJoined>{{pp("bob@example.com"), "bob@example.com", 0, false}});
  CHECK(r.got.all<msnp::MessageDelivered>() == std::vector<msnp::MessageDelivered>{{msnp::MessageId{7}}});
  CHECK(r.got.all<msnp::TypingReceived>() == std::vector<msnp::TypingReceived>{{pp("bob@example.com")}});
  const auto msgs = r.got.all<msnp::MessageReceived>();
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].text == "Hi Alice!");
  CHECK_FALSE(msgs[0].format);
  CHECK(r.got.all<msnp::ParticipantLeft>().size() == 1);
  CHECK(r.got.all<msnp::SwitchboardClosed>() ==
        std::vector<msnp::SwitchboardClosed>{{msnp::SbCloseReason::everyone_left, 0}});
}

TEST_CASE("SbSession replays bob's invited MSNP12 switchboard", "[msnp][sb][golden]") {
  const auto t = Transcript::load("msnp12.txt");
  const auto rng = server_command(t, "bob/NS", "RNG");
  msnp::SbConfig cfg{pp("bob@example.com")};
  cfg.text_ack = msnp::AckMode::negative;
  SbReplay r{msnp::SbSession::invited(cfg, rng.args[3], rng.args[0]), {}};
  r.run(t, "bob/SB");

  // Escargot's `JOI bob` (ourselves) is not a participant; alice came via IRO.
  CHECK(r.got.all<msnp::ParticipantJoined>() ==
        std::vector<msnp::ParticipantJoined>{{pp("alice@example.com"), "alice@example.com", 0, true}});
  const auto msgs = r.got.all<msnp::MessageReceived>();
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].from == pp("alice@example.com"));
  CHECK(msgs[0].text == "Hello Bob, this is MSNP12 speaking. Ünïcödé ✓");
  REQUIRE(msgs[0].format);
  CHECK(msgs[0].format->font == "Segoe UI");
  CHECK(r.got.all<msnp::MessageDelivered>().empty());   // ack N: the server never confirms
  CHECK(r.got.all<msnp::SwitchboardClosed>().back().reason == msnp::SbCloseReason::left);
}

TEST_CASE("SbSession replays the negative switchboard cases", "[msnp][sb][golden]") {
  const auto t = Transcript::load("negative.txt");
  const auto cookie = server_command(t, "alice/NS", "XFR").args[4];
  SECTION("bare 207 and 217 fail the invitations, the SB stays usable") {
    SbReplay r{msnp::SbSession::outgoing(msnp::SbConfig{pp("alice@example.com")}, cookie, {pp("nobody@example.com")}),
               {}};
    r.run(t, "alice/SB");
    const auto failed = r.got.all<msnp::InviteFailed>();
    REQUIRE(failed.size() == 2);
    CHECK(failed[0].passport == pp("nobody@example.com"));
    CHECK(failed[0].code == 207);
    CHECK(failed[1] == msnp::InviteFailed{pp("bob@example.com"), 217, "user offline or not accepting messages"});
    CHECK(r.session.state() == msnp::SbSession::State::ready);
  }
  SECTION("a used cookie gives 911") {
    SbReplay r{msnp::SbSession::outgoing(msnp::SbConfig{pp("alice@example.com")}, cookie, {pp("bob@example.com")}),
               {}};
    r.run(t, "alice/SB2");
    CHECK(r.got.all<msnp::SwitchboardClosed>() ==
          std::vector<msnp::SwitchboardClosed>{{msnp::SbCloseReason::auth_failed, 911}});
  }
}
