// Contact lists over MSNP12 (MSNP.md 4.3): SYN, ADC/REM, groups, nicknames, BLP/GTC.
#include <catch2/catch.hpp>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {
const std::string ts = "2000-01-01T00:00:00.0-00:00";

std::string after(const std::string& line, const std::string& prefix) {
  return line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : std::string{};
}
}  // namespace

TEST_CASE("SYN lists mutual contacts with GUIDs and the MSNP12 type field", "[server][lists]") {
  Fixture f;
  f.server.add_account("erin@example.com", "erinpass", "Erin E");
  REQUIRE(f.server.make_contacts("alice@example.com", "erin@example.com"));
  auto alice = f.login("alice@example.com", "alicepass");
  alice.send_line("SYN 5 0 0");
  CHECK(alice.line() == "SYN 5 " + ts + " " + ts + " 1 0");
  CHECK(alice.line() == "GTC A");
  CHECK(alice.line() == "BLP AL");
  CHECK(alice.line() == "PRP MFN alice@example.com");
  const auto lst = alice.line().value_or("");
  const auto guid = after(lst, "LST N=erin@example.com F=erin@example.com C=").substr(0, 36);
  CHECK(guid.size() == 36);
  CHECK(lst == "LST N=erin@example.com F=erin@example.com C=" + guid + " 11 1");
}

TEST_CASE("groups: ADG, ADC C= into a group, REG, RMG, REM from a group", "[server][lists]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  alice.send_line("ADC 5 FL N=bob@example.com F=bob@example.com");
  const auto guid = after(alice.line().value_or(""), "ADC 5 FL N=bob@example.com C=");
  REQUIRE(guid.size() == 36);
  alice.send_line("ADG 6 Best%20Friends 0");
  const auto adg = alice.line().value_or("");
  const auto group = after(adg, "ADG 6 Best%20Friends ").substr(0, 36);
  REQUIRE(group.size() == 36);
  CHECK(adg == "ADG 6 Best%20Friends " + group + " 0");
  alice.send_line("ADG 7 Best%20Friends 0");
  CHECK(alice.line() == "228 7");
  alice.send_line("ADC 8 FL C=" + guid + " " + group);
  CHECK(alice.line() == "ADC 8 FL C=" + guid + " " + group);
  alice.send_line("ADC 9 FL C=" + guid + " " + group);
  CHECK(alice.line() == "215 9");
  alice.send_line("ADC 10 FL C=" + guid + " 00000000-0000-0000-0000-000000000000");
  CHECK(alice.line() == "224 10");

  alice.send_line("SYN 11 0 0");
  CHECK(alice.line() == "SYN 11 " + ts + " " + ts + " 1 1");
  alice.line(), alice.line(), alice.line();
  CHECK(alice.line() == "LSG Best%20Friends " + group);
  CHECK(alice.line() == "LST N=bob@example.com F=bob@example.com C=" + guid + " 1 1 " + group);

  alice.send_line("REG 12 " + group + " Old%20Pals 0");
  CHECK(alice.line() == "REG 12 1 Old%20Pals " + group + " 0");
  alice.send_line("REM 13 FL " + guid + " " + group);
  CHECK(alice.line() == "REM 13 FL " + guid + " " + group);
  alice.send_line("REM 14 FL " + guid + " " + group);
  CHECK(alice.line() == "225 14");
  alice.send_line("RMG 15 " + group);
  CHECK(alice.line() == "RMG 15 1 " + group);
  alice.send_line("RMG 16 " + group);
  CHECK(alice.line() == "224 16");
}

TEST_CASE("ADC/REM errors and the RL notifications to the other side", "[server][lists]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  auto bob = f.login("bob@example.com", "bobpass");
  alice.send_line("ADC 5 FL N=nobody@example.com F=x");
  CHECK(alice.line() == "208 5");
  alice.send_line("ADC 6 AL N=not-an-address");
  CHECK(alice.line() == "201 6");
  alice.send_line("ADC 7 FL N=bob@example.com F=bob@example.com");
  const auto guid = after(alice.line().value_or(""), "ADC 7 FL N=bob@example.com C=");
  REQUIRE(guid.size() == 36);
  CHECK(bob.line() == "ADC 0 RL N=alice@example.com F=alice@example.com");
  alice.send_line("ADC 8 FL N=bob@example.com F=bob@example.com");
  CHECK(alice.line() == "215 8");
  alice.send_line("ADC 9 BL N=bob@example.com");
  CHECK(alice.line() == "ADC 9 BL N=bob@example.com");
  alice.send_line("ADC 10 AL N=bob@example.com");
  CHECK(alice.line() == "219 10");
  alice.send_line("REM 11 BL bob@example.com");
  CHECK(alice.line() == "REM 11 BL bob@example.com");
  alice.send_line("REM 12 BL bob@example.com");
  CHECK(alice.line() == "216 12");
  alice.send_line("REM 13 FL not-a-guid");
  CHECK(alice.line() == "403 13");
  alice.send_line("REM 14 FL " + guid);
  CHECK(alice.line() == "REM 14 FL " + guid);
  CHECK(bob.line() == "REM 0 RL alice@example.com");
  CHECK(f.server.list_bits("bob@example.com", "alice@example.com") == 0u);
  SECTION("editing RL closes the connection") {
    alice.send_line("ADC 15 RL N=bob@example.com");
    CHECK(alice.closed_by_peer());
  }
}

