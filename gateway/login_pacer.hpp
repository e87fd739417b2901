#pragma once
// Spreads Messenger logins over time. After a gateway restart every user's XMPP server sends
// presence within a second or two; logging all of them in at once would hammer the Messenger
// server (and look like an attack to it). Logins start at most `rate` per second, each with
// a little jitter, in arrival order.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>

namespace gw {

class LoginPacer {
 public:
  LoginPacer(boost::asio::any_io_executor ex, double rate_per_second, std::size_t burst);
  void schedule(std::function<void()> login);
  std::size_t waiting() const { return queue_.size(); }

 private:
  void pump();
  boost::asio::steady_timer timer_;
  std::chrono::nanoseconds interval_;
  std::size_t burst_;
  double tokens_;
  std::chrono::steady_clock::time_point refilled_ = std::chrono::steady_clock::now();
  std::deque<std::function<void()>> queue_;
  bool armed_ = false;
};

}  // namespace gw
