#pragma once
// Presence status codes (MSNP.md 5.1) and contact lists (MSNP.md 4.1).
#include <cstdint>
#include <optional>
#include <string_view>

namespace msnp {

enum class Status { online, busy, idle, be_right_back, away, on_phone, out_to_lunch, hidden, offline };

// NLN BSY IDL BRB AWY PHN LUN HDN FLN
std::string_view status_code(Status s) noexcept;
std::optional<Status> parse_status(std::string_view code) noexcept;

enum class List : std::uint8_t { forward = 1, allow = 2, block = 4, reverse = 8, pending = 16 };

std::string_view list_code(List l) noexcept;          // FL AL BL RL PL
std::optional<List> parse_list(std::string_view code) noexcept;

// The LST bit mask (FL=1 AL=2 BL=4 RL=8 PL=16).
struct ListMask {
  std::uint8_t bits = 0;
  bool has(List l) const noexcept { return bits & static_cast<std::uint8_t>(l); }
  bool operator==(const ListMask&) const = default;
};

}  // namespace msnp
