#include "msnp/codec.hpp"

#include <catch2/catch.hpp>

#include "msnp/url_encoding.hpp"
#include "msnp/utf8.hpp"
#include "tests/msnp/transcript.hpp"

using msnp::Command;
using msnp::DecodeError;
using msnp::Decoder;
using msnp::Direction;
using testing_msnp::Entry;
using testing_msnp::Transcript;

namespace {

std::vector<Command> drain(Decoder& d) {
  std::vector<Command> out;
  while (auto c = d.next()) out.push_back(std::move(*c));
  return out;
}

std::vector<Command> decode_all(Direction dir, std::string_view bytes) {
  Decoder d{dir};
  d.feed(bytes);
  auto out = drain(d);
  REQUIRE(d.error() == DecodeError::none);
  REQUIRE(d.buffered() == 0);
  return out;
}

struct Case {
  std::string file, who;
  Entry::Kind kind;
};

const std::vector<Case> cases{
    {"msnp12.txt", "alice/NS", Entry::Kind::server}, {"msnp12.txt", "bob/NS", Entry::Kind::server},
    {"msnp12.txt", "alice/SB", Entry::Kind::server}, {"msnp12.txt", "bob/SB", Entry::Kind::server},
    {"msnp12.txt", "alice/NS", Entry::Kind::client}, {"msnp12.txt", "alice/SB", Entry::Kind::client},
    {"msnp12.txt", "bob/SB", Entry::Kind::client},   {"negative.txt", "alice/SB", Entry::Kind::server},
    {"negative.txt", "alice/NS", Entry::Kind::server}, {"msnp18.txt", "alice/NS", Entry::Kind::server},
    {"msnp8.txt", "alice/NS", Entry::Kind::server},
};

}  // namespace

TEST_CASE("decoder reproduces every transcript command byte for byte", "[msnp][codec]") {
  for (const auto& c : cases) {
    const auto t = Transcript::load(c.file);
    const auto dir = c.kind == Entry::Kind::server ? Direction::server_to_client : Direction::client_to_server;
    std::vector<Entry> expected;
    for (const auto& e : t.of(c.who)) {
      if (e.kind == c.kind) expected.push_back(e);
    }
    const auto wire = t.wire(c.who, c.kind);
    const auto cmds = decode_all(dir, wire);
    INFO(c.file << " " << c.who);
    REQUIRE(cmds.size() == expected.size());
    for (std::size_t i = 0; i < cmds.size(); ++i) CHECK(msnp::encode(cmds[i]) == expected[i].wire());
  }
}

TEST_CASE("decoder does not care where TCP splits", "[msnp][codec]") {
  for (const auto& c : cases) {
    const auto t = Transcript::load(c.file);
    const auto dir = c.kind == Entry::Kind::server ? Direction::server_to_client : Direction::client_to_server;
    const auto wire = t.wire(c.who, c.kind);
    const auto whole = decode_all(dir, wire);
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
      Decoder d{dir};
      d.feed(std::string_view(wire).substr(0, cut));
      auto got = drain(d);
      d.feed(std::string_view(wire).substr(cut));
      for (auto& cmd : drain(d)) got.push_back(std::move(cmd));
      INFO(c.file << " " << c.who << " cut " << cut);
      REQUIRE(d.error() == DecodeError::none);
      REQUIRE(got == whole);
    }
  }
}

TEST_CASE("decoder fed one byte at a time", "[msnp][codec]") {
  const auto t = Transcript::load("msnp12.txt");
  const auto wire = t.wire("bob/SB", Entry::Kind::server);
  Decoder d{Direction::server_to_client};
  std::vector<Command> got;
  for (char ch : wire) {
    d.feed(std::string_view(&ch, 1));
    for (auto& c : drain(d)) got.push_back(std::move(c));
  }
  CHECK(got == decode_all(Direction::server_to_client, wire));
}

TEST_CASE("payload framing depends on direction", "[msnp][codec]") {
  SECTION("QRY carries a payload only from the client") {
    const auto s = decode_all(Direction::server_to_client, "QRY 17\r\n");
    REQUIRE(s.size() == 1);
    CHECK_FALSE(s[0].payload);
    const auto c = decode_all(Direction::client_to_server,
                              "QRY 17 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");
    REQUIRE(c.size() == 1);
    CHECK(c[0].args == std::vector<std::string>{"17", "PROD0090YUAUV{2B"});
    CHECK(c[0].payload == "85ecb0db8f32113df79ce0892b9a102c");
  }
  SECTION("server ADL/RML have a payload only with trid 0") {
    const auto s = decode_all(Direction::server_to_client, "ADL 6 OK\r\nADL 0 5\r\n<ml/>RML 0 5\r\n<ml/>");
    REQUIRE(s.size() == 3);
    CHECK_FALSE(s[0].payload);
    CHECK(s[1].payload == "<ml/>");
    CHECK(s[2].payload == "<ml/>");
  }
  SECTION("UUX reply is a zero-length payload") {
    const auto s = decode_all(Direction::server_to_client, "UUX 20 0\r\nCHL 0 123\r\n");
    REQUIRE(s.size() == 2);
    CHECK(s[0].payload == "");
    CHECK(s[0].args == std::vector<std::string>{"20"});
    CHECK(msnp::encode(s[0]) == "UUX 20 0\r\n");
  }
  SECTION("error lines with a trailing length carry a payload, others do not") {
    const auto s = decode_all(Direction::server_to_client, "241 9 4\r\nabcd911 3\r\n207\r\n");
    REQUIRE(s.size() == 3);
    CHECK(s[0].error_code() == 241);
    CHECK(s[0].payload == "abcd");
    CHECK(s[1].error_code() == 911);
    CHECK_FALSE(s[1].payload);
    CHECK(s[2].error_code() == 207);
    CHECK(s[2].args.empty());
  }
  SECTION("NS MSG, NOT and GCF") {
    const auto s = decode_all(Direction::server_to_client,
                              "MSG Hotmail Hotmail 2\r\nhiNOT 3\r\nabcGCF 0 1\r\nxGCF 5 Shields.xml 1\r\ny");
    REQUIRE(s.size() == 4);
    CHECK(s[0].args == std::vector<std::string>{"Hotmail", "Hotmail"});
    CHECK(s[1].payload == "abc");
    CHECK(s[3].args == std::vector<std::string>{"5", "Shields.xml"});
  }
}

