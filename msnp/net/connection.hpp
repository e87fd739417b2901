#pragma once
// One MSNP TCP connection: resolve + connect with a deadline, a read loop handing bytes to
// the owner, a write loop with one write in flight and a bounded outbox, a tick every
// `tick_interval` (for the sessions' on_tick), read/write deadlines, and a single close path
// (Beast session discipline, DESIGN.md sections 5 and 8). It knows no MSNP: NsConnection and
// SbConnection put the decoder and the sans-IO sessions on top. Internal to msnp_net.
#include "msnp/net/close_reason.hpp"
#include "msnp/net/connection_settings.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace msnp::net {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;
  // Handlers run on the io thread. After on_closed nothing else is called; close() called by
  // the owner itself also ends in exactly one on_closed (posted, never re-entrant).
  struct Handler {
    std::function<void()> on_connected;
    std::function<void(std::string_view bytes)> on_data;
    std::function<void(Clock::time_point now)> on_tick;
    std::function<void(CloseReason reason, const std::string& detail)> on_closed;
  };

  static std::shared_ptr<Connection> create(boost::asio::any_io_executor ex, ConnectionSettings settings,
                                            std::string log_component, std::string log_user, Handler handler);

  void connect(std::string host, std::uint16_t port);
  // Queues bytes; a full outbox closes the connection with slow_peer.
  void send(std::string bytes);
  // Writes what is queued, then closes with `reason` (session_ended after OUT, for instance).
  void close_after_flush(CloseReason reason);
  void close(CloseReason reason, std::string detail = {});
  // Stops all callbacks at once: the owner is going away (no on_closed either).
  void abandon();

  bool is_open() const { return connected_ && !closed_; }
  std::size_t outbox_bytes() const { return outbox_bytes_; }

  // For the Connection's coroutines; not part of its use.
  Connection(boost::asio::any_io_executor ex, ConnectionSettings settings, std::string log_component,
             std::string log_user, Handler handler);

 private:
  boost::asio::awaitable<void> run(std::string host, std::uint16_t port);
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> tick_loop();
  void spawn(boost::asio::awaitable<void> (Connection::*loop)(), const char* what);
  void check_deadlines(Clock::time_point now);

  boost::asio::any_io_executor ex_;
  ConnectionSettings settings_;
  std::string log_component_;
  std::string log_user_;
  Handler handler_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer wake_;   // wakes the write loop when the outbox fills
  boost::asio::steady_timer ticker_;
  std::deque<std::string> outbox_;
  std::size_t outbox_bytes_ = 0;
  std::optional<Clock::time_point> connect_deadline_;
  std::optional<Clock::time_point> write_started_;
  std::optional<Clock::time_point> linger_deadline_;  // after close_after_flush's half-close
  Clock::time_point last_read_{};
  std::optional<CloseReason> close_after_flush_;
  bool connected_ = false;
  bool closed_ = false;
  bool abandoned_ = false;
};

}  // namespace msnp::net
