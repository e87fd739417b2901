// Zero loss (issue 7): chats that cannot go out now are kept in the durable queue and sent
// when their way out is back.
//   to Messenger: while the Messenger session is down or reconnecting, when it drops with
//     messages unconfirmed, and at shutdown; sent again at the next sign-in, in order.
//   to Jabber: while the XMPP link is down; sent when it is back (or at the next sign-in
//     after a restart).
// A message that cannot be stored either is refused at once (bounce, or a notice to the
// contact), so that nothing accepted is dropped. Expired messages bounce (Gateway's sweep).
#include "gateway/jabber_stanzas.hpp"
#include "gateway/outbound_queue.hpp"
#include "gateway/session.hpp"
#include "gateway/support/log.hpp"

namespace gw {
namespace {
constexpr std::string_view cannot_store = "the gateway cannot store messages right now";

std::string quote(std::string_view text) {
  constexpr std::size_t max = 60;
  std::string q(text.substr(0, max));
  if (text.size() > max) {
    while (!q.empty() && (static_cast<unsigned char>(q.back()) & 0xC0) == 0x80) q.pop_back();  // UTF-8 lead byte
    if (!q.empty()) q.pop_back();
    q += "...";
  }
  return "\"" + q + "\"";
}

std::string for_how_long(std::chrono::seconds s) {
  return s.count() < 120 ? std::to_string(s.count()) + " seconds" : std::to_string(s.count() / 60) + " minutes";
}
}  // namespace

bool Session::keeps_messages() const {
  if (ctx_.stopping) return true;
  // Waiting for the user to type the password is not Messenger coming back by itself: what
  // they send meanwhile bounces at once ("not signed in") instead of waiting an hour.
  if (!has_password()) return false;
  return state_ == State::connecting || (state_ == State::offline && wants_session());
}

void Session::keep(const msnp::Passport& contact, const xmpp::Stanza& m, std::optional<std::int64_t> queue_id) {
  if (queue_id) {
    handed_over_.erase(*queue_id);
    // Expired while it was being delivered: the sweep already removed it, so it is no longer
    // stored; it ends here with the expiry bounce instead of vanishing.
    if (expired_in_flight_.erase(*queue_id))
      return to_jabber(jabber::bounce(m, xmpp::Condition::remote_server_timeout,
                                      "Messenger could not be reached in time; the message was not delivered"));
    return;  // still stored: the next sign-in loads it again
  }
  if (!ctx_.queue) return to_jabber(jabber::bounce(m, xmpp::Condition::service_unavailable, cannot_store));
  QueuedMessage q;
  q.jid = user_.jid;
  q.direction = Direction::to_msn;
  q.peer = contact.str();
  q.body = m.child_text("body");
  q.stanza_id = std::string(m.id());
  q.sender = std::string(m.from());
  q.wants_receipt = m.child("request", jabber::ns_receipts) != nullptr;
  ctx_.queue->add(std::move(q), [this, ctx = &ctx_, jid = user_.jid, alive = alive_, contact, m](std::optional<std::int64_t> id) {
    if (!id) {  // refused even if this session is gone meanwhile: the sender must hear of it
      log::warn({"gw.queue", jid}, "message to {} refused: {}", contact.str(), cannot_store);
      return ctx->send(jabber::bounce(m, xmpp::Condition::resource_constraint, cannot_store));
    }
    // Stored after this sign-in's queue was loaded: nobody else will send it now.
    if (!*alive || state_ != State::online || !restored_ || ctx_.stopping || handed_over_.count(*id)) return;
    handed_over_.insert(*id);
    conversation(contact).send(m, *id);
  });
}

void Session::settled(std::int64_t queue_id) {
  handed_over_.erase(queue_id);
  expired_in_flight_.erase(queue_id);
  if (ctx_.queue) ctx_.queue->remove(queue_id);
}

void Session::chat_to_jabber(const msnp::Passport& from, std::string text) {
  // Without a durable queue (tests), the component's in-memory queue is all there is.
  if (ctx_.xmpp_up || !ctx_.queue) return to_jabber(jabber::chat(contact_jid(from), user_.jid, std::move(text)));
  QueuedMessage q;
  q.jid = user_.jid;
  q.direction = Direction::to_xmpp;
  q.peer = from.str();
  q.body = text;
  ctx_.queue->add(std::move(q), [this, alive = alive_, from, text](std::optional<std::int64_t> id) {
    if (!*alive) return;
    if (!id) {
      log::warn({"gw.queue", user_.jid}, "message from {} refused: {}", from.str(), cannot_store);
      if (state_ == State::online)
        conversation(from).notice("msngate: your message " + quote(text) + " could not be delivered: " +
                                  std::string(cannot_store));
      return;
    }
    if (ctx_.xmpp_up && !handed_over_.count(*id)) {
      QueuedMessage m;
      m.id = *id;
      m.peer = from.str();
      m.body = text;
      deliver_kept_chat(m);
    }
  });
}

void Session::deliver_kept_chat(const QueuedMessage& m) {
  handed_over_.insert(m.id);
  to_jabber(jabber::chat(contact_jid(*msnp::Passport::parse(m.peer)), user_.jid, m.body));
  ctx_.queue->remove(m.id);
}

void Session::restore(bool to_msn) {
  if (!ctx_.queue) {
    if (to_msn && state_ == State::online) {
      restored_ = true;
      send_held();
    }
    return;
  }
  ctx_.queue->load(user_.jid, [this, alive = alive_, to_msn](std::vector<QueuedMessage> queued) {
    if (!*alive) return;
    const bool online = to_msn && state_ == State::online && !ctx_.stopping;
    std::size_t sent = 0;
    for (const auto& m : queued) {
      const auto peer = msnp::Passport::parse(m.peer);
      if (!peer || handed_over_.count(m.id)) continue;
      if (m.direction == Direction::to_xmpp && ctx_.xmpp_up) {
        deliver_kept_chat(m);
        ++sent;
      } else if (m.direction == Direction::to_msn && online) {
        handed_over_.insert(m.id);
        const std::string from = m.sender.empty() ? m.jid : m.sender;
        conversation(*peer).send(jabber::user_chat(from, contact_jid(*peer), m.stanza_id, m.body, m.wants_receipt), m.id);
        ++sent;
      }
    }
    if (sent) log::info({"gw.queue", user_.jid}, "{} kept messages sent", sent);
    if (!online) return;
    restored_ = true;
    send_held();
  });
}

void Session::send_held() {
  auto held = std::move(held_);
  held_.clear();
  for (auto& [contact, m] : held) conversation(contact).send(std::move(m));
}

void Session::drop_conversations(bool keep_messages, xmpp::Condition condition, std::string_view why) {
  restored_ = false;
  for (auto& [_, c] : conversations_) c->abandon(condition, why, keep_messages);
  auto held = std::move(held_);
  held_.clear();
  for (auto& [contact, m] : held) {
    if (keep_messages) keep(contact, m, std::nullopt);
    else to_jabber(jabber::bounce(m, condition, why));
  }
}

void Session::expired(const QueuedMessage& m) {
  const auto peer = msnp::Passport::parse(m.peer);
  if (!peer) return;
  if (handed_over_.count(m.id)) {  // being delivered now: it ends delivered, bounced or in keep()
    expired_in_flight_.insert(m.id);
    return;
  }
  const auto how_long = for_how_long(ctx_.queue_expiry);
  if (m.direction == Direction::to_msn) {
    const std::string from = m.sender.empty() ? m.jid : m.sender;
    auto original = jabber::user_chat(from, contact_jid(*peer), m.stanza_id, m.body, false);
    return to_jabber(jabber::bounce(original, xmpp::Condition::remote_server_timeout,
                                    "Messenger could not be reached for " + how_long + "; the message was not delivered"));
  }
  if (state_ == State::online)
    return conversation(*peer).notice("msngate: your message " + quote(m.body) + " could not be delivered to " +
                                      user_.jid + " (not reachable for " + how_long + ")");
  log::warn({"gw.queue", user_.jid}, "message from {} expired undelivered (the contact cannot be told: offline)",
            m.peer);
}

}  // namespace gw
