#include "tests/msnp_server/wire_text.hpp"

#include <cctype>

namespace msnp_server {
namespace {
constexpr std::string_view hex_digits = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string url_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '%' || c == ' ' || c == '\r' || c == '\n') {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex_digits[c >> 4])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex_digits[c & 0xF])));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : hex_value(text[i]) < 0) return false;
  }
  return true;
}

bool parse_uint(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

RandomSource::RandomSource() : engine_(std::random_device{}()) {}

std::string RandomSource::hex(std::size_t chars) {
  std::string out;
  out.reserve(chars);
  while (out.size() < chars) {
    auto v = engine_();
    for (int i = 0; i < 16 && out.size() < chars; ++i) out += hex_digits[(v >> (4 * i)) & 0xF];
  }
  return out;
}

std::string RandomSource::guid() {
  std::string h = hex(32);
  h[12] = '4';
  h[16] = hex_digits[8 + (hex_value(h[16]) & 3)];
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20);
}

std::string RandomSource::digits(std::size_t count) {
  std::string out;
  std::uniform_int_distribution<int> d(0, 9);
  for (std::size_t i = 0; i < count; ++i) out += static_cast<char>('0' + d(engine_));
  if (!out.empty() && out[0] == '0') out[0] = '1';
  return out;
}

}  // namespace msnp_server
