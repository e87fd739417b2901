#pragma once
// What every Session shares, owned by the Gateway: the io executor, the way out to XMPP, the
// Messenger network, storage, the password key, and what the XMPP server granted us.
#include "gateway/login_pacer.hpp"
#include "gateway/messenger_link.hpp"
#include "gateway/storage_runner.hpp"
#include "gateway/support/secret_box.hpp"
#include "xmpp/stanza.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace gw {

class OutboundQueue;

// How contacts get into the user's roster (issue: XEP-0356, else XEP-0144, else subscriptions).
enum class RosterAccess { none, privileged };

struct GatewayContext {
  boost::asio::any_io_executor executor;
  std::function<void(xmpp::Stanza)> send;
  MessengerNetwork& network;
  StorageRunner& storage;
  const SecretBox& secrets;
  std::string domain;                        // the component JID
  msnp::NsConfig ns_config;                  // dialects, product; the account is set per user
  std::function<xmpp::Stanza(std::string_view to, bool available)> gateway_presence;
  RosterAccess roster_access = RosterAccess::none;
  std::string privilege_ns;                  // urn:xmpp:privilege:2 or :1 when granted
  std::chrono::seconds offline_grace{20};
  // Reconnecting after the Messenger connection drops waits first_retry, then twice as long
  // after each failed login (up to 5 minutes). Sessions the server ends in a row within
  // stable_session of signing in double it too: a server that drops every sign-in (something
  // it sends then that we cannot take) must not be met with a login every first_retry.
  std::chrono::milliseconds first_retry{2000};
  std::chrono::seconds stable_session{60};
  LoginPacer* pacer = nullptr;               // null: log in at once    // contacts stay shown this long while reconnecting
  OutboundQueue* queue = nullptr;            // the durable queue (set by the Gateway; null: none)
  std::chrono::seconds queue_expiry{3600};   // queued messages older than this bounce
  bool xmpp_up = false;                      // the component link is up: chats go out at once
  bool stopping = false;                     // SIGTERM: keep what cannot be sent, log out
};

}  // namespace gw
