#include "msnp/net/auth/passport_headers.hpp"

#include <algorithm>
#include <cctype>

namespace msnp::net {
namespace {

constexpr std::string_view kScheme = "Passport1.4";
constexpr std::string_view kOrgPrefix = "OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,";
constexpr std::size_t kMaxTicket = 4096;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The ticket goes into an MSNP command line: a space or CR/LF from a hostile login server
// would inject commands, so only printable non-space ASCII passes.
bool valid_ticket(std::string_view t) {
  return !t.empty() && t.size() <= kMaxTicket &&
         std::all_of(t.begin(), t.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

bool is_redirect(unsigned status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Step follow_location(const Url& request_url, const ResponseView& r) {
  if (!r.location) return Failure{AuthError::malformed_response, "HTTP " + std::to_string(r.status) + " without Location"};
  auto next = resolve_location(request_url, *r.location);
  if (!next) return Failure{AuthError::bad_url, "unusable redirect Location"};
  return Follow{std::move(*next)};
}

std::optional<Step> common_status(const Url& request_url, const ResponseView& r) {
  if (is_redirect(r.status)) return follow_location(request_url, r);
  if (r.status >= 500 && r.status <= 599)
    return Failure{AuthError::service_unavailable, "HTTP " + std::to_string(r.status)};
  if (r.status != 200) return Failure{AuthError::unexpected_status, "HTTP " + std::to_string(r.status)};
  return std::nullopt;
}

}  // namespace

std::string passport_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

std::string passport_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string build_authorization(std::string_view sign_in, std::string_view password, std::string_view challenge) {
  std::string out{kScheme};
  out += ' ';
  out += kOrgPrefix;
  out += "sign-in=";
  out += passport_encode(sign_in);
  out += ",pwd=";
  out += passport_encode(password);
  out += ',';
  out += challenge;
  return out;
}

std::string mask_authorization(std::string_view authorization) {
  std::string out(authorization);
  const auto at = out.find("pwd=");
  if (at == std::string::npos) return out;
  const auto begin = at + 4;
  const auto end = out.find(',', begin);
  out.replace(begin, end == std::string::npos ? std::string::npos : end - begin, "<hidden>");
  return out;
}

std::string mask_ticket(std::string_view ticket) {
  return "<ticket " + std::to_string(ticket.size()) + " chars>";
}

std::optional<PassportFields> parse_passport_fields(std::string_view value) {
  value = trim(value);
  if (value.size() < kScheme.size() || !iequals(value.substr(0, kScheme.size()), kScheme)) return std::nullopt;
  value.remove_prefix(kScheme.size());
  if (!value.empty() && value.front() != ' ' && value.front() != '\t') return std::nullopt;
  PassportFields fields;
  std::size_t i = 0;
  while (i < value.size()) {
    // One field: key[=value], where value may be '...'-quoted and then contains commas.
    const auto start = i;
    while (i < value.size() && value[i] != ',' && value[i] != '=') ++i;
    std::string key{trim(value.substr(start, i - start))};
    std::string val;
    if (i < value.size() && value[i] == '=') {
      ++i;
      if (i < value.size() && value[i] == '\'') {
        const auto close = value.find('\'', i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        val.assign(value.substr(i + 1, close - i - 1));
        i = close + 1;
        while (i < value.size() && value[i] != ',') ++i;  // junk after the quote is ignored
      } else {
        const auto vstart = i;
        while (i < value.size() && value[i] != ',') ++i;
        val.assign(trim(value.substr(vstart, i - vstart)));
      }
    }
    if (!key.empty()) fields.emplace_back(std::move(key), std::move(val));
    if (i < value.size()) ++i;  // the comma
  }
  return fields;
}

std::optional<std::string_view> find_field(const PassportFields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (iequals(k, key)) return std::string_view{v};
  return std::nullopt;
}

std::optional<Url> dalogin_from_passport_urls(std::string_view value, Scheme default_scheme) {
  std::size_t i = 0;
  while (i <= value.size()) {
    auto end = value.find(',', i);
    if (end == std::string_view::npos) end = value.size();
    const auto item = trim(value.substr(i, end - i));
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && iequals(trim(item.substr(0, eq)), "DALogin"))
      return parse_url(trim(item.substr(eq + 1)), default_scheme);
    i = end + 1;
  }
  return std::nullopt;
}

Step interpret_nexus_response(const Url& request_url, const ResponseView& r) {
  if (auto step = common_status(request_url, r)) return std::move(*step);
  if (!r.passport_urls) return Failure{AuthError::malformed_response, "Nexus reply has no PassportURLs header"};
  auto dalogin = dalogin_from_passport_urls(*r.passport_urls, request_url.scheme);
  if (!dalogin) return Failure{AuthError::malformed_response, "PassportURLs has no usable DALogin"};
  return Follow{std::move(*dalogin)};
}

Step interpret_login_response(const Url& request_url, const ResponseView& r) {
  if (r.status == 401) {
    std::string detail = "the Passport server rejected the e-mail address or password";
    if (r.www_authenticate) {
      if (auto fields = parse_passport_fields(*r.www_authenticate)) {
        if (auto cbtxt = find_field(*fields, "cbtxt"); cbtxt && !cbtxt->empty()) detail = passport_decode(*cbtxt);
      }
    }
    return Failure{AuthError::wrong_password, std::move(detail)};
  }
  if (auto step = common_status(request_url, r)) return std::move(*step);
  if (!r.authentication_info) return Failure{AuthError::malformed_response, "login reply has no Authentication-Info"};
  const auto fields = parse_passport_fields(*r.authentication_info);
  if (!fields) return Failure{AuthError::malformed_response, "Authentication-Info is not Passport1.4"};
  const auto status = find_field(*fields, "da-status");
  if (!status || !iequals(*status, "success")) {
    if (status && iequals(*status, "failed")) return Failure{AuthError::wrong_password, "da-status=failed"};
    return Failure{AuthError::malformed_response, "Authentication-Info without da-status=success"};
  }
  const auto ticket = find_field(*fields, "from-PP");
  if (!ticket) return Failure{AuthError::malformed_response, "Authentication-Info has no from-PP"};
  if (!valid_ticket(*ticket)) return Failure{AuthError::malformed_response, "from-PP ticket is empty or has invalid characters"};
  return Ticket{std::string(*ticket)};
}

}  // namespace msnp::net
