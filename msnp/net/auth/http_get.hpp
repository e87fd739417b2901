#pragma once
// One HTTP/1.1 GET over TCP or TLS with an absolute deadline: the thin Beast adapter under
// Passport login. It knows nothing about Passport; interpret_*_response() decides what the
// answer means. Internal to msnp_net (pulls in the light Asio awaitable header only).
#include "msnp/net/auth/auth_error.hpp"
#include "msnp/net/auth/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace msnp::net {

struct HttpResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::size_t body_size = 0;                                 // the body itself is not needed

  // First header with this name, compared case-insensitively (ESC's reverse proxy sends
  // `Passporturls`, MSNP.md 2.2).
  std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpOutcome {
  std::optional<HttpResponse> response;  // set on success
  AuthError error = AuthError::network_error;
  std::string detail;
};

struct HttpGet {
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Never throws for network reasons; every failure is an HttpOutcome without a response.
boost::asio::awaitable<HttpOutcome> http_get(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls,
                                             HttpGet request, std::chrono::steady_clock::time_point deadline);

}  // namespace msnp::net
