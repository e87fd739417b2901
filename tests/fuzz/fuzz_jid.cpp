// libFuzzer target: JID parsing and normalisation (xmpp/jid.hpp) and the contact address
// mapping (xmpp/contact_address.hpp): what any XMPP user controls in to/from attributes and
// registration forms. Input: LF-separated strings. Invariants: a parsed JID prints to text
// that parses back to the same JID; XEP-0106 escaping round-trips; a contact JID built from a
// Passport maps back to that Passport.
#include "tests/fuzz/fuzz_input.hpp"
#include "xmpp/contact_address.hpp"
#include "xmpp/jid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  for (const auto text : fuzz::split(in.rest(), "\n")) {
    if (const auto j = xmpp::Jid::parse(text)) {
      const auto again = xmpp::Jid::parse(j->to_string());
      FUZZ_CHECK(again.has_value());
      FUZZ_CHECK(*again == *j);
      FUZZ_CHECK(xmpp::Jid::parse(j->bare_string()) == j->bare());
      (void)xmpp::passport_from_local(j->local());
      const auto made = xmpp::Jid::make(j->local(), j->domain(), j->resource());
      FUZZ_CHECK(made == j);
    }
    FUZZ_CHECK(xmpp::unescape_local(xmpp::escape_local(text)) == text);
    (void)xmpp::unescape_local(text);
    if (const auto p = xmpp::normalize_passport(text)) {
      FUZZ_CHECK(xmpp::normalize_passport(*p) == p);
      if (const auto c = xmpp::contact_jid(*p, "msn.example.org")) {
        FUZZ_CHECK(xmpp::passport_from_local(c->local()) == p);
        FUZZ_CHECK(xmpp::Jid::parse(c->to_string()) == c);
      }
    }
    (void)xmpp::passport_from_local(text);
  }
  return 0;
}
