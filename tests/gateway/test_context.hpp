#pragma once
// The GatewayContext the Session tests share: stanzas for Jabber go into `sent`, the gateway
// JID is msn.test, the gateway's own presence is a bare <presence/> (type unavailable when
// it is not available).
#include "gateway/gateway_context.hpp"

#include <vector>

namespace gw::testing {

inline GatewayContext test_context(boost::asio::any_io_executor ex, MessengerNetwork& network, StorageRunner& storage,
                                   const SecretBox& box, std::vector<xmpp::Stanza>& sent) {
  return GatewayContext{ex,
                        [&sent](xmpp::Stanza s) { sent.push_back(std::move(s)); },
                        network,
                        storage,
                        box,
                        "msn.test",
                        msnp::NsConfig{*msnp::Passport::parse("nobody@localhost")},
                        [](std::string_view to, bool available) {
                          xmpp::Stanza p{"presence"};
                          p.set_attr("from", "msn.test").set_attr("to", to);
                          if (!available) p.set_attr("type", "unavailable");
                          return p;
                        }};
}

}  // namespace gw::testing
