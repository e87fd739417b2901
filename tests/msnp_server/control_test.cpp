// The control API: messages as another user, the echo bot, CHL/QRY, dropping and
// cutting connections, OUT SSD and restart on the same ports.
#include <catch2/catch.hpp>

#include "tests/msnp_server/challenge.hpp"
#include "tests/msnp_server/control_channel.hpp"
#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {

// Answers the RNG on `ns` and returns the joined SB connection (JOI/IRO/ANS OK consumed).
RawClient answer_ring(Fixture& f, RawClient& ns, const std::string& me, const std::string& inviter) {
  const auto rng = line_starting(ns, "RNG ");
  REQUIRE(!rng.empty());
  const auto session = rng.substr(4, 36);
  const auto after_cki = rng.substr(rng.find(" CKI ") + 5);
  const auto cookie = after_cki.substr(0, after_cki.find(' '));
  CHECK(after_cki.substr(cookie.size()) == " " + inviter + " " + inviter);
  RawClient sb(f.ports.sb);
  sb.send_line("ANS 1 " + me + " " + cookie + " " + session);
  REQUIRE(sb.line() == "JOI " + me + " " + me);
  REQUIRE(sb.line() == "IRO 1 1 1 " + inviter + " " + inviter);
  REQUIRE(sb.line() == "ANS 1 OK");
  return sb;
}

}  // namespace

