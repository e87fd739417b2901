#include "xmpp/stanza.hpp"

#include <algorithm>

namespace xmpp {

Stanza::Stanza(std::string_view name, std::string_view xmlns) : name_(name) {
  if (!xmlns.empty()) set_attr("xmlns", xmlns);
}

std::string_view Stanza::attr(std::string_view key) const {
  for (const auto& [k, v] : attrs_)
    if (k == key) return v;
  return {};
}

bool Stanza::has_attr(std::string_view key) const {
  return std::any_of(attrs_.begin(), attrs_.end(), [&](const Attribute& a) { return a.first == key; });
}

Stanza& Stanza::set_attr(std::string_view key, std::string_view value) {
  for (auto& [k, v] : attrs_) {
    if (k == key) {
      v = value;
      return *this;
    }
  }
  attrs_.emplace_back(key, value);
  return *this;
}

Stanza& Stanza::remove_attr(std::string_view key) {
  std::erase_if(attrs_, [&](const Attribute& a) { return a.first == key; });
  return *this;
}

Stanza& Stanza::set_text(std::string_view text) {
  text_ = text;
  return *this;
}

Stanza& Stanza::set_text(std::string&& text) {
  text_ = std::move(text);
  return *this;
}

Stanza& Stanza::add(Stanza c) {
  children_.push_back(std::move(c));
  return children_.back();
}

Stanza& Stanza::add(std::string_view name, std::string_view xmlns) { return add(Stanza{name, xmlns}); }

std::string_view Stanza::child_ns(const Stanza& c) const {
  return c.has_attr("xmlns") ? c.ns() : ns();
}

const Stanza* Stanza::child(std::string_view name, std::string_view xmlns) const {
  for (const auto& c : children_)
    if (c.name_ == name && (xmlns.empty() || child_ns(c) == xmlns)) return &c;
  return nullptr;
}

Stanza* Stanza::child(std::string_view name, std::string_view xmlns) {
  return const_cast<Stanza*>(std::as_const(*this).child(name, xmlns));
}

const Stanza* Stanza::first_child() const { return children_.empty() ? nullptr : &children_.front(); }

std::string Stanza::child_text(std::string_view name, std::string_view xmlns) const {
  const Stanza* c = child(name, xmlns);
  return c ? c->text_ : std::string{};
}

bool operator==(const Stanza& a, const Stanza& b) {
  if (a.name_ != b.name_ || a.text_ != b.text_ || a.attrs_.size() != b.attrs_.size() || a.children_ != b.children_)
    return false;
  for (const auto& [k, v] : a.attrs_)
    if (!b.has_attr(k) || b.attr(k) != v) return false;
  return true;
}

namespace {

const char* entity_for(char ch) {
  switch (ch) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    default: return nullptr;
  }
}

bool forbidden_in_xml(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// Bytes of the XML character (RFC 3629 UTF-8, XML 1.0 Char) starting with the non-ASCII byte
// at s[i]; 0 for a byte that starts none: not UTF-8, a surrogate, U+FFFE or U+FFFF.
std::size_t xml_char_at(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const auto tail = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
  const unsigned c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return tail(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!tail(1) || !tail(2)) return 0;
    const unsigned cp = (c & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    return cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE ? 0 : 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!tail(1) || !tail(2) || !tail(3)) return 0;
    const unsigned cp = (c & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
    return cp < 0x10000 || cp > 0x10FFFF ? 0 : 4;
  }
  return 0;
}

}  // namespace

// Copies runs of plain characters in one append each. What XML cannot carry never reaches
// the server, which would close the component's stream for it (and every user with it):
// C0 controls are left out, bytes that start no XML character become U+FFFD.
void append_escaped(std::string& out, std::string_view raw) {
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (static_cast<unsigned char>(raw[i]) >= 0x80) {
      if (const std::size_t n = xml_char_at(raw, i)) {
        i += n - 1;
        continue;
      }
      out.append(raw, plain_from, i - plain_from);
      out += "\xEF\xBF\xBD";
      plain_from = i + 1;
      continue;
    }
    const char* entity = entity_for(raw[i]);
    if (!entity && !forbidden_in_xml(raw[i])) continue;
    out.append(raw, plain_from, i - plain_from);
    if (entity) out += entity;
    plain_from = i + 1;
  }
  out.append(raw, plain_from);
}

std::string xml_escape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  append_escaped(out, raw);
  return out;
}

void Stanza::append_to(std::string& out) const {
  out += '<';
  out += name_;
  for (const auto& [k, v] : attrs_) {
    out += ' ';
    out += k;
    out += "='";
    append_escaped(out, v);
    out += '\'';
  }
  if (text_.empty() && children_.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  append_escaped(out, text_);
  for (const auto& c : children_) c.append_to(out);
  out += "</";
  out += name_;
  out += '>';
}

std::string Stanza::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

}  // namespace xmpp
