#pragma once
// Trace-level wire dumps without secrets (DESIGN.md section 6): the TWN ticket in
// `USR t TWN S <ticket>` (MSNP.md 2.2), the SSO ticket and blob, and switchboard cookies in
// `USR t me cookie`, `ANS t me cookie sid`, `XFR t SB host CKI cookie` and `RNG sid host CKI
// cookie ...` (MSNP.md 6.1/6.2: cookies admit anyone to the conversation). Sans-IO.
#include <string>
#include <string_view>

namespace msnp::net {

enum class WireSide { notification, switchboard };

// One command line (without payload), with its secrets replaced by "<hidden>". Payloads are
// summarised by the caller ("<payload 168 bytes>"), never dumped with the line.
std::string mask_wire_line(std::string_view line, WireSide side);

}  // namespace msnp::net
