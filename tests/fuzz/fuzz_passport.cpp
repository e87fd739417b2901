// libFuzzer target: the Passport 1.4 header parsers and URL handling
// (msnp/net/auth/passport_headers.hpp, url.hpp): what a hostile Nexus / DALogin server
// controls. Input: [status selector] then up to five LF-separated strings used as the request
// URL, PassportURLs, Authentication-Info, WWW-Authenticate and Location. Invariants:
// passport_decode(passport_encode(x)) == x; a parsed URL prints to a string that parses back
// to the same URL; resolved redirects are valid URLs.
#include <variant>

#include "msnp/net/auth/passport_headers.hpp"
#include "msnp/net/auth/url.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace msnp::net;

namespace {

void check_url(const std::optional<Url>& u) {
  if (!u) return;
  const auto text = to_string(*u);
  const auto again = parse_url(text, Scheme::http);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *u);
  (void)is_ip_literal(u->host);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  static constexpr unsigned statuses[] = {200, 301, 302, 303, 307, 308, 401, 403, 500, 503, 0, 999};
  const unsigned status = statuses[in.byte() % 12];
  const auto parts = fuzz::split(in.rest(), "\n");
  auto part = [&](std::size_t i) { return i < parts.size() ? parts[i] : std::string_view{}; };

  for (const auto& p : parts) {
    FUZZ_CHECK(passport_decode(passport_encode(p)) == p);
    (void)passport_decode(p);
    (void)mask_authorization(p);
    (void)mask_ticket(p);
    if (auto fields = parse_passport_fields(p)) {
      for (const auto& [k, v] : *fields) (void)find_field(*fields, k);
    }
    check_url(parse_url(p, Scheme::https));
    check_url(dalogin_from_passport_urls(p, Scheme::http));
  }
  (void)build_authorization(part(1), part(2), part(3));

  const auto base = parse_url(part(0)).value_or(*parse_url("https://login.example.com/login2.srf"));
  check_url(resolve_location(base, part(4)));
  ResponseView r;
  r.status = status;
  if (parts.size() > 1) r.passport_urls = part(1);
  if (parts.size() > 2) r.authentication_info = part(2);
  if (parts.size() > 3) r.www_authenticate = part(3);
  if (parts.size() > 4) r.location = part(4);
  for (const auto& step : {interpret_nexus_response(base, r), interpret_login_response(base, r)}) {
    if (const auto* f = std::get_if<Follow>(&step)) check_url(f->url);
    if (const auto* t = std::get_if<Ticket>(&step)) FUZZ_CHECK(!t->value.empty());
  }
  return 0;
}
