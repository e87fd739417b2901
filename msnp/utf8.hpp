#pragma once
// Text from Messenger (command lines, names, messages, personal messages) may be any bytes:
// the protocol does not check it, and a contact's client can send what it likes. XMPP and
// PostgreSQL take only UTF-8, so msnp hands the gateway nothing else.
#include <string>
#include <string_view>

namespace msnp {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

// `text` with U+FFFD for every byte that starts no well-formed sequence; valid text unchanged.
std::string to_valid_utf8(std::string_view text);

}  // namespace msnp
