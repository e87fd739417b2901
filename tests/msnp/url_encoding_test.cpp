#include "msnp/url_encoding.hpp"

#include <catch2/catch.hpp>

TEST_CASE("friendly names are URL-encoded for MSNP lines", "[msnp][url]") {
  CHECK(msnp::url_encode("Alice Friendly") == "Alice%20Friendly");
  CHECK(msnp::url_encode("100% sure") == "100%25%20sure");
  CHECK(msnp::url_encode("a\r\nb\tc") == "a%0D%0Ab%09c");
  CHECK(msnp::url_encode("Ünïcödé ✓") == "Ünïcödé%20✓");   // UTF-8 passes through (PUR)
  CHECK(msnp::url_encode("") == "");
}

TEST_CASE("incoming names are URL-decoded leniently", "[msnp][url]") {
  CHECK(msnp::url_decode("Alice%20Friendly") == "Alice Friendly");
  CHECK(msnp::url_decode("%C3%9Cber") == "Über");
  CHECK(msnp::url_decode("%e2%9c%93") == "✓");
  CHECK(msnp::url_decode("50%") == "50%");
  CHECK(msnp::url_decode("50%2") == "50%2");
  CHECK(msnp::url_decode("%zz") == "%zz");
  CHECK(msnp::url_decode("a+b") == "a+b");
}

TEST_CASE("URL encoding round-trips text; decoded bytes that are not UTF-8 become U+FFFD", "[msnp][url]") {
  std::string ascii;
  for (int i = 0; i < 128; ++i) ascii += static_cast<char>(i);
  const std::string text = ascii + "\xc3\x9c \xe2\x9c\x93 \xf0\x9f\x98\x80";
  const auto enc = msnp::url_encode(text);
  CHECK(enc.find(' ') == std::string::npos);
  CHECK(enc.find('\r') == std::string::npos);
  CHECK(msnp::url_decode(enc) == text);
  CHECK(msnp::url_decode(msnp::url_encode("a\xff" "b")) == "a\uFFFD" "b");
  CHECK(msnp::url_decode("%FF%FE") == "\uFFFD\uFFFD");
}
