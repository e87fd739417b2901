#pragma once
// A steady_timer made on first use. A Session has timers for reconnecting, for the grace
// period after a lost connection and for disco answers; most idle sessions never arm any of
// them, and an Asio timer is 120 bytes that each of them would carry (issue 6: memory per
// session). Cancelling a timer never made is a no-op.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <utility>

namespace gw {

class OnDemandTimer {
 public:
  // `executor` must outlive the timer (the Gateway's executor outlives its sessions).
  explicit OnDemandTimer(const boost::asio::any_io_executor& executor) : executor_(&executor) {}

  // As steady_timer::expires_after + async_wait: a pending wait ends with operation_aborted.
  template <class Handler>
  void wait(boost::asio::steady_timer::duration after, Handler&& handler) {
    if (!timer_) timer_ = std::make_unique<boost::asio::steady_timer>(*executor_);
    timer_->expires_after(after);
    timer_->async_wait(std::forward<Handler>(handler));
  }
  void cancel() {
    if (timer_) timer_->cancel();
  }

 private:
  const boost::asio::any_io_executor* executor_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
};

}  // namespace gw
