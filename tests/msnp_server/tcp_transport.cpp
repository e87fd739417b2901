#include "tests/msnp_server/tcp_transport.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <array>
#include <cstdio>
#include <deque>

namespace msnp_server {
namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

namespace {

constexpr std::size_t max_outbox_bytes = 4 * 1024 * 1024;

class TcpTransport : public Transport, public std::enable_shared_from_this<TcpTransport> {
 public:
  TcpTransport(asio::ip::tcp::socket socket, std::size_t max_payload)
      : socket_(std::move(socket)), wake_(socket_.get_executor()), reader_(max_payload) {
    wake_.expires_at(asio::steady_timer::time_point::max());
  }

  void start(TransportHandlers handlers) {
    handlers_ = std::move(handlers);
    asio::co_spawn(socket_.get_executor(), [self = shared_from_this()] { return self->read_loop(); },
                   [](std::exception_ptr e) { log_failure("read", e); });
    asio::co_spawn(socket_.get_executor(), [self = shared_from_this()] { return self->write_loop(); },
                   [](std::exception_ptr e) { log_failure("write", e); });
  }

  void send(std::string bytes) override {
    if (!open_ || closing_) return;
    outbox_bytes_ += bytes.size();
    outbox_.push_back(std::move(bytes));
    if (outbox_bytes_ > max_outbox_bytes) {
      abort();  // slow consumer: disconnect rather than buffer without bound
      return;
    }
    wake_.cancel();
  }

  void close() override {
    if (!open_) return;
    closing_ = true;
    wake_.cancel();
  }

  void abort() override {
    if (!open_) return;
    outbox_.clear();
    outbox_bytes_ = 0;
    shutdown();
  }

  bool is_open() const override { return open_ && !closing_; }

 private:
  static void log_failure(const char* what, std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "msnp-test-server: %s loop failed: %s\n", what, ex.what());
    }
  }

  awaitable<void> read_loop() {
    std::array<char, 8192> buf;
    while (open_) {
      auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buf), asio::as_tuple(use_awaitable));
      if (ec) break;
      reader_.feed({buf.data(), n});
      while (open_) {
        auto cmd = reader_.next();
        if (!cmd) break;
        // A copy: the handler may close the transport, which clears handlers_.
        if (auto on_command = handlers_.on_command) on_command(std::move(*cmd));
      }
      if (reader_.error() != ReadError::none) {
        if (auto on_error = handlers_.on_read_error) on_error(reader_.error());
        abort();
        break;
      }
    }
    shutdown();
  }

  awaitable<void> write_loop() {
    while (open_) {
      if (outbox_.empty()) {
        if (closing_) break;
        boost::system::error_code ec;
        co_await wake_.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      std::string bytes = std::move(outbox_.front());
      outbox_.pop_front();
      outbox_bytes_ -= bytes.size();
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(bytes), asio::as_tuple(use_awaitable));
      if (ec) break;
    }
    shutdown();
  }

  void shutdown() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    wake_.cancel();
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed();
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer wake_;
  CommandReader reader_;
  TransportHandlers handlers_;
  std::deque<std::string> outbox_;
  std::size_t outbox_bytes_ = 0;
  bool open_ = true;
  bool closing_ = false;
};

}  // namespace

std::shared_ptr<Transport> start_tcp_transport(asio::ip::tcp::socket socket, std::size_t max_payload,
                                               std::function<TransportHandlers(std::shared_ptr<Transport>)> bind) {
  boost::system::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  auto transport = std::make_shared<TcpTransport>(std::move(socket), max_payload);
  transport->start(bind(transport));
  return transport;
}

}  // namespace msnp_server
