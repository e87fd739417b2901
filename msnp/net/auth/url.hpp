#pragma once
// The few URLs Passport 1.4 login touches: the Nexus (`msn.nexus_url`), the DALogin URL the
// Nexus names in its `PassportURLs` header (MSNP.md section 2.2; with or without a scheme)
// and `Location:` targets of 302 redirects (absolute or relative, RFC 9110 section 10.2.2).
// Sans-IO: parsing only, no resolution, no sockets.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msnp::net {

enum class Scheme { http, https };

struct Url {
  Scheme scheme = Scheme::https;
  std::string host;        // without brackets for IPv6 literals
  std::uint16_t port = 0;  // always filled: 80 / 443 when the URL names none
  std::string target = "/";  // path and query, always starts with '/'

  bool operator==(const Url&) const = default;
};

// Parses "scheme://host[:port][/path][?query]". Without a scheme ("login.passport.com/
// login2.srf", the historical DALogin form) `default_scheme` applies. Userinfo, fragments,
// control characters, spaces and other schemes are rejected: nullopt, never an exception.
std::optional<Url> parse_url(std::string_view text, Scheme default_scheme = Scheme::https);

// Resolves a redirect target against the URL that answered it: absolute URLs as such,
// "//host/path" keeps the scheme, "/path" keeps scheme, host and port.
std::optional<Url> resolve_location(const Url& base, std::string_view location);

std::string to_string(const Url& url);
std::string_view to_string(Scheme s);

// True for dotted IPv4 and IPv6 literals: these get no SNI (RFC 6066 section 3) and are
// checked against the certificate's IP SANs instead of DNS names.
bool is_ip_literal(std::string_view host);

}  // namespace msnp::net
