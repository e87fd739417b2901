#pragma once
// xmpp::Service: what the component does with each inbound stanza. It checks addresses
// (contact JIDs that do not map to a Messenger address get jid-malformed), answers the
// service-level XEPs itself (disco, register, gateway, version, ping, ad-hoc commands), answers
// subscriptions and probes to the gateway JID, and hands everything else to GatewayEvents.
// Every iq get/set gets exactly one answer (RFC 6120 8.2.3): unknown payloads
// service-unavailable, known namespaces with an unsupported type feature-not-implemented.
// Before any of that, two gates: the sender must be a user account (sender_check.hpp; the
// server's own few stanzas excepted) and under its rate limit (stanza_limiter.hpp).
// No I/O here: tests feed stanzas and read what went to the StanzaSink.
#include <functional>
#include <memory>
#include <string>

#include "xmpp/gateway_events.hpp"
#include "xmpp/handlers/commands.hpp"
#include "xmpp/handlers/register.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/registration_backend.hpp"
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"
#include "xmpp/stanza_limiter.hpp"
#include "xmpp/stanza_sink.hpp"

namespace xmpp {

class Service {
 public:
  using Clock = StanzaLimiter::Clock;
  Service(ServiceSettings settings, StanzaSink& out, RegistrationBackend& backend, GatewayEvents& events,
          std::function<Clock::time_point()> now = &Clock::now);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // By value: a message is moved on to GatewayEvents::on_message, not copied.
  void handle(Stanza s);
  // The link (re)connected: show the gateway online to every registered user.
  void on_link_up();
  void on_link_down();

  // The gateway's available presence (with XEP-0115 caps) addressed to `to`.
  Stanza gateway_presence(std::string_view to) const;
  const ServiceSettings& settings() const { return settings_; }

 private:
  bool within_limit(const std::optional<Jid>& from, const Stanza& s, bool to_gateway);
  void refuse_sender(const std::optional<Jid>& from, const Stanza& s);
  void handle_iq(const Jid& from, const std::string& passport, const Stanza& iq);
  bool builtin_iq(const Jid& from, const std::string& passport, const Stanza& iq);
  void handle_presence(const Jid& from, const std::string& passport, const Stanza& p);
  void answer_gateway_presence(const Jid& from, PresenceKind kind, const Stanza& p);

  ServiceSettings settings_;
  StanzaSink& out_;
  RegistrationBackend& backend_;
  GatewayEvents& events_;
  handlers::RegisterHandler register_;
  handlers::CommandHandler commands_;
  std::function<Clock::time_point()> now_;
  StanzaLimiter limiter_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace xmpp
