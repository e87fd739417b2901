#include "msnp/errors.hpp"

#include <array>

namespace msnp {
namespace {

// MSNP.md 9.1 (BIT18 tables.c, PIKI, WIKI-Y, ESC misc.py).
constexpr ErrorInfo error_table[] = {
    {200, "syntax error"}, {201, "invalid parameter"}, {204, "invalid network id"},
    {205, "invalid user"}, {206, "domain name missing"}, {207, "already logged in"},
    {208, "invalid user name"}, {209, "friendly name not allowed"}, {210, "list full"},
    {215, "already on list"}, {216, "not on list"}, {217, "user offline or not accepting messages"},
    {218, "already in that mode"}, {219, "already on the opposite list"}, {223, "too many groups"},
    {224, "invalid group"}, {225, "not in that group"}, {228, "group already exists"},
    {229, "group name too long"}, {230, "cannot remove group 0"}, {240, "ADL/RML payload corrupted"},
    {241, "invalid list modification"}, {280, "switchboard failed"}, {281, "transfer to switchboard failed"},
    {300, "required field missing"}, {302, "not logged in"}, {402, "contact list unavailable"},
    {403, "contact list error"}, {500, "internal server error"}, {501, "database error"},
    {502, "command disabled"}, {540, "challenge response failed"}, {600, "server busy"},
    {601, "server unavailable"}, {602, "peer notification server down"}, {603, "database connection failed"},
    {604, "server going down"}, {605, "server unavailable"}, {700, "could not create connection"},
    {710, "bad CVR parameters"}, {711, "write is blocking"}, {712, "session overloaded"},
    {713, "calling too rapidly"}, {714, "too many sessions"}, {715, "not expected"},
    {717, "bad friend file"}, {731, "not expected"}, {800, "changing too rapidly"},
    {910, "server too busy"}, {911, "authentication failed"}, {913, "not allowed while offline"},
    {917, "authentication failed"}, {920, "not accepting new users"}, {923, "kids passport without parental consent"},
    {924, "passport account not verified"}, {928, "bad ticket"},
};

}  // namespace

std::string_view describe_error(int code) noexcept {
  for (const auto& e : error_table) {
    if (e.code == code) return e.text;
  }
  if (code >= 910 && code <= 922) return "server busy or unavailable";
  return "unknown error";
}

ErrorScope error_scope(int code) noexcept {
  if (code == 713 || code == 715 || code == 731 || code == 913 || code == 920 || code == 800) {
    return ErrorScope::per_request;
  }
  if (code == 540) return ErrorScope::fatal;
  if (code >= 500) return ErrorScope::fatal;
  return ErrorScope::per_request;
}

bool is_credentials_error(int code) noexcept {
  switch (code) {
    case 540: case 710: case 911: case 917: case 923: case 924: case 928: return true;
    default: return false;
  }
}

}  // namespace msnp
