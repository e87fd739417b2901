#pragma once
// Why an MSNP TCP connection ended, as seen by the transport (not the protocol): the
// gateway shows it to the user and decides whether to reconnect.
#include <string_view>

namespace msnp::net {

enum class CloseReason {
  local,            // we closed it (logout, leave, shutdown)
  session_ended,    // the sans-IO session said so (Disconnected / SwitchboardClosed / LoginFailed)
  resolve_failed,
  connect_failed,   // refused or unreachable
  connect_timeout,
  read_timeout,     // nothing arrived for read_timeout
  write_timeout,    // one write stayed in flight for write_timeout
  slow_peer,        // the outbox exceeded its bound
  peer_closed,      // EOF or reset from the server
  network_error,
  protocol_error,   // the decoder rejected the server's bytes
  too_many_redirects,
};

std::string_view to_string(CloseReason r);

}  // namespace msnp::net
