// libFuzzer target: xmpp::Stanza::parse (libstrophe/expat underneath) and serialisation:
// stanza XML comes from any XMPP user. Invariants: a parsed stanza serialises to XML that
// parses back to an equal stanza (escaping is complete); a stanza built from any bytes
// serialises to XML that parses.
#include "tests/fuzz/fuzz_input.hpp"
#include "xmpp/stanza.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  // Whatever bytes the gateway puts in a stanza, the XML it writes parses: the server would
  // close the component's stream, and every user's link with it, for one that does not.
  xmpp::Stanza built{"message"};
  built.set_attr("id", xml);
  built.add("body").set_text(xml);
  FUZZ_CHECK(xmpp::Stanza::parse(built.to_string()).has_value());

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
