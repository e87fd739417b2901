#include "xmpp/strophe_convert.hpp"

#include <array>
#include <string>
#include <vector>

#include "gateway/support/log.hpp"

namespace xmpp::detail {

namespace {

// Stanzas nest a handful of levels; the bound only keeps a hostile peer from recursing deep.
constexpr int max_depth = 64;

Stanza convert(xmpp_stanza_t* s, int depth, std::string_view parent_ns) {
  Stanza out{xmpp_stanza_get_name(s) ? xmpp_stanza_get_name(s) : ""};
  const int count = xmpp_stanza_get_attribute_count(s);
  if (count > 0) {
    std::array<const char*, 16> small{};  // a stanza's attributes: to, from, id, type, xml:lang, xmlns
    std::vector<const char*> large;
    const char** kv = small.data();
    if (count * 2 > int(small.size())) {
      large.resize(static_cast<std::size_t>(count) * 2);
      kv = large.data();
    }
    const int filled = xmpp_stanza_get_attributes(s, kv, count * 2);
    out.reserve_attrs(static_cast<std::size_t>(count) + 1);  // + the xmlns='' below
    for (int i = 0; i + 1 < filled; i += 2)
      if (kv[i] && kv[i + 1]) out.set_attr(kv[i], kv[i + 1]);
  }
  // libstrophe gives every parsed child its effective namespace as xmlns, so a child without
  // one undeclared it (xmlns='', XML Namespaces 1.0 section 6.2). Keep that explicit: without
  // it the child would inherit the parent's namespace in Stanza::child_ns (fuzz_stanza finding).
  if (depth > 0 && !parent_ns.empty() && !out.has_attr("xmlns")) out.set_attr("xmlns", "");
  const std::string_view ns = out.has_attr("xmlns") ? out.ns() : parent_ns;  // attrs are final here
  std::size_t elements = 0;  // children in one allocation (a message has two or three)
  for (xmpp_stanza_t* c = xmpp_stanza_get_children(s); c; c = xmpp_stanza_get_next(c))
    elements += xmpp_stanza_is_tag(c) ? 1 : 0;
  if (depth < max_depth) out.reserve_children(elements);
  std::string text;
  for (xmpp_stanza_t* c = xmpp_stanza_get_children(s); c; c = xmpp_stanza_get_next(c)) {
    if (xmpp_stanza_is_text(c)) {
      if (const char* t = xmpp_stanza_get_text_ptr(c)) text += t;
    } else if (xmpp_stanza_is_tag(c) && depth < max_depth) {
      out.add(convert(c, depth + 1, ns));
    }
  }
  out.set_text(std::move(text));
  return out;
}

}  // namespace

Stanza from_strophe(xmpp_stanza_t* s) { return s ? convert(s, 0, {}) : Stanza{}; }

namespace {

void log_bridge(void*, xmpp_log_level_t level, const char* area, const char* msg) {
  if (level == XMPP_LEVEL_ERROR)
    gw::log::error("xmpp.strophe", "{}: {}", area ? area : "-", msg ? msg : "-");
  else if (level == XMPP_LEVEL_WARN)
    gw::log::warn("xmpp.strophe", "{}: {}", area ? area : "-", msg ? msg : "-");
}

xmpp_log_t bridge{log_bridge, nullptr};

}  // namespace

xmpp_ctx_t* shared_context() {
  static xmpp_ctx_t* ctx = [] {
    xmpp_initialize();
    return xmpp_ctx_new(nullptr, &bridge);
  }();
  return ctx;
}

}  // namespace xmpp::detail
