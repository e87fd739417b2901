#pragma once
// xmpp::Jid: an RFC 7622 address, parsed and normalised once so that comparisons are plain
// string equality. Normalisation is the ASCII subset of the PRECIS profiles: domainpart and
// localpart are case-folded (ASCII only), resourcepart is kept as is. Non-ASCII bytes pass
// through unchanged (no IDNA/PRECIS tables); they only need to compare equal to themselves.
// Also XEP-0106 (JID Escaping) for local parts.
#include <compare>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace xmpp {

class Jid {
 public:
  Jid() = default;

  // nullopt for anything RFC 7622 rejects that we can check without PRECIS tables: empty
  // domain, empty local or resource when '@' or '/' is present, parts over 1023 bytes,
  // forbidden localpart characters ("&'/:<>@ space), whitespace or '@' in the domain.
  static std::optional<Jid> parse(std::string_view text);
  // Builds from parts (validated the same way).
  static std::optional<Jid> make(std::string_view local, std::string_view domain,
                                 std::string_view resource = {});

  const std::string& local() const { return local_; }
  const std::string& domain() const { return domain_; }
  const std::string& resource() const { return resource_; }
  bool is_bare() const { return resource_.empty(); }
  bool is_domain() const { return local_.empty() && resource_.empty(); }

  Jid bare() const;
  std::string bare_string() const;
  std::string to_string() const;

  friend bool operator==(const Jid&, const Jid&) = default;
  friend std::strong_ordering operator<=>(const Jid&, const Jid&) = default;

 private:
  std::string local_;
  std::string domain_;
  std::string resource_;
};

// XEP-0106: escapes the ten characters a localpart cannot carry (space " & ' / : < > @ \)
// as \20 \22 \26 \27 \2f \3a \3c \3e \40 \5c. A backslash is only escaped when it would
// otherwise start one of those sequences (XEP-0106 section 4.2).
std::string escape_local(std::string_view raw);
// Reverses escape_local; sequences that are not one of the ten are left untouched.
std::string unescape_local(std::string_view escaped);

}  // namespace xmpp

template <>
struct std::hash<xmpp::Jid> {
  std::size_t operator()(const xmpp::Jid& j) const noexcept { return std::hash<std::string>{}(j.to_string()); }
};
