// Measurements, not checks of behaviour: hidden from the default run ([.bench]). Run with
//   build-net/tests/msnp_net/msnp_net_e2e_tests "[.bench]"
// Numbers depend on the build (ASan makes everything several times slower).
#include "msnp/net/auth/nexus_ticket_provider.hpp"
#include "tests/msnp_net/test_user.hpp"
#include "tests/msnp_server/test_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using namespace msnp;
using namespace msnp::net;
using namespace msnp_net_test;
using namespace std::chrono_literals;
using Ms = std::chrono::duration<double, std::milli>;

TEST_CASE("bench: concurrent logins and switchboard round trips", "[.bench][msnp_net]") {
  boost::asio::io_context io;
  msnp_server::TestServer server;
  const auto ports = server.start();
  PassportSettings ps;
  ps.nexus_url = server.nexus_url();
  ps.allow_plain_http = true;
  auto tickets = std::make_shared<NexusTicketProvider>(io, ps);
  constexpr int kUsers = 50;
  std::vector<std::unique_ptr<TestUser>> users;
  for (int i = 0; i < kUsers; ++i) {
    const auto name = "user" + std::to_string(i) + "@example.com";
    server.add_account(name, "pw" + std::to_string(i));
    users.push_back(std::make_unique<TestUser>(io, name, "pw" + std::to_string(i), ports.ns, tickets));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (auto& u : users) u->login();
  REQUIRE(pump_until(io, [&] {
    return std::all_of(users.begin(), users.end(), [](auto& u) { return !u->template all<ListSynced>().empty(); });
  }, 60s));
  const Ms login_all = std::chrono::steady_clock::now() - t0;

  server.make_contacts("user0@example.com", "user1@example.com");
  auto& a = *users[0];
  auto& b = *users[1];
  for (auto* u : {&a, &b}) {
    u->request([](NsSession& s) { return s.set_presence(Status::online); });
    REQUIRE(pump_until(io, [&] { return !u->all<OwnPresenceChanged>().empty(); }));
  }
  const auto tag = a.open_conversation({"user1@example.com"});
  REQUIRE(pump_until(io, [&] { return a.by_tag.count(tag) && !a.by_tag[tag]->all<ParticipantJoined>().empty(); }));
  auto& a_sb = *a.by_tag[tag];
  REQUIRE(pump_until(io, [&] { return !b.switchboards.empty() && !b.switchboards[0]->all<SwitchboardReady>().empty(); }));
  auto& b_sb = *b.switchboards[0];
  constexpr int kRounds = 200;
  std::vector<double> rtts;
  for (int i = 0; i < kRounds; ++i) {
    const auto s0 = std::chrono::steady_clock::now();
    a_sb.conn->request([i](SbSession& s) { return s.send_text(MessageId{std::uint64_t(i)}, "ping " + std::to_string(i)); });
    REQUIRE(pump_until(io, [&] { return b_sb.all<MessageReceived>().size() == std::size_t(i) + 1; }));
    b_sb.conn->request([i](SbSession& s) { return s.send_text(MessageId{std::uint64_t(i)}, "pong"); });
    REQUIRE(pump_until(io, [&] { return a_sb.all<MessageReceived>().size() == std::size_t(i) + 1; }));
    rtts.push_back(Ms(std::chrono::steady_clock::now() - s0).count());
  }
  std::sort(rtts.begin(), rtts.end());
  std::printf("bench: %d concurrent logins (Nexus+login HTTP, VER..SYN) in %.1f ms\n", kUsers, login_all.count());
  std::printf("bench: SB message round trip over %d rounds: median %.3f ms, p95 %.3f ms, max %.3f ms\n", kRounds,
              rtts[rtts.size() / 2], rtts[rtts.size() * 95 / 100], rtts.back());
}
