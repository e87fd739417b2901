#include "xmpp/contact_address.hpp"

#include <algorithm>

namespace xmpp {

namespace {

// E-mail addresses are capped at 254 octets (RFC 5321 4.5.3.1.3 with RFC 3696 errata).
constexpr std::size_t max_passport = 254;

bool local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '+';
}

bool label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool valid_domain(std::string_view d) {
  std::size_t labels = 0;
  while (true) {
    const auto dot = d.find('.');
    const std::string_view label = d.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), label_char)) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

}  // namespace

std::optional<std::string> normalize_passport(std::string_view address) {
  if (address.empty() || address.size() > max_passport) return std::nullopt;
  std::string p{address};
  for (char& c : p)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const auto at = p.find('@');
  if (at == std::string::npos || p.find('@', at + 1) != std::string::npos) return std::nullopt;
  const std::string_view local = std::string_view{p}.substr(0, at);
  if (local.empty() || local.front() == '.' || local.back() == '.') return std::nullopt;
  if (!std::all_of(local.begin(), local.end(), local_char)) return std::nullopt;
  if (!valid_domain(std::string_view{p}.substr(at + 1))) return std::nullopt;
  return p;
}

std::optional<Jid> contact_jid(std::string_view passport, std::string_view component_domain) {
  auto p = normalize_passport(passport);
  if (!p) return std::nullopt;
  std::replace(p->begin(), p->end(), '@', '%');
  return Jid::make(*p, component_domain);
}

std::optional<std::string> passport_from_local(std::string_view local) {
  std::string candidate;
  if (local.find('%') != std::string_view::npos) {
    candidate = local;
    const auto pct = candidate.find('%');
    if (candidate.find('%', pct + 1) != std::string::npos) return std::nullopt;
    candidate[pct] = '@';
  } else {
    candidate = unescape_local(local);  // XEP-0106: bob\40example.com
  }
  return normalize_passport(candidate);
}

}  // namespace xmpp
