#include "tests/msnp_server/nexus_http.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::optional<std::pair<std::string, std::string>> parse_passport_credentials(const std::string& header) {
  constexpr std::string_view scheme = "Passport1.4 ";
  auto start = header.find(scheme);
  if (start == std::string::npos) return std::nullopt;
  std::string_view rest(header);
  rest.remove_prefix(start + scheme.size());
  std::optional<std::string> email, pwd;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto field = rest.substr(0, comma);
    auto eq = field.find('=');
    if (eq != std::string_view::npos) {
      const auto key = field.substr(0, eq);
      const auto value = url_decode(field.substr(eq + 1));
      if (key == "sign-in") email = value;
      if (key == "pwd") pwd = value;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!email || !pwd) return std::nullopt;
  return std::make_pair(*email, *pwd);
}

namespace {

http::response<http::string_body> answer(const http::request<http::string_body>& req, Backend& backend,
                                         const std::string& dalogin_url) {
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.keep_alive(req.keep_alive());
  const auto target = std::string(req.target().substr(0, req.target().find('?')));
  if (target == "/rdr/pprdr.asp" || target == "/nexus-mock") {
    res.set("PassportURLs", "DALogin=" + dalogin_url);
    res.body() = "200: OK";
  } else if (target == "/login") {
    auto creds = parse_passport_credentials(std::string(req[http::field::authorization]));
    auto token = creds ? backend.issue_login_token(creds->first, creds->second) : std::nullopt;
    if (token) {
      res.set("Authentication-Info", "Passport1.4 da-status=success,from-PP='" + *token + "'");
      res.body() = "200: OK";
    } else {
      res.result(http::status::unauthorized);
      res.set(http::field::www_authenticate, "Passport1.4 da-status=failed");
      res.body() = "401: Unauthorized";
    }
  } else {
    res.result(http::status::not_found);
    res.body() = "404: Not Found";
  }
  res.prepare_payload();
  return res;
}

}  // namespace

asio::awaitable<void> serve_nexus_connection(asio::ip::tcp::socket socket, Backend& backend, std::string dalogin_url) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(64 * 1024);
    stream.expires_after(std::chrono::seconds(30));  // idle keep-alive connections go away
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    auto res = answer(parser.get(), backend, dalogin_url);
    const bool keep = res.keep_alive();
    auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (wec || !keep) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace msnp_server
