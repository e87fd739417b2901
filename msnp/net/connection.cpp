#include "msnp/net/connection.hpp"

#include "gateway/support/log.hpp"
#include "msnp/net/spawn_log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>

namespace msnp::net {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kLinger = std::chrono::seconds(2);  // how long we wait for the server's FIN
// Reads per readiness before yielding to other connections (a flooding peer must not starve
// them); the rest is read from a posted continuation.
constexpr int kReadsPerWake = 8;
// Outbox capacity kept when it drains: a switchboard line fits, a sign-in burst is released.
constexpr std::size_t kKeepCapacity = 512;

// One read buffer for all connections of the thread: data is handed to on_data (which copies
// what it keeps) before the next read, so idle connections need no buffer of their own.
std::array<char, 64 * 1024>& read_buffer() {
  thread_local std::array<char, 64 * 1024> buf;
  return buf;
}

void release_if_large(std::string& s) {
  if (s.capacity() > kKeepCapacity) std::string{}.swap(s);
  else s.clear();
}
}  // namespace

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
      timer_(ex) {}

void Connection::connect(std::string host, std::uint16_t port) {
  connect_deadline_ = Clock::now() + settings_.connect_timeout;
  arm_timer();
  asio::co_spawn(ex_, [self = shared_from_this(), host = std::move(host), port] { return self->run(host, port); },
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
  if (closed_) co_return;  // the connect deadline closed us
  if (cec) {
    close(CloseReason::connect_failed, host + ":" + std::to_string(port) + ": " + cec.message());
    co_return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  socket_.non_blocking(true, ignored);  // on_readable reads until would_block
  connected_ = true;
  connect_deadline_.reset();
  last_read_ = Clock::now();
  gw::log::debug({log_component_, log_user_}, "connected to {}:{}", host, port);
  start_reading();
  schedule_write();
  arm_timer();
  if (!abandoned_ && handler_.on_connected) handler_.on_connected();
}

// --- reading: straight into an own buffer, or a readiness wait and the shared buffer ---

void Connection::start_reading() {
  if (settings_.own_read_buffer == 0) {
    wait_readable();
    return;
  }
  if (!own_buffer_) own_buffer_ = std::make_unique<char[]>(settings_.own_read_buffer);
  receive();
}

// Asio's own read: after a short read it parks the next one without a syscall and performs
// it when epoll reports data, so a wake-up costs one recv.
void Connection::receive() {
  socket_.async_read_some(asio::buffer(own_buffer_.get(), settings_.own_read_buffer),
                          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                            if (self->closed_) return;
                            if (ec) {
                              self->read_failed(ec);
                              return;
                            }
                            if (self->deliver({self->own_buffer_.get(), n})) self->receive();
                          });
}

void Connection::wait_readable() {
  socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (self->closed_) return;
    if (ec) {
      self->read_failed(ec);
      return;
    }
    self->on_readable();
  });
}

void Connection::on_readable() {
  auto& buf = read_buffer();
  for (int i = 0; i < kReadsPerWake; ++i) {
    boost::system::error_code ec;
    const auto n = socket_.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      wait_readable();
      return;
    }
    if (ec) {
      read_failed(ec);
      return;
    }
    if (!deliver({buf.data(), n})) return;
    // A short read emptied the socket; the wait's re-arm (epoll_ctl) reports what arrived
    // since, so reading on until EAGAIN would only cost a syscall.
    if (n < buf.size()) {
      wait_readable();
      return;
    }
  }
  asio::post(ex_, [self = shared_from_this()] {
    if (!self->closed_) self->on_readable();
  });
}

// false: the connection closed meanwhile.
bool Connection::deliver(std::string_view bytes) {
  last_read_ = Clock::now();
  if (!abandoned_ && !close_after_flush_ && handler_.on_data) handler_.on_data(bytes);
  return !closed_;
}

void Connection::read_failed(const boost::system::error_code& ec) {
  if (close_after_flush_) {
    close(*close_after_flush_);
    return;
  }
  close(ec == asio::error::eof || ec == asio::error::connection_reset ? CloseReason::peer_closed
                                                                      : CloseReason::network_error,
        ec.message());
}

// --- writing: whatever was queued while the previous write ran goes out in one write ---

