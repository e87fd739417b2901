// Golden replay of transcripts/msnp12.txt (copied to tests/msnp_server/transcripts/):
// the client lines of alice and bob are sent as recorded, and the server must answer
// with the recorded lines, byte for byte, except tokens, cookies and GUIDs.
#include <catch2/catch.hpp>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {

const std::string ubx_empty = "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>";
const std::string alice_hello =
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    "X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\n"
    "Hello Bob, this is MSNP12 speaking. \xC3\x9Cn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xE2\x9C\x93";
const std::string bob_typing =
    "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: bob@example.com\r\n\r\n\r\n";
const std::string bob_hi = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHi Alice!";

// `line` must be `prefix` + a token of `size` characters from `alphabet` + `suffix`;
// returns the token (cookies, GUIDs, session ids vary from run to run).
std::string token_in(const std::optional<std::string>& line, const std::string& prefix, std::size_t size,
                     const std::string& suffix = "") {
  const std::string l = line.value_or("<none>");
  const bool shape = l.size() == prefix.size() + size + suffix.size() && l.rfind(prefix, 0) == 0 &&
                     l.compare(prefix.size() + size, std::string::npos, suffix) == 0;
  const std::string token = shape ? l.substr(prefix.size(), size) : std::string{};
  const bool chars = !token.empty() && token.find_first_not_of("0123456789abcdef-") == std::string::npos;
  if (!shape || !chars) {
    FAIL_CHECK("line '" << l << "' is not '" << prefix << "<" << size << " chars>" << suffix << "'");
    return {};
  }
  return token;
}

}  // namespace

TEST_CASE("msnp12.txt: alice and bob log in, add each other, chat and leave", "[server][golden]") {
  Fixture f;
  REQUIRE(alice_hello.size() == 168);
  REQUIRE(bob_typing.size() == 88);
  REQUIRE(bob_hi.size() == 71);

  auto alice = f.login("alice@example.com", "alicepass");
  auto bob = f.login("bob@example.com", "bobpass");

  alice.send_line("SYN 5 0 0");
  CHECK(alice.line() == "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 0 0");
  CHECK(alice.line() == "GTC A");
  CHECK(alice.line() == "BLP AL");
  CHECK(alice.line() == "PRP MFN alice@example.com");
  bob.send_line("SYN 5 0 0");
  CHECK(bob.line() == "SYN 5 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 0 0");
  CHECK(bob.line() == "GTC A");
  CHECK(bob.line() == "BLP AL");
  CHECK(bob.line() == "PRP MFN bob@example.com");

  alice.send_line("ADC 6 FL N=bob@example.com F=bob@example.com");
  token_in(alice.line(), "ADC 6 FL N=bob@example.com C=", 36);
  alice.send_line("ADC 7 AL N=bob@example.com");
  CHECK(alice.line() == "ADC 7 AL N=bob@example.com");
  CHECK(bob.line() == "ADC 0 RL N=alice@example.com F=alice@example.com");
  bob.send_line("ADC 6 FL N=alice@example.com F=alice@example.com");
  token_in(bob.line(), "ADC 6 FL N=alice@example.com C=", 36);
  bob.send_line("ADC 7 AL N=alice@example.com");
  CHECK(bob.line() == "ADC 7 AL N=alice@example.com");
  CHECK(alice.line() == "ADC 0 RL N=bob@example.com F=bob@example.com");

  alice.send_line("CHG 8 NLN 1073741824 0");
  CHECK(alice.line() == "CHG 8 NLN 1073741824 0");
  CHECK(bob.quiet_for(100ms));  // no presence before bob's own first CHG (MSNP.md 10.4)
  bob.send_line("CHG 8 NLN 1073741824 0");
  CHECK(bob.line() == "NLN NLN alice@example.com alice@example.com 1073741824 0");
  CHECK(bob.line() == "UBX alice@example.com 53");
  CHECK(bob.bytes(53) == ubx_empty);
  CHECK(bob.line() == "CHG 8 NLN 1073741824 0");
  CHECK(bob.line() == "ILN 8 NLN alice@example.com alice@example.com 1073741824 0");
  CHECK(bob.line() == "UBX alice@example.com 53");
  CHECK(bob.bytes(53) == ubx_empty);
  CHECK(alice.line() == "NLN NLN bob@example.com bob@example.com 1073741824 0");
  CHECK(alice.line() == "UBX bob@example.com 53");
  CHECK(alice.bytes(53) == ubx_empty);

  alice.send_line("XFR 9 SB");
  const auto sb_addr = "127.0.0.1:" + std::to_string(f.ports.sb);
  const auto cookie = token_in(alice.line(), "XFR 9 SB " + sb_addr + " CKI ", 20);

  RawClient alice_sb(f.ports.sb);
  alice_sb.send_line("USR 1 alice@example.com " + cookie);
  CHECK(alice_sb.line() == "USR 1 OK alice@example.com alice@example.com");
  alice_sb.send_line("CAL 2 bob@example.com");
  const auto session = token_in(alice_sb.line(), "CAL 2 RINGING ", 36);
  const auto bob_cookie =
      token_in(bob.line(), "RNG " + session + " " + sb_addr + " CKI ", 20, " alice@example.com alice@example.com");

  RawClient bob_sb(f.ports.sb);
  bob_sb.send_line("ANS 1 bob@example.com " + bob_cookie + " " + session);
  CHECK(bob_sb.line() == "JOI bob@example.com bob@example.com");
  CHECK(bob_sb.line() == "IRO 1 1 1 alice@example.com alice@example.com");
  CHECK(bob_sb.line() == "ANS 1 OK");
  CHECK(alice_sb.line() == "JOI bob@example.com bob@example.com");

  alice_sb.send("MSG 3 A 168\r\n" + alice_hello);
  CHECK(bob_sb.line() == "MSG alice@example.com alice@example.com 168");
  CHECK(bob_sb.bytes(168) == alice_hello);
  CHECK(alice_sb.line() == "ACK 3");
  bob_sb.send("MSG 2 U 88\r\n" + bob_typing);
  bob_sb.send("MSG 3 N 71\r\n" + bob_hi);
  CHECK(alice_sb.line() == "MSG bob@example.com bob@example.com 88");
  CHECK(alice_sb.bytes(88) == bob_typing);
  CHECK(alice_sb.line() == "MSG bob@example.com bob@example.com 71");
  CHECK(alice_sb.bytes(71) == bob_hi);
  CHECK(bob_sb.quiet_for(100ms));  // U and N get no ACK

  bob_sb.send_line("OUT");
  CHECK(bob_sb.closed_by_peer());
  CHECK(alice_sb.line() == "BYE bob@example.com");
  alice_sb.send_line("OUT");
  CHECK(alice_sb.closed_by_peer());

  bob.send_line("CHG 9 HDN 0");
  CHECK(bob.line() == "CHG 9 HDN 0");
  CHECK(alice.line() == "FLN bob@example.com");
  bob.send_line("OUT");
  CHECK(bob.closed_by_peer());
  CHECK(alice.line() == "FLN bob@example.com");  // Escargot repeats FLN on logout
  alice.send_line("OUT");
  CHECK(alice.closed_by_peer());
}
