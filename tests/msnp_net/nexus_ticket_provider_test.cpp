// Component tests: NexusTicketProvider (Beast over TCP/TLS) against an in-test HTTP(S) server
// on loopback. The server speaks what Escargot's /rdr/pprdr.asp and /login speak
// (transcripts/msnp12.txt, negative.txt) plus the classic Passport quirks (302, cbtxt).
#include "msnp/net/auth/nexus_ticket_provider.hpp"

#include "gateway/support/log.hpp"
#include "tests/msnp_net/http_test_server.hpp"
#include "tests/msnp_net/test_cert.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <unistd.h>

using namespace msnp::net;
using namespace msnp_net_test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kChallenge = "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";

TicketResult run_fetch(boost::asio::io_context& io, TicketProvider& provider, TicketRequest req) {
  std::optional<TicketResult> got;
  provider.fetch(std::move(req), [&](TicketResult r) { got = std::move(r); });
  const auto give_up = std::chrono::steady_clock::now() + 15s;
  while (!got && std::chrono::steady_clock::now() < give_up) io.run_one_for(100ms);
  REQUIRE(got);
  return *got;
}

// Designated initializers would trip -Wmissing-field-initializers; set fields explicitly.
PassportSettings settings(std::string nexus_url, const std::function<void(PassportSettings&)>& adjust = {}) {
  PassportSettings s;
  s.nexus_url = std::move(nexus_url);
  if (adjust) adjust(s);
  return s;
}

TicketRequest alice(std::string password = "alicepass") { return {"alice@example.com", std::move(password), kChallenge}; }

// An Escargot-like Passport server: the Nexus names DALogin on the same server, /login checks
// the password inside the Authorization header.
HttpTestServer::Handler escargot(std::string* base_url) {
  return [base_url](const SeenRequest& r) {
    if (r.target == "/rdr/pprdr.asp") return http_reply(200, "OK", {{"PassportURLs", "DALogin=" + *base_url + "/login"}});
    if (r.target == "/login") {
      if (r.authorization.find("sign-in=alice%40example.com,pwd=alicepass,") != std::string::npos)
        return http_reply(200, "OK", {{"Authentication-Info", "Passport1.4 da-status=success,from-PP='70625694be13e2060747'"}});
      return http_reply(401, "Unauthorized",
                        {{"WWW-Authenticate", "Passport1.4 da-status=failed,srealm=Passport.NET,cbtxt=Wrong%20password"}});
    }
    return http_reply(404, "Not Found", {});
  };
}

struct Tls {
  TestCert cert = make_self_signed({"IP:127.0.0.1", "DNS:localhost"});
};

}  // namespace

TEST_CASE("https login through Nexus and DALogin yields the ticket", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  Tls tls;
  std::string base;
  HttpTestServer server{io, server_tls(tls.cert.cert_pem, tls.cert.key_pem), escargot(&base)};
  base = server.base_url();
  NexusTicketProvider provider{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.ca_pem = tls.cert.cert_pem; })};

  auto r = run_fetch(io, provider, alice());
  INFO(r.detail);
  REQUIRE(r.ok());
  CHECK(r.ticket == "70625694be13e2060747");
  REQUIRE(server.requests().size() == 2);
  CHECK(server.requests()[0].authorization.empty());  // the password only goes to DALogin
  CHECK(server.requests()[1].authorization ==
        "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40example.com,pwd=alicepass,"
        "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  CHECK(server.requests()[1].user_agent == "MSMSGS");
  CHECK(server.requests()[1].host == "127.0.0.1:" + std::to_string(server.port()));

  SECTION("the DALogin URL is remembered for the next login") {
    auto again = run_fetch(io, provider, alice());
    REQUIRE(again.ok());
    CHECK(server.requests().size() == 3);
    CHECK(server.requests()[2].target == "/login");
  }
  SECTION("a wrong password is a typed failure carrying cbtxt") {
    auto bad = run_fetch(io, provider, alice("WRONG"));
    REQUIRE_FALSE(bad.ok());
    CHECK(*bad.error == AuthError::wrong_password);
    CHECK(bad.detail == "Wrong password");
    CHECK(bad.ticket.empty());
  }
}

TEST_CASE("an untrusted certificate is rejected, and accepted once trusted", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  Tls tls;
  std::string base;
  HttpTestServer server{io, server_tls(tls.cert.cert_pem, tls.cert.key_pem), escargot(&base)};
  base = server.base_url();

  NexusTicketProvider untrusted{io, settings(base + "/rdr/pprdr.asp")};
  auto r = run_fetch(io, untrusted, alice());
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == AuthError::certificate_rejected);
  CHECK(server.requests().empty());  // nothing, certainly not the password, went out

  NexusTicketProvider trusted{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.ca_pem = tls.cert.cert_pem; })};
  CHECK(run_fetch(io, trusted, alice()).ok());

  NexusTicketProvider unchecked{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.verify_certificates = false; })};
  CHECK(run_fetch(io, unchecked, alice()).ok());
}

TEST_CASE("a trusted certificate for another host name is rejected", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  TestCert other = make_self_signed({"DNS:login.example.com"});
  std::string base;
  HttpTestServer server{io, server_tls(other.cert_pem, other.key_pem), escargot(&base)};
  base = server.base_url();
  NexusTicketProvider provider{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.ca_pem = other.cert_pem; })};
  auto r = run_fetch(io, provider, alice());
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == AuthError::certificate_rejected);
  CHECK(r.detail.find("mismatch") != std::string::npos);
}

