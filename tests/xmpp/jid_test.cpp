#include <catch2/catch.hpp>

#include "xmpp/contact_address.hpp"
#include "xmpp/jid.hpp"

using xmpp::Jid;

TEST_CASE("jid: parts, bare and full forms", "[xmpp][jid]") {
  auto j = Jid::parse("Alice@Example.COM/Phone/x@y");
  REQUIRE(j);
  CHECK(j->local() == "alice");
  CHECK(j->domain() == "example.com");
  CHECK(j->resource() == "Phone/x@y");  // resource keeps case, '/' and '@'
  CHECK(j->bare_string() == "alice@example.com");
  CHECK(j->to_string() == "alice@example.com/Phone/x@y");
  CHECK(j->bare() == *Jid::parse("alice@example.com"));
  CHECK(Jid::parse("msn.example.org")->is_domain());
  CHECK(Jid::parse("example.org.")->domain() == "example.org");
}

TEST_CASE("jid: comparison is on normalised forms", "[xmpp][jid]") {
  CHECK(*Jid::parse("BOB@Host") == *Jid::parse("bob@host"));
  CHECK(*Jid::parse("bob@host/R") != *Jid::parse("bob@host/r"));
  CHECK(std::hash<Jid>{}(*Jid::parse("BOB@Host")) == std::hash<Jid>{}(*Jid::parse("bob@host")));
}

TEST_CASE("jid: invalid addresses are refused", "[xmpp][jid]") {
  for (const char* bad : {"", "@host", "user@", "user@host/", "/res", "a b@host", "a\"b@host", "a:b@host",
                          "a<b@host", "user@ho st", "a@b@c", "user@.host", "user@ho..st"}) {
    INFO(bad);
    CHECK_FALSE(Jid::parse(bad));
  }
  CHECK_FALSE(Jid::parse(std::string(1024, 'a') + "@host"));
  CHECK(Jid::parse(std::string(1023, 'a') + "@host"));
}

TEST_CASE("jid: a domain with two trailing dots is refused (fuzz_jid finding)", "[xmpp][jid][fuzz]") {
  // Stripping the one allowed trailing dot left "sg." which printed and re-parsed as "sg": two
  // spellings of one JID that compared unequal (a second registration key for the same user).
  CHECK_FALSE(Jid::parse("bob\\40elxapme.co.x\xfe\xff\xff\xff\xff\xff\xff@\xffsg.."));
  CHECK_FALSE(Jid::parse("alice@example.org.."));
  CHECK_FALSE(Jid::make("alice", "example.org.."));
  CHECK(Jid::parse("alice@example.org.") == Jid::parse("alice@example.org"));
}

TEST_CASE("jid: XEP-0106 escaping round trips", "[xmpp][jid][xep-0106]") {
  CHECK(xmpp::escape_local("space cadet") == "space\\20cadet");
  CHECK(xmpp::escape_local("call me \"ishmael\"") == "call\\20me\\20\\22ishmael\\22");
  CHECK(xmpp::escape_local("at&t guy") == "at\\26t\\20guy");
  CHECK(xmpp::escape_local("d'artagnan") == "d\\27artagnan");
  CHECK(xmpp::escape_local("/.fanboy") == "\\2f.fanboy");
  CHECK(xmpp::escape_local("::foo::") == "\\3a\\3afoo\\3a\\3a");
  CHECK(xmpp::escape_local("<foo>") == "\\3cfoo\\3e");
  CHECK(xmpp::escape_local("user@host") == "user\\40host");
  CHECK(xmpp::escape_local("c:\\net") == "c\\3a\\net");          // lone backslash stays
  CHECK(xmpp::escape_local("c:\\\\net") == "c\\3a\\\\net");
  CHECK(xmpp::escape_local("c:\\cool stuff") == "c\\3a\\cool\\20stuff");
  CHECK(xmpp::escape_local("c:\\5commas") == "c\\3a\\5c5commas");  // would read as \5c
  for (const char* raw : {"space cadet", "user@host", "c:\\5commas", "c:\\net", "<a&b>", "plain"}) {
    INFO(raw);
    CHECK(xmpp::unescape_local(xmpp::escape_local(raw)) == raw);
    CHECK(Jid::make(xmpp::escape_local(raw), "h"));  // escaped forms are valid localparts
  }
  CHECK(xmpp::unescape_local("bob\\40Example.com") == "bob@Example.com");
  CHECK(xmpp::unescape_local("\\zz\\4") == "\\zz\\4");
}

TEST_CASE("contact address: Passport <-> JID both ways", "[xmpp][jid][address]") {
  auto j = xmpp::contact_jid("Bob@Example.com", "msn.example.org");
  REQUIRE(j);
  CHECK(j->to_string() == "bob%example.com@msn.example.org");
  CHECK(xmpp::passport_from_local(j->local()) == "bob@example.com");
  // XEP-0106 form accepted
  auto escaped = Jid::parse("bob\\40example.com@msn.example.org");
  REQUIRE(escaped);
  CHECK(xmpp::passport_from_local(escaped->local()) == "bob@example.com");
  for (const char* p : {"a.b-c_d+e@sub.example.co.uk", "x@hotmail.com", "1@2.de"}) {
    INFO(p);
    auto cj = xmpp::contact_jid(p, "gw.test");
    REQUIRE(cj);
    CHECK(xmpp::passport_from_local(cj->local()) == p);
  }
}

TEST_CASE("contact address: invalid Messenger addresses", "[xmpp][jid][address]") {
  for (const char* bad : {"bob", "bob%", "%example.com", "bob%example", "bob%%example.com", "bob%ex%ample.com",
                          ".bob%example.com", "bob.%example.com", "b!ob%example.com", "bob%-example.com",
                          "bob%example..com", "bob\\40", "alice"}) {
    INFO(bad);
    CHECK_FALSE(xmpp::passport_from_local(bad));
  }
  CHECK_FALSE(xmpp::contact_jid("not an address", "gw.test"));
  CHECK_FALSE(xmpp::normalize_passport(std::string(250, 'a') + "@b.cd"));
}
