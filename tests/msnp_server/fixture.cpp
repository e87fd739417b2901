#include "tests/msnp_server/fixture.hpp"

#include <catch2/catch.hpp>

namespace msnp_server::testing {

Fixture::Fixture() {
  ports = server.start();
  server.add_account("alice@example.com", "alicepass");
  server.add_account("bob@example.com", "bobpass");
  server.add_account("carol@example.com", "carolpass");
}

std::string Fixture::ticket(const std::string& email, const std::string& password) {
  auto reply = http_get(ports.http, "/login", passport_header(email, password));
  return reply.status == 200 ? from_pp(reply.headers["authentication-info"]) : std::string{};
}

RawClient Fixture::login(const std::string& email, const std::string& password) {
  RawClient c(ports.ns);
  c.send_line("VER 1 MSNP12 MSNP11 CVR0");
  REQUIRE(c.line() == "VER 1 MSNP12");
  c.send_line("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs " + email);
  REQUIRE(c.line() == "CVR 2 7.0.0816 7.0.0816 7.0.0816 https://escargot.log1p.xyz https://escargot.log1p.xyz");
  c.send_line("USR 3 TWN I " + email);
  REQUIRE(c.line() == "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  const auto token = ticket(email, password);
  REQUIRE(token.size() == 20);
  c.send_line("USR 4 TWN S " + token);
  REQUIRE(c.line() == "USR 4 OK " + email + " 1 0");
  return c;
}

RawClient Fixture::online(const std::string& email, const std::string& password) {
  RawClient c = login(email, password);
  c.send_line("SYN 5 0 0");
  auto syn = c.line();
  REQUIRE(syn);
  REQUIRE(syn->rfind("SYN 5 ", 0) == 0);
  // SYN totals tell how many LSG/LST lines follow GTC, BLP and PRP (MSNP.md 4.3).
  const auto contacts = std::stoul(syn->substr(syn->rfind(' ', syn->rfind(' ') - 1) + 1));
  const auto groups = std::stoul(syn->substr(syn->rfind(' ') + 1));
  for (std::size_t i = 0; i < 3 + contacts + groups; ++i) REQUIRE(c.line());
  c.send_line("CHG 6 NLN 1073741824 0");
  REQUIRE(!line_starting(c, "CHG 6 NLN").empty());
  // Everything else that follows (ILN/UBX of online contacts) is left to the test.
  return c;
}

std::string line_starting(RawClient& c, const std::string& prefix) {
  for (int i = 0; i < 200; ++i) {
    auto l = c.line();
    if (!l) return {};
    if (l->rfind(prefix, 0) == 0) return *l;
    for (const char* p : {"UBX ", "MSG ", "NOT ", "GCF "})  // skip the payload with its line
      if (l->rfind(p, 0) == 0 && !c.payload_of(*l)) return {};
  }
  return {};
}

}  // namespace msnp_server::testing