TEST_CASE("plain http only when allowed", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  std::string base;
  HttpTestServer server{io, nullptr, escargot(&base)};
  base = server.base_url();
  CHECK_THROWS_AS((NexusTicketProvider{io, settings(base + "/rdr/pprdr.asp")}), std::invalid_argument);
  CHECK_THROWS_AS((NexusTicketProvider{io, settings("gopher://x/")}), std::invalid_argument);

  NexusTicketProvider provider{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.allow_plain_http = true; })};
  auto r = run_fetch(io, provider, alice());
  INFO(r.detail);
  REQUIRE(r.ok());
  CHECK(r.ticket == "70625694be13e2060747");
}

TEST_CASE("https never falls back to http behind a redirect or DALogin", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  Tls tls;
  HttpTestServer server{io, server_tls(tls.cert.cert_pem, tls.cert.key_pem), [](const SeenRequest&) {
                          return http_reply(200, "OK", {{"PassportURLs", "DALogin=http://127.0.0.1:9/login"}});
                        }};
  NexusTicketProvider provider{io, settings(server.base_url() + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.ca_pem = tls.cert.cert_pem; })};
  auto r = run_fetch(io, provider, alice());
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == AuthError::plain_http_forbidden);
}

TEST_CASE("302 redirects are followed, within a bound", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  std::string base;
  auto inner = escargot(&base);
  HttpTestServer server{io, nullptr, [&](const SeenRequest& r) {
                          if (r.target == "/login") return http_reply(302, "Found", {{"Location", base + "/login2.srf"}});
                          if (r.target == "/login2.srf") {
                            SeenRequest moved = r;
                            moved.target = "/login";
                            return inner(moved);
                          }
                          if (r.target == "/loop") return http_reply(302, "Found", {{"Location", "/loop"}});
                          return inner(r);
                        }};
  base = server.base_url();
  NexusTicketProvider provider{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.allow_plain_http = true; })};
  auto r = run_fetch(io, provider, alice());
  INFO(r.detail);
  REQUIRE(r.ok());
  REQUIRE(server.requests().size() == 3);
  CHECK(server.requests()[2].target == "/login2.srf");
  CHECK(server.requests()[2].authorization.find("pwd=alicepass") != std::string::npos);

  NexusTicketProvider looping{io, settings(base + "/loop", [&](PassportSettings& s) { s.allow_plain_http = true; s.max_redirects = 3; })};
  auto l = run_fetch(io, looping, alice());
  REQUIRE_FALSE(l.ok());
  CHECK(*l.error == AuthError::too_many_redirects);
}

TEST_CASE("timeouts, refused connections and malformed replies are typed", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  HttpTestServer server{io, nullptr, [](const SeenRequest& r) {
                          if (r.target == "/hang") return Reply{{}, true};
                          if (r.target == "/garbage") return Reply{"HELLO THERE\r\n\r\n", false};
                          if (r.target == "/no-urls") return http_reply(200, "OK", {});
                          if (r.target == "/busy") return http_reply(503, "Service Unavailable", {});
                          if (r.target == "/no-ticket")
                            return http_reply(200, "OK", {{"PassportURLs", "DALogin=/bad"}});
                          return http_reply(200, "OK", {{"PassportURLs", "DARealm=Passport.Net,DALogin=127.0.0.1:1/x"}});
                        }};
  auto local = [&](std::string target) {
    return settings(server.base_url() + target, [&](PassportSettings& s) { s.allow_plain_http = true; s.timeout = 500ms; });
  };
  auto expect = [&](std::string target, AuthError e) {
    NexusTicketProvider p{io, local(target)};
    const auto started = std::chrono::steady_clock::now();
    auto r = run_fetch(io, p, alice());
    INFO(target << ": " << r.detail);
    REQUIRE_FALSE(r.ok());
    CHECK(*r.error == e);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
  };
  expect("/hang", AuthError::timeout);
  expect("/garbage", AuthError::malformed_response);
  expect("/no-urls", AuthError::malformed_response);
  expect("/busy", AuthError::service_unavailable);
  expect("/no-ticket", AuthError::malformed_response);  // "DALogin=/bad" has no host
  expect("/refused", AuthError::connect_failed);        // DALogin points at port 1 on loopback
}

TEST_CASE("a TLS server that never completes the handshake times out", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  // Accepts TCP and then says nothing: the deadline must cover the handshake too.
  boost::asio::ip::tcp::acceptor silent{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  boost::asio::ip::tcp::socket peer{io};
  silent.async_accept(peer, [](boost::system::error_code) {});
  auto s = settings("https://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/rdr/pprdr.asp");
  s.timeout = 500ms;
  NexusTicketProvider provider{io, s};
  const auto started = std::chrono::steady_clock::now();
  auto r = run_fetch(io, provider, alice());
  REQUIRE_FALSE(r.ok());
  CHECK(*r.error == AuthError::timeout);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("trace logging never shows the password or the ticket", "[msnp_net][passport][component]") {
  boost::asio::io_context io;
  std::string base;
  HttpTestServer server{io, nullptr, escargot(&base)};
  base = server.base_url();
  NexusTicketProvider provider{io, settings(base + "/rdr/pprdr.asp", [&](PassportSettings& s) { s.allow_plain_http = true; })};

  // Capture stderr (the log sink) into a file for the duration of one login.
  char path[] = "/tmp/msnp_net_log_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::fflush(stderr);
  const int saved = dup(2);
  dup2(fd, 2);
  const auto old_level = gw::log::level();
  gw::log::set_level(gw::log::Level::trace);
  auto r = run_fetch(io, provider, alice());
  gw::log::set_level(old_level);
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(fd);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path);

  REQUIRE(r.ok());
  const std::string log = text.str();
  CHECK(log.find("HTTP> GET") != std::string::npos);
  CHECK(log.find("pwd=<hidden>") != std::string::npos);
  CHECK(log.find("alicepass") == std::string::npos);
  CHECK(log.find("70625694be13e2060747") == std::string::npos);
}