void Connection::send(std::string_view bytes) {
  if (closed_ || close_after_flush_) return;
  if (outbox_bytes() + bytes.size() > settings_.max_outbox_bytes) {
    close(CloseReason::slow_peer, std::to_string(outbox_bytes()) + " bytes waiting");
    return;
  }
  queued_.append(bytes);
  schedule_write();
}

// Posted, so that every line produced while handling one read shares one send() syscall.
void Connection::schedule_write() {
  if (write_posted_ || write_started_ || !connected_ || closed_) return;
  write_posted_ = true;
  asio::post(ex_, [self = shared_from_this()] {
    self->write_posted_ = false;
    self->start_write();
  });
}

void Connection::start_write() {
  if (closed_ || write_started_) return;
  if (queued_.empty()) {
    release_if_large(queued_);
    if (close_after_flush_) half_close();
    return;
  }
  writing_.swap(queued_);  // queued_ takes the drained buffer's capacity
  // Nearly every write goes out whole at once: a plain non-blocking send spares the Asio
  // operation (an allocation and a completion handler per write, issue 6). Only what the
  // socket did not take waits for it, under the write deadline.
  boost::system::error_code ec;
  const std::size_t sent = socket_.write_some(asio::buffer(writing_), ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
    close(CloseReason::network_error, "write: " + ec.message());
    return;
  }
  if (sent == writing_.size()) {
    release_if_large(writing_);
    start_write();  // the outbox is empty now: a pending close_after_flush half-closes
    return;
  }
  write_started_ = Clock::now();
  if (!timer_at_ || *timer_at_ > *write_started_ + settings_.write_timeout) arm_timer();
  asio::async_write(socket_, asio::buffer(writing_) + sent,
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->write_started_.reset();
                      if (self->closed_) return;
                      if (ec) {
                        self->close(CloseReason::network_error, "write: " + ec.message());
                        return;
                      }
                      release_if_large(self->writing_);
                      self->start_write();
                    });
}

// Half-close and let the server close its side: closing with unread input would send an RST
// that can destroy our last bytes (OUT) in the server's receive queue.
void Connection::half_close() {
  if (linger_deadline_) return;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  linger_deadline_ = Clock::now() + kLinger;
  arm_timer();
}

void Connection::close_after_flush(CloseReason reason) {
  if (closed_ || close_after_flush_) return;
  if (!connected_) {
    close(reason);
    return;
  }
  close_after_flush_ = reason;
  if (!write_started_ && !write_posted_) start_write();
}

// --- time: one timer, armed for the earliest deadline ---

void Connection::wake_at(Clock::time_point t) {
  if (closed_) return;
  const auto now = Clock::now();
  if (t <= now) t = now + settings_.tick_interval;
  if (owner_wake_ && *owner_wake_ <= t) return;
  owner_wake_ = t;
  if (connected_ && (!timer_at_ || *timer_at_ > t)) arm_timer();
}

std::optional<Connection::Clock::time_point> Connection::next_deadline() const {
  std::optional<Clock::time_point> next;
  auto consider = [&next](std::optional<Clock::time_point> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  consider(connect_deadline_);
  consider(linger_deadline_);
  if (write_started_) consider(*write_started_ + settings_.write_timeout);
  if (connected_) {
    consider(owner_wake_);
    if (settings_.read_timeout > std::chrono::milliseconds::zero()) consider(last_read_ + settings_.read_timeout);
  }
  return next;
}

// A deadline that moved later (last_read_) leaves the timer early; on_timer re-arms it.
void Connection::arm_timer() {
  if (closed_) return;
  const auto next = next_deadline();
  if (next == timer_at_) return;
  timer_at_ = next;
  if (!next) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*next);  // cancels the previous wait
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec == asio::error::operation_aborted || self->closed_) return;
    self->timer_at_.reset();
    self->on_timer();
  });
}

void Connection::on_timer() {
  const auto now = Clock::now();
  check_deadlines(now);
  if (closed_) return;
  if (connected_ && owner_wake_ && now >= *owner_wake_) {
    owner_wake_.reset();
    if (!abandoned_ && handler_.on_tick) handler_.on_tick(now);
    if (closed_) return;
  }
  arm_timer();
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

// --- the single close path ---

void Connection::close(CloseReason reason, std::string detail) {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  resolver_.cancel();
  socket_.close(ignored);
  timer_.cancel();
  // The outbox is left alone: an aborted write may still hold a buffer into it.
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
