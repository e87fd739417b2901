#pragma once
// A contact id as ABCH writes it (MSNP10+ `C=` on LST/ADC, the id REM and SBP name FL
// contacts by): 8-4-4-4-12 hex digits. Kept as its 16 bytes, not the 36-character text,
// because every FL contact of every idle session holds one (issue 6: memory per session).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msnp {

class Guid {
 public:
  // nullopt unless `text` is 8-4-4-4-12 hex digits.
  static std::optional<Guid> parse(std::string_view text);

  // The text form: lower-case, or upper-case when it came in upper-case, so that the id goes
  // back to the server as the server wrote it (mixed case comes back lower-case).
  std::string str() const;
  bool operator==(const Guid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
  bool upper_ = false;
};

}  // namespace msnp
