#pragma once
// X-MMS-IM-Format (MSNP.md 6.5): `FN=Segoe%20UI; EF=B; CO=ff; CS=0; PF=0`.
// Kept as typed fields so the gateway can map them to XHTML-IM without
// re-parsing; raw values are kept where MSNP leaves the meaning open (CS, PF), as long as
// they are the hex numbers the wire uses (anything else reads and writes as "0").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msnp {

struct TextFormat {
  std::string font;              // decoded font face ("Segoe UI"); empty = default
  bool bold = false, italic = false, underline = false, strikethrough = false;  // EF
  std::uint32_t color_bgr = 0;   // CO: 0xBBGGRR as the wire writes it
  std::string charset = "0";     // CS, hex text as sent
  std::string pitch_family = "0";  // PF
  bool right_to_left = false;    // RL=1
  bool operator==(const TextFormat&) const = default;
};

// Lenient: unknown fields are ignored, a bad CO leaves the colour at 0.
TextFormat parse_im_format(std::string_view header_value);
// Field order as the official client writes it: FN, EF, CO, CS, PF, then RL=1 if set.
std::string format_im_format(const TextFormat& f);

}  // namespace msnp
