#pragma once
// A tiny HTTP(S) server for the Passport tests: listens on 127.0.0.1:0 inside the test's
// io_context, hands each request to a handler and writes the handler's raw reply bytes, so a
// test can send malformed headers or hang on purpose. Not for production use.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace msnp_net_test {

struct SeenRequest {
  std::string target;
  std::string host;
  std::string authorization;
  std::string user_agent;
};

struct Reply {
  std::string raw;     // the complete HTTP response as bytes
  bool hang = false;   // never answer (timeout tests)
};

Reply http_reply(int status, std::string_view reason, const std::vector<std::pair<std::string, std::string>>& headers);

class HttpTestServer {
 public:
  using Handler = std::function<Reply(const SeenRequest&)>;
  // tls == nullptr: plain http.
  HttpTestServer(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls, Handler handler);
  ~HttpTestServer();

  std::uint16_t port() const { return port_; }
  std::string base_url() const;  // "https://127.0.0.1:<port>" or "http://..."
  const std::vector<SeenRequest>& requests() const { return state_->seen; }

  struct State {
    Handler handler;
    std::vector<SeenRequest> seen;
    std::shared_ptr<boost::asio::ssl::context> tls;
  };

 private:
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<State> state_;
  std::uint16_t port_ = 0;
};

// The server side TLS context for a certificate/key pair in PEM.
std::shared_ptr<boost::asio::ssl::context> server_tls(const std::string& cert_pem, const std::string& key_pem);

}  // namespace msnp_net_test
