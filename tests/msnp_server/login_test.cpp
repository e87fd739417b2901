// Nexus/login HTTP, VER/CVR/USR and the negative cases of transcripts/negative.txt.
#include <catch2/catch.hpp>

#include "tests/msnp_server/fixture.hpp"

using namespace msnp_server::testing;

namespace {
// VER + USR I on a fresh NS connection (CVR is optional, as in negative.txt's twnbad).
RawClient usr_i(Fixture& f, const std::string& email) {
  RawClient c(f.ports.ns);
  c.send_line("VER 1 MSNP12 CVR0");
  REQUIRE(c.line() == "VER 1 MSNP12");
  c.send_line("USR 2 TWN I " + email);
  REQUIRE(c.line() == "USR 2 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  return c;
}
}  // namespace

TEST_CASE("Nexus points at /login, which hands out 20-character tokens", "[server][nexus]") {
  Fixture f;
  auto nexus = http_get(f.ports.http, "/rdr/pprdr.asp");
  CHECK(nexus.status == 200);
  CHECK(nexus.headers["passporturls"] == "DALogin=http://127.0.0.1:" + std::to_string(f.ports.http) + "/login");
  CHECK(nexus.body == "200: OK");
  CHECK(f.server.nexus_url() == "http://127.0.0.1:" + std::to_string(f.ports.http) + "/rdr/pprdr.asp");

  auto ok = http_get(f.ports.http, "/login", passport_header("alice@example.com", "alicepass"));
  CHECK(ok.status == 200);
  const auto token = from_pp(ok.headers["authentication-info"]);
  CHECK(token.size() == 20);
  CHECK(ok.headers["authentication-info"] == "Passport1.4 da-status=success,from-PP='" + token + "'");
  CHECK(token != f.ticket("alice@example.com", "alicepass"));  // a fresh token each time

  SECTION("wrong password -> 401 da-status=failed") {
    auto bad = http_get(f.ports.http, "/login", passport_header("alice@example.com", "WRONG"));
    CHECK(bad.status == 401);
    CHECK(bad.headers["www-authenticate"] == "Passport1.4 da-status=failed");
    CHECK(bad.body == "401: Unauthorized");
    CHECK(bad.headers.count("authentication-info") == 0);
  }
  SECTION("unknown account and missing header -> 401") {
    CHECK(http_get(f.ports.http, "/login", passport_header("nobody@example.com", "x")).status == 401);
    CHECK(http_get(f.ports.http, "/login").status == 401);
  }
  SECTION("URL-encoded password is decoded") {
    f.server.add_account("dave@example.com", "p,w d%");
    CHECK(http_get(f.ports.http, "/login", passport_header("dave@example.com", "p%2Cw%20d%25")).status == 200);
  }
}

TEST_CASE("negative.txt: no common version -> VER 1 0 and close", "[server][login]") {
  Fixture f;
  RawClient c(f.ports.ns);
  c.send_line("VER 1 MSNP99 CVR0");
  CHECK(c.line() == "VER 1 0");
  CHECK(c.closed_by_peer());
}

TEST_CASE("negative.txt: a bogus TWN ticket gets 911", "[server][login]") {
  Fixture f;
  auto c = usr_i(f, "alice@example.com");
  c.send_line("USR 3 TWN S bogustoken0123456789");
  CHECK(c.line() == "911 3");
}

TEST_CASE("login tokens are single use, expire after 30 s, and belong to one account", "[server][login]") {
  Fixture f;
  const auto token = f.ticket("alice@example.com", "alicepass");
  SECTION("used twice -> 911") {
    auto first = usr_i(f, "alice@example.com");
    first.send_line("USR 3 TWN S " + token);
    CHECK(first.line() == "USR 3 OK alice@example.com 1 0");
    auto second = usr_i(f, "alice@example.com");
    second.send_line("USR 3 TWN S " + token);
    CHECK(second.line() == "911 3");
  }
  SECTION("expired -> 911") {
    f.server.advance_clock(std::chrono::seconds(31));
    auto c = usr_i(f, "alice@example.com");
    c.send_line("USR 3 TWN S " + token);
    CHECK(c.line() == "911 3");
  }
  SECTION("alice's token does not log bob in") {
    auto c = usr_i(f, "bob@example.com");
    c.send_line("USR 3 TWN S " + token);
    CHECK(c.line() == "911 3");
  }
  SECTION("t=<token>&p=... is accepted (RST-style ticket)") {
    auto c = usr_i(f, "alice@example.com");
    c.send_line("USR 3 TWN S t=" + token + "&p=whatever");
    CHECK(c.line() == "USR 3 OK alice@example.com 1 0");
    c.send_line("USR 4 TWN I alice@example.com");
    CHECK(c.line() == "205 4");  // a second USR on a signed-in session
  }
}

TEST_CASE("MD5 auth is refused with 502", "[server][login]") {
  Fixture f;
  RawClient c(f.ports.ns);
  c.send_line("VER 1 MSNP12 MSNP11 CVR0");
  REQUIRE(c.line() == "VER 1 MSNP12");
  c.send_line("USR 2 MD5 I alice@example.com");
  CHECK(c.line() == "502 2");
}

TEST_CASE("MSNP11 is accepted when MSNP12 is not offered", "[server][login]") {
  Fixture f;
  RawClient c(f.ports.ns);
  c.send_line("VER 1 MSNP11 CVR0");
  CHECK(c.line() == "VER 1 MSNP11");
}

TEST_CASE("state violations close the connection", "[server][login]") {
  Fixture f;
  SECTION("a second VER -> 715 and close") {
    RawClient c(f.ports.ns);
    c.send_line("VER 1 MSNP12 CVR0");
    REQUIRE(c.line() == "VER 1 MSNP12");
    c.send_line("VER 2 MSNP12 CVR0");
    CHECK(c.line() == "715 2");
    CHECK(c.closed_by_peer());
  }
  SECTION("PNG before login") {
    auto c = usr_i(f, "alice@example.com");
    c.send_line("PNG");
    CHECK(c.closed_by_peer());
  }
  SECTION("a command before VER") {
    RawClient c(f.ports.ns);
    c.send_line("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs a@b");
    CHECK(c.closed_by_peer());
  }
  SECTION("garbage framing: a non-numeric payload length") {
    auto c = f.login("alice@example.com", "alicepass");
    c.send_line("UUX 5 lots");
    CHECK(c.closed_by_peer());
    CHECK_FALSE(f.server.is_signed_in("alice@example.com"));
  }
}

TEST_CASE("PNG after login gets QNG 60 and OUT closes", "[server][login]") {
  Fixture f;
  auto c = f.login("alice@example.com", "alicepass");
  c.send_line("PNG");
  CHECK(c.line() == "QNG 60");
  c.send_line("OUT");
  CHECK(c.closed_by_peer());
}

TEST_CASE("a second login of the same account sends OUT OTH to the first", "[server][login]") {
  Fixture f;
  auto first = f.login("alice@example.com", "alicepass");
  auto second = f.login("alice@example.com", "alicepass");
  CHECK(first.line() == "OUT OTH");
  CHECK(first.closed_by_peer());
  CHECK(f.server.session_count() == 1);
  second.send_line("PNG");
  CHECK(second.line() == "QNG 60");
}

TEST_CASE("negative.txt: XFR, CAL errors, cookie reuse, PNG and OUT", "[server][login][switchboard]") {
  Fixture f;
  auto alice = f.login("alice@example.com", "alicepass");
  alice.send_line("CHG 5 NLN 0 0");
  CHECK(alice.line() == "CHG 5 NLN 0 0");
  alice.send_line("XFR 6 SB");
  const auto xfr = alice.line().value_or("");
  const std::string prefix = "XFR 6 SB 127.0.0.1:" + std::to_string(f.ports.sb) + " CKI ";
  REQUIRE(xfr.rfind(prefix, 0) == 0);
  const auto cookie = xfr.substr(prefix.size());
  CHECK(cookie.size() == 20);

  RawClient sb(f.ports.sb);
  sb.send_line("USR 1 alice@example.com " + cookie);
  CHECK(sb.line() == "USR 1 OK alice@example.com alice@example.com");
  sb.send_line("CAL 2 nobody@example.com");
  CHECK(sb.line() == "207");  // the live server's answer: no trid
  sb.send_line("CAL 3 bob@example.com");
  CHECK(sb.line() == "217 3");

  RawClient sb2(f.ports.sb);
  sb2.send_line("USR 1 alice@example.com " + cookie);
  CHECK(sb2.line() == "911 1");
  CHECK(sb2.closed_by_peer());

  alice.send_line("PNG");
  CHECK(alice.line() == "QNG 60");
  alice.send_line("OUT");
  CHECK(alice.closed_by_peer());
}
