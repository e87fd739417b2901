// xmpp::Stanza::parse: one element from text, with expat (libstrophe's own XML parser)
// driven directly. libstrophe's xmpp_stanza_new_from_string builds a new expat parser per
// call, which was 92 % of translating a Jabber message (issue 6, tests/bench/RESULTS.md);
// this keeps one parser per thread and resets it. The result is the one
// xmpp_stanza_new_from_string + from_strophe gave: the text is wrapped in <stream>...</stream>
// and fed the same way, the first element inside is the stanza, element and attribute names
// lose their namespace prefix, every element in a namespace carries it as xmlns, a child
// without one gets xmlns='' (see strophe_convert.cpp), text is one string per element, and
// nesting beyond 64 levels is dropped.
#include "xmpp/stanza.hpp"

#include <expat.h>

#include <limits>
#include <memory>
#include <vector>

namespace xmpp {
namespace {

constexpr XML_Char kNamespaceSeparator = '\x1F';
constexpr int kMaxDepth = 64;  // as strophe_convert.cpp: a hostile peer cannot recurse deep

std::string_view local_name(std::string_view expanded) {
  const auto sep = expanded.find(kNamespaceSeparator);
  return sep == std::string_view::npos ? expanded : expanded.substr(sep + 1);
}

struct Builder {
  std::optional<Stanza> stanza;
  std::vector<Stanza*> open;  // the stanza and its open descendants
  std::vector<std::string> texts;  // their text so far (expat splits it into pieces)
  int depth = 0;              // elements open, the <stream> wrapper included
  int skipped = 0;            // elements open below kMaxDepth, ignored
  bool complete = false;      // the first stanza ended; anything after it is ignored
};

void on_start(void* data, const XML_Char* expanded_name, const XML_Char** attrs) {
  auto& b = *static_cast<Builder*>(data);
  ++b.depth;
  if (b.depth == 1 || b.complete) return;  // the wrapper, or a second stanza
  if (b.skipped || static_cast<int>(b.open.size()) > kMaxDepth) {
    ++b.skipped;
    return;
  }
  const std::string_view expanded{expanded_name};
  Stanza element{local_name(expanded)};
  for (int i = 0; attrs[i]; i += 2) element.set_attr(local_name(attrs[i]), attrs[i + 1]);
  if (const auto sep = expanded.find(kNamespaceSeparator); sep != std::string_view::npos)
    element.set_attr("xmlns", expanded.substr(0, sep));
  b.texts.emplace_back();
  if (b.open.empty()) {
    b.stanza = std::move(element);
    b.open.push_back(&*b.stanza);
    return;
  }
  Stanza& parent = *b.open.back();
  if (!parent.ns().empty() && !element.has_attr("xmlns")) element.set_attr("xmlns", "");
  // Only the last child of each open element is open, so growing a children vector never
  // moves an element that `open` points to.
  b.open.push_back(&parent.add(std::move(element)));
}

void on_end(void* data, const XML_Char*) {
  auto& b = *static_cast<Builder*>(data);
  --b.depth;
  if (b.depth == 0 || b.complete) return;
  if (b.skipped) {
    --b.skipped;
    return;
  }
  b.open.back()->set_text(b.texts.back());
  b.open.pop_back();
  b.texts.pop_back();
  if (b.open.empty()) b.complete = true;
}

void on_text(void* data, const XML_Char* s, int len) {
  auto& b = *static_cast<Builder*>(data);
  if (b.complete || b.skipped || b.open.empty()) return;
  b.texts.back().append(s, static_cast<std::size_t>(len));
}

struct ParserDeleter {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using Parser = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserDeleter>;

// One parser per thread, reset before each use.
XML_Parser thread_parser() {
  thread_local Parser parser;
  if (parser && XML_ParserReset(parser.get(), nullptr) != XML_TRUE) parser.reset();
  if (!parser) parser.reset(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  return parser.get();
}

bool feed(XML_Parser p, std::string_view bytes) {
  return XML_Parse(p, bytes.data(), static_cast<int>(bytes.size()), XML_FALSE) == XML_STATUS_OK;
}

}  // namespace

std::optional<Stanza> Stanza::parse(std::string_view xml) {
  xml = xml.substr(0, xml.find('\0'));  // libstrophe read a C string
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2)) return std::nullopt;
  XML_Parser p = thread_parser();
  if (!p) return std::nullopt;
  Builder b;
  XML_SetUserData(p, &b);
  XML_SetElementHandler(p, on_start, on_end);
  XML_SetCharacterDataHandler(p, on_text);
  const bool ok = feed(p, "<stream>") && feed(p, xml) && feed(p, "</stream>");
  if (!ok || !b.complete) return std::nullopt;
  return std::move(b.stanza);
}

}  // namespace xmpp
