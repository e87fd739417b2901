#pragma once
// Every way a Passport 1.4 login can fail, as a value (DESIGN.md section 4: network input never
// throws). The NS connection turns these into a login failure the gateway can explain.
#include <string_view>

namespace msnp::net {

enum class AuthError {
  wrong_password,        // 401 with `WWW-Authenticate: Passport1.4 da-status=failed` (MSNP.md 2.2)
  bad_url,               // nexus_url, DALogin or Location is not an http(s) URL we accept
  plain_http_forbidden,  // an http:// URL while allow_plain_http is off
  resolve_failed,        // DNS
  connect_failed,        // refused, unreachable
  tls_failed,            // handshake failed for another reason than the certificate
  certificate_rejected,  // chain or host name verification failed
  timeout,               // the whole exchange took longer than the configured deadline
  too_many_redirects,    // more 302s than allowed
  malformed_response,    // a missing or unparsable PassportURLs / Authentication-Info / ticket
  service_unavailable,   // 503 (MSNP.md 2.2) and other 5xx
  unexpected_status,     // any other HTTP status
  network_error,         // the connection broke mid-exchange
  cancelled,             // the provider was shut down
};

std::string_view to_string(AuthError e);

// Whether retrying later could help; a wrong password or a bad configuration will not heal.
bool is_transient(AuthError e);

}  // namespace msnp::net
