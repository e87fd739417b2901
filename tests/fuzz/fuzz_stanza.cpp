// libFuzzer target: xmpp::Stanza::parse (libstrophe/expat underneath) and serialisation:
// stanza XML comes from any XMPP user. Invariant: a parsed stanza serialises to XML that
// parses back to an equal stanza (escaping is complete).
#include "tests/fuzz/fuzz_input.hpp"
#include "xmpp/stanza.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const auto s = xmpp::Stanza::parse(xml);
  if (!s) return 0;
  const auto text = s->to_string();
  const auto again = xmpp::Stanza::parse(text);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *s);
  (void)s->first_child();
  (void)s->child_text("body");
  for (const auto& c : s->children()) (void)s->child_ns(c);
  return 0;
}
