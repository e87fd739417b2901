#pragma once
// XEP-0050 ad-hoc commands on the gateway JID. One command, "Sign in to Messenger" (node
// sign-in): it asks for the Messenger password with a form (a text-private field) and signs
// the user in with it, keeping it in the session's memory only. It is how users sign in when
// the gateway does not store passwords (registration.store_password: false); with stored
// passwords it signs in once with the typed password and leaves the stored one alone.
// Steps (XEP-0050 section 3): execute -> form (status executing); submit -> the outcome as a
// note (status completed); cancel -> status canceled. The sessionid only echoes: the form
// carries everything, so there is no per-command state to leak.
#include <cstdint>
#include <memory>
#include <string_view>

#include "xmpp/disco_info.hpp"
#include "xmpp/gateway_events.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stanza_sink.hpp"

namespace xmpp::handlers {

constexpr std::string_view sign_in_node = "sign-in";
constexpr std::string_view sign_in_name = "Sign in to Messenger";

// disco#items of the commands node, and disco#info of a command node (XEP-0050 section 2).
void add_command_items(Stanza& query, const ServiceSettings& s);
DiscoInfo command_node_info();

class CommandHandler {
 public:
  CommandHandler(StanzaSink& out, GatewayEvents& events) : out_(out), events_(events) {}

  // An iq set with a <command xmlns='http://jabber.org/protocol/commands'/> payload.
  void handle(const Jid& user, const Stanza& iq);

 private:
  StanzaSink& out_;
  GatewayEvents& events_;
  std::uint64_t next_session_ = 0;
  // Outcomes may arrive after this handler is gone (shutdown): they check the token.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace xmpp::handlers
