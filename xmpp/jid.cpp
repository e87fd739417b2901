#include "xmpp/jid.hpp"

#include <array>

namespace xmpp {

namespace {

constexpr std::size_t max_part = 1023;  // RFC 7622 section 3.1: each part 1..1023 octets

std::string ascii_lower(std::string_view s) {
  std::string out{s};
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_space_or_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f;
}

bool valid_local(std::string_view l) {
  if (l.empty() || l.size() > max_part) return false;
  for (char c : l) {
    // RFC 7622 3.3.1 (and XEP-0106's list): these may not appear unescaped.
    if (is_space_or_control(c)) return false;
    switch (c) {
      case '"': case '&': case '\'': case '/': case ':': case '<': case '>': case '@': return false;
      default: break;
    }
  }
  return true;
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > max_part) return false;
  // An empty first or last label; the one permitted trailing dot is already stripped, so
  // "host.." must not become "host." (which would then differ from "host": fuzz_jid finding).
  if (d.front() == '.' || d.back() == '.') return false;
  for (char c : d)
    if (is_space_or_control(c) || c == '@' || c == '/' || c == '\\') return false;
  return d.find("..") == std::string_view::npos;
}

bool valid_resource(std::string_view r) {
  if (r.empty() || r.size() > max_part) return false;
  for (char c : r)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

struct Escape {
  char raw;
  std::string_view seq;
};
constexpr std::array<Escape, 10> escapes{{{' ', "\\20"}, {'"', "\\22"}, {'&', "\\26"}, {'\'', "\\27"},
                                          {'/', "\\2f"}, {':', "\\3a"}, {'<', "\\3c"}, {'>', "\\3e"},
                                          {'@', "\\40"}, {'\\', "\\5c"}}};

// Is there an escape sequence at s[i] (case-insensitive hex, XEP-0106 section 4.3)?
const Escape* sequence_at(std::string_view s, std::size_t i) {
  if (i + 3 > s.size() || s[i] != '\\') return nullptr;
  const std::string lower = ascii_lower(s.substr(i, 3));
  for (const auto& e : escapes)
    if (e.seq == lower) return &e;
  return nullptr;
}

}  // namespace

std::optional<Jid> Jid::make(std::string_view local, std::string_view domain, std::string_view resource) {
  std::string_view d = domain;
  if (!d.empty() && d.back() == '.') d.remove_suffix(1);  // RFC 7622 3.2: strip one trailing dot
  if (!valid_domain(d)) return std::nullopt;
  if (!local.empty() && !valid_local(local)) return std::nullopt;
  if (!resource.empty() && !valid_resource(resource)) return std::nullopt;
  Jid j;
  j.local_ = ascii_lower(local);
  j.domain_ = ascii_lower(d);
  j.resource_ = resource;
  return j;
}

std::optional<Jid> Jid::parse(std::string_view text) {
  // RFC 7622 3.1: the first '/' starts the resource (which may itself contain '@' and '/');
  // the first '@' before it ends the local part.
  std::string_view rest = text;
  std::string_view resource;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    resource = rest.substr(slash + 1);
    if (resource.empty()) return std::nullopt;
    rest = rest.substr(0, slash);
  }
  std::string_view local;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    local = rest.substr(0, at);
    if (local.empty()) return std::nullopt;
    rest = rest.substr(at + 1);
  }
  return make(local, rest, resource);
}

Jid Jid::bare() const {
  Jid j = *this;
  j.resource_.clear();
  return j;
}

// One allocation each: the gateway forms these for every message (issue 6).
std::string Jid::bare_string() const {
  if (local_.empty()) return domain_;
  std::string s;
  s.reserve(local_.size() + 1 + domain_.size());
  s.append(local_).append(1, '@').append(domain_);
  return s;
}

std::string Jid::to_string() const {
  std::string s;
  s.reserve(local_.size() + 1 + domain_.size() + 1 + resource_.size());
  if (!local_.empty()) s.append(local_).append(1, '@');
  s.append(domain_);
  if (!resource_.empty()) s.append(1, '/').append(resource_);
  return s;
}

std::string escape_local(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\') {
      out += sequence_at(raw, i) ? "\\5c" : "\\";
      continue;
    }
    bool done = false;
    for (const auto& e : escapes) {
      if (e.raw == c && c != '\\') {
        out += e.seq;
        done = true;
        break;
      }
    }
    if (!done) out += c;
  }
  return out;
}

std::string unescape_local(std::string_view escaped) {
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (const Escape* e = sequence_at(escaped, i)) {
      out += e->raw;
      i += 2;
    } else {
      out += escaped[i];
    }
  }
  return out;
}

}  // namespace xmpp
