#include "msnp/net/auth/http_get.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>

namespace msnp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = 16 * 1024;  // Passport replies are a few hundred bytes
constexpr std::size_t kBodyLimit = 64 * 1024;

HttpOutcome fail(AuthError e, std::string detail) { return HttpOutcome{std::nullopt, e, std::move(detail)}; }

HttpOutcome io_failure(const beast::error_code& ec, std::string_view step) {
  if (ec == beast::error::timeout) return fail(AuthError::timeout, std::string(step) + " timed out");
  if (ec.category() == http::make_error_code(http::error::bad_version).category() || ec == http::error::end_of_stream)
    return fail(AuthError::malformed_response, std::string(step) + ": " + ec.message());
  return fail(AuthError::network_error, std::string(step) + ": " + ec.message());
}

// Host name or IP check done by OpenSSL during the handshake (RFC 6125), plus SNI for names.
bool prepare_tls(SSL* ssl, const std::string& host) {
  if (is_ip_literal(host)) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return false;
  return SSL_set1_host(ssl, host.c_str()) == 1;
}

template <class Stream>
asio::awaitable<HttpOutcome> exchange(Stream& stream, const HttpGet& request) {
  http::request<http::empty_body> req{http::verb::get, request.url.target, 11};
  const bool default_port = request.url.port == (request.url.scheme == Scheme::https ? 443 : 80);
  const bool v6 = request.url.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + request.url.host + "]" : request.url.host;
  if (!default_port) host += ":" + std::to_string(request.url.port);
  req.set(http::field::host, host);
  req.set(http::field::connection, "close");
  req.set(http::field::cache_control, "no-cache");
  for (const auto& [name, value] : request.headers) req.set(name, value);

  auto [wec, written] = co_await http::async_write(stream, req, kTuple);
  if (wec) co_return io_failure(wec, "sending the request");

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kBodyLimit);
  auto [rec, read] = co_await http::async_read(stream, buffer, parser, kTuple);
  if (rec) co_return io_failure(rec, "reading the response");

  const auto& msg = parser.get();
  HttpResponse out;
  out.status = msg.result_int();
  out.body_size = msg.body().size();
  for (const auto& field : msg) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  co_return HttpOutcome{std::move(out), AuthError::network_error, {}};
}

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](unsigned char a, unsigned char b) {
          return std::tolower(a) == std::tolower(b);
        }))
      return std::string_view{v};
  }
  return std::nullopt;
}

asio::awaitable<HttpOutcome> http_get(asio::any_io_executor ex, asio::ssl::context& tls, HttpGet request,
                                      std::chrono::steady_clock::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;
  tcp::resolver resolver{ex};
  asio::steady_timer resolve_timer{ex, deadline};
  auto resolved = co_await (resolver.async_resolve(request.url.host, std::to_string(request.url.port), kTuple) ||
                            resolve_timer.async_wait(kTuple));
  if (resolved.index() == 1) co_return fail(AuthError::timeout, "resolving " + request.url.host + " timed out");
  auto [rec, endpoints] = std::get<0>(std::move(resolved));
  if (rec) co_return fail(AuthError::resolve_failed, "resolving " + request.url.host + ": " + rec.message());

  beast::tcp_stream tcp{ex};
  tcp.expires_at(deadline);  // one deadline for connect, handshake, write and read together
  auto [cec, ep] = co_await tcp.async_connect(endpoints, kTuple);
  if (cec) {
    if (cec == beast::error::timeout) co_return fail(AuthError::timeout, "connecting timed out");
    co_return fail(AuthError::connect_failed, "connecting to " + to_string(request.url) + ": " + cec.message());
  }
  if (request.url.scheme == Scheme::http) co_return co_await exchange(tcp, request);

  beast::ssl_stream<beast::tcp_stream> stream{std::move(tcp), tls};
  if (!prepare_tls(stream.native_handle(), request.url.host)) co_return fail(AuthError::tls_failed, "TLS setup failed");
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kTuple);
  if (hec) {
    if (hec == beast::error::timeout) co_return fail(AuthError::timeout, "TLS handshake timed out");
    const long verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK)
      co_return fail(AuthError::certificate_rejected,
                     std::string("certificate of ") + request.url.host + ": " + X509_verify_cert_error_string(verify));
    co_return fail(AuthError::tls_failed, "TLS handshake with " + request.url.host + ": " + hec.message());
  }
  // No TLS close_notify afterwards: we asked for Connection: close and have the whole reply.
  co_return co_await exchange(stream, request);
}

}  // namespace msnp::net
