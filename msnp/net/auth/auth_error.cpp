#include "msnp/net/auth/auth_error.hpp"

namespace msnp::net {

std::string_view to_string(AuthError e) {
  switch (e) {
    case AuthError::wrong_password: return "wrong_password";
    case AuthError::bad_url: return "bad_url";
    case AuthError::plain_http_forbidden: return "plain_http_forbidden";
    case AuthError::resolve_failed: return "resolve_failed";
    case AuthError::connect_failed: return "connect_failed";
    case AuthError::tls_failed: return "tls_failed";
    case AuthError::certificate_rejected: return "certificate_rejected";
    case AuthError::timeout: return "timeout";
    case AuthError::too_many_redirects: return "too_many_redirects";
    case AuthError::malformed_response: return "malformed_response";
    case AuthError::service_unavailable: return "service_unavailable";
    case AuthError::unexpected_status: return "unexpected_status";
    case AuthError::network_error: return "network_error";
    case AuthError::cancelled: return "cancelled";
  }
  return "unknown";
}

bool is_transient(AuthError e) {
  switch (e) {
    case AuthError::resolve_failed:
    case AuthError::connect_failed:
    case AuthError::timeout:
    case AuthError::service_unavailable:
    case AuthError::network_error:
      return true;
    default:
      return false;
  }
}

}  // namespace msnp::net
