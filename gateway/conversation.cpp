#include "gateway/conversation.hpp"

#include "gateway/jabber_stanzas.hpp"
#include "gateway/support/log.hpp"
#include "gateway/support/overloaded.hpp"

#include <algorithm>

namespace gw {
namespace {
constexpr auto max_composing = std::chrono::seconds(60);  // a client that never says "paused"

bool wants_receipt(const xmpp::Stanza& m) {
  return m.child("request", jabber::ns_receipts) != nullptr && !m.id().empty();
}
}  // namespace

Conversation::Conversation(boost::asio::any_io_executor ex, ConversationHost& host, msnp::Passport contact)
    : ex_(ex), host_(host), contact_(std::move(contact)), typing_out_timer_(ex), typing_in_timer_(ex) {}

Conversation::~Conversation() {
  *alive_ = false;
  for (auto& [_, l] : links_) l.link->close();
}

SbLink* Conversation::current() {
  if (!sending_) return nullptr;
  auto it = links_.find(*sending_);
  return it == links_.end() ? nullptr : it->second.link.get();
}

bool Conversation::idle() const { return pending_.empty() && in_flight_.empty() && links_.empty() && !requested_; }

void Conversation::send(xmpp::Stanza message, std::optional<std::int64_t> queue_id) {
  user_composing_ = false;
  typing_out_timer_.cancel();
  Outgoing o{std::move(message)};
  o.queue_id = queue_id;
  enqueue(std::move(o));
}

void Conversation::notice(std::string text) {
  xmpp::Stanza m{"message"};
  m.add("body").set_text(text);
  Outgoing o{std::move(m)};
  o.is_notice = true;
  enqueue(std::move(o));
}

void Conversation::enqueue(Outgoing o) {
  if (current() && pending_.empty() && room()) return hand_over(std::move(o));
  // The limit is on what the user sends faster than Messenger takes it; messages from the
  // durable queue (a backlog being sent after a reconnect) are bounded by it already.
  if (!o.queue_id && pending_.size() >= max_pending &&
      std::count_if(pending_.begin(), pending_.end(), [](const Outgoing& p) { return !p.queue_id; }) >= long{max_pending})
    return fail(std::move(o), xmpp::Condition::resource_constraint, "too many messages waiting for this contact");
  pending_.push_back(std::move(o));
  // A switchboard that is there but not ready (before JOI, or its window full) takes the
  // pending messages when it is: asking for another one would invite the contact again.
  if (!requested_ && !current()) {
    requested_ = host_.request_switchboard(contact_);
    if (!requested_) switchboard_refused(xmpp::Condition::service_unavailable, "not signed in to Messenger");
  }
}

void Conversation::nudge(const xmpp::Stanza& message) {
  Outgoing o{message, true};
  if (current()) return hand_over(std::move(o));
  pending_.push_back(std::move(o));
  if (!requested_) requested_ = host_.request_switchboard(contact_);
}

void Conversation::settle(const Outgoing& o) {
  if (o.queue_id) host_.settled(*o.queue_id);
}

void Conversation::hand_over(Outgoing o) {
  SbLink* link = current();
  if (o.is_nudge) {  // sent with ack N: no delivery report to wait for
    link->request([](msnp::SbSession& s) { return s.send_nudge(msnp::MessageId{0}); });
    return;
  }
  const msnp::MessageId id{next_message_++};
  const xmpp::Stanza* body = o.stanza.child("body");
  std::string text = jabber::to_msn_text(body ? std::string_view{body->text()} : std::string_view{});
  in_flight_.emplace(id, std::move(o));
  // Borrows (request runs it at once): two references fit std::function without an allocation.
  link->request([&id, &text](msnp::SbSession& s) { return s.send_text(id, text); });
}

bool Conversation::room() const {
  // Before anyone joined, the switchboard session holds only so many (SbConfig::max_queued);
  // the rest wait here for ParticipantJoined.
  if (!sending_) return false;
  auto it = links_.find(*sending_);
  // A long text takes several of its places (split on the wire): a quarter keeps clear of it.
  return it != links_.end() && (it->second.ready || in_flight_.size() < host_.switchboard_config().max_queued / 4);
}

void Conversation::flush_pending() {
  while (!pending_.empty() && current() && room()) {
    Outgoing o = std::move(pending_.front());
    pending_.pop_front();
    hand_over(std::move(o));
  }
}

void Conversation::fail(Outgoing o, xmpp::Condition condition, std::string_view why) {
  if (o.is_nudge) return;
  settle(o);
  if (o.is_notice) {
    log::info({"gw.conversation", host_.user_jid()}, "notice to {} not delivered: {}", contact_.str(), why);
    return;
  }
  log::info({"gw.conversation", host_.user_jid()}, "message to {} bounced: {}", contact_.str(), why);
  host_.to_jabber(jabber::bounce(o.stanza, condition, why));
}

void Conversation::switchboard_granted(const msnp::SwitchboardGranted& g) {
  requested_ = false;
  if (current() && pending_.empty()) return;  // an invitation already gave us one
  const auto serial = next_serial_++;
  auto session = msnp::SbSession::outgoing(host_.switchboard_config(), g.cookie, {contact_});
  auto link = host_.open_switchboard(g.host, g.port, std::move(session),
                                     [this, serial, alive = alive_](const msnp::SbOutput& out) {
                                       if (*alive) on_event(serial, out);
                                     });
  attach(std::move(link), serial);
}

void Conversation::invited(const msnp::SwitchboardInvite& invite) {
  const auto serial = next_serial_++;
  auto session = msnp::SbSession::invited(host_.switchboard_config(), invite.cookie, invite.session_id);
  auto link = host_.open_switchboard(invite.host, invite.port, std::move(session),
                                     [this, serial, alive = alive_](const msnp::SbOutput& out) {
                                       if (*alive) on_event(serial, out);
                                     });
  attach(std::move(link), serial);
}

void Conversation::attach(std::shared_ptr<SbLink> link, std::uint64_t serial) {
  if (!link) return switchboard_refused(xmpp::Condition::service_unavailable, "cannot reach the switchboard");
  links_[serial] = Link{std::move(link), false};
  if (!current()) sending_ = serial;
  flush_pending();  // the switchboard session queues them until someone joins
}

void Conversation::switchboard_refused(xmpp::Condition condition, std::string_view why) {
  requested_ = false;
  while (!pending_.empty()) {
    Outgoing o = std::move(pending_.front());
    pending_.pop_front();
    fail(std::move(o), condition, why);
  }
}

void Conversation::abandon(xmpp::Condition condition, std::string_view why, bool keep) {
  // Oldest first: what was handed to the switchboard went before what was waiting for one.
  std::deque<Outgoing> unconfirmed;
  for (auto& [_, o] : in_flight_) unconfirmed.push_back(std::move(o));
  for (auto& o : pending_) unconfirmed.push_back(std::move(o));
  in_flight_.clear();
  pending_.clear();
  requested_ = false;
  for (auto& o : unconfirmed) {
    if (keep && !o.is_nudge && !o.is_notice) host_.keep(contact_, o.stanza, o.queue_id);
    else fail(std::move(o), condition, why);
  }
  auto links = std::move(links_);
  links_.clear();
  sending_.reset();
  for (auto& [_, l] : links) l.link->close();
}

void Conversation::on_event(std::uint64_t serial, const msnp::SbOutput& out) {
  std::visit(Overloaded{
                 [&](const msnp::ParticipantJoined&) {
                   if (auto it = links_.find(serial); it != links_.end()) it->second.ready = true;
                   if (sending_ == serial) flush_pending();
                   if (user_composing_ && sending_ == serial)
                     current()->request([](msnp::SbSession& s) { return s.send_typing(); });
                 },
                 [&](const msnp::MessageReceived& m) {
                   if (contact_composing_) {
                     contact_composing_ = false;
                     typing_in_timer_.cancel();
                   }
                   host_.chat_to_jabber(m.from, jabber::to_xmpp_text(m.text));
                 },
                 [&](const msnp::TypingReceived& t) { contact_typing(t.from); },
                 [&](const msnp::NudgeReceived& n) {
                   host_.to_jabber(jabber::attention(host_.contact_jid(n.from), host_.user_jid()));
                 },
                 [&](const msnp::MessageDelivered& d) { delivered(d.id); },
                 [&](const msnp::MessageFailed& f) { failed(f); },
                 [&](const msnp::SwitchboardClosed& c) { link_closed(serial, c); },
                 [&](const msnp::InviteFailed& f) {
                   log::debug({"gw.conversation", host_.user_jid()}, "invite of {} failed: {} {}", f.passport.str(),
                              f.code, f.reason);
                 },
                 [](const auto&) {},
             },
             out);
}

void Conversation::delivered(msnp::MessageId id) {
  auto node = in_flight_.extract(id);
  if (node.empty()) return;
  settle(node.mapped());
  const auto& m = node.mapped().stanza;
  if (!node.mapped().is_notice && wants_receipt(m)) host_.to_jabber(jabber::receipt(m.to(), m.from(), m.id()));
}

void Conversation::failed(const msnp::MessageFailed& f) {
  auto node = in_flight_.extract(f.id);
  if (node.empty()) return;
  Outgoing o = std::move(node.mapped());
  using R = msnp::FailureReason;
  switch (f.reason) {
    case R::session_closed:
    case R::no_participants:  // the switchboard closed before the contact joined
      // The server closed the switchboard under us (idle timeout, contact left): try once
      // more on a new one, which link_closed() will ask for. (An offline contact is 217.)
      if (o.attempts++ == 0) {
        pending_.push_back(std::move(o));
        return;
      }
      return fail(std::move(o), xmpp::Condition::recipient_unavailable,
                  "the conversation ended before the message was delivered");
    case R::nak: return fail(std::move(o), xmpp::Condition::recipient_unavailable, "the contact did not accept the message");
    case R::timeout:
      return fail(std::move(o), xmpp::Condition::remote_server_timeout, "no acknowledgement from the Messenger server");
    case R::refused:
      return fail(std::move(o), f.code == 217 ? xmpp::Condition::recipient_unavailable : xmpp::Condition::service_unavailable,
                  f.code == 217 ? "the contact is offline" : "the Messenger server refused the message");
  }
}

void Conversation::link_closed(std::uint64_t serial, const msnp::SwitchboardClosed&) {
  if (auto it = links_.find(serial); it != links_.end()) {
    auto link = std::move(it->second.link);
    links_.erase(it);
    link->close();
  }
  if (sending_ == serial) {
    sending_.reset();
    for (auto& [s, l] : links_)
      if (l.ready) sending_ = s;
  }
  if (pending_.empty()) return;
  if (current()) return flush_pending();
  if (!requested_) {
    requested_ = host_.request_switchboard(contact_);
    if (!requested_) switchboard_refused(xmpp::Condition::service_unavailable, "not signed in to Messenger");
  }
}

void Conversation::contact_typing(const msnp::Passport& from) {
  if (!contact_composing_) {
    contact_composing_ = true;
    host_.to_jabber(jabber::chat_state(host_.contact_jid(from), host_.user_jid(), "composing"));
  }
  typing_in_timer_.expires_after(typing_pause);
  typing_in_timer_.async_wait([this, from, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive || !contact_composing_) return;
    contact_composing_ = false;
    host_.to_jabber(jabber::chat_state(host_.contact_jid(from), host_.user_jid(), "paused"));
  });
}

void Conversation::user_chat_state(std::string_view state) {
  if (state != "composing") {
    user_composing_ = false;
    typing_out_timer_.cancel();
    return;
  }
  if (user_composing_) return;  // already repeating
  user_composing_ = true;
  if (SbLink* link = current()) link->request([](msnp::SbSession& s) { return s.send_typing(); });
  schedule_typing_repeat();
}

void Conversation::schedule_typing_repeat() {
  const auto started = std::chrono::steady_clock::now();
  struct Repeat {
    Conversation* self;
    std::shared_ptr<bool> alive;
    std::chrono::steady_clock::time_point started;
    void operator()(const boost::system::error_code& ec) const {
      if (ec || !*alive || !self->user_composing_) return;
      if (std::chrono::steady_clock::now() - started > max_composing) {
        self->user_composing_ = false;
        return;
      }
      if (SbLink* link = self->current()) link->request([](msnp::SbSession& s) { return s.send_typing(); });
      self->typing_out_timer_.expires_after(typing_repeat);
      self->typing_out_timer_.async_wait(*this);
    }
  };
  typing_out_timer_.expires_after(typing_repeat);
  typing_out_timer_.async_wait(Repeat{this, alive_, started});
}

}  // namespace gw
