#include "msnp/presence.hpp"

#include <array>
#include <utility>

namespace msnp {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 9> status_codes{{
    {Status::online, "NLN"}, {Status::busy, "BSY"}, {Status::idle, "IDL"},
    {Status::be_right_back, "BRB"}, {Status::away, "AWY"}, {Status::on_phone, "PHN"},
    {Status::out_to_lunch, "LUN"}, {Status::hidden, "HDN"}, {Status::offline, "FLN"},
}};

constexpr std::array<std::pair<List, std::string_view>, 5> list_codes{{
    {List::forward, "FL"}, {List::allow, "AL"}, {List::block, "BL"},
    {List::reverse, "RL"}, {List::pending, "PL"},
}};

}  // namespace

std::string_view status_code(Status s) noexcept {
  for (const auto& [st, code] : status_codes) {
    if (st == s) return code;
  }
  return "FLN";
}

std::optional<Status> parse_status(std::string_view code) noexcept {
  for (const auto& [st, c] : status_codes) {
    if (c == code) return st;
  }
  return std::nullopt;
}

std::string_view list_code(List l) noexcept {
  for (const auto& [li, code] : list_codes) {
    if (li == l) return code;
  }
  return "FL";
}

std::optional<List> parse_list(std::string_view code) noexcept {
  for (const auto& [li, c] : list_codes) {
    if (c == code) return li;
  }
  return std::nullopt;
}

}  // namespace msnp
