#pragma once
// A token bucket per sender (bare JID): `per_second` stanzas sustained, `burst` at once. One
// user flooding the component is slowed down without touching anybody else's traffic.
// Time is an input (the caller passes `now`), so tests drive it with a fake clock.
//
// Memory stays bounded whatever JIDs an attacker makes up: at `max_senders` buckets, the full
// ones (senders idle long enough to have refilled, indistinguishable from a new bucket) are
// dropped; if that is not enough, the least recently seen half goes too.
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace xmpp {

class StanzaLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Verdict {
    admit,         // under the limit
    flood_begins,  // the first stanza refused since the sender was last under the limit
    refuse,        // refused, in an episode already reported
  };
  struct Result {
    Verdict verdict = Verdict::admit;
    // When admitted after an episode: how many stanzas that episode refused (to log its end).
    std::uint64_t refused_in_last_flood = 0;
  };

  StanzaLimiter(double per_second, double burst, std::size_t max_senders = 10000);

  Result take(const std::string& sender, Clock::time_point now);
  // At most once per `every` per sender, so that replies to a flood do not become one.
  bool may_notify(const std::string& sender, Clock::time_point now,
                  Clock::duration every = std::chrono::seconds(1));
  std::size_t senders() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
    Clock::time_point last_notice;
    bool notified = false;
    std::uint64_t refused = 0;  // in the current episode; 0 = not flooding
  };
  double refill(const Bucket& b, Clock::time_point now) const;
  void shrink(Clock::time_point now);

  double per_second_;
  double burst_;
  std::size_t max_senders_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace xmpp
