#include "msnp/net/auth/passport_headers.hpp"

#include <catch2/catch.hpp>

using namespace msnp::net;

namespace {
const Url kLogin = *parse_url("https://127.0.0.1:8081/login");
const Url kNexus = *parse_url("https://127.0.0.1:8081/rdr/pprdr.asp");
}  // namespace

TEST_CASE("Authorization header matches the Escargot transcript", "[msnp_net][passport]") {
  // transcripts/msnp12.txt: the header alice's client sent, byte for byte.
  CHECK(build_authorization("alice@example.com", "alicepass", "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1") ==
        "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40example.com,pwd=alicepass,"
        "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
}

TEST_CASE("passwords with separators are encoded and masked", "[msnp_net][passport]") {
  const auto h = build_authorization("a b@x.org", "p,w=d%'é", "lc=1033");
  CHECK(h.find("sign-in=a%20b%40x.org,") != std::string::npos);
  CHECK(h.find("pwd=p%2Cw%3Dd%25%27%C3%A9,lc=1033") != std::string::npos);
  const auto masked = mask_authorization(h);
  CHECK(masked.find("pwd=<hidden>,lc=1033") != std::string::npos);
  CHECK(masked.find("p%2C") == std::string::npos);
  CHECK(mask_authorization("no password here") == "no password here");
  CHECK(mask_ticket("t=abc&p=def") == "<ticket 11 chars>");
}

TEST_CASE("passport_decode undoes cbtxt encoding and tolerates junk", "[msnp_net][passport]") {
  CHECK(passport_decode("The%20e-mail+address%2C%20or%20password") == "The e-mail address, or password");
  CHECK(passport_decode("100%") == "100%");
  CHECK(passport_decode("%zz%4") == "%zz%4");
  CHECK(passport_decode(passport_encode("ü, =&'")) == "ü, =&'");
}

TEST_CASE("Passport1.4 fields: quoted values may contain commas", "[msnp_net][passport]") {
  auto f = parse_passport_fields(
      "Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,from-PP='t=5a,b!&p=9*',ru=http://messenger.msn.com");
  REQUIRE(f);
  CHECK(f->size() == 5);
  CHECK(find_field(*f, "DA-STATUS") == "success");
  CHECK(find_field(*f, "from-pp") == "t=5a,b!&p=9*");
  CHECK(find_field(*f, "ru") == "http://messenger.msn.com");
  CHECK_FALSE(find_field(*f, "cbtxt"));

  auto flags = parse_passport_fields("passport1.4 da-status=failed,prompt,cbtxt=Bad%20pw");
  REQUIRE(flags);
  CHECK(find_field(*flags, "prompt") == "");
  CHECK_FALSE(parse_passport_fields("Basic realm=x"));
  CHECK_FALSE(parse_passport_fields("Passport1.4x a=b"));
  CHECK_FALSE(parse_passport_fields("Passport1.4 from-PP='unterminated"));
}

TEST_CASE("PassportURLs yields DALogin with or without scheme", "[msnp_net][passport]") {
  CHECK(dalogin_from_passport_urls("DALogin=https://127.0.0.1:8081/login", Scheme::http) == parse_url("https://127.0.0.1:8081/login"));
  CHECK(dalogin_from_passport_urls("DARealm=Passport.Net,DALogin=login.passport.com/login2.srf,DAReg=x,ConfigVersion=15",
                                   Scheme::https) == parse_url("https://login.passport.com/login2.srf"));
  CHECK(dalogin_from_passport_urls(" dalogin = 127.0.0.1:9/l ", Scheme::http) == parse_url("http://127.0.0.1:9/l"));
  CHECK_FALSE(dalogin_from_passport_urls("DARealm=Passport.Net,DAReg=x", Scheme::https));
  CHECK_FALSE(dalogin_from_passport_urls("DALogin=", Scheme::https));
  CHECK_FALSE(dalogin_from_passport_urls("", Scheme::https));
}

TEST_CASE("nexus responses", "[msnp_net][passport]") {
  ResponseView ok{200, "DALogin=https://127.0.0.1:8081/login", {}, {}, {}};
  auto step = interpret_nexus_response(kNexus, ok);
  REQUIRE(std::holds_alternative<Follow>(step));
  CHECK(std::get<Follow>(step).url == kLogin);

  auto missing = interpret_nexus_response(kNexus, ResponseView{200, {}, {}, {}, {}});
  REQUIRE(std::holds_alternative<Failure>(missing));
  CHECK(std::get<Failure>(missing).error == AuthError::malformed_response);

  auto moved = interpret_nexus_response(kNexus, ResponseView{302, {}, {}, {}, "/rdr2"});
  REQUIRE(std::holds_alternative<Follow>(moved));
  CHECK(std::get<Follow>(moved).url.target == "/rdr2");

  auto down = interpret_nexus_response(kNexus, ResponseView{503, {}, {}, {}, {}});
  CHECK(std::get<Failure>(down).error == AuthError::service_unavailable);
  auto odd = interpret_nexus_response(kNexus, ResponseView{404, {}, {}, {}, {}});
  CHECK(std::get<Failure>(odd).error == AuthError::unexpected_status);
  auto nowhere = interpret_nexus_response(kNexus, ResponseView{302, {}, {}, {}, {}});
  CHECK(std::get<Failure>(nowhere).error == AuthError::malformed_response);
}

TEST_CASE("login success yields the from-PP ticket", "[msnp_net][passport]") {
  // transcripts/msnp12.txt
  ResponseView r{200, {}, "Passport1.4 da-status=success,from-PP='70625694be13e2060747'", {}, {}};
  auto step = interpret_login_response(kLogin, r);
  REQUIRE(std::holds_alternative<Ticket>(step));
  CHECK(std::get<Ticket>(step).value == "70625694be13e2060747");

  ResponseView classic{200, {}, "Passport1.4 da-status=success,tname=MSPAuth,from-PP='t=AbC!*&p=x$y',ru=http://x", {}, {}};
  CHECK(std::get<Ticket>(interpret_login_response(kLogin, classic)).value == "t=AbC!*&p=x$y");
}

TEST_CASE("login failures are typed", "[msnp_net][passport]") {
  // transcripts/negative.txt: 401 with only da-status=failed.
  auto plain401 = interpret_login_response(kLogin, ResponseView{401, {}, {}, "Passport1.4 da-status=failed", {}});
  REQUIRE(std::holds_alternative<Failure>(plain401));
  CHECK(std::get<Failure>(plain401).error == AuthError::wrong_password);

  auto cb = interpret_login_response(
      kLogin, ResponseView{401, {}, {}, "Passport1.4 da-status=failed,srealm=Passport.NET,prompt,cbtxt=Wrong%20password%2C%20try%20again", {}});
  CHECK(std::get<Failure>(cb).detail == "Wrong password, try again");

  auto no_header = interpret_login_response(kLogin, ResponseView{401, {}, {}, {}, {}});
  CHECK(std::get<Failure>(no_header).error == AuthError::wrong_password);

  auto redirect = interpret_login_response(kLogin, ResponseView{302, {}, {}, {}, "https://login2.example.com/login2.srf"});
  REQUIRE(std::holds_alternative<Follow>(redirect));
  CHECK(std::get<Follow>(redirect).url.host == "login2.example.com");

  for (const char* bad : {"Passport1.4 da-status=success", "Passport1.4 da-status=success,from-PP=''",
                          "Passport1.4 da-status=success,from-PP='t=a\r\nOUT'", "Passport1.4 da-status=success,from-PP='a b'",
                          "Passport1.4 from-PP='abc'", "Basic from-PP='abc'", "Passport1.4 da-status=success,from-PP='abc"}) {
    INFO(bad);
    auto s = interpret_login_response(kLogin, ResponseView{200, {}, bad, {}, {}});
    REQUIRE(std::holds_alternative<Failure>(s));
    CHECK(std::get<Failure>(s).error == AuthError::malformed_response);
  }
  auto failed200 = interpret_login_response(kLogin, ResponseView{200, {}, "Passport1.4 da-status=failed", {}, {}});
  CHECK(std::get<Failure>(failed200).error == AuthError::wrong_password);
  auto none = interpret_login_response(kLogin, ResponseView{200, {}, {}, {}, {}});
  CHECK(std::get<Failure>(none).error == AuthError::malformed_response);
  auto busy = interpret_login_response(kLogin, ResponseView{503, {}, {}, {}, {}});
  CHECK(std::get<Failure>(busy).error == AuthError::service_unavailable);
  CHECK(is_transient(AuthError::service_unavailable));
  CHECK_FALSE(is_transient(AuthError::wrong_password));
}
