#include "xmpp/service.hpp"

#include <array>

#include "gateway/support/log.hpp"
#include "xmpp/contact_address.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/handlers/commands.hpp"
#include "xmpp/handlers/disco.hpp"
#include "xmpp/handlers/gateway.hpp"
#include "xmpp/handlers/info.hpp"
#include "xmpp/ns.hpp"
#include "xmpp/presence.hpp"
#include "xmpp/sender_check.hpp"

namespace xmpp {

namespace {

// Namespaces the gateway JID understands; a request in one of them with a type or element we
// do not support is feature-not-implemented rather than service-unavailable.
constexpr std::array<std::string_view, 7> gateway_namespaces{ns::disco_info, ns::disco_items, ns::register_,
                                                             ns::gateway,    ns::version,     ns::ping,
                                                             ns::commands};
constexpr std::array<std::string_view, 2> contact_namespaces{ns::disco_info, ns::disco_items};

template <class Array>
bool contains(const Array& a, std::string_view v) {
  for (auto x : a)
    if (x == v) return true;
  return false;
}

}  // namespace

Service::Service(ServiceSettings settings, StanzaSink& out, RegistrationBackend& backend, GatewayEvents& events,
                 std::function<Clock::time_point()> now)
    : settings_(std::move(settings)),
      out_(out),
      backend_(backend),
      events_(events),
      register_(settings_, out_, backend_, events_),
      commands_(out_, events_),
      now_(std::move(now)),
      limiter_(settings_.stanzas_per_second, settings_.stanza_burst) {
  // Addresses are compared in their normalised form (Jid lower-cases the domain).
  if (auto d = Jid::parse(settings_.domain)) settings_.domain = d->domain();
}

Stanza Service::gateway_presence(std::string_view to) const {
  Stanza p = make_presence(settings_.domain, to, PresenceKind::available);
  p.add(handlers::caps_element(settings_));
  return p;
}

void Service::on_link_up() {
  backend_.registered_users([this, alive = std::weak_ptr<int>(alive_)](std::vector<Jid> users) {
    if (!alive.lock()) return;
    // A probe makes each user's server answer with their current presence (RFC 6121 4.3), so
    // the users who are online get their sessions back after a restart; the gateway core
    // paces those sign-ins. Users whose session is still up see the gateway available.
    for (const auto& u : users) {
      if (events_.gateway_available_to(u)) out_.send(gateway_presence(u.to_string()));
      out_.send(make_presence(settings_.domain, u.to_string(), PresenceKind::probe));
    }
  });
  events_.on_link_up();
}

void Service::on_link_down() { events_.on_link_down(); }

void Service::handle(Stanza s) {
  const auto& name = s.name();
  if (name != "iq" && name != "message" && name != "presence") return;  // stream-level noise
  const auto to = Jid::parse(s.to());
  if (!to || to->domain() != settings_.domain) {
    // The server routes by 'to': anything else cannot be answered.
    gw::log::debug("xmpp", "dropping {} from '{}' to '{}': unroutable", name, s.from(), s.to());
    return;
  }
  const auto from = Jid::parse(s.from());
  if (!within_limit(from, s, to->local().empty())) return;
  if (check_sender(from, s, settings_.domain) == SenderVerdict::refused) return refuse_sender(from, s);
  std::string passport;
  if (!to->local().empty()) {
    auto p = passport_from_local(to->local());
    if (!p) {
      if (may_answer_with_error(s))
        out_.send(make_error(s, Condition::jid_malformed, "not a Messenger contact address (use bob%example.com@" +
                                                              settings_.domain + ")"));
      return;
    }
    passport = std::move(*p);
  }
  if (name == "iq") return handle_iq(*from, passport, s);
  if (name == "message") return events_.on_message(*from, passport, std::move(s));
  handle_presence(*from, passport, s);
}

bool Service::within_limit(const std::optional<Jid>& from, const Stanza& s, bool to_gateway) {
  // Keyed by bare JID: one user's resources share a budget. Senders without a usable address
  // share one bucket (the from-check refuses them next anyway).
  const std::string sender = from ? from->bare_string() : std::string{};
  const auto now = now_();
  const auto r = limiter_.take(sender, now);
  if (r.refused_in_last_flood > 0)
    gw::log::info(gw::log::Where{"xmpp.limit", sender}, "back under the stanza rate limit ({} stanzas refused)",
                  r.refused_in_last_flood);
  if (r.verdict == StanzaLimiter::Verdict::admit) return true;
  if (r.verdict == StanzaLimiter::Verdict::flood_begins)
    gw::log::warn(gw::log::Where{"xmpp.limit", sender}, "over the stanza rate limit ({}/s, burst {}): refusing",
                  settings_.stanzas_per_second, settings_.stanza_burst);
  // Going offline ends work (the Messenger session, a typed password): a flooder's resources
  // still sign out. Only towards the gateway JID, where it costs no storage lookup.
  if (to_gateway && s.name() == "presence" && s.type() == "unavailable") return true;
  if (!may_answer_with_error(s) || !from) return false;  // never answer errors with errors
  // A presence has no answer to wait for: at most one error a second says why they are ignored.
  if (s.name() == "presence" && !limiter_.may_notify(sender, now)) return false;
  out_.send(make_bounce(s, Condition::resource_constraint, ErrorType::wait, "too many stanzas; slow down"));
  return false;
}

void Service::refuse_sender(const std::optional<Jid>& from, const Stanza& s) {
  gw::log::info("xmpp", "refusing {} from '{}': not a user account", s.name(), s.from());
  // Without a valid 'from' there is nobody to answer.
  if (s.name() == "presence" || !from || !may_answer_with_error(s)) return;
  out_.send(make_bounce(s, Condition::not_allowed, "only user accounts may use this gateway"));
}

void Service::handle_iq(const Jid& from, const std::string& passport, const Stanza& iq) {
  const auto type = iq.type();
  if (type == "result" || type == "error") {
    events_.on_iq(from, passport, iq);  // an answer to a request of the core: never answered
    return;
  }
  if (type != "get" && type != "set") return out_.send(make_error(iq, Condition::bad_request, "unknown iq type"));
  if (iq.children().size() != 1)
    return out_.send(make_error(iq, Condition::bad_request, "an iq get/set carries exactly one payload"));
  if (builtin_iq(from, passport, iq)) return;
  const auto payload_ns = iq.child_ns(*iq.first_child());
  const bool known = passport.empty() ? contains(gateway_namespaces, payload_ns) : contains(contact_namespaces, payload_ns);
  if (known) return out_.send(make_error(iq, Condition::feature_not_implemented));
  if (!events_.on_iq(from, passport, iq)) out_.send(make_error(iq, Condition::service_unavailable));
}

bool Service::builtin_iq(const Jid& from, const std::string& passport, const Stanza& iq) {
  const Stanza& p = *iq.first_child();
  const auto pns = iq.child_ns(p);
  const bool get = iq.type() == "get";
  if (get && pns == ns::disco_info && p.name() == "query") {
    out_.send(handlers::answer_disco_info(iq, passport, settings_));
  } else if (get && pns == ns::disco_items && p.name() == "query") {
    out_.send(handlers::answer_disco_items(iq, passport, settings_));
  } else if (!passport.empty()) {
    return false;
  } else if (pns == ns::register_ && p.name() == "query") {
    register_.handle(from, iq);
  } else if (pns == ns::gateway && p.name() == "query") {
    out_.send(handlers::answer_gateway(iq, settings_));
  } else if (get && pns == ns::version && p.name() == "query") {
    out_.send(handlers::answer_version(iq, settings_));
  } else if (get && pns == ns::ping && p.name() == "ping") {
    out_.send(handlers::answer_ping(iq));
  } else if (!get && pns == ns::commands && p.name() == "command") {
    commands_.handle(from, iq);
  } else {
    return false;
  }
  return true;
}

void Service::handle_presence(const Jid& from, const std::string& passport, const Stanza& p) {
  const auto kind = presence_kind(p);
  if (!kind) return;  // RFC 6121 4.7.1: an unknown type is not processed
  if (!passport.empty()) return events_.on_contact_presence(from, passport, *kind, p);
  if (*kind == PresenceKind::subscribe || *kind == PresenceKind::probe) answer_gateway_presence(from, *kind, p);
  events_.on_user_presence(from, *kind, p);
}

void Service::answer_gateway_presence(const Jid& from, PresenceKind kind, const Stanza& p) {
  // Only registered users may see the gateway (XEP-0100 section 4.1): approve their
  // subscription and answer their probes; others are told they are not subscribed.
  const Jid bare = from.bare();
  backend_.lookup(bare, [this, alive = std::weak_ptr<int>(alive_), bare, kind](LookupResult r) {
    if (!alive.lock()) return;
    const std::string to = bare.to_string();
    if (r.status == RegistrationStatus::ok) {
      if (kind == PresenceKind::subscribe) out_.send(make_presence(settings_.domain, to, PresenceKind::subscribed));
      out_.send(events_.gateway_available_to(bare) ? gateway_presence(to)
                                                   : make_presence(settings_.domain, to, PresenceKind::unavailable));
    } else if (r.status == RegistrationStatus::not_registered) {
      out_.send(make_presence(settings_.domain, to, PresenceKind::unsubscribed));
    }
  });
}

}  // namespace xmpp
