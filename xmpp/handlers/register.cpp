#include "xmpp/handlers/register.hpp"

#include "gateway/support/log.hpp"
#include "xmpp/contact_address.hpp"
#include "xmpp/data_form.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/handlers/disco.hpp"
#include "xmpp/ns.hpp"
#include "xmpp/presence.hpp"

namespace xmpp::handlers {

namespace {

constexpr std::string_view instructions =
    "Enter your MSN Messenger address (for example alice@hotmail.com) and its password.";

Stanza failure(const Stanza& iq, RegistrationStatus status) {
  switch (status) {
    case RegistrationStatus::rejected_credentials:
      return make_error(iq, Condition::not_authorized, "the Messenger server refused this address or password");
    case RegistrationStatus::unavailable:
      return make_error(iq, Condition::internal_server_error, ErrorType::wait, "temporarily unavailable, try again later");
    case RegistrationStatus::not_registered:
      return make_error(iq, Condition::registration_required, "you are not registered");
    default:
      return make_error(iq, Condition::internal_server_error);
  }
}

}  // namespace

RegisterHandler::RegisterHandler(const ServiceSettings& settings, StanzaSink& out, RegistrationBackend& backend,
                                 GatewayEvents& events)
    : settings_(settings), out_(out), backend_(backend), events_(events) {}

Stanza RegisterHandler::form_query(const std::string& username, bool registered) {
  Stanza q{"query", ns::register_};
  if (registered) q.add("registered");
  q.add("instructions").set_text(instructions);
  q.add("username").set_text(username);
  q.add("password");
  DataForm form{"form"};
  form.set_title("MSN Messenger registration").set_instructions(instructions).set_form_type(ns::register_);
  form.add_field({"username", "text-single", "MSN address", username.empty() ? std::vector<std::string>{}
                                                                             : std::vector<std::string>{username},
                  true});
  form.add_field({"password", "text-private", "Password", {}, true});
  q.add(form.to_stanza());
  return q;
}

bool RegisterHandler::allowed(const Jid& user) const {
  if (settings_.allowed_domains.empty()) return true;
  for (const auto& d : settings_.allowed_domains)
    if (Jid::make("", d) && Jid::make("", d)->domain() == user.domain()) return true;
  return false;
}

void RegisterHandler::handle(const Jid& user, const Stanza& iq) {
  if (!allowed(user)) return out_.send(make_error(iq, Condition::forbidden, "registration is closed to your server"));
  if (iq.type() == "get") return get(user, iq);
  if (iq.first_child()->child("remove")) return remove(user, iq);
  set(user, iq);
}

void RegisterHandler::get(const Jid& user, const Stanza& iq) {
  backend_.lookup(user.bare(), [this, alive = std::weak_ptr<int>(alive_), iq](LookupResult r) {
    if (!alive.lock()) return;
    if (r.status != RegistrationStatus::ok && r.status != RegistrationStatus::not_registered)
      return out_.send(failure(iq, r.status));
    Stanza reply = make_result(iq);
    reply.add(form_query(r.status == RegistrationStatus::ok ? r.username : std::string{}, r.status == RegistrationStatus::ok));
    out_.send(std::move(reply));
  });
}

void RegisterHandler::set(const Jid& user, const Stanza& iq) {
  const Stanza& query = *iq.first_child();
  std::string username, password;
  // XEP-0077 section 6: a data form, when present, takes precedence over the legacy fields.
  if (const Stanza* x = query.child("x", ns::data_forms)) {
    const auto form = DataForm::parse(*x);
    if (!form || form->type() != "submit" || (!form->form_type().empty() && form->form_type() != ns::register_))
      return out_.send(make_error(iq, Condition::bad_request, "expected a submitted jabber:iq:register form"));
    username = form->value("username");
    password = form->value("password");
  } else {
    username = query.child_text("username");
    password = query.child_text("password");
  }
  if (username.empty() || password.empty())
    return out_.send(make_error(iq, Condition::not_acceptable, "the MSN address and the password are both required"));
  const auto passport = normalize_passport(username);
  if (!passport) return out_.send(make_error(iq, Condition::not_acceptable, "not an MSN Messenger address"));
  const Jid bare = user.bare();
  backend_.register_user(
      bare, *passport, std::move(password),
      [this, alive = std::weak_ptr<int>(alive_), iq, bare, p = *passport](RegisterResult r) {
        if (!alive.lock()) return;
        if (r.status != RegistrationStatus::ok) {
          gw::log::info(gw::log::Where{"xmpp.register", bare.to_string()}, "registration of {} refused", p);
          return out_.send(failure(iq, r.status));
        }
        out_.send(make_result(iq));
        gw::log::info(gw::log::Where{"xmpp.register", bare.to_string()}, "{} as {}",
                      r.created ? "registered" : "registration updated", p);
        if (r.created) {
          // XEP-0100 section 4.1.1: after registering, the gateway asks for the user's presence
          // and shows its own.
          out_.send(make_presence(settings_.domain, bare.to_string(), PresenceKind::subscribe));
          Stanza available = make_presence(settings_.domain, bare.to_string(), PresenceKind::available);
          available.add(caps_element(settings_));
          out_.send(std::move(available));
        }
        events_.on_registered(bare, p, r.created);
      });
}

void RegisterHandler::remove(const Jid& user, const Stanza& iq) {
  const Jid bare = user.bare();
  backend_.remove_user(bare, [this, alive = std::weak_ptr<int>(alive_), iq, bare](RemoveResult r) {
    if (!alive.lock()) return;
    if (r.status != RegistrationStatus::ok) return out_.send(failure(iq, r.status));
    out_.send(make_result(iq));
    gw::log::info(gw::log::Where{"xmpp.register", bare.to_string()}, "unregistered ({} contacts)", r.contacts.size());
    // XEP-0100 section 4.3: end every subscription between the user and the gateway's JIDs.
    const std::string to = bare.to_string();
    auto farewell = [&](const std::string& from) {
      for (auto kind : {PresenceKind::unsubscribe, PresenceKind::unsubscribed, PresenceKind::unavailable})
        out_.send(make_presence(from, to, kind));
    };
    for (const auto& passport : r.contacts)
      if (auto jid = contact_jid(passport, settings_.domain)) farewell(jid->to_string());
    farewell(settings_.domain);
    events_.on_unregistered(bare);
  });
}

}  // namespace xmpp::handlers
