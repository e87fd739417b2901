#pragma once
// What the component hands to the gateway core (gw::Gateway, later): traffic it does not
// answer itself. Called on the io thread with stanzas already checked: `user` is the sender's
// full JID, `passport` the contact a stanza is addressed to ("" for the gateway JID itself).
#include <functional>
#include <string>

#include "xmpp/jid.hpp"
#include "xmpp/presence.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {

// How a sign-in with a typed password (the XEP-0050 "Sign in to Messenger" command) ended.
enum class SignInOutcome { signed_in, already_signed_in, wrong_password, not_registered, busy, failed };

class GatewayEvents {
 public:
  virtual ~GatewayEvents() = default;

  virtual void on_link_up() {}
  // Whether the gateway JID shows available to this registered user when they probe or
  // subscribe: a transport is "online" for a user while their legacy session is up
  // (XEP-0100 section 4.4). The default, for a service without sessions, is always.
  virtual bool gateway_available_to(const Jid& user) const { return true; }
  virtual void on_link_down() {}
  // <message/> to the gateway or a contact (including type='error' bounces). By value: the
  // gateway keeps a chat message until it is confirmed, and this hands it over without a copy.
  virtual void on_message(const Jid& user, const std::string& passport, Stanza message) = 0;
  // XEP-0100 section 4.4/4.5: the user's presence towards the gateway JID (available,
  // unavailable, probe; subscriptions are answered by the component and reported too).
  virtual void on_user_presence(const Jid& user, PresenceKind kind, const Stanza& presence) = 0;
  // Presence addressed to a contact JID (subscribe to add a contact, probes, directed presence).
  virtual void on_contact_presence(const Jid& user, const std::string& passport, PresenceKind kind,
                                   const Stanza& presence) = 0;
  // An iq get/set no built-in handler takes. Return true to answer it yourself (later, exactly
  // once); false makes the component answer service-unavailable.
  virtual bool on_iq(const Jid& user, const std::string& passport, const Stanza& iq) = 0;
  // XEP-0077 outcomes, after the reply went out.
  virtual void on_registered(const Jid& user, const std::string& username, bool created) = 0;
  virtual void on_unregistered(const Jid& user) = 0;
  // Sign the registered `user` (bare JID) in to Messenger with `password`, kept in memory
  // only; `done` runs once, on the io thread. The default, for a service without sessions:
  // nothing to sign in to.
  virtual void sign_in(const Jid& user, std::string password, std::function<void(SignInOutcome)> done) {
    done(SignInOutcome::failed);
  }
};

}  // namespace xmpp
