// libFuzzer target: the MSNP framing (msnp/codec.hpp) in both directions and every dialect.
// Input: [direction+dialect][limits] wire bytes. Invariants checked besides "no crash":
//  * feeding the bytes in one piece or in small chunks yields the same commands and error;
//  * the buffer never grows past the line limit + payload limit + one chunk (bounded memory);
//  * every decoded command encodes to bytes that decode back to exactly that command;
//  * every decoded command is UTF-8 (what is not becomes U+FFFD).
#include <optional>
#include <vector>

#include "msnp/codec.hpp"
#include "msnp/utf8.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

struct Result {
  std::vector<msnp::Command> commands;
  msnp::DecodeError error = msnp::DecodeError::none;
};

Result decode(msnp::Direction dir, msnp::Dialect dialect, msnp::DecoderLimits limits, std::string_view wire,
              std::size_t chunk) {
  msnp::Decoder d{dir, dialect, limits};
  Result r;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    const auto piece = wire.substr(at, chunk);
    d.feed(piece);
    while (auto c = d.next()) r.commands.push_back(std::move(*c));
    FUZZ_CHECK(d.buffered() <= limits.max_line_bytes + 2 + limits.max_payload_bytes + piece.size());
  }
  r.error = d.error();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  const auto mode = in.byte();
  const auto dir = (mode & 1) ? msnp::Direction::client_to_server : msnp::Direction::server_to_client;
  static constexpr msnp::Dialect dialects[] = {msnp::Dialect::msnp12, msnp::Dialect::msnp11, msnp::Dialect::msnp8,
                                               msnp::Dialect::msnp15, msnp::Dialect::msnp18};
  const auto dialect = dialects[(mode >> 1) % 5];
  // Small limits half of the time so the limit paths are reachable with short inputs.
  const auto lim = in.byte();
  msnp::DecoderLimits limits;
  if (lim & 0x80) {
    limits.max_line_bytes = 8 + (lim & 0x3f) * 4;
    limits.max_payload_bytes = (lim & 0x40) ? 16 : 300;
  }
  const auto wire = in.rest();

  const Result whole = decode(dir, dialect, limits, wire, wire.size() ? wire.size() : 1);
  const Result chunked = decode(dir, dialect, limits, wire, 1 + (mode >> 4) % 7);
  FUZZ_CHECK(whole.commands == chunked.commands);
  FUZZ_CHECK(whole.error == chunked.error);

  // Bytes that are not UTF-8 come out as U+FFFD, three bytes each: a decoded line may be up to
  // three times the limit it was read under.
  auto repaired_limits = limits;
  repaired_limits.max_line_bytes *= 3;
  for (const auto& c : whole.commands) {
    msnp::Decoder again{dir, dialect, repaired_limits};
    again.feed(msnp::encode(c));
    const auto back = again.next();
    FUZZ_CHECK(back.has_value());
    for (const auto& a : c.args) FUZZ_CHECK(msnp::is_valid_utf8(a));
    FUZZ_CHECK(*back == c);
    FUZZ_CHECK(again.buffered() == 0);
    (void)c.trid();
    (void)c.error_code();
    (void)msnp::to_string(whole.error);
  }
  return 0;
}
