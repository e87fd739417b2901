#include "msnp/url_encoding.hpp"

#include "msnp/hex.hpp"
#include "msnp/utf8.hpp"

namespace msnp {

std::string url_encode(std::string_view text) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '%') {
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 0x0F];
    } else {
      out += c;
    }
  }
  return out;
}

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  if (is_valid_utf8(out)) return out;
  return to_valid_utf8(out);  // %FF decodes to a byte that is no UTF-8
}

}  // namespace msnp
