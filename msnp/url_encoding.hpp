#pragma once
// URL-encoding of MSNP arguments that may contain spaces (friendly names, group
// names, MSNObjects; MSNP.md 5.6). We encode like Escargot's writer plus the rest
// of the bytes that would break a line: `%`, space, every control byte and DEL.
// Other UTF-8 bytes pass through unchanged (as PUR does).
#include <string>
#include <string_view>

namespace msnp {

std::string url_encode(std::string_view text);
// Lenient: `%` not followed by two hex digits is kept literally; `+` stays `+`.
std::string url_decode(std::string_view text);

}  // namespace msnp
