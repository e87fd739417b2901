// Bad network input never takes the server down: garbage on every port, then a normal
// login still works (run under ASan/UBSan with MSNGATE_SANITIZE=ON).
#include <catch2/catch.hpp>

#include <random>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

TEST_CASE("garbage on the NS, SB and HTTP ports is survived", "[server][robustness]") {
  Fixture f;
  std::mt19937 rng(1863);
  const std::vector<std::string> crafted = {
      std::string(20000, 'A'),                       // no CRLF within the line limit
      "MSG 1 A 99999999999999999999\r\n",            // absurd length
      "UUX 1 -5\r\n", "\r\n\r\n", "VER\r\n", "VER x MSNP12\r\n", "USR\r\nCAL\r\nANS 1\r\n",
      "VER 1 MSNP12 CVR0\r\nCVR 2\r\n",               // short CVR
      "VER 1 MSNP12 CVR0\r\nUSR 2 TWN S\r\nUSR 3 TWN\r\nUSR 4\r\n",
      std::string("\0\xff\xfe\r\n", 5),
  };
  for (std::uint16_t port : {f.ports.ns, f.ports.sb}) {
    for (const auto& input : crafted) {
      RawClient c(port);
      c.send(input);
      c.closed_by_peer(500ms);
    }
    for (int round = 0; round < 20; ++round) {
      std::string junk(1 + rng() % 3000, '\0');
      for (auto& ch : junk) ch = static_cast<char>(rng() % 4 == 0 ? '\n' : rng() % 256);
      RawClient c(port);
      c.send(junk);
      c.closed_by_peer(200ms);
    }
  }
  for (const auto& input : {std::string("GARBAGE\r\n\r\n"), std::string(40000, 'x'), std::string("GET / HTTP/9.9\r\n\r\n")}) {
    RawClient c(f.ports.http);
    c.send(input);
    c.closed_by_peer(1000ms);
  }
  // A logged-in session that sends junk is cut off; others are unaffected.
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  {
    auto alice = f.online("alice@example.com", "alicepass");
    alice.send("ADC 9 FL\r\nREM\r\nSBP 1\r\nPRP\r\nADG\r\nREG 1\r\nRMG\r\nXFR\r\nCHG\r\n");
    alice.send("QRY 1 x 3\r\nabc");
    CHECK(alice.closed_by_peer());
  }
  auto carol = f.login("carol@example.com", "carolpass");
  carol.send_line("PNG");
  CHECK(carol.line() == "QNG 60");
  bob.send_line("PNG");
  CHECK(line_starting(bob, "QNG") == "QNG 60");
}