TEST_CASE("someone who added me while I was offline shows up with PL", "[server][lists]") {
  Fixture f;
  {
    auto alice = f.login("alice@example.com", "alicepass");
    alice.send_line("ADC 5 FL N=bob@example.com F=bob@example.com");
    CHECK(alice.line().value_or("").rfind("ADC 5 FL N=bob@example.com C=", 0) == 0);
  }
  auto bob = f.login("bob@example.com", "bobpass");
  bob.send_line("SYN 5 0 0");
  CHECK(bob.line() == "SYN 5 " + ts + " " + ts + " 1 0");
  bob.line(), bob.line(), bob.line();
  CHECK(bob.line() == "LST N=alice@example.com F=alice@example.com 16 1");
  bob.send_line("ADC 6 AL N=alice@example.com");  // accept
  CHECK(bob.line() == "ADC 6 AL N=alice@example.com");
  bob.send_line("SYN 7 0 0");
  bob.line(), bob.line(), bob.line(), bob.line();
  CHECK(bob.line() == "LST N=alice@example.com F=alice@example.com 10 1");
  CHECK(f.server.list_bits("bob@example.com", "alice@example.com") == 10u);  // AL + RL
}

TEST_CASE("PRP MFN, SBP, BLP and GTC are echoed and names reach contacts", "[server][lists]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(!line_starting(bob, "NLN NLN alice@example.com").empty());
  CHECK(bob.line() == "UBX alice@example.com 53");
  CHECK(bob.bytes(53));
  alice.send_line("PRP 7 MFN Alice%20Liddell");
  CHECK(line_starting(alice, "PRP 7") == "PRP 7 MFN Alice%20Liddell");
  CHECK(bob.line() == "NLN NLN alice@example.com Alice%20Liddell 1073741824 0");
  alice.send_line("PRP 8 MFN " + std::string(400, 'x'));
  CHECK(alice.line() == "209 8");
  alice.send_line("GTC 9 A");
  CHECK(alice.line() == "218 9");
  alice.send_line("GTC 10 N");
  CHECK(alice.line() == "GTC 10 N");
  alice.send_line("SYN 11 0 0");
  alice.line();
  CHECK(alice.line() == "GTC N");
  alice.line(), alice.line();
  const auto lst = alice.line().value_or("");
  const auto guid = lst.substr(lst.find("C=") + 2, 36);
  alice.send_line("SBP 12 " + guid + " MFN Bobby");
  CHECK(alice.line() == "SBP 12 " + guid + " MFN Bobby");
  alice.send_line("SYN 13 0 0");
  for (int i = 0; i < 4; ++i) alice.line();
  CHECK(alice.line() == "LST N=bob@example.com F=Bobby C=" + guid + " 11 1");
  alice.send_line("BLP 14 BL");
  CHECK(alice.line() == "BLP 14 BL");
  // bob is on alice's AL, so he still sees her
  CHECK(bob.line() == "NLN NLN alice@example.com Alice%20Liddell 1073741824 0");
}

TEST_CASE("MSNP11 LST lines have no type field", "[server][lists]") {
  Fixture f;
  REQUIRE(f.server.make_contacts("alice@example.com", "bob@example.com"));
  RawClient c(f.ports.ns);
  c.send_line("VER 1 MSNP11 CVR0");
  REQUIRE(c.line() == "VER 1 MSNP11");
  c.send_line("USR 2 TWN I alice@example.com");
  REQUIRE(c.line().value_or("").rfind("USR 2 TWN S ", 0) == 0);
  c.send_line("USR 3 TWN S " + f.ticket("alice@example.com", "alicepass"));
  REQUIRE(c.line() == "USR 3 OK alice@example.com 1 0");
  c.send_line("SYN 4 0 0");
  for (int i = 0; i < 4; ++i) c.line();
  const auto lst = c.line().value_or("");
  CHECK(lst.rfind("LST N=bob@example.com F=bob@example.com C=", 0) == 0);
  CHECK(lst.substr(lst.size() - 3) == " 11");
}
