#include "gateway/login_pacer.hpp"

#include <algorithm>
#include <random>

namespace gw {

LoginPacer::LoginPacer(boost::asio::any_io_executor ex, double rate, std::size_t burst)
    : timer_(ex),
      interval_(std::chrono::nanoseconds(static_cast<long long>(1e9 / std::max(rate, 0.001)))),
      burst_(std::max<std::size_t>(burst, 1)),
      tokens_(static_cast<double>(burst_)) {}

void LoginPacer::schedule(std::function<void()> login) {
  queue_.push_back(std::move(login));
  pump();
}

void LoginPacer::pump() {
  const auto now = std::chrono::steady_clock::now();
  tokens_ = std::min<double>(static_cast<double>(burst_), tokens_ + static_cast<double>((now - refilled_).count()) / interval_.count());
  refilled_ = now;
  while (!queue_.empty() && tokens_ >= 1.0) {
    tokens_ -= 1.0;
    auto login = std::move(queue_.front());
    queue_.pop_front();
    login();
  }
  if (queue_.empty() || armed_) return;
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> jitter(0, interval_.count() / 2);
  armed_ = true;
  timer_.expires_after(interval_ + std::chrono::nanoseconds(jitter(rng)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: the pacer may be gone
    armed_ = false;
    pump();
  });
}

}  // namespace gw
