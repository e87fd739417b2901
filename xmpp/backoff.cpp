#include "xmpp/backoff.hpp"

#include <algorithm>

namespace xmpp {

Backoff::Backoff(Duration initial, Duration max, std::uint64_t seed)
    : initial_(std::max(initial, Duration{1})), max_(std::max(max, initial_)), rng_(seed) {}

Backoff::Duration Backoff::next() {
  // Doubling stops once the cap is reached, so the shift never overflows.
  Duration d = initial_;
  for (unsigned i = 0; i < attempt_ && d < max_; ++i) d *= 2;
  d = std::min(d, max_);
  ++attempt_;
  std::uniform_int_distribution<std::int64_t> half_to_full(d.count() / 2, d.count());
  return Duration{half_to_full(rng_)};
}

}  // namespace xmpp
