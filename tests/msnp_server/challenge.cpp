#include "tests/msnp_server/challenge.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <utility>

namespace msnp_server {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> products = {{
    {"PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL"},
    {"PROD0101{0RM?UBW", "CFHUR$52U_{VIX5T"},
    {"PROD01065C%ZFN6F", "O4BG@C7BWLYQX?5G"},
    {"PROD0112J1LW7%NB", "RH96F{PHI8PPX_TJ"},
    {"PROD0113H11T8$X_", "RG@XY*28Q5QHS%Q5"},
    {"PROD0114ES4Z%Q5W", "PK}_A_0N_K%O?A9S"},
    {"PROD0118R6%2WYOS", "YIXPX@5I2P0UT*LK"},
    {"PROD0119GSJUC$18", "ILTXC!4IXB5FB*PX"},
    {"PROD0120PW!CCV9@", "C1BX{V4W}Q3*10SM"},
}};

std::uint32_t le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::array<unsigned char, 16> md5(std::string_view data) {
  std::array<unsigned char, 16> out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr);
  return out;
}

}  // namespace

std::string msnp11_challenge_answer(std::string_view challenge, std::string_view product_id,
                                    std::string_view product_key) {
  const auto digest = md5(std::string(challenge) + std::string(product_key));
  std::uint32_t raw[4], h[4];
  for (int i = 0; i < 4; ++i) {
    raw[i] = le32(digest.data() + 4 * i);
    h[i] = raw[i] & 0x7FFFFFFFu;
  }
  std::string s = std::string(challenge) + std::string(product_id);
  while (s.size() % 8 != 0) s += '0';
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  constexpr std::uint64_t mod = 0x7FFFFFFF;
  std::uint64_t high = 0, low = 0;
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
  const std::uint32_t out[4] = {raw[0] ^ static_cast<std::uint32_t>(high), raw[1] ^ static_cast<std::uint32_t>(low),
                                raw[2] ^ static_cast<std::uint32_t>(high), raw[3] ^ static_cast<std::uint32_t>(low)};
  constexpr std::string_view hex = "0123456789abcdef";
  std::string answer;
  for (auto word : out)
    for (int b = 0; b < 4; ++b) {
      const unsigned byte = (word >> (8 * b)) & 0xFF;
      answer += hex[byte >> 4];
      answer += hex[byte & 0xF];
    }
  return answer;
}

std::optional<std::string_view> product_key_for(std::string_view product_id) {
  for (const auto& [id, key] : products)
    if (id == product_id) return key;
  return std::nullopt;
}

}  // namespace msnp_server
