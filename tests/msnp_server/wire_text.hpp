#pragma once
// Small text helpers for the MSNP test server: URL-encoding of names in command
// arguments (MSNP.md 5.6), XML escaping for UBX payloads (5.5), and random tokens,
// cookies and GUIDs in the shapes the Escargot server hands out (20 hex chars,
// RFC 4122 v4 GUIDs; transcripts/msnp12.txt).
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace msnp_server {

// Escargot's writer encodes '%', space, CR and LF (MSNP.md 5.6); we do the same so a
// client that decodes every argument gets back exactly what was stored.
std::string url_encode(std::string_view text);
// Decodes %XX; malformed escapes are kept literally (bad input never throws).
std::string url_decode(std::string_view text);
std::string xml_escape(std::string_view text);
std::string to_lower(std::string_view text);
bool is_guid(std::string_view text);
bool parse_uint(std::string_view text, std::uint64_t& out);

class RandomSource {
 public:
  RandomSource();
  std::string hex(std::size_t chars);  // lowercase hex
  std::string guid();                  // 8-4-4-4-12, version 4
  std::string digits(std::size_t count);

 private:
  std::mt19937_64 engine_;
};

}  // namespace msnp_server
