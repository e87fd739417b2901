// Golden transcript test (issue 3): feed the server lines of a recorded Escargot
// session into NsSession and check that the client lines it emits are exactly the
// transcript's. Requests the recorded client made on its own initiative (ADC,
// CHG, XFR, OUT, PNG) are issued through the public API when the transcript shows
// them; tickets come from the recorded Passport exchange.
#include <catch2/catch.hpp>

#include "msnp/ns_session.hpp"
#include "tests/msnp/session_driver.hpp"
#include "tests/msnp/transcript.hpp"

using namespace testing_msnp;
using msnp::NsOutput;

namespace {

struct Replay {
  msnp::NsSession session;
  Collected<NsOutput> got;
  msnp::Clock::time_point clock{};
  std::uint64_t next_tag = 42;

  // The API call that makes a well-behaved client send `expected`.
  void act(const Entry& expected) {
    const auto c = commands(expected.wire(), msnp::Direction::client_to_server).front();
    if (c.name == "ADC" && c.arg(1) == "FL") {
      std::string_view n = c.arg(2), f = c.arg(3);
      got.take(session.add_contact(pp(n.substr(2)), f.substr(2)));
    } else if (c.name == "CHG") {
      got.take(session.set_presence(*msnp::parse_status(c.arg(1))));
    } else if (c.name == "XFR") {
      got.take(session.request_switchboard(next_tag));
    } else if (c.name == "OUT") {
      got.take(session.logout());
    } else if (c.name == "PNG") {
      got.take(session.on_tick(clock));
      clock += std::chrono::seconds(50);
      got.take(session.on_tick(clock));
    }
  }

  void run(const Transcript& t, std::string_view who) {
    got.take(session.start());
    std::string ticket;
    for (const auto& e : t.of(who)) {
      INFO(std::string(who) << ": " << e.line);
      if (e.kind == Entry::Kind::other) {
        const auto at = e.line.find("from-PP='");
        if (e.line.rfind("HTTP< 200", 0) == 0 && at != std::string::npos) {
          const auto from = at + 9;
          REQUIRE(!got.all<msnp::NeedTicket>().empty());
          got.take(session.on_ticket(e.line.substr(from, e.line.find('\'', from) - from)));
        }
      } else if (e.kind == Entry::Kind::client) {
        if (got.sent.empty()) act(e);
        REQUIRE_FALSE(got.sent.empty());
        CHECK(got.pop_sent() == e.wire());
      } else {
        for (const auto& c : commands(e.wire())) got.take(session.on_command(c));
      }
    }
    CHECK(got.sent.empty());
  }
};

msnp::NsConfig config_for(std::string_view account) {
  msnp::NsConfig cfg{pp(account)};
  cfg.capabilities = 1073741824;
  return cfg;
}

}  // namespace

TEST_CASE("NsSession replays alice's MSNP12 session byte for byte", "[msnp][ns][golden]") {
  const auto t = Transcript::load("msnp12.txt");
  Replay r{msnp::NsSession{config_for("alice@example.com")}, {}};
  r.run(t, "alice/NS");

  CHECK(r.got.all<msnp::NeedTicket>().front().challenge == "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  CHECK(r.got.all<msnp::LoggedIn>() == std::vector<msnp::LoggedIn>{{pp("alice@example.com"), true}});
  CHECK(r.got.all<msnp::ListSynced>() == std::vector<msnp::ListSynced>{{0, 0}});
  CHECK(r.got.all<msnp::OwnNameChanged>().front().name == "alice@example.com");
  const auto added = r.got.all<msnp::ContactAdded>();
  REQUIRE(added.size() == 2);
  CHECK(added[0].list == msnp::List::forward);
  CHECK(added[0].guid == "342c195b-67e2-43ab-bf07-43685a992cbe");
  CHECK(added[1].list == msnp::List::allow);
  const auto presence = r.got.all<msnp::ContactPresence>();
  REQUIRE(presence.size() == 3);
  CHECK(presence[0] == msnp::ContactPresence{pp("bob@example.com"), msnp::Status::online, "bob@example.com",
                                             1073741824, "", false});
  CHECK(presence[1].status == msnp::Status::offline);
  CHECK(r.got.all<msnp::PersonalMessage>().front().passport == pp("bob@example.com"));
  const auto sb = r.got.all<msnp::SwitchboardGranted>();
  CHECK(sb == std::vector<msnp::SwitchboardGranted>{{42, "127.0.0.1", 1864, "31f9b82d005ac035ebcd"}});
  CHECK(r.got.all<msnp::Disconnected>().back().reason == msnp::DisconnectReason::logged_out);
  CHECK(r.session.state() == msnp::NsSession::State::closed);
}

TEST_CASE("NsSession replays bob's MSNP12 session byte for byte", "[msnp][ns][golden]") {
  const auto t = Transcript::load("msnp12.txt");
  Replay r{msnp::NsSession{config_for("bob@example.com")}, {}};
  r.run(t, "bob/NS");

  const auto added = r.got.all<msnp::ContactAdded>();
  REQUIRE(added.size() == 3);
  CHECK(added[0] == msnp::ContactAdded{msnp::List::reverse, pp("alice@example.com"), "alice@example.com", "", "", true});
  const auto presence = r.got.all<msnp::ContactPresence>();
  REQUIRE(presence.size() == 2);
  CHECK_FALSE(presence[0].initial);
  CHECK(presence[1].initial);   // ILN 8: the reply to our first CHG
  CHECK(r.got.all<msnp::OwnPresenceChanged>().front().status == msnp::Status::online);
  const auto rng = r.got.all<msnp::SwitchboardInvite>();
  REQUIRE(rng.size() == 1);
  CHECK(rng[0] == msnp::SwitchboardInvite{"6865df8c-a26b-4e8e-a961-5993528d2ad6", "127.0.0.1", 1864,
                                          "60fde76648b09ce40d03", pp("alice@example.com"), "alice@example.com"});
}

TEST_CASE("NsSession replays the negative transcript's NS session", "[msnp][ns][golden]") {
  const auto t = Transcript::load("negative.txt");
  auto cfg = config_for("alice@example.com");
  cfg.capabilities = 0;
  cfg.sync_on_login = false;
  Replay r{msnp::NsSession{cfg}, {}};
  r.run(t, "alice/NS");
  CHECK(r.got.all<msnp::SwitchboardGranted>().front().cookie == "cbb4c426ae8a74766d25");
}
