// Server-side framing: client payload commands by name, any TCP split, sticky errors.
#include <catch2/catch.hpp>

#include "tests/msnp_server/command_reader.hpp"

using msnp_server::ClientCommand;
using msnp_server::CommandReader;
using msnp_server::ReadError;

namespace {
std::vector<ClientCommand> drain(CommandReader& r) {
  std::vector<ClientCommand> out;
  while (auto c = r.next()) out.push_back(*c);
  return out;
}
}  // namespace

TEST_CASE("reader splits lines and payloads wherever TCP cuts them", "[server][reader]") {
  const std::string wire =
      "VER 1 MSNP12 MSNP11 CVR0\r\nUUX 7 10\r\n<Data>\r\n</PNG\r\nQRY 9 PROD0090YUAUV{2B 4\r\nabcdMSG 3 N 2\r\nhiOUT\r\n";
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    CommandReader r(1664);
    r.feed(wire.substr(0, cut));
    auto got = drain(r);
    r.feed(wire.substr(cut));
    auto rest = drain(r);
    got.insert(got.end(), rest.begin(), rest.end());
    REQUIRE(got.size() == 6);
    CHECK(got[0].args == std::vector<std::string>{"VER", "1", "MSNP12", "MSNP11", "CVR0"});
    CHECK(got[1].payload == "<Data>\r\n</");
    CHECK(got[2].name() == "PNG");
    CHECK(got[3].payload == "abcd");
    CHECK(got[4].payload == "hi");
    CHECK(got[5].name() == "OUT");
    CHECK(r.error() == ReadError::none);
  }
}

TEST_CASE("reader errors are sticky and bounded", "[server][reader]") {
  SECTION("payload over the limit") {
    CommandReader r(1664);
    r.feed("MSG 1 A 1665\r\n");
    CHECK_FALSE(r.next());
    CHECK(r.error() == ReadError::payload_too_large);
    r.feed("PNG\r\n");
    CHECK_FALSE(r.next());
  }
  SECTION("non-numeric length") {
    CommandReader r(1664);
    r.feed("UUX 1 x\r\n");
    CHECK_FALSE(r.next());
    CHECK(r.error() == ReadError::bad_length);
  }
  SECTION("no CRLF within 8 KiB") {
    CommandReader r(1664);
    r.feed(std::string(9000, 'A'));
    CHECK_FALSE(r.next());
    CHECK(r.error() == ReadError::line_too_long);
  }
  SECTION("a line without a command") {
    CommandReader r(1664);
    r.feed("\r\n");
    CHECK_FALSE(r.next());
    CHECK(r.error() == ReadError::empty_line);
  }
}
