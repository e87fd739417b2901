#pragma once
// Reconnect delays: exponential with "equal jitter" (AWS architecture blog, 2015): the n-th
// retry waits a uniformly drawn time in [d/2, d] with d = min(max, initial * 2^n), so many
// gateways cut off by one server restart do not reconnect in lock step, and a server that
// keeps refusing is not hammered.
#include <chrono>
#include <cstdint>
#include <random>

namespace xmpp {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration initial, Duration max, std::uint64_t seed = std::random_device{}());

  Duration next();          // the delay before the next attempt; grows with each call
  void reset() { attempt_ = 0; }
  unsigned attempts() const { return attempt_; }

 private:
  Duration initial_;
  Duration max_;
  unsigned attempt_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace xmpp
