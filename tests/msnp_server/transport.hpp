#pragma once
// The byte pipe a server-side session writes to. The TCP implementation lives in
// tcp_transport.* (the only place that touches sockets); sessions see this interface,
// which keeps Asio out of the protocol code's headers (DESIGN.md 5).
#include <string>

namespace msnp_server {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(std::string bytes) = 0;
  // Flush what is queued, then close (after OUT, errors that end the session).
  virtual void close() = 0;
  // Close at once, dropping the outbox (drop_user, violations Escargot answers with a bare close).
  virtual void abort() = 0;
  virtual bool is_open() const = 0;
};

}  // namespace msnp_server
