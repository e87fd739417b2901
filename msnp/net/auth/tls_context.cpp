#include "msnp/net/auth/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

#include <stdexcept>

namespace msnp::net {

std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const TlsSettings& settings) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx->set_default_verify_paths(ec);  // a missing system store is survivable when CAs are given
  if (!settings.ca_file.empty()) {
    ctx->load_verify_file(settings.ca_file, ec);
    if (ec) throw std::runtime_error("cannot load CA file " + settings.ca_file + ": " + ec.message());
  }
  if (!settings.ca_pem.empty()) {
    ctx->add_certificate_authority(boost::asio::buffer(settings.ca_pem), ec);
    if (ec) throw std::runtime_error("cannot load CA certificate: " + ec.message());
  }
  ctx->set_verify_mode(settings.verify_certificates ? ssl::verify_peer : ssl::verify_none);
  return ctx;
}

}  // namespace msnp::net
