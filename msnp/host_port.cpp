#include "msnp/host_port.hpp"

#include "msnp/command.hpp"

namespace msnp {

std::optional<HostPort> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto port = parse_u32(text.substr(colon + 1));
  if (!port || *port == 0 || *port > 65535) return std::nullopt;
  return HostPort{std::string(text.substr(0, colon)), static_cast<std::uint16_t>(*port)};
}

}  // namespace msnp
