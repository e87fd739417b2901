#include "msnp/net/connection.hpp"

#include "gateway/support/log.hpp"
#include "msnp/net/spawn_log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>

namespace msnp::net {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kLinger = std::chrono::seconds(2);  // how long we wait for the server's FIN
}

std::shared_ptr<Connection> Connection::create(asio::any_io_executor ex, ConnectionSettings settings,
                                               std::string log_component, std::string log_user, Handler handler) {
  return std::make_shared<Connection>(std::move(ex), settings, std::move(log_component), std::move(log_user),
                                      std::move(handler));
}

Connection::Connection(asio::any_io_executor ex, ConnectionSettings settings, std::string log_component,
                       std::string log_user, Handler handler)
    : ex_(ex),
      settings_(settings),
      log_component_(std::move(log_component)),
      log_user_(std::move(log_user)),
      handler_(std::move(handler)),
      resolver_(ex),
      socket_(ex),
      wake_(ex),
      ticker_(ex) {}

void Connection::spawn(asio::awaitable<void> (Connection::*loop)(), const char* what) {
  asio::co_spawn(ex_, [self = shared_from_this(), loop] { return ((*self).*loop)(); },
                 LogFailure{log_component_ + " " + what});
}

void Connection::connect(std::string host, std::uint16_t port) {
  auto self = shared_from_this();
  connect_deadline_ = Clock::now() + settings_.connect_timeout;
  spawn(&Connection::tick_loop, "tick loop");
  asio::co_spawn(ex_, [self, host = std::move(host), port] { return self->run(host, port); },
                 LogFailure{log_component_ + " connect"});
}

asio::awaitable<void> Connection::run(std::string host, std::uint16_t port) {
  auto [rec, endpoints] = co_await resolver_.async_resolve(host, std::to_string(port), kTuple);
  if (closed_) co_return;
  if (rec) {
    close(CloseReason::resolve_failed, host + ": " + rec.message());
    co_return;
  }
  auto [cec, endpoint] = co_await asio::async_connect(socket_, endpoints, kTuple);
  if (closed_) co_return;  // the tick loop's connect deadline closed us
  if (cec) {
    close(CloseReason::connect_failed, host + ":" + std::to_string(port) + ": " + cec.message());
    co_return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  connected_ = true;
  connect_deadline_.reset();
  last_read_ = Clock::now();
  gw::log::debug({log_component_, log_user_}, "connected to {}:{}", host, port);
  spawn(&Connection::read_loop, "read loop");
  spawn(&Connection::write_loop, "write loop");
  if (!abandoned_ && handler_.on_connected) handler_.on_connected();
}

asio::awaitable<void> Connection::read_loop() {
  std::array<char, 8192> buf;
  for (;;) {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buf), kTuple);
    if (closed_) co_return;
    if (ec && close_after_flush_) {
      close(*close_after_flush_);
      co_return;
    }
    if (ec) {
      close(ec == asio::error::eof || ec == asio::error::connection_reset ? CloseReason::peer_closed
                                                                          : CloseReason::network_error,
            ec.message());
      co_return;
    }
    last_read_ = Clock::now();
    if (!abandoned_ && !close_after_flush_ && handler_.on_data) handler_.on_data(std::string_view{buf.data(), n});
  }
}

asio::awaitable<void> Connection::write_loop() {
  for (;;) {
    if (closed_) co_return;
    if (outbox_.empty()) {
      if (close_after_flush_) {
        // Half-close and let the server close its side: closing with unread input would send
        // an RST that can destroy our last bytes (OUT) in the server's receive queue.
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
        linger_deadline_ = Clock::now() + kLinger;
        co_return;
      }
      wake_.expires_at(Clock::time_point::max());
      co_await wake_.async_wait(kTuple);  // cancelled by send(), close_after_flush() and close()
      continue;
    }
    // deque::push_back keeps references valid, so front() stays put while it is written.
    write_started_ = Clock::now();
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(outbox_.front()), kTuple);
    write_started_.reset();
    if (closed_) co_return;
    if (ec) {
      close(CloseReason::network_error, "write: " + ec.message());
      co_return;
    }
    outbox_bytes_ -= outbox_.front().size();
    outbox_.pop_front();
  }
}

asio::awaitable<void> Connection::tick_loop() {
  for (;;) {
    ticker_.expires_after(settings_.tick_interval);
    co_await ticker_.async_wait(kTuple);
    if (closed_) co_return;
    const auto now = Clock::now();
    check_deadlines(now);
    if (closed_) co_return;
    if (connected_ && !abandoned_ && handler_.on_tick) handler_.on_tick(now);
  }
}

void Connection::check_deadlines(Clock::time_point now) {
  using std::chrono::milliseconds;
  if (linger_deadline_ && now >= *linger_deadline_)
    close(*close_after_flush_);
  else if (!connected_ && connect_deadline_ && now >= *connect_deadline_)
    close(CloseReason::connect_timeout, "no connection after " + std::to_string(settings_.connect_timeout.count()) + " ms");
  else if (write_started_ && now - *write_started_ >= settings_.write_timeout)
    close(CloseReason::write_timeout, "a write stalled for " + std::to_string(settings_.write_timeout.count()) + " ms");
  else if (connected_ && settings_.read_timeout > milliseconds::zero() && now - last_read_ >= settings_.read_timeout)
    close(CloseReason::read_timeout, "nothing read for " + std::to_string(settings_.read_timeout.count()) + " ms");
}

void Connection::send(std::string bytes) {
  if (closed_ || close_after_flush_) return;
  if (outbox_bytes_ + bytes.size() > settings_.max_outbox_bytes) {
    close(CloseReason::slow_peer, std::to_string(outbox_bytes_) + " bytes waiting");
    return;
  }
  outbox_bytes_ += bytes.size();
  outbox_.push_back(std::move(bytes));
  wake_.cancel();
}

void Connection::close_after_flush(CloseReason reason) {
  if (closed_ || close_after_flush_) return;
  if (!connected_) {
    close(reason);
    return;
  }
  close_after_flush_ = reason;
  wake_.cancel();
}

void Connection::close(CloseReason reason, std::string detail) {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  resolver_.cancel();
  socket_.close(ignored);
  wake_.cancel();
  ticker_.cancel();
  // The outbox is left alone: an aborted write may still hold a buffer into its front.
  if (abandoned_) return;
  const bool normal = reason == CloseReason::local || reason == CloseReason::session_ended;
  gw::log::at(normal ? gw::log::Level::debug : gw::log::Level::info, {log_component_, log_user_}, "connection closed: {}{}{}",
              to_string(reason), detail.empty() ? "" : ": ", detail);
  // Posted: close() may be called from inside the owner's own handlers.
  asio::post(ex_, [self = shared_from_this(), reason, detail = std::move(detail)] {
    if (!self->abandoned_ && self->handler_.on_closed) self->handler_.on_closed(reason, detail);
  });
}

void Connection::abandon() {
  abandoned_ = true;
  close(CloseReason::local);
}

}  // namespace msnp::net
