#include "tests/msnp_net/http_test_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>

namespace msnp_net_test {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

template <class Stream>
asio::awaitable<void> serve(Stream& stream, std::shared_ptr<HttpTestServer::State> state) {
  boost::beast::flat_buffer buffer;
  http::request<http::empty_body> req;
  auto [ec, n] = co_await http::async_read(stream, buffer, req, kTuple);
  if (ec) co_return;
  SeenRequest seen{std::string(req.target()), std::string(req[http::field::host]),
                   std::string(req[http::field::authorization]), std::string(req[http::field::user_agent])};
  state->seen.push_back(seen);
  Reply reply = state->handler(seen);
  if (reply.hang) {
    asio::steady_timer t{stream.get_executor(), std::chrono::seconds(30)};  // bounded: the client gives up first
    co_await t.async_wait(kTuple);
    co_return;
  }
  co_await asio::async_write(stream, asio::buffer(reply.raw), kTuple);
}

asio::awaitable<void> session(tcp::socket socket, std::shared_ptr<HttpTestServer::State> state) {
  if (!state->tls) {
    co_await serve(socket, state);
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
  }
  asio::ssl::stream<tcp::socket> stream{std::move(socket), *state->tls};
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
  if (hec) co_return;  // the client refused our certificate: expected in some tests
  co_await serve(stream, state);
  co_await stream.async_shutdown(kTuple);
}

void log_exception(std::exception_ptr ep) {
  if (!ep) return;
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "http test server: %s\n", e.what());
  }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::shared_ptr<HttpTestServer::State> state) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), state), log_exception);
  }
}
}  // namespace

Reply http_reply(int status, std::string_view reason, const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  raw += "Content-Length: 7\r\nConnection: close\r\n\r\nignored";
  return Reply{raw, false};
}

HttpTestServer::HttpTestServer(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, Handler handler)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      state_(std::make_shared<State>(State{std::move(handler), {}, std::move(tls)})) {
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(io, accept_loop(acceptor_, state_), log_exception);
}

HttpTestServer::~HttpTestServer() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

std::string HttpTestServer::base_url() const {
  return std::string(state_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::shared_ptr<asio::ssl::context> server_tls(const std::string& cert_pem, const std::string& key_pem) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->use_certificate_chain(asio::buffer(cert_pem));
  ctx->use_private_key(asio::buffer(key_pem), asio::ssl::context::pem);
  return ctx;
}

}  // namespace msnp_net_test
