#include "msnp/challenge.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

namespace msnp {
namespace {

std::array<std::uint8_t, 16> md5(std::string_view data) {
  std::array<std::uint8_t, 16> out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr);
  return out;
}

std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void append_hex(std::string& out, std::uint8_t b) {
  constexpr std::string_view digits = "0123456789abcdef";
  out += digits[b >> 4];
  out += digits[b & 0x0F];
}

}  // namespace

std::string md5_challenge_answer(std::string_view challenge, std::string_view product_key) {
  std::string in(challenge);
  in += product_key;
  std::string out;
  for (auto b : md5(in)) append_hex(out, b);
  return out;
}

std::string msnp11_challenge_answer(std::string_view challenge, std::string_view product_id,
                                    std::string_view product_key) {
  std::string keyed(challenge);
  keyed += product_key;
  const auto d = md5(keyed);
  std::uint32_t raw[4], h[4];
  for (int i = 0; i < 4; ++i) {
    raw[i] = le32(d.data() + 4 * i);
    h[i] = raw[i] & 0x7FFFFFFF;
  }
  // Pad with the digit '0', not NUL (MSNP.md 3.3 pitfalls).
  std::string s(challenge);
  s += product_id;
  while (s.size() % 8 != 0) s += '0';
  constexpr std::uint64_t mod = 0x7FFFFFFF;
  std::uint64_t high = 0, low = 0;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  for (std::size_t i = 0; i < s.size(); i += 8) {
    const std::uint64_t a = le32(bytes + i), b = le32(bytes + i + 4);
    std::uint64_t t = (0x0E79A9C1ull * a) % mod;
    t = (h[0] * (t + high) + h[1]) % mod;
    low += t;
    high = (b + t) % mod;
    high = (h[2] * high + h[3]) % mod;
    low += high;
  }
  high = (high + h[1]) % mod;
  low = (low + h[3]) % mod;
  // XOR with the unmasked MD5 words (Escargot's unused server code masks them: wrong).
  const std::uint32_t o[4] = {raw[0] ^ static_cast<std::uint32_t>(high),
                              raw[1] ^ static_cast<std::uint32_t>(low),
                              raw[2] ^ static_cast<std::uint32_t>(high),
                              raw[3] ^ static_cast<std::uint32_t>(low)};
  std::string out;
  for (auto w : o) {
    for (int k = 0; k < 4; ++k) append_hex(out, static_cast<std::uint8_t>(w >> (8 * k)));
  }
  return out;
}

}  // namespace msnp
