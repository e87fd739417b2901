#pragma once
// Test helpers for the sans-IO sessions: turn wire text into Commands and split
// session outputs into the bytes sent and the other events.
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "msnp/codec.hpp"
#include "msnp/passport.hpp"
#include "msnp/send.hpp"

namespace testing_msnp {

// Every command in `wire` (server -> client framing by default). Fails the test on
// a decode error.
std::vector<msnp::Command> commands(std::string_view wire,
                                    msnp::Direction dir = msnp::Direction::server_to_client);
// The single command in `line` (CRLF appended when missing).
msnp::Command cmd(std::string line);
msnp::Passport pp(std::string_view s);

template <class Output>
struct Collected {
  std::deque<std::string> sent;   // Send bytes, in order
  std::vector<Output> events;     // everything else, in order

  void take(std::vector<Output> outs) {
    for (auto& o : outs) {
      if (auto* s = std::get_if<msnp::Send>(&o)) sent.push_back(s->bytes);
      else events.push_back(std::move(o));
    }
  }
  std::string pop_sent() {
    if (sent.empty()) return {};
    auto s = sent.front();
    sent.pop_front();
    return s;
  }
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (auto* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
};

}  // namespace testing_msnp
