#pragma once
// One MSNP TCP connection: resolve + connect with a deadline, reads handed to the owner, an
// outbox written with one write in flight (everything queued in one loop iteration goes out
// in one syscall), read/write deadlines, the owner's on_tick at the time it asks for
// (wake_at), and a single close path (Beast session discipline, DESIGN.md sections 5 and 8).
// An idle connection costs one parked read wait and one timer armed for its next real
// deadline: no coroutine frame, no per-connection read buffer (unless its settings ask for
// one: switchboards), no periodic wake-up (issue 6: 10,000 idle sessions). It knows no MSNP: NsConnection and SbConnection put the decoder and
// the sans-IO sessions on top. Internal to msnp_net.
#include "msnp/net/close_reason.hpp"
#include "msnp/net/connection_settings.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
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
    std::function<void(Clock::time_point now)> on_tick;  // when a wake_at time is reached
    std::function<void(CloseReason reason, const std::string& detail)> on_closed;
  };

  static std::shared_ptr<Connection> create(boost::asio::any_io_executor ex, ConnectionSettings settings,
                                            std::string log_component, std::string log_user, Handler handler);

  void connect(std::string host, std::uint16_t port);
  // Queues bytes; a full outbox closes the connection with slow_peer.
  void send(std::string_view bytes);
  // Writes what is queued, then closes with `reason` (session_ended after OUT, for instance).
  void close_after_flush(CloseReason reason);
  void close(CloseReason reason, std::string detail = {});
  // Stops all callbacks at once: the owner is going away (no on_closed either).
  void abandon();
  // The owner wants on_tick at `t` (once connected); a time not in the future means "at the
  // next tick", `tick_interval` from now. The earliest request wins until on_tick runs.
  void wake_at(Clock::time_point t);

  bool is_open() const { return connected_ && !closed_; }
  std::size_t outbox_bytes() const { return queued_.size() + writing_.size(); }

  // For create() only.
  Connection(boost::asio::any_io_executor ex, ConnectionSettings settings, std::string log_component,
             std::string log_user, Handler handler);

 private:
  boost::asio::awaitable<void> run(std::string host, std::uint16_t port);
  void start_reading();
  void receive();
  void wait_readable();
  void on_readable();
  bool deliver(std::string_view bytes);
  void read_failed(const boost::system::error_code& ec);
  void schedule_write();
  void start_write();
  void half_close();
  void arm_timer();
  void on_timer();
  std::optional<Clock::time_point> next_deadline() const;
  void check_deadlines(Clock::time_point now);

  boost::asio::any_io_executor ex_;
  ConnectionSettings settings_;
  std::string log_component_;
  std::string log_user_;
  Handler handler_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::optional<Clock::time_point> timer_at_;  // what the pending wait is armed for
  std::optional<Clock::time_point> owner_wake_;
  std::unique_ptr<char[]> own_buffer_;  // settings_.own_read_buffer bytes, once connected
  std::string queued_;   // bytes sent since the write in flight started
  std::string writing_;  // the write in flight
  bool write_posted_ = false;
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
