#include "msnp/message.hpp"

#include <catch2/catch.hpp>

#include "msnp/utf8.hpp"

namespace {
msnp::Passport pp(std::string_view s) { return *msnp::Passport::parse(s); }
}  // namespace

TEST_CASE("text payload matches the MSNP12 transcript byte for byte", "[msnp][message]") {
  msnp::TextFormat f;
  f.font = "Segoe UI";
  f.charset = "1";
  const auto p = msnp::build_text_payload("Hello Bob, this is MSNP12 speaking. Ünïcödé ✓", f);
  CHECK(p.size() == 168);
  CHECK(p ==
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        "X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\n"
        "Hello Bob, this is MSNP12 speaking. Ünïcödé ✓");
  CHECK(msnp::build_text_payload("Hi Alice!", std::nullopt).size() == 71);
}

TEST_CASE("typing and nudge payloads", "[msnp][message]") {
  const auto t = msnp::build_typing_payload(pp("bob@example.com"));
  CHECK(t.size() == 88);
  const auto c = msnp::classify(msnp::parse_mime(t));
  CHECK(c.kind == msnp::ContentKind::typing);
  CHECK(c.typing_user == "bob@example.com");
  const auto n = msnp::build_nudge_payload();
  CHECK(n == "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n");
  CHECK(msnp::classify(msnp::parse_mime(n)).kind == msnp::ContentKind::nudge);
}

TEST_CASE("incoming content is classified", "[msnp][message]") {
  const auto text = msnp::classify(msnp::parse_mime(
      "MIME-Version: 1.0\r\ncontent-type: TEXT/PLAIN; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=I; CO=ff\r\n\r\nline1\r\nline2"));
  CHECK(text.kind == msnp::ContentKind::text);
  CHECK(text.text == "line1\r\nline2");
  REQUIRE(text.format);
  CHECK(text.format->italic);
  CHECK(text.format->color_bgr == 0xff);

  const auto plain = msnp::classify(msnp::parse_mime("Content-Type: text/plain\r\n\r\nx"));
  CHECK_FALSE(plain.format);
  // A contact's client may send any bytes; the gateway gets UTF-8.
  CHECK(msnp::classify(msnp::parse_mime("Content-Type: text/plain\r\n\r\nA\xff\xfe")).text == "A\uFFFD\uFFFD");

  const auto wink = msnp::classify(msnp::parse_mime(
      "MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 2\r\nData: <msnobj/>\r\n\r\n"));
  CHECK(wink.kind == msnp::ContentKind::other);
  const auto p2p = msnp::classify(msnp::parse_mime("Content-Type: application/x-msnmsgrp2p\r\n\r\n\x01\x02"));
  CHECK(p2p.kind == msnp::ContentKind::other);
  CHECK(msnp::classify(msnp::parse_mime("")).kind == msnp::ContentKind::other);
  CHECK(msnp::classify(msnp::parse_mime("garbage without headers")).kind == msnp::ContentKind::other);
  CHECK(msnp::classify(msnp::parse_mime("Content-Type: text/x-msmsgscontrol\r\n\r\n")).kind ==
        msnp::ContentKind::other);  // no TypingUser
}

TEST_CASE("text is split on UTF-8 boundaries", "[msnp][message]") {
  SECTION("ASCII") {
    const auto parts = msnp::split_utf8("abcdefghij", 4);
    CHECK(parts == std::vector<std::string_view>{"abcd", "efgh", "ij"});
  }
  SECTION("multi-byte characters never straddle a cut") {
    std::string text;
    for (int i = 0; i < 700; ++i) text += "aé✓😀";   // 1+2+3+4 bytes
    for (std::size_t max : {4u, 5u, 7u, 100u, 1500u}) {
      const auto parts = msnp::split_utf8(text, max);
      std::string joined;
      for (const auto& p : parts) {
        CHECK(p.size() <= max);
        CHECK(msnp::is_valid_utf8(p));
        joined += p;
      }
      CHECK(joined == text);
    }
  }
  SECTION("short and empty text") {
    CHECK(msnp::split_utf8("", 10) == std::vector<std::string_view>{""});
    CHECK(msnp::split_utf8("hi", 10) == std::vector<std::string_view>{"hi"});
  }
}
