#pragma once
// xmpp::Stanza: an XML element as a plain value (name, attributes, text, children). Everything
// outside the libstrophe adapter (component.cpp, strophe_convert.cpp) sees only this type, so
// handlers are testable without a connection and libstrophe's reference counting never leaks
// (DESIGN.md section 1). Text is kept as one string per element: stanzas (RFC 6120) do not use
// mixed content, and XHTML-IM is out of scope.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xmpp {

class Stanza {
 public:
  using Attribute = std::pair<std::string, std::string>;

  Stanza() = default;
  explicit Stanza(std::string_view name, std::string_view xmlns = {});

  // Parses exactly one element. nullopt for malformed XML; never throws on bad input.
  static std::optional<Stanza> parse(std::string_view xml);

  const std::string& name() const { return name_; }
  bool empty() const { return name_.empty(); }

  // Absent attributes read as "" (XMPP gives empty and absent the same meaning for the
  // attributes we use: to, from, id, type, xmlns).
  std::string_view attr(std::string_view key) const;
  bool has_attr(std::string_view key) const;
  Stanza& set_attr(std::string_view key, std::string_view value);
  Stanza& remove_attr(std::string_view key);
  const std::vector<Attribute>& attrs() const { return attrs_; }
  void reserve_attrs(std::size_t n) { attrs_.reserve(n); }
  void reserve_children(std::size_t n) { children_.reserve(n); }

  std::string_view ns() const { return attr("xmlns"); }
  std::string_view type() const { return attr("type"); }
  std::string_view id() const { return attr("id"); }
  std::string_view to() const { return attr("to"); }
  std::string_view from() const { return attr("from"); }

  const std::string& text() const { return text_; }
  Stanza& set_text(std::string_view text);
  Stanza& set_text(std::string&& text);  // takes the buffer: a message body is not copied again
  Stanza& set_text(const char* text) { return set_text(std::string_view{text}); }

  // Adds a child and returns it, for building nested payloads in place.
  Stanza& add(Stanza child);
  Stanza& add(std::string_view name, std::string_view xmlns = {});
  const std::vector<Stanza>& children() const { return children_; }

  // First child with this name (and namespace when given). A child without its own xmlns
  // inherits this element's namespace (XML Namespaces 1.0 defaulting).
  const Stanza* child(std::string_view name, std::string_view xmlns = {}) const;
  Stanza* child(std::string_view name, std::string_view xmlns = {});
  // First element child, whatever its name: the payload of an iq (RFC 6120 8.2.3).
  const Stanza* first_child() const;
  // Text of child(name, xmlns), "" when absent.
  std::string child_text(std::string_view name, std::string_view xmlns = {}) const;
  // The effective namespace of a direct child, taking defaulting into account.
  std::string_view child_ns(const Stanza& c) const;

  // Serialized XML, attributes in insertion order, with the five predefined entities escaped
  // and the characters XML 1.0 forbids (C0 controls but tab, LF, CR) left out: one of them
  // would make the server close the whole component stream (RFC 6120 4.9.3.13).
  std::string to_string() const;
  // The same, appended: the component writes a loop iteration's stanzas as one buffer.
  void append_to(std::string& out) const;

  // Attribute order is not significant in XML (and libstrophe does not keep it).
  friend bool operator==(const Stanza& a, const Stanza& b);

 private:
  std::string name_;
  std::vector<Attribute> attrs_;
  std::string text_;
  std::vector<Stanza> children_;
};

// XML character escaping for text and attribute values (see to_string).
std::string xml_escape(std::string_view raw);
void append_escaped(std::string& out, std::string_view raw);

}  // namespace xmpp