TEST_CASE("send_message rings the recipient and delivers after ANS", "[server][control]") {
  Fixture f;
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(f.server.send_message("bob@example.com", "nobody@example.com", "x").empty());
  const auto id = f.server.send_message("bob@example.com", "alice@example.com", "hi from bob");
  CHECK(id.size() == 36);
  auto sb = answer_ring(f, alice, "alice@example.com", "bob@example.com");
  const auto head = sb.line().value_or("");
  CHECK(head.rfind("MSG bob@example.com bob@example.com ", 0) == 0);
  const auto payload = sb.payload_of(head).value_or("");
  CHECK(payload.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
  CHECK(payload.substr(payload.size() - 11) == "hi from bob");
  sb.send_line("OUT");
  CHECK(sb.closed_by_peer());
  CHECK(f.server.switchboard_count() == 0);
}

TEST_CASE("the echo bot answers CAL and echoes text, typing and nudges", "[server][control]") {
  Fixture f;
  f.server.add_echo_bot("echo@example.com");
  f.server.make_contacts("alice@example.com", "echo@example.com");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(line_starting(alice, "ILN 6 NLN echo@example.com") ==
        "ILN 6 NLN echo@example.com Echo%20Bot 1073741824 0");
  alice.send_line("XFR 7 SB");
  const auto xfr = line_starting(alice, "XFR 7 SB");
  RawClient sb(f.ports.sb);
  sb.send_line("USR 1 alice@example.com " + xfr.substr(xfr.rfind(' ') + 1));
  CHECK(sb.line() == "USR 1 OK alice@example.com alice@example.com");
  sb.send_line("CAL 2 echo@example.com");
  CHECK(sb.line().value_or("").rfind("CAL 2 RINGING ", 0) == 0);
  CHECK(sb.line() == "JOI echo@example.com Echo%20Bot");
  const std::string text = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nping \xE2\x9C\x93";
  sb.send("MSG 3 A " + std::to_string(text.size()) + "\r\n" + text);
  CHECK(sb.line() == "ACK 3");
  CHECK(sb.line() == "MSG echo@example.com Echo%20Bot " + std::to_string(text.size()));
  CHECK(sb.bytes(text.size()) == text);
  const std::string typing =
      "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: alice@example.com\r\n\r\n\r\n";
  sb.send("MSG 4 U " + std::to_string(typing.size()) + "\r\n" + typing);
  const auto echoed_typing = sb.payload_of(sb.line().value_or("x 0")).value_or("");
  CHECK(echoed_typing.find("TypingUser: echo@example.com\r\n") != std::string::npos);
  const std::string nudge = "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";
  sb.send("MSG 5 N " + std::to_string(nudge.size()) + "\r\n" + nudge);
  CHECK(sb.payload_of(sb.line().value_or("x 0")) == nudge);
  const std::string unknown = "MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: x\r\n";
  sb.send("MSG 6 U " + std::to_string(unknown.size()) + "\r\n" + unknown);
  CHECK(sb.quiet_for(150ms));
}

TEST_CASE("CHL: a right QRY answer is acknowledged, a wrong one gets 540 and a close", "[server][control]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  CHECK_FALSE(f.server.send_challenge("bob@example.com"));
  const auto chl = f.server.send_challenge("alice@example.com");
  REQUIRE(chl);
  CHECK(chl->size() == 20);
  CHECK(alice.line() == "CHL 0 " + *chl);
  const std::string id = "PROD0101{0RM?UBW";
  SECTION("right") {
    const auto answer = msnp_server::msnp11_challenge_answer(*chl, id, *msnp_server::product_key_for(id));
    alice.send("QRY 5 " + id + " 32\r\n" + answer);
    CHECK(alice.line() == "QRY 5");
    alice.send_line("PNG");
    CHECK(alice.line() == "QNG 60");
  }
  SECTION("wrong") {
    alice.send("QRY 5 " + id + " 32\r\n" + std::string(32, '0'));
    CHECK(alice.line() == "540 5");
    CHECK(alice.closed_by_peer());
  }
  SECTION("answer computed with another product's key") {
    const auto answer = msnp_server::msnp11_challenge_answer(*chl, id, "YMM8C_H7KCQ2S_KL");
    alice.send("QRY 5 " + id + " 32\r\n" + answer);
    CHECK(alice.line() == "540 5");
  }
}

TEST_CASE("drop_user, drop_switchboards and cut_mid_payload", "[server][control]") {
  Fixture f;
  f.server.make_contacts("alice@example.com", "bob@example.com");
  auto bob = f.online("bob@example.com", "bobpass");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(!line_starting(bob, "UBX alice@example.com").empty());
  bob.bytes(53);
  SECTION("drop") {
    f.server.send_message("bob@example.com", "alice@example.com", "x");
    auto sb = answer_ring(f, alice, "alice@example.com", "bob@example.com");
    CHECK(f.server.drop_user("alice@example.com"));
    CHECK(alice.closed_by_peer());
    CHECK(sb.closed_by_peer());
    CHECK(bob.line() == "FLN alice@example.com");
    CHECK_FALSE(f.server.drop_user("alice@example.com"));
  }
  SECTION("drop switchboards") {
    f.server.send_message("bob@example.com", "alice@example.com", "x");
    auto sb = answer_ring(f, alice, "alice@example.com", "bob@example.com");
    CHECK(f.server.drop_switchboards("alice@example.com") == 1);
    CHECK(sb.closed_by_peer());
    alice.send_line("PNG");
    CHECK(line_starting(alice, "QNG") == "QNG 60");  // the NS connection stays up
  }
  SECTION("garbage") {
    CHECK(f.server.send_garbage("alice@example.com", 100000));
    const std::string head = "\xff\xfe\x01 not MSNP ";
    std::string before;  // lines the login left unread, then the junk's head
    while (before.size() < 4096 && before.find(head) == std::string::npos) {
      const auto b = alice.bytes(1);
      REQUIRE(b);
      before += *b;
    }
    REQUIRE(before.find(head) != std::string::npos);
    const auto junk = alice.bytes(100000 - head.size());
    REQUIRE(junk);
    CHECK(junk->find_first_not_of('A') == std::string::npos);  // one line that never ends
    alice.send_line("PNG");
    CHECK(line_starting(alice, "QNG") == "QNG 60");  // left open
    CHECK_FALSE(f.server.send_garbage("nobody@example.com", 10));
  }
  SECTION("cut mid-payload") {
    CHECK(f.server.cut_mid_payload("alice@example.com"));
    const auto head = line_starting(alice, "UBX alice@example.com ");
    CHECK(head == "UBX alice@example.com 53");
    CHECK_FALSE(alice.bytes(53, 1000ms));  // only half of it comes, then EOF
    CHECK(alice.closed_by_peer());
  }
}

TEST_CASE("stop sends OUT SSD, restart listens on the same ports", "[server][control]") {
  Fixture f;
  auto alice = f.online("alice@example.com", "alicepass");
  const auto before = f.ports;
  f.server.stop();
  CHECK(line_starting(alice, "OUT") == "OUT SSD");
  CHECK(alice.closed_by_peer());
  CHECK_THROWS(RawClient(before.ns));
  const auto after = f.server.restart();
  CHECK(after.ns == before.ns);
  CHECK(after.sb == before.sb);
  CHECK(after.http == before.http);
  auto again = f.online("alice@example.com", "alicepass");  // accounts survived
  again.send_line("PNG");
  CHECK(line_starting(again, "QNG") == "QNG 60");
}

TEST_CASE("the text control channel drives the same API", "[server][control]") {
  Fixture f;
  msnp_server::ControlChannel control(f.server);
  CHECK(control.execute("ports") == "OK ns=" + std::to_string(f.ports.ns) + " sb=" + std::to_string(f.ports.sb) +
                                        " http=" + std::to_string(f.ports.http));
  CHECK(control.execute("account frank@example.com frankpass Frank%20F") == "OK");
  CHECK(control.execute("contacts frank@example.com alice@example.com") == "OK");
  CHECK(control.execute("contacts frank@example.com ghost@example.com") == "ERR unknown account");
  CHECK(control.execute("online frank@example.com") == "OK no");
  auto alice = f.online("alice@example.com", "alicepass");
  CHECK(control.execute("presence frank@example.com AWY 0 out for lunch") == "OK");
  CHECK(alice.line() == "NLN AWY frank@example.com Frank%20F 0 0");
  CHECK(control.execute("status frank@example.com") == "OK AWY");
  CHECK(control.execute("send frank@example.com alice@example.com hello there").rfind("OK ", 0) == 0);
  CHECK(!line_starting(alice, "RNG ").empty());
  CHECK(control.execute("nudge frank@example.com alice@example.com").rfind("OK ", 0) == 0);
  CHECK(!line_starting(alice, "RNG ").empty());
  CHECK(control.execute("typing frank@example.com nobody@example.com") == "ERR recipient not signed in");
  CHECK(control.execute("chl alice@example.com").rfind("OK ", 0) == 0);
  CHECK(control.execute("chl nobody@example.com") == "ERR not signed in");
  CHECK(control.execute("nak on") == "OK");
  CHECK(control.execute("advance 5") == "OK");
  CHECK(control.execute("stats") == "OK sessions=1 switchboards=2");
  CHECK(control.execute("bogus") == "ERR unknown or incomplete command: bogus");
  CHECK(control.execute("advance x") == "ERR seconds must be a number");
  CHECK(control.execute("drop alice@example.com") == "OK");
  CHECK_FALSE(control.quit_requested());
  CHECK(control.execute("quit") == "OK");
  CHECK(control.quit_requested());
}