TEST_CASE("malformed input sets a sticky error", "[msnp][codec]") {
  auto check_error = [](std::string_view bytes, DecodeError expected) {
    Decoder d{Direction::server_to_client, msnp::Dialect::msnp12, {1024, 4096}};
    d.feed(bytes);
    drain(d);
    CHECK(d.error() == expected);
    d.feed("VER 1 MSNP12\r\n");  // sticky: nothing more comes out
    CHECK_FALSE(d.next());
    CHECK(d.buffered() == 0);
  };
  check_error(std::string(2000, 'A'), DecodeError::line_too_long);
  check_error("ILN " + std::string(1500, 'x') + "\r\n", DecodeError::line_too_long);
  check_error("MSG a b 12x\r\n", DecodeError::bad_length);
  check_error("MSG a b\r\n", DecodeError::bad_length);
  check_error("MSG a b 99999999999\r\n", DecodeError::bad_length);
  check_error("MSG a b 5000\r\n", DecodeError::payload_too_large);
  check_error("\r\n", DecodeError::bad_line);
  check_error("VER 1\n", DecodeError::bad_line);
  check_error("ver 1\r\n", DecodeError::bad_line);
  check_error("VERSION 1\r\n", DecodeError::bad_line);
  check_error("VER 1\rX\r\n", DecodeError::bad_line);
}

TEST_CASE("an unterminated line is bounded even when never drained", "[msnp][codec]") {
  Decoder d{Direction::server_to_client, msnp::Dialect::msnp12, {1024, 4096}};
  for (int i = 0; i < 100; ++i) d.feed(std::string(100, 'z'));
  CHECK(d.error() == DecodeError::line_too_long);
  CHECK(d.buffered() == 0);
}

TEST_CASE("valid UTF-8 in names passes, garbage bytes in payloads are not inspected", "[msnp][codec]") {
  const auto s = decode_all(Direction::server_to_client,
                            "NLN NLN bob@x.com B\xc3\xb6\xe2\x9c\x93 0\r\nMSG bob@x.com B 2\r\n\xff\xfe");
  REQUIRE(s.size() == 2);
  CHECK(s[0].args[2] == "B\xc3\xb6\xe2\x9c\x93");
  CHECK(s[1].payload == "\xff\xfe");
}

TEST_CASE("bytes that are not UTF-8 in a line become U+FFFD and cost nothing else", "[msnp][codec]") {
  // A contact's name the server passes on as raw bytes: dropping the connection for it would
  // only bring the same line back at the next sign-in.
  const auto s = decode_all(Direction::server_to_client,
                            "NLN NLN b@x.com A\xff\xc0\xaf\xed\xa0\x80" "B 0\r\nILN 9 NLN c@x.com C 0\r\n");
  REQUIRE(s.size() == 2);
  CHECK(s[0].args[2] == "A\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD" "B");  // invalid, overlong '/', surrogate: per byte
  CHECK(s[1].name == "ILN");
}

TEST_CASE("to_valid_utf8 replaces what is not UTF-8 and keeps the rest", "[msnp][utf8]") {
  CHECK(msnp::to_valid_utf8("plain \xc3\xb6 \xf0\x9f\x98\x80") == "plain \xc3\xb6 \xf0\x9f\x98\x80");
  CHECK(msnp::to_valid_utf8("a\x80" "b") == "a\uFFFD" "b");
  CHECK(msnp::to_valid_utf8("truncated \xe2\x9c") == "truncated \uFFFD\uFFFD");
  CHECK(msnp::to_valid_utf8("\xf5\x80\x80\x80") == "\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
  CHECK(msnp::to_valid_utf8("") == "");
  CHECK(msnp::url_decode("Mal%FFlory") == "Mal\uFFFDlory");
  CHECK(msnp::url_decode("B%C3%B6b") == "B\xc3\xb6" "b");
}

TEST_CASE("encode appends the payload length", "[msnp][codec]") {
  Command c{"MSG", {"3", "A"}, std::string("hello")};
  CHECK(msnp::encode(c) == "MSG 3 A 5\r\nhello");
  CHECK(msnp::encode_line("PNG", {}) == "PNG\r\n");
  CHECK(msnp::encode_line("XFR", {"9", "SB"}) == "XFR 9 SB\r\n");
}
