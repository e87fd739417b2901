// Presence (MSNP.md 5, 10.4): first-CHG rules, XFR 913, UUX/UBX, HDN, BL, virtual users.
#include <catch2/catch.hpp>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {
const std::string ubx_empty = "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>";
}

TEST_CASE("XFR SB is refused with 913 before the first CHG and while HDN", "[server][presence]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  alice.send_line("XFR 5 SB");
  CHECK(alice.line() == "913 5");
  alice.send_line("CHG 6 HDN 0");
  CHECK(alice.line() == "CHG 6 HDN 0");
  alice.send_line("XFR 7 SB");
  CHECK(alice.line() == "913 7");
  alice.send_line("CHG 8 AWY 0");
  CHECK(alice.line() == "CHG 8 AWY 0");
  alice.send_line("XFR 9 SB");
  CHECK(alice.line().value_or("").rfind("XFR 9 SB 127.0.0.1:", 0) == 0);
  alice.send_line("XFR 10 NS");
  CHECK(alice.line() == "201 10");
}

TEST_CASE("CHG FLN is 201, CHG without caps gets no answer at all", "[server][presence]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  alice.send_line("CHG 5 FLN 0");
  CHECK(alice.line() == "201 5");
  alice.send_line("CHG 6 NLN");
  CHECK(alice.quiet_for(150ms));
  CHECK(f.server.status_of("alice@example.com") == "FLN");
  alice.send_line("CHG 7 XYZ 0");
  CHECK(alice.closed_by_peer());
}

TEST_CASE("UUX is answered UUX trid 0 and reaches watchers as UBX", "[server][presence]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(!line_starting(bob, "NLN NLN alice@example.com").empty());
  CHECK(bob.line() == "UBX alice@example.com 53");
  CHECK(bob.bytes(53) == ubx_empty);
  const std::string psm = "<Data><PSM>tea &amp; cake</PSM><CurrentMedia>\\0Music\\01\\0{0}\\0Song\\0\\0</CurrentMedia></Data>";
  alice.send("UUX 7 " + std::to_string(psm.size()) + "\r\n" + psm);
  CHECK(line_starting(alice, "UUX 7") == "UUX 7 0");
  const auto head = bob.line().value_or("");
  CHECK(head == "UBX alice@example.com " + std::to_string(psm.size()));
  CHECK(bob.payload_of(head) == psm);
  SECTION("an online contact is announced with ILN on a later first CHG") {
    auto carol_view = f.login("carol@example.com", "carolpass");
    carol_view.send_line("ADC 5 FL N=alice@example.com F=alice@example.com");
    CHECK(carol_view.line().value_or("").rfind("ADC 5 FL N=alice@example.com C=", 0) == 0);
    CHECK(alice.line() == "ADC 0 RL N=carol@example.com F=carol@example.com");
    carol_view.send_line("CHG 6 NLN 0");
    CHECK(carol_view.line() == "NLN NLN alice@example.com alice@example.com 1073741824 0");
    const auto ubx_head = carol_view.line().value_or("");
    CHECK(ubx_head == "UBX alice@example.com " + std::to_string(psm.size()));
    CHECK(carol_view.payload_of(ubx_head) == psm);
    CHECK(carol_view.line() == "CHG 6 NLN 0");
    CHECK(carol_view.line() == "ILN 6 NLN alice@example.com alice@example.com 1073741824 0");
  }
}

TEST_CASE("status changes, HDN and logout reach watchers as NLN and FLN", "[server][presence]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(!line_starting(bob, "UBX alice@example.com").empty());
  bob.bytes(53);
  alice.send_line("CHG 7 AWY 1073741824 0");
  CHECK(bob.line() == "NLN AWY alice@example.com alice@example.com 1073741824 0");
  CHECK(bob.quiet_for(100ms));  // a status change is NLN only, no UBX
  alice.send_line("CHG 8 HDN 0");
  CHECK(bob.line() == "FLN alice@example.com");
  alice.send_line("CHG 9 BSY 0");
  CHECK(bob.line() == "NLN BSY alice@example.com alice@example.com 0 0");
  CHECK(bob.line() == "UBX alice@example.com 53");
  bob.bytes(53);
  alice.close();
  CHECK(bob.line() == "FLN alice@example.com");
  CHECK(f.server.status_of("alice@example.com") == "FLN");
}

TEST_CASE("blocking hides presence, unblocking shows it again", "[server][presence]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(!line_starting(bob, "UBX alice@example.com").empty());
  bob.bytes(53);
  CHECK(!line_starting(alice, "ILN 6 NLN bob@example.com").empty());
  CHECK(alice.bytes(std::string("UBX bob@example.com 53\r\n").size() + 53));
  alice.send_line("ADC 7 BL N=bob@example.com");
  CHECK(alice.line() == "219 7");  // bob is on AL: remove him first
  alice.send_line("REM 8 AL bob@example.com");
  CHECK(alice.line() == "REM 8 AL bob@example.com");
  // BLP AL: bob may still see alice, and is told so again
  CHECK(bob.line() == "NLN NLN alice@example.com alice@example.com 1073741824 0");
  CHECK(bob.line() == "UBX alice@example.com 53");
  bob.bytes(53);
  alice.send_line("ADC 9 BL N=bob@example.com");
  CHECK(alice.line() == "ADC 9 BL N=bob@example.com");
  CHECK(bob.line() == "FLN alice@example.com");
  // A blocked contact cannot invite alice either.
  bob.send_line("XFR 7 SB");
  auto xfr = line_starting(bob, "XFR 7 SB");
  RawClient sb(f.ports.sb);
  sb.send_line("USR 1 bob@example.com " + xfr.substr(xfr.rfind(' ') + 1));
  CHECK(sb.line() == "USR 1 OK bob@example.com bob@example.com");
  sb.send_line("CAL 2 alice@example.com");
  CHECK(sb.line() == "217 2");
  alice.send_line("REM 10 BL bob@example.com");
  CHECK(alice.line() == "REM 10 BL bob@example.com");
  CHECK(bob.line() == "NLN NLN alice@example.com alice@example.com 1073741824 0");
}

TEST_CASE("set_presence puts an unconnected account online for its watchers", "[server][presence]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "carol@example.com");
  auto alice = f.online("alice@example.com", "alicepass");
  f.server.set_presence("carol@example.com", "BRB", 268435456, "back <soon>");
  const std::string ubx = "<Data><PSM>back &lt;soon&gt;</PSM><CurrentMedia></CurrentMedia></Data>";
  CHECK(alice.line() == "NLN BRB carol@example.com carol@example.com 268435456 0");
  CHECK(alice.line() == "UBX carol@example.com " + std::to_string(ubx.size()));
  CHECK(alice.bytes(ubx.size()) == ubx);
  f.server.set_presence("carol@example.com", "FLN");
  CHECK(alice.line() == "FLN carol@example.com");
}
