#include "gateway/gateway.hpp"

#include "gateway/jabber_stanzas.hpp"
#include "gateway/support/log.hpp"
#include "xmpp/contact_address.hpp"

#include <algorithm>

namespace gw {

namespace {
// The sweep runs this often: a tenth of the expiry, between 1 s and a minute.
std::chrono::milliseconds sweep_period(std::chrono::seconds expiry) {
  return std::clamp<std::chrono::milliseconds>(expiry / 10, std::chrono::seconds(1), std::chrono::minutes(1));
}
}  // namespace

Gateway::Gateway(GatewayContext& ctx) : ctx_(ctx), queue_(ctx.executor, ctx.storage) {
  ctx_.queue = &queue_;
  queue_.expire(ctx_.queue_expiry, sweep_period(ctx_.queue_expiry),
                [this](std::vector<QueuedMessage> messages) { expired(std::move(messages)); });
}

Gateway::~Gateway() {
  *alive_ = false;
  ctx_.queue = nullptr;
}

void Gateway::with_session(const xmpp::Jid& user, Work work) {
  const std::string bare = user.bare_string();
  if (auto it = sessions_.find(bare); it != sessions_.end()) return work(it->second.get());
  auto& waiting = loading_[bare];
  waiting.push_back(std::move(work));
  if (waiting.size() > 1) return;  // a lookup is already under way
  using Loaded = std::pair<std::optional<UserRecord>, std::map<std::string, std::string>>;
  ctx_.storage.run(
      [bare](Storage& s) {
        Loaded l{s.find_user(bare), {}};
        if (l.first) l.second = s.settings(bare);
        return l;
      },
      [this, bare, alive = alive_](std::optional<Loaded> found) {
                     if (!*alive) return;
                     const bool registered = found && found->first;
                     if (!registered) log::debug({"gw", bare}, "not registered");
                     auto works = std::move(loading_[bare]);
                     loading_.erase(bare);
                     Session* session = nullptr;
                     if (registered) {
                       auto& slot = sessions_[bare];
                       if (!slot) slot = std::make_unique<Session>(ctx_, std::move(*found->first), found->second);
                       session = slot.get();
                     }
                     for (auto& w : works) w(session);
                   });
}

void Gateway::on_link_up() {
  log::info("gw", "component link up: {} sessions", sessions_.size());
  ctx_.xmpp_up = true;
  for (auto& [_, s] : sessions_) s->link_up();
}

void Gateway::on_link_down() {
  log::warn("gw", "component link down: chats for Jabber users are kept until it is back");
  ctx_.xmpp_up = false;
}

void Gateway::expired(std::vector<QueuedMessage> messages) {
  log::info("gw.queue", "{} queued messages expired after {} s", messages.size(), ctx_.queue_expiry.count());
  for (const auto& m : messages) {
    if (auto it = sessions_.find(m.jid); it != sessions_.end()) {
      it->second->expired(m);
      continue;
    }
    const auto peer = xmpp::contact_jid(m.peer, ctx_.domain);
    if (m.direction == Direction::to_msn && peer) {
      auto original = jabber::user_chat(m.sender.empty() ? m.jid : m.sender, peer->to_string(), m.stanza_id, m.body, false);
      ctx_.send(jabber::bounce(original, xmpp::Condition::remote_server_timeout,
                               "Messenger could not be reached in time; the message was not delivered"));
    } else {
      log::warn({"gw.queue", m.jid}, "message from {} expired undelivered (the contact cannot be told)", m.peer);
    }
  }
}

void Gateway::on_message(const xmpp::Jid& user, const std::string& passport, xmpp::Stanza message) {
  if (user.local().empty() && passport.empty()) return on_privilege(user, message);  // from a server
  if (passport.empty()) return;  // to the gateway JID: no chat with the gateway itself
  const auto contact = msnp::Passport::parse(passport);
  if (!contact) return;
  // The common case without a deferred lambda; the message is moved, never copied (issue 6).
  if (auto it = sessions_.find(user.bare_string()); it != sessions_.end())
    return it->second->message(*contact, std::move(message));
  with_session(user, [this, contact = *contact, message = std::move(message)](Session* s) mutable {
    if (s) return s->message(contact, std::move(message));
    if (message.type() != "error" && !message.child_text("body").empty())
      ctx_.send(jabber::bounce(message, xmpp::Condition::registration_required,
                               "register with the gateway first (XEP-0077)"));
  });
}

void Gateway::on_user_presence(const xmpp::Jid& user, xmpp::PresenceKind kind, const xmpp::Stanza& presence) {
  using K = xmpp::PresenceKind;
  log::debug({"gw", user.to_string()}, "presence to the gateway: {}", xmpp::presence_type_name(kind));
  if (kind != K::available && kind != K::unavailable) return;  // probes and subscriptions: the component
  if (kind == K::unavailable && !sessions_.count(user.bare_string())) return;
  with_session(user, [user, kind, presence](Session* s) {
    if (!s) return;
    if (kind == K::available) s->user_available(user, presence);
    else s->user_unavailable(user);
  });
}

void Gateway::on_contact_presence(const xmpp::Jid& user, const std::string& passport, xmpp::PresenceKind kind,
                                  const xmpp::Stanza& presence) {
  const auto contact = msnp::Passport::parse(passport);
  if (!contact) return;
  with_session(user, [this, user, contact = *contact, kind, presence](Session* s) {
    if (s) return s->contact_presence(contact, kind, presence);
    if (kind == xmpp::PresenceKind::probe || kind == xmpp::PresenceKind::subscribe)
      ctx_.send(jabber::subscription(presence.to(), user.bare_string(), "unsubscribed"));
  });
}

bool Gateway::on_iq(const xmpp::Jid& user, const std::string& passport, const xmpp::Stanza& iq) {
  const auto type = iq.type();
  if (type == "result" || type == "error") {
    if (auto it = sessions_.find(user.bare_string()); it != sessions_.end()) it->second->iq_response(iq);
    return true;
  }
  const xmpp::Stanza* payload = iq.first_child();
  if (!passport.empty() || !payload || iq.child_ns(*payload) != jabber::ns_blocking) return false;
  with_session(user, [this, iq](Session* s) {
    if (!s || !s->iq(iq)) ctx_.send(xmpp::make_error(iq, xmpp::Condition::registration_required));
  });
  return true;
}

void Gateway::on_registered(const xmpp::Jid& user, const std::string& username, bool created) {
  // A changed address or password: the next presence signs in with the new record.
  if (auto node = sessions_.extract(user.bare_string()); !node.empty()) node.mapped()->stop();
  log::info({"gw", user.bare_string()}, "{} as {}", created ? "registered" : "registration changed", username);
}

void Gateway::on_unregistered(const xmpp::Jid& user) {
  if (auto node = sessions_.extract(user.bare_string()); !node.empty()) node.mapped()->stop();
}

void Gateway::on_privilege(const xmpp::Jid& from, const xmpp::Stanza& message) {
  for (auto ns : {jabber::ns_privilege2, jabber::ns_privilege1}) {
    const xmpp::Stanza* priv = message.child("privilege", ns);
    if (!priv) continue;
    // Only the server we are attached to grants privileges, and our domain is one of its
    // subdomains (msn.example.org under example.org); any other server could reach us over
    // s2s with a forged grant and switch every roster to pushes that then fail.
    const std::string suffix = "." + from.domain();
    if (ctx_.domain.size() <= suffix.size() || !ctx_.domain.ends_with(suffix)) {
      log::warn("gw", "ignoring a privilege grant from {}: not the server of {}", from.domain(), ctx_.domain);
      return;
    }
    for (const auto& perm : priv->children()) {
      if (perm.name() != "perm" || perm.attr("access") != "roster") continue;
      const auto type = perm.attr("type");
      if (type == "both" || type == "set") {
        ctx_.roster_access = RosterAccess::privileged;
        ctx_.privilege_ns = std::string(ns);
        log::info("gw", "the XMPP server grants roster access ({}): contacts are pushed into rosters", ns);
      }
    }
  }
}

bool Gateway::gateway_available_to(const xmpp::Jid& user) const {
  const Session* s = find(user.bare_string());
  return s && s->state() == Session::State::online;
}

void Gateway::sign_in(const xmpp::Jid& user, std::string password, std::function<void(xmpp::SignInOutcome)> done) {
  with_session(user, [password = std::move(password), done = std::move(done)](Session* s) {
    if (!s) return done(xmpp::SignInOutcome::not_registered);
    s->sign_in_with(password, done);
  });
}

void Gateway::stop() {
  ctx_.stopping = true;
  for (auto& [_, s] : sessions_) s->stop(true);
  queue_.flush();
}

const Session* Gateway::find(const std::string& bare_jid) const {
  auto it = sessions_.find(bare_jid);
  return it == sessions_.end() ? nullptr : it->second.get();
}

}  // namespace gw
