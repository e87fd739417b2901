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

}  // namespace

// Copies runs of plain characters in one append each.
void append_escaped(std::string& out, std::string_view raw) {
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
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
