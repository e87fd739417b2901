#include "msnp/guid.hpp"

#include "msnp/hex.hpp"

namespace msnp {
namespace {
constexpr bool is_dash_at(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }
}  // namespace

std::optional<Guid> Guid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Guid g;
  bool lower = false, upper = false;
  std::size_t n = 0;  // nibbles read
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_dash_at(i)) {
      if (c != '-') return std::nullopt;
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    lower |= c >= 'a' && c <= 'f';
    upper |= c >= 'A' && c <= 'F';
    g.bytes_[n / 2] |= static_cast<std::uint8_t>(n % 2 == 0 ? v << 4 : v);
    ++n;
  }
  g.upper_ = upper && !lower;
  return g;
}

std::string Guid::str() const {
  const char* digits = upper_ ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t n = 0; n < 32; ++n) {
    if (is_dash_at(out.size())) out += '-';
    const std::uint8_t b = bytes_[n / 2];
    out += digits[n % 2 == 0 ? b >> 4 : b & 0xF];
  }
  return out;
}

}  // namespace msnp
