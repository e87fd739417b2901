#pragma once
// MSNP numeric errors (MSNP.md 9.1): what they mean and whether they end the NS
// session or only fail the request that caused them. The rule follows BitlBee
// (BIT18 tables.c): 5xx, 6xx, 7xx other than 713/715/731, 540, and 9xx other than
// 913/920 are fatal; 2xx, 713, 715, 731 and 913 fail one request.
#include <string_view>

namespace msnp {

enum class ErrorScope { per_request, fatal };

struct ErrorInfo {
  int code;
  std::string_view text;
};

// Human-readable meaning; "unknown error" for codes not in the table.
std::string_view describe_error(int code) noexcept;
ErrorScope error_scope(int code) noexcept;
// A login failure that retrying with the same credentials cannot fix
// (911/917/923/924/928 authentication, 540 challenge, 710 bad CVR).
bool is_credentials_error(int code) noexcept;

}  // namespace msnp
