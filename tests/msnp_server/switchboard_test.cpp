// Switchboard behaviour (MSNP.md 6, 10.4): multi-party, ack modes, 1664-byte limit,
// cookie expiry, wrong ANS session id, BYE on disconnect, the NAK knob.
#include <catch2/catch.hpp>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {

const std::string text = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhello";

std::string msg(int trid, char ack, const std::string& payload) {
  return "MSG " + std::to_string(trid) + " " + ack + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

struct Chat {
  Fixture f;
  RawClient alice{f.online("alice@example.com", "alicepass")};
  RawClient bob{f.online("bob@example.com", "bobpass")};
  RawClient carol{f.online("carol@example.com", "carolpass")};

  std::string cookie_for(RawClient& ns, int trid) {
    ns.send_line("XFR " + std::to_string(trid) + " SB");
    const auto xfr = line_starting(ns, "XFR " + std::to_string(trid) + " SB");
    return xfr.substr(xfr.rfind(' ') + 1);
  }
  RawClient open(RawClient& ns, const std::string& email) {
    RawClient sb(f.ports.sb);
    sb.send_line("USR 1 " + email + " " + cookie_for(ns, 20));
    REQUIRE(sb.line() == "USR 1 OK " + email + " " + email);
    return sb;
  }
  // CAL from `sb`, then the invitee answers its RNG; returns the invitee's SB connection.
  RawClient invite(RawClient& sb, int trid, RawClient& invitee_ns, const std::string& invitee) {
    sb.send_line("CAL " + std::to_string(trid) + " " + invitee);
    const auto ringing = sb.line().value_or("");
    const std::string prefix = "CAL " + std::to_string(trid) + " RINGING ";
    REQUIRE(ringing.rfind(prefix, 0) == 0);
    const auto session = ringing.substr(prefix.size());
    const auto rng = line_starting(invitee_ns, "RNG " + session);
    REQUIRE(!rng.empty());
    const auto after_cki = rng.substr(rng.find(" CKI ") + 5);
    const auto cookie = after_cki.substr(0, after_cki.find(' '));
    RawClient joiner(f.ports.sb);
    joiner.send_line("ANS 1 " + invitee + " " + cookie + " " + session);
    REQUIRE(joiner.line() == "JOI " + invitee + " " + invitee);
    return joiner;
  }
};

}  // namespace

TEST_CASE("three-party switchboard: IRO lists everyone, messages reach all others", "[server][switchboard]") {
  Chat c;
  auto a = c.open(c.alice, "alice@example.com");
  auto b = c.invite(a, 2, c.bob, "bob@example.com");
  CHECK(b.line() == "IRO 1 1 1 alice@example.com alice@example.com");
  CHECK(b.line() == "ANS 1 OK");
  CHECK(a.line() == "JOI bob@example.com bob@example.com");
  auto k = c.invite(b, 2, c.carol, "carol@example.com");  // bob invites carol
  CHECK(k.line() == "IRO 1 1 2 alice@example.com alice@example.com");
  CHECK(k.line() == "IRO 1 2 2 bob@example.com bob@example.com");
  CHECK(k.line() == "ANS 1 OK");
  CHECK(a.line() == "JOI carol@example.com carol@example.com");
  CHECK(b.line() == "JOI carol@example.com carol@example.com");
  b.send_line("CAL 3 alice@example.com");
  CHECK(b.line() == "215 3");

  k.send(msg(2, 'A', text));
  CHECK(a.line() == "MSG carol@example.com carol@example.com " + std::to_string(text.size()));
  CHECK(a.bytes(text.size()) == text);
  CHECK(b.line() == "MSG carol@example.com carol@example.com " + std::to_string(text.size()));
  CHECK(b.bytes(text.size()) == text);
  CHECK(k.line() == "ACK 2");

  k.close();  // no OUT: a dropped connection is a BYE as well
  CHECK(a.line() == "BYE carol@example.com");
  CHECK(b.line() == "BYE carol@example.com");
  a.send_line("OUT");
  CHECK(a.closed_by_peer());
  CHECK(b.line() == "BYE alice@example.com");
  CHECK(c.f.server.switchboard_count() == 1);
}

