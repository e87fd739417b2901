#pragma once
// Shared oracle of the session fuzzers: whatever a session sends must be well-formed client
// wire (one or more complete commands, no decode error). A server-supplied string that made
// it into our output unescaped (CR/LF, spaces) would break this: command injection.
#include <variant>

#include "msnp/codec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace fuzz {

template <class Outputs>
void check_sends(const Outputs& outs) {
  for (const auto& o : outs) {
    const auto* s = std::get_if<msnp::Send>(&o);
    if (!s) continue;
    msnp::Decoder d{msnp::Direction::client_to_server};
    d.feed(s->bytes);
    std::size_t n = 0;
    while (d.next()) ++n;
    FUZZ_CHECK(d.error() == msnp::DecodeError::none);
    FUZZ_CHECK(d.buffered() == 0);
    FUZZ_CHECK(n >= 1);
  }
}

}  // namespace fuzz
