#include "xmpp/stanza_limiter.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace xmpp {

StanzaLimiter::StanzaLimiter(double per_second, double burst, std::size_t max_senders)
    : per_second_(std::max(per_second, 0.001)), burst_(std::max(burst, 1.0)), max_senders_(std::max<std::size_t>(max_senders, 2)) {}

double StanzaLimiter::refill(const Bucket& b, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  return std::min(burst_, b.tokens + std::max(elapsed, 0.0) * per_second_);
}

StanzaLimiter::Result StanzaLimiter::take(const std::string& sender, Clock::time_point now) {
  auto it = buckets_.find(sender);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_senders_) shrink(now);
    it = buckets_.emplace(sender, Bucket{burst_, now, {}, false, 0}).first;
  }
  Bucket& b = it->second;
  b.tokens = refill(b, now);
  b.last = now;
  Result r;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    // The episode is over once the sender stays under the limit for a while (half a burst
    // saved up), not at the first token that trickles back in.
    if (b.refused > 0 && b.tokens >= burst_ / 2) r.refused_in_last_flood = std::exchange(b.refused, 0);
    return r;
  }
  r.verdict = b.refused++ == 0 ? Verdict::flood_begins : Verdict::refuse;
  return r;
}

bool StanzaLimiter::may_notify(const std::string& sender, Clock::time_point now, Clock::duration every) {
  auto it = buckets_.find(sender);
  if (it == buckets_.end()) return true;
  Bucket& b = it->second;
  if (b.notified && now - b.last_notice < every) return false;
  b.notified = true;
  b.last_notice = now;
  return true;
}

void StanzaLimiter::shrink(Clock::time_point now) {
  // A full bucket is what a new sender gets anyway: forgetting it loses nothing.
  std::erase_if(buckets_, [&](const auto& kv) { return kv.second.refused == 0 && refill(kv.second, now) >= burst_; });
  if (buckets_.size() < max_senders_ / 2) return;
  // Still crowded with active senders: forget the least recently seen half (amortised O(1)).
  std::vector<Clock::time_point> seen;
  seen.reserve(buckets_.size());
  for (const auto& [_, b] : buckets_) seen.push_back(b.last);
  auto mid = seen.begin() + static_cast<std::ptrdiff_t>(seen.size() / 2);
  std::nth_element(seen.begin(), mid, seen.end());
  const auto cutoff = *mid;
  std::erase_if(buckets_, [&](const auto& kv) { return kv.second.last < cutoff; });
  if (buckets_.size() >= max_senders_) buckets_.clear();  // all seen at the same instant
}

}  // namespace xmpp
