#pragma once
// `host:port` as XFR and RNG write switchboard/NS addresses (MSNP.md 6.1/6.2).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace msnp {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const HostPort&) const = default;
};

// nullopt unless there is a non-empty host and a port 1..65535.
std::optional<HostPort> parse_host_port(std::string_view text);

}  // namespace msnp
