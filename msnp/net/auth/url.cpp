#include "msnp/net/auth/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace msnp::net {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Anything a header value could smuggle into a request line or log: controls, spaces, DEL.
bool has_forbidden_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

std::uint16_t default_port(Scheme s) { return s == Scheme::https ? 443 : 80; }

// "host", "host:port", "[v6]", "[v6]:port" -> host and port; false when malformed.
bool parse_authority(std::string_view auth, Scheme scheme, Url& out) {
  if (auth.empty() || auth.find('@') != std::string_view::npos) return false;  // no userinfo
  std::string_view host = auth;
  std::string_view port;
  if (auth.front() == '[') {
    const auto close = auth.find(']');
    if (close == std::string_view::npos) return false;
    host = auth.substr(1, close - 1);
    const auto rest = auth.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
    in6_addr a6{};
    if (inet_pton(AF_INET6, std::string(host).c_str(), &a6) != 1) return false;
  } else {
    const auto colon = auth.rfind(':');
    if (colon != std::string_view::npos) {
      host = auth.substr(0, colon);
      port = auth.substr(colon + 1);
    }
    if (host.find(':') != std::string_view::npos) return false;  // bare IPv6 needs brackets
  }
  if (host.empty()) return false;
  out.host.assign(host);
  std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.port = default_port(scheme);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) return false;
    out.port = static_cast<std::uint16_t>(value);
  } else if (auth.back() == ':') {
    return false;
  }
  return true;
}

}  // namespace

std::optional<Url> parse_url(std::string_view text, Scheme default_scheme) {
  if (text.empty() || text.size() > 4096 || has_forbidden_chars(text)) return std::nullopt;
  Url url;
  url.scheme = default_scheme;
  const auto sep = text.find("://");
  if (sep != std::string_view::npos && text.substr(0, sep).find_first_of("/?") == std::string_view::npos) {
    const auto scheme = text.substr(0, sep);
    if (iequals(scheme, "https")) url.scheme = Scheme::https;
    else if (iequals(scheme, "http")) url.scheme = Scheme::http;
    else return std::nullopt;
    text.remove_prefix(sep + 3);
  }
  if (text.find('#') != std::string_view::npos) return std::nullopt;
  const auto path_at = text.find_first_of("/?");
  const auto authority = text.substr(0, path_at);
  if (!parse_authority(authority, url.scheme, url)) return std::nullopt;
  if (path_at != std::string_view::npos) {
    url.target.assign(text.substr(path_at));
    if (url.target.front() == '?') url.target.insert(url.target.begin(), '/');
  }
  return url;
}

std::optional<Url> resolve_location(const Url& base, std::string_view location) {
  if (location.empty() || has_forbidden_chars(location)) return std::nullopt;
  if (location.substr(0, 2) == "//") return parse_url(location.substr(2), base.scheme);
  if (location.front() == '/') {
    if (location.find('#') != std::string_view::npos || location.size() > 4096) return std::nullopt;
    Url out = base;
    out.target.assign(location);
    return out;
  }
  // Only absolute URLs beyond this point: a bare "login2.srf" would be ambiguous with a host.
  if (location.find("://") == std::string_view::npos) return std::nullopt;
  return parse_url(location, base.scheme);
}

std::string_view to_string(Scheme s) { return s == Scheme::https ? "https" : "http"; }

std::string to_string(const Url& url) {
  std::string out{to_string(url.scheme)};
  out += "://";
  const bool v6 = url.host.find(':') != std::string::npos;
  if (v6) out += '[';
  out += url.host;
  if (v6) out += ']';
  if (url.port != default_port(url.scheme)) {
    out += ':';
    out += std::to_string(url.port);
  }
  out += url.target;
  return out;
}

bool is_ip_literal(std::string_view host) {
  const std::string h(host);
  in_addr a4{};
  in6_addr a6{};
  return inet_pton(AF_INET, h.c_str(), &a4) == 1 || inet_pton(AF_INET6, h.c_str(), &a6) == 1;
}

}  // namespace msnp::net
