#include <catch2/catch.hpp>

#include "xmpp/stanza_limiter.hpp"

using xmpp::StanzaLimiter;
using V = StanzaLimiter::Verdict;
using namespace std::chrono_literals;

namespace {
const StanzaLimiter::Clock::time_point t0{};
}

TEST_CASE("limiter: a burst, then the sustained rate", "[xmpp][limit]") {
  StanzaLimiter l{10, 5};
  for (int i = 0; i < 5; ++i) CHECK(l.take("a@x", t0).verdict == V::admit);
  CHECK(l.take("a@x", t0).verdict == V::flood_begins);
  CHECK(l.take("a@x", t0).verdict == V::refuse);
  CHECK(l.take("a@x", t0 + 50ms).verdict == V::refuse);   // half a token back
  CHECK(l.take("a@x", t0 + 100ms).verdict == V::admit);   // one token per 100 ms
  CHECK(l.take("a@x", t0 + 100ms).verdict == V::refuse);
  // other senders have their own bucket
  for (int i = 0; i < 5; ++i) CHECK(l.take("b@x", t0).verdict == V::admit);
}

TEST_CASE("limiter: one report per flood episode, and its end", "[xmpp][limit]") {
  StanzaLimiter l{10, 10};
  int begins = 0, refused = 0;
  for (int i = 0; i < 100; ++i) {
    const auto v = l.take("a@x", t0).verdict;
    begins += v == V::flood_begins;
    refused += v != V::admit;
  }
  CHECK(begins == 1);
  CHECK(refused == 90);
  // a token trickling back does not end the episode...
  auto r = l.take("a@x", t0 + 100ms);
  CHECK(r.verdict == V::admit);
  CHECK(r.refused_in_last_flood == 0);
  CHECK(l.take("a@x", t0 + 101ms).verdict == V::refuse);
  // ...slowing down for good does, with the count of what it refused
  r = l.take("a@x", t0 + 2s);
  CHECK(r.verdict == V::admit);
  CHECK(r.refused_in_last_flood == 91);
  for (int i = 0; i < 9; ++i) CHECK(l.take("a@x", t0 + 2s).verdict == V::admit);
  CHECK(l.take("a@x", t0 + 2s).verdict == V::flood_begins);  // a new episode is reported again
}

TEST_CASE("limiter: notices at most once a second", "[xmpp][limit]") {
  StanzaLimiter l{1, 1};
  l.take("a@x", t0);
  CHECK(l.may_notify("a@x", t0));
  CHECK_FALSE(l.may_notify("a@x", t0 + 500ms));
  CHECK(l.may_notify("a@x", t0 + 1s));
}

TEST_CASE("limiter: memory stays bounded under made-up senders", "[xmpp][limit]") {
  StanzaLimiter l{1, 10, 100};
  for (int i = 0; i < 100000; ++i) {
    l.take("u" + std::to_string(i) + "@x", t0 + std::chrono::milliseconds(i));
    REQUIRE(l.senders() <= 100);
  }
}

TEST_CASE("limiter: idle full buckets are forgotten first, flooders are remembered", "[xmpp][limit]") {
  StanzaLimiter m{1, 2, 10};
  for (int i = 0; i < 3; ++i) m.take("flood@x", t0);  // the third is refused
  for (int i = 0; i < 9; ++i) m.take("idle" + std::to_string(i) + "@x", t0);
  m.take("new@x", t0 + 5s);  // at the cap: the idle ones, full again by now, go
  CHECK(m.senders() == 2);
  const auto r = m.take("flood@x", t0 + 5s);
  CHECK(r.verdict == V::admit);
  CHECK(r.refused_in_last_flood == 1);  // its episode was not forgotten
}
