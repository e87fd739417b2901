#pragma once
// A Messenger account name ("Passport"): the e-mail-like handle MSNP uses on every
// line (USR, ADC N=, ILN/NLN, JOI/IRO, MSG). A strong type so handles, friendly
// names and GUIDs cannot be mixed up (DESIGN.md section 3).
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace msnp {

class Passport {
 public:
  // Accepts `local@domain` made of printable, non-space ASCII/UTF-8 bytes, at most
  // 129 bytes (Passport's own limit). ASCII letters are lower-cased: the servers
  // treat handles case-insensitively, so comparisons must too.
  static std::optional<Passport> parse(std::string_view text);

  const std::string& str() const noexcept { return value_; }
  auto operator<=>(const Passport&) const = default;

 private:
  explicit Passport(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

}  // namespace msnp
