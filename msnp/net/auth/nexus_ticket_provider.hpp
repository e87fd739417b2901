#pragma once
// TicketProvider over Passport 1.4 (MSNP.md section 2.2): GET the Nexus (`msn.nexus_url`),
// follow `PassportURLs: DALogin=...`, GET DALogin with `Authorization: Passport1.4 ...` and
// return the `from-PP` ticket. https by default with certificate and host name verification;
// http only when allow_plain_http is set (a local test server). Redirects, 401, timeouts and
// malformed replies come back as TicketResult errors, never as exceptions.
#include "msnp/net/auth/ticket_provider.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace msnp::net {

struct PassportSettings {
  std::string nexus_url = "https://127.0.0.1/rdr/pprdr.asp";
  bool allow_plain_http = false;
  bool verify_certificates = true;
  std::string ca_file;  // extra trust anchors (PEM file) besides the system store
  std::string ca_pem;   // the same as text
  std::chrono::milliseconds timeout{20000};  // for the whole exchange, redirects included
  int max_redirects = 5;
  std::string user_agent = "MSMSGS";  // what the official client sent (WIKI-Y)
};

class NexusTicketProvider final : public TicketProvider {
 public:
  // Throws std::invalid_argument / std::runtime_error for a bad nexus_url or CA: start-up only.
  NexusTicketProvider(boost::asio::io_context& io, PassportSettings settings);
  ~NexusTicketProvider() override;
  NexusTicketProvider(const NexusTicketProvider&) = delete;
  NexusTicketProvider& operator=(const NexusTicketProvider&) = delete;

  void fetch(TicketRequest request, Callback done) override;

  struct State;  // opaque; public only so the login coroutine in the .cpp can name it

 private:
  std::shared_ptr<State> state_;  // shared with in-flight logins, which may outlive us
};

}  // namespace msnp::net
