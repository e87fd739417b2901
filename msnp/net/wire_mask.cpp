#include "msnp/net/wire_mask.hpp"

#include <vector>

namespace msnp::net {
namespace {

std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= line.size()) {
    auto sp = line.find(' ', i);
    if (sp == std::string_view::npos) sp = line.size();
    parts.emplace_back(line.substr(i, sp - i));
    i = sp + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ' ';
    out += parts[i];
  }
  return out;
}

void hide_from(std::vector<std::string>& parts, std::size_t first) {
  for (std::size_t i = first; i < parts.size(); ++i) parts[i] = "<hidden>";
}

}  // namespace

std::string mask_wire_line(std::string_view line, WireSide side) {
  // Strip CRLF for the dump; the log facade escapes any other control characters.
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  auto p = split(line);
  const std::string& cmd = p[0];
  if (side == WireSide::notification) {
    // USR t TWN|SSO S <ticket> [blob] [guid]; the server's `USR t TWN S <challenge>` is
    // public but indistinguishable by shape, so it is hidden too.
    if (cmd == "USR" && p.size() >= 5 && p[3] == "S") hide_from(p, 4);
    else if (cmd == "XFR" && p.size() >= 6 && p[2] == "SB") hide_from(p, 5);
    else if (cmd == "RNG" && p.size() >= 5) p[4] = "<hidden>";
  } else {
    if (cmd == "USR" && p.size() >= 4 && p[2] != "OK") p[3] = "<hidden>";
    else if (cmd == "ANS" && p.size() >= 4 && p[2] != "OK") p[3] = "<hidden>";
  }
  return join(p);
}

}  // namespace msnp::net
