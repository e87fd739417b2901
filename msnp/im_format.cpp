#include "msnp/im_format.hpp"

#include <cstdio>

#include "msnp/url_encoding.hpp"

namespace msnp {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint32_t> parse_hex24(std::string_view s) {
  if (s.empty() || s.size() > 8) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v & 0xFFFFFF;
}

// CS and PF are hex numbers on the wire (MSNP.md 6.5: "CS=0; PF=22"). Anything else is
// dropped: a raw value with CR/LF or ';' would break the header it is written into
// (fuzz_msnp_message finding).
bool hex_field(std::string_view s) { return parse_hex24(s).has_value(); }

}  // namespace

TextFormat parse_im_format(std::string_view value) {
  TextFormat f;
  while (!value.empty()) {
    const auto semi = value.find(';');
    const auto field = trim(value.substr(0, semi));
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = field.substr(0, eq);
    const auto val = field.substr(eq + 1);
    if (key == "FN") {
      f.font = url_decode(val);
    } else if (key == "EF") {
      for (char c : val) {
        if (c == 'B') f.bold = true;
        else if (c == 'I') f.italic = true;
        else if (c == 'U') f.underline = true;
        else if (c == 'S') f.strikethrough = true;
      }
    } else if (key == "CO") {
      f.color_bgr = parse_hex24(val).value_or(0);
    } else if (key == "CS") {
      if (hex_field(val)) f.charset = std::string(val);
    } else if (key == "PF") {
      if (hex_field(val)) f.pitch_family = std::string(val);
    } else if (key == "RL") {
      f.right_to_left = val == "1";
    }
  }
  return f;
}

std::string format_im_format(const TextFormat& f) {
  std::string ef;
  if (f.bold) ef += 'B';
  if (f.italic) ef += 'I';
  if (f.underline) ef += 'U';
  if (f.strikethrough) ef += 'S';
  char color[16];
  std::snprintf(color, sizeof color, "%x", static_cast<unsigned>(f.color_bgr & 0xFFFFFF));
  // A ';' in the font name (a contact's %3B decodes to one) would end the field early and
  // start another: it stays encoded (fuzz_msnp_message finding).
  std::string font;
  for (char c : url_encode(f.font)) font += c == ';' ? std::string_view("%3B") : std::string_view(&c, 1);
  std::string out = "FN=" + font + "; EF=" + ef + "; CO=" + color +
                    "; CS=" + (hex_field(f.charset) ? f.charset : "0") +
                    "; PF=" + (hex_field(f.pitch_family) ? f.pitch_family : "0");
  if (f.right_to_left) out += "; RL=1";
  return out;
}

}  // namespace msnp
