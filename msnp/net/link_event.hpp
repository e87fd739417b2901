#pragma once
// Connection-level events the gateway hears besides the sessions' own outputs: a TCP
// connection came up (also after an XFR NS redirect), or it ended and why.
#include "msnp/net/close_reason.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace msnp::net {

struct LinkUp {
  std::string host;
  std::uint16_t port = 0;
};

// The last event of a connection object. The session has already reported its own ending
// (Disconnected / LoginFailed / SwitchboardClosed) through the output handler before this.
struct LinkDown {
  CloseReason reason = CloseReason::local;
  std::string detail;
};

using LinkEvent = std::variant<LinkUp, LinkDown>;

}  // namespace msnp::net
