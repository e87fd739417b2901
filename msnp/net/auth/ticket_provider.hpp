#pragma once
// Where the NS connection gets its TWN ticket (MSNP.md section 2.2: `USR trid TWN S <ticket>`).
// An interface so that the NS connection does not care whether the ticket comes from the
// Nexus (nexus_ticket_provider.hpp), from SOAP RST later, or from a fake in a test
// (DESIGN.md section 2).
#include "msnp/net/auth/auth_error.hpp"

#include <functional>
#include <optional>
#include <string>

namespace msnp::net {

struct TicketRequest {
  std::string sign_in;    // the Passport, e.g. alice@example.com
  std::string password;   // never logged
  std::string challenge;  // the USR TWN S argument, verbatim ("ct=1,rver=1,...,id=1")
};

struct TicketResult {
  std::string ticket;               // set when error is empty
  std::optional<AuthError> error;
  std::string detail;               // why, for logs and the user; never the password or ticket

  bool ok() const { return !error; }
};

class TicketProvider {
 public:
  using Callback = std::function<void(TicketResult)>;
  virtual ~TicketProvider() = default;
  // Starts one login. `done` runs exactly once, on the provider's io_context thread, and never
  // from inside fetch() itself (so callers may hold state while calling).
  virtual void fetch(TicketRequest request, Callback done) = 0;
};

}  // namespace msnp::net
