#pragma once
// One MSNP command: `NAME arg arg ...\r\n` plus, for payload commands, exactly
// `len` raw bytes (MSNP.md 1.1). The decoder strips the length argument and keeps
// the payload separately; the encoder appends it again, so `len` can never
// disagree with the bytes.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msnp {

// Transaction id: the client's increasing request number, echoed by replies and
// errors (MSNP.md 1.1). 0 marks server-initiated commands (`ADC 0 RL`, `CHL 0`).
struct TrId {
  std::uint32_t value = 0;
  auto operator<=>(const TrId&) const = default;
};

struct Command {
  std::string name;                    // "USR", "ILN", or a 3-digit error code "911"
  std::vector<std::string> args;       // raw, still URL-encoded; no length for payload commands
  std::optional<std::string> payload;  // present for payload commands, possibly empty

  // Numeric error lines use the code as their name (MSNP.md 9.1).
  bool is_error() const noexcept;
  std::optional<int> error_code() const noexcept;
  // args[0] parsed as a transaction id when it is all digits.
  std::optional<TrId> trid() const noexcept;
  // args[i] or an empty view when absent: callers treat missing trailing fields as
  // absent (MSNP.md 5.4 "parse robustly").
  std::string_view arg(std::size_t i) const noexcept;

  bool operator==(const Command&) const = default;
};

// Parses a non-negative decimal integer that fits in 32 bits; nullopt otherwise.
std::optional<std::uint32_t> parse_u32(std::string_view text) noexcept;

}  // namespace msnp
