#pragma once
// A tiny reader over a fuzz input for the targets in this folder: control bytes first
// (flags, limits, choices), the rest as data. Reading past the end yields zeros, so every
// input is valid for every target and libFuzzer's mutations stay meaningful.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(reinterpret_cast<const char*>(data), size) {}
  std::uint8_t byte() {
    if (pos_ >= data_.size()) return 0;
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  std::string_view rest() {
    auto r = data_.substr(pos_);
    pos_ = data_.size();
    return r;
  }
  bool empty() const { return pos_ >= data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// Splits on a separator byte sequence (for targets taking several strings).
inline std::vector<std::string_view> split(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, at - start));
    start = at + sep.size();
  }
}

// Checks an invariant; a violation is a finding (libFuzzer reports the abort as a crash).
[[noreturn]] void fail(const char* what);
#define FUZZ_CHECK(cond)                          \
  do {                                            \
    if (!(cond)) ::fuzz::fail("FUZZ_CHECK(" #cond ")"); \
  } while (0)

inline void fail(const char* what) {
  __builtin_printf("invariant violated: %s\n", what);
  __builtin_trap();
}

}  // namespace fuzz
