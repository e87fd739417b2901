#pragma once
// XEP-0077 in-band registration with the gateway, the XEP-0100 section 4.1 way: the form asks
// for the Messenger address (username) and password, both as legacy fields and as a XEP-0004
// form (FORM_TYPE jabber:iq:register); a set registers or changes the address/password;
// <remove/> unregisters. Storage (and, later, the check against the Messenger server) sits
// behind RegistrationBackend and answers asynchronously.
#include <memory>
#include <string>

#include "xmpp/gateway_events.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/registration_backend.hpp"
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stanza_sink.hpp"

namespace xmpp::handlers {

class RegisterHandler {
 public:
  RegisterHandler(const ServiceSettings& settings, StanzaSink& out, RegistrationBackend& backend,
                  GatewayEvents& events);

  // `iq` is a get or set from `user` to the gateway JID with a jabber:iq:register payload.
  void handle(const Jid& user, const Stanza& iq);

  // The registration form, prefilled with `username` when given.
  static Stanza form_query(const std::string& username, bool registered);

 private:
  void get(const Jid& user, const Stanza& iq);
  void set(const Jid& user, const Stanza& iq);
  void remove(const Jid& user, const Stanza& iq);
  bool allowed(const Jid& user) const;

  const ServiceSettings& settings_;
  StanzaSink& out_;
  RegistrationBackend& backend_;
  GatewayEvents& events_;
  // Backend answers may arrive after this handler is gone (shutdown): they check the token.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace xmpp::handlers
