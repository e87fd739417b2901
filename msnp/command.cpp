#include "msnp/command.hpp"

namespace msnp {

std::optional<std::uint32_t> parse_u32(std::string_view text) noexcept {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

bool Command::is_error() const noexcept { return error_code().has_value(); }

std::optional<int> Command::error_code() const noexcept {
  if (name.size() != 3) return std::nullopt;
  const auto v = parse_u32(name);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<TrId> Command::trid() const noexcept {
  if (args.empty()) return std::nullopt;
  const auto v = parse_u32(args[0]);
  if (!v) return std::nullopt;
  return TrId{*v};
}

std::string_view Command::arg(std::size_t i) const noexcept {
  return i < args.size() ? std::string_view(args[i]) : std::string_view();
}

}  // namespace msnp
