#include "msnp/passport.hpp"

namespace msnp {

std::optional<Passport> Passport::parse(std::string_view text) {
  constexpr std::size_t max_length = 129;
  if (text.empty() || text.size() > max_length) return std::nullopt;
  const auto at = text.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == text.size()) return std::nullopt;
  if (text.find('@', at + 1) != std::string_view::npos) return std::nullopt;
  std::string v;
  v.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    // Spaces, controls, `%` and `;` would break MSNP lines or the MSNP16+
    // `email;{guid}` endpoint syntax.
    if (u <= 0x20 || u == 0x7F || c == '%' || c == ';') return std::nullopt;
    v.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return Passport(std::move(v));
}

}  // namespace msnp
