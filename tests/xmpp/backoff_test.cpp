#include <catch2/catch.hpp>

#include "xmpp/backoff.hpp"

using namespace std::chrono_literals;

TEST_CASE("backoff: doubles with jitter up to the cap, resets", "[xmpp][backoff]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 42u}) {
    xmpp::Backoff b{1000ms, 30000ms, seed};
    std::chrono::milliseconds cap = 1000ms;
    for (int i = 0; i < 12; ++i) {
      const auto d = b.next();
      INFO("seed " << seed << " attempt " << i << " delay " << d.count());
      CHECK(d >= cap / 2);
      CHECK(d <= cap);
      cap = std::min(cap * 2, std::chrono::milliseconds{30000});
    }
    CHECK(b.attempts() == 12);
    b.reset();
    CHECK(b.next() <= 1000ms);
  }
}

TEST_CASE("backoff: jitter spreads reconnects", "[xmpp][backoff]") {
  xmpp::Backoff a{8000ms, 60000ms, 7}, b{8000ms, 60000ms, 8};
  int differ = 0;
  for (int i = 0; i < 5; ++i) differ += a.next() != b.next();
  CHECK(differ >= 4);
}
