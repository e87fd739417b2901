#include "msnp/net/auth/url.hpp"

#include <catch2/catch.hpp>

using msnp::net::parse_url;
using msnp::net::resolve_location;
using msnp::net::Scheme;
using msnp::net::Url;

TEST_CASE("parse_url reads scheme, host, port and target", "[msnp_net][url]") {
  auto u = parse_url("https://127.0.0.1:8081/rdr/pprdr.asp");
  REQUIRE(u);
  CHECK(u->scheme == Scheme::https);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 8081);
  CHECK(u->target == "/rdr/pprdr.asp");

  auto plain = parse_url("HTTP://Nexus.Passport.COM/rdr/pprdr.asp?x=1");
  REQUIRE(plain);
  CHECK(plain->scheme == Scheme::http);
  CHECK(plain->host == "nexus.passport.com");
  CHECK(plain->port == 80);
  CHECK(plain->target == "/rdr/pprdr.asp?x=1");

  auto v6 = parse_url("https://[::1]:4443");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 4443);
  CHECK(v6->target == "/");
  CHECK(to_string(*v6) == "https://[::1]:4443/");
}

TEST_CASE("a DALogin without scheme takes the default scheme", "[msnp_net][url]") {
  auto u = parse_url("login.passport.com/login2.srf", Scheme::https);
  REQUIRE(u);
  CHECK(u->scheme == Scheme::https);
  CHECK(u->host == "login.passport.com");
  CHECK(u->port == 443);
  CHECK(u->target == "/login2.srf");
  auto h = parse_url("127.0.0.1:8081/login", Scheme::http);
  REQUIRE(h);
  CHECK(h->scheme == Scheme::http);
  CHECK(h->port == 8081);
}

TEST_CASE("parse_url rejects what it cannot use safely", "[msnp_net][url]") {
  for (const char* bad : {"", "ftp://host/", "https://", "https://user:pw@host/", "https://host:0/", "https://host:65536/",
                          "https://host:x/", "https://ho st/", "https://host/\r\nX: y", "https://host/a#frag",
                          "https://::1/", "https://[::1/", "https://[nonsense]/", "https://host:/"}) {
    INFO(bad);
    CHECK_FALSE(parse_url(bad));
  }
}

TEST_CASE("redirect locations resolve against the answering URL", "[msnp_net][url]") {
  const Url base = *parse_url("https://login.example.com:8443/login2.srf");
  CHECK(resolve_location(base, "/other.srf?x") == parse_url("https://login.example.com:8443/other.srf?x"));
  CHECK(resolve_location(base, "//login2.example.com/l") == parse_url("https://login2.example.com/l"));
  CHECK(resolve_location(base, "http://plain.example.com/l")->scheme == Scheme::http);
  CHECK_FALSE(resolve_location(base, "login3.srf"));
  CHECK_FALSE(resolve_location(base, ""));
  CHECK_FALSE(resolve_location(base, "/a b"));
}

TEST_CASE("ip literals are recognised for SNI and certificate checks", "[msnp_net][url]") {
  CHECK(msnp::net::is_ip_literal("127.0.0.1"));
  CHECK(msnp::net::is_ip_literal("::1"));
  CHECK_FALSE(msnp::net::is_ip_literal("localhost"));
  CHECK_FALSE(msnp::net::is_ip_literal("127.0.0.1.example.com"));
}
