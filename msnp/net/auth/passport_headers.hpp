#pragma once
// Passport 1.4 ("Tweener") as sans-IO functions: build the `Authorization` header, read the
// Nexus `PassportURLs` header and decide what a login response means (MSNP.md section 2.2,
// ESC http/other.py, PEC nexus.c). The Beast client in nexus_ticket_provider.cpp only moves
// bytes; every decision about headers is made here, where it is unit-tested.
#include "msnp/net/auth/auth_error.hpp"
#include "msnp/net/auth/url.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace msnp::net {

// Percent-encodes everything but RFC 3986 unreserved characters. Commas and '=' must go:
// they separate the fields of the Authorization header ("sign-in=alice%40example.com").
std::string passport_encode(std::string_view text);
// Decodes %XX (and '+' as space, as cbtxt is form-encoded); malformed escapes stay as they are.
std::string passport_decode(std::string_view text);

// `Authorization: Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,
// sign-in=<enc>,pwd=<enc>,<challenge>` with the USR TWN S argument appended verbatim (LIBMSN
// does so; PEC's rebuilt-and-ct+200 variant is not needed by any server we know).
std::string build_authorization(std::string_view sign_in, std::string_view password, std::string_view challenge);

// The same header value with pwd=... replaced, for trace logs (passwords are never logged).
std::string mask_authorization(std::string_view authorization);
// A ticket for logs: its length only.
std::string mask_ticket(std::string_view ticket);

// "Passport1.4 k=v,k2='quoted, value',flag" -> fields in order; nullopt if the scheme is not
// Passport1.4 (case-insensitive) or a quote is unterminated. Keys keep their case.
using PassportFields = std::vector<std::pair<std::string, std::string>>;
std::optional<PassportFields> parse_passport_fields(std::string_view header_value);
// Case-insensitive lookup in parsed fields.
std::optional<std::string_view> find_field(const PassportFields& fields, std::string_view key);

// The Nexus reply: `PassportURLs: DARealm=...,DALogin=login.passport.com/login2.srf,...`.
// Escargot sends `DALogin=https://host/login`; the historical form has no scheme, in which
// case the Nexus URL's scheme applies (the same deployment serves both).
std::optional<Url> dalogin_from_passport_urls(std::string_view header_value, Scheme default_scheme);

// What one HTTP response in the exchange tells us to do next.
struct Ticket {
  std::string value;  // "t=...&p=..." (or Escargot's 20-character token), sent as USR TWN S
};
struct Follow {
  Url url;  // the next request: DALogin after the Nexus, or a 302 Location
};
struct Failure {
  AuthError error;
  std::string detail;  // human-readable, never contains the password or a ticket
};
using Step = std::variant<Ticket, Follow, Failure>;

// The response headers the decisions depend on (absent header: nullopt).
struct ResponseView {
  unsigned status = 0;
  std::optional<std::string_view> passport_urls;        // PassportURLs (any case)
  std::optional<std::string_view> authentication_info;  // Authentication-Info
  std::optional<std::string_view> www_authenticate;     // WWW-Authenticate
  std::optional<std::string_view> location;             // Location
};

// Nexus GET: 200 + PassportURLs -> Follow{DALogin}; 301/302/303/307/308 -> Follow{Location}.
Step interpret_nexus_response(const Url& request_url, const ResponseView& response);
// DALogin GET: 200 + da-status=success + from-PP='<ticket>' -> Ticket; 302 -> Follow;
// 401 -> wrong_password with the decoded cbtxt; 5xx -> service_unavailable.
Step interpret_login_response(const Url& request_url, const ResponseView& response);

}  // namespace msnp::net