TEST_CASE("ack modes: ACK for A and D, nothing for U and N, and the NAK knob", "[server][switchboard]") {
  Chat c;
  auto a = c.open(c.alice, "alice@example.com");
  auto b = c.invite(a, 2, c.bob, "bob@example.com");
  b.line(), b.line(), a.line();
  const std::string p2p = "MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@example.com\r\n\r\nxx";
  a.send(msg(3, 'U', text) + msg(4, 'N', text) + msg(5, 'D', p2p) + msg(6, 'A', text));
  CHECK(a.line() == "ACK 5");
  CHECK(a.line() == "ACK 6");
  for (int i = 0; i < 4; ++i) CHECK(b.payload_of(b.line().value_or("x 0")));
  c.f.server.set_nak(true);
  a.send(msg(7, 'U', text) + msg(8, 'N', text) + msg(9, 'A', text));
  CHECK(a.line() == "NAK 8");
  CHECK(a.line() == "NAK 9");
  SECTION("P2P without ack D closes the connection") {
    a.send(msg(10, 'N', p2p));
    CHECK(a.closed_by_peer());
  }
  SECTION("an unknown ack letter closes the connection") {
    a.send(msg(10, 'X', text));
    CHECK(a.closed_by_peer());
  }
}

TEST_CASE("MSG payloads over 1664 bytes close the connection, 1664 is fine", "[server][switchboard]") {
  Chat c;
  auto a = c.open(c.alice, "alice@example.com");
  auto b = c.invite(a, 2, c.bob, "bob@example.com");
  b.line(), b.line(), a.line();
  const std::string header = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
  const std::string max = header + std::string(1664 - header.size(), 'x');
  a.send(msg(3, 'A', max));
  CHECK(a.line() == "ACK 3");
  CHECK(b.line() == "MSG alice@example.com alice@example.com 1664");
  CHECK(b.bytes(1664) == max);
  a.send_line("MSG 4 A 1665");  // closed on the header: the payload never needs to arrive
  CHECK(a.closed_by_peer());
  CHECK(b.line() == "BYE alice@example.com");
}

TEST_CASE("switchboard cookies: single use, 120 s, bound to account and session", "[server][switchboard]") {
  Chat c;
  SECTION("expired XFR cookie") {
    const auto cookie = c.cookie_for(c.alice, 7);
    c.f.server.advance_clock(std::chrono::seconds(121));
    RawClient sb(c.f.ports.sb);
    sb.send_line("USR 1 alice@example.com " + cookie);
    CHECK(sb.line() == "911 1");
    CHECK(sb.closed_by_peer());
  }
  SECTION("someone else's XFR cookie") {
    const auto cookie = c.cookie_for(c.alice, 7);
    RawClient sb(c.f.ports.sb);
    sb.send_line("USR 1 bob@example.com " + cookie);
    CHECK(sb.line() == "911 1");
  }
  SECTION("ANS with the wrong session id, or with an XFR cookie") {
    auto a = c.open(c.alice, "alice@example.com");
    a.send_line("CAL 2 bob@example.com");
    const auto ringing = a.line().value_or("");
    const auto rng = line_starting(c.bob, "RNG ");
    const auto after_cki = rng.substr(rng.find(" CKI ") + 5);
    RawClient sb(c.f.ports.sb);
    sb.send_line("ANS 1 bob@example.com " + after_cki.substr(0, after_cki.find(' ')) +
                 " 00000000-0000-0000-0000-000000000000");
    CHECK(sb.line() == "911 1");
    RawClient sb2(c.f.ports.sb);
    sb2.send_line("ANS 1 bob@example.com " + c.cookie_for(c.bob, 8) + " " + ringing.substr(ringing.rfind(' ') + 1));
    CHECK(sb2.line() == "911 1");
  }
  SECTION("commands before USR/ANS close the connection") {
    RawClient sb(c.f.ports.sb);
    sb.send_line("CAL 1 bob@example.com");
    CHECK(sb.closed_by_peer());
  }
  SECTION("CAL without @ is 208") {
    auto a = c.open(c.alice, "alice@example.com");
    a.send_line("CAL 2 bob");
    CHECK(a.line() == "208 2");
  }
}
