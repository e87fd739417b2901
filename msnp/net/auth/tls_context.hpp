#pragma once
// The client TLS context for Passport login: TLS 1.2+, peer verification on unless the
// configuration turns it off, the system trust store plus optional extra anchors (a local
// test server's self-signed certificate). Internal to msnp_net.
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace msnp::net {

struct TlsSettings {
  bool verify_certificates = true;
  std::string ca_file;  // extra trust anchors, PEM file
  std::string ca_pem;   // extra trust anchors, PEM text
};

// Throws std::runtime_error at start-up when an extra CA cannot be loaded: a configuration
// error, not a network one.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const TlsSettings& settings);

}  // namespace msnp::net
