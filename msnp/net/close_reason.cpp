#include "msnp/net/close_reason.hpp"

namespace msnp::net {

std::string_view to_string(CloseReason r) {
  switch (r) {
    case CloseReason::local: return "closed locally";
    case CloseReason::session_ended: return "session ended";
    case CloseReason::resolve_failed: return "host name not resolved";
    case CloseReason::connect_failed: return "connection failed";
    case CloseReason::connect_timeout: return "connection timed out";
    case CloseReason::read_timeout: return "server silent for too long";
    case CloseReason::write_timeout: return "write stalled";
    case CloseReason::slow_peer: return "outgoing queue full";
    case CloseReason::peer_closed: return "server closed the connection";
    case CloseReason::network_error: return "network error";
    case CloseReason::protocol_error: return "protocol error";
    case CloseReason::too_many_redirects: return "too many redirects";
  }
  return "unknown";
}

}  // namespace msnp::net
