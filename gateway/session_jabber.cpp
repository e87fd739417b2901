// What the user sends through their Jabber client: presence (shown on Messenger),
// subscriptions (contact list changes), messages, chat states, attention, XEP-0191 blocking.
#include "gateway/jabber_stanzas.hpp"
#include "gateway/presence_map.hpp"
#include "gateway/session.hpp"
#include "gateway/support/log.hpp"
#include "xmpp/contact_address.hpp"
#include "xmpp/ns.hpp"

#include <charconv>
#include <functional>

namespace gw {

void Session::user_available(const xmpp::Jid& resource, const xmpp::Stanza& presence) {
  Resource r;
  r.show = presence.child_text("show");
  r.status = presence.child_text("status");
  const std::string prio = presence.child_text("priority");
  std::from_chars(prio.data(), prio.data() + prio.size(), r.priority);
  r.order = ++presence_order_;
  const bool first = resources_.empty();
  const bool is_new = resources_.count(resource.to_string()) == 0;
  resources_[resource.to_string()] = r;
  if (is_new) discover_client(resource.to_string());
  if (state_ == State::online) {
    if (is_new) {
      // A new resource sees the gateway and every contact once (the server routes presence
      // to the bare JID only for resources that were there when it was sent).
      to_jabber(ctx_.gateway_presence(resource.to_string(), true));
      for (const auto& c : roster_.contacts())
        if (c.in_roster() && c.status != msnp::Status::offline)
          to_jabber(jabber::contact_presence(contact_jid(c.passport), resource.to_string(), c));
    }
    return publish_own_presence();
  }
  if (first || state_ == State::offline || state_ == State::signed_in_elsewhere || state_ == State::failed) {
    reconnect_timer_.cancel();
    reconnect_attempts_ = 0;
    state_ = State::offline;
    login();
  }
}

void Session::user_unavailable(const xmpp::Jid& resource) {
  if (resources_.erase(resource.to_string()) == 0) return;
  rosterx_resources_.erase(resource.to_string());
  if (!resources_.empty()) return publish_own_presence();
  if (stay_connected_) return;
  forget_password();
  reconnect_timer_.cancel();
  if (ns_) {
    log::info({"gw.session", user_.jid}, "last resource went offline: signing out of Messenger");
    ns([](msnp::NsSession& s) { return s.logout(); });
  }
  ctx_.storage.write([jid = user_.jid](Storage& s) { s.set_was_online(jid, false); });
}

void Session::publish_own_presence() {
  if (!ns_ || state_ != State::online || resources_.empty()) return;
  const Resource* best = nullptr;
  for (const auto& [_, r] : resources_)
    if (!best || r.priority > best->priority || (r.priority == best->priority && r.order > best->order)) best = &r;
  const auto status = to_msn(best->show);
  if (published_ && published_->first == status && published_->second == best->status) return;  // no floods
  const bool status_changed = !published_ || published_->first != status;
  const bool text_changed = !published_ || published_->second != best->status;
  published_ = {status, best->status};
  if (status_changed) ns([status](msnp::NsSession& s) { return s.set_presence(status); });
  if (text_changed)
    ns([psm = best->status](msnp::NsSession& s) { return s.set_personal_message(msnp::PersonalMessageData{psm, {}}); });
}

void Session::send_contact_presence(Contact& c, bool force) {
  if (!c.in_roster() && c.status == msnp::Status::offline && !force) return;
  auto p = jabber::contact_presence(contact_jid(c.passport), user_.jid, c);
  // A hash of the stanza, not the stanza: it is kept for as long as the session idles (issue
  // 6: memory). The low bit is set so that 0 keeps meaning "nothing sent yet".
  const std::size_t key = std::hash<std::string>{}(p.to_string()) | 1;
  if (!force && c.presence_sent == key) return;  // unchanged: not re-sent
  c.presence_sent = key;
  to_jabber(std::move(p));
}

void Session::contact_presence(const msnp::Passport& contact, xmpp::PresenceKind kind, const xmpp::Stanza& presence) {
  using K = xmpp::PresenceKind;
  const std::string jid = contact_jid(contact);
  Contact* c = roster_.find(contact);
  switch (kind) {
    case K::probe: {
      xmpp::Stanza p = c && state_ == State::online ? jabber::contact_presence(jid, std::string(presence.from()), *c)
                                                      : xmpp::make_presence(jid, presence.from(), K::unavailable);
      return to_jabber(std::move(p));
    }
    case K::subscribe:
      if (c && c->in_roster()) {
        to_jabber(jabber::subscription(jid, user_.jid, "subscribed"));
        if (state_ == State::online) send_contact_presence(*c, true);
        return;
      }
      if (state_ != State::online) return to_jabber(jabber::subscription(jid, user_.jid, "unsubscribed"));
      return ns([contact, nick = presence.child_text("nick", jabber::ns_nick)](msnp::NsSession& s) {
        return s.add_contact(contact, nick.empty() ? contact.str() : nick);
      });
    case K::unsubscribe:
      if (c && c->in_roster() && state_ == State::online)
        ns([contact, guid = c->guid](msnp::NsSession& s) { return s.remove_contact(contact, guid); });
      return to_jabber(jabber::subscription(jid, user_.jid, "unsubscribed"));
    case K::subscribed:  // the user accepts an authorization request: allow list
      if (c && !c->on(lists::allow) && state_ == State::online)
        ns([contact](msnp::NsSession& s) { return s.add_to_list(msnp::List::allow, contact); });
      return;
    case K::unsubscribed:  // refuses one: block list (only for an open request)
      if (c && c->awaiting_decision() && state_ == State::online)
        ns([contact](msnp::NsSession& s) { return s.add_to_list(msnp::List::block, contact); });
      return;
    case K::available:
    case K::unavailable:
    case K::error:
      return;  // the user's presence broadcast to each contact: the gateway JID's copy counts
  }
}

void Session::message(const msnp::Passport& contact, xmpp::Stanza m) {
  const auto type = m.type();
  if (type == "error" || type == "groupchat" || type == "headline") return;
  const xmpp::Stanza* body = m.child("body");
  const bool has_body = body && !body->text().empty();
  const bool wants_attention = m.child("attention", jabber::ns_attention) != nullptr;
  if (!has_body && !wants_attention) {
    for (const auto& child : m.children())
      if (m.child_ns(child) == xmpp::ns::chatstates) conversation(contact).user_chat_state(child.name());
    return;
  }
  if (state_ != State::online || ctx_.stopping) {
    // Messenger is coming back (reconnecting, signing in, gateway restarting): keep the text.
    if (has_body && keeps_messages()) return keep(contact, m, std::nullopt);
    return to_jabber(jabber::bounce(m, xmpp::Condition::service_unavailable,
                                    "not signed in to Messenger: set your presence to available"));
  }
  if (wants_attention) conversation(contact).nudge(m);
  if (!has_body) return;
  if (!restored_) {  // the kept ones go first, in order
    held_.emplace_back(contact, std::move(m));
    return;
  }
  conversation(contact).send(std::move(m));
}

bool Session::iq(const xmpp::Stanza& iq) {
  const xmpp::Stanza* payload = iq.first_child();
  if (!payload || iq.child_ns(*payload) != jabber::ns_blocking) return false;
  if (iq.type() == "get" && payload->name() == "blocklist") {
    answer_blocklist(iq);
    return true;
  }
  const bool block = payload->name() == "block";
  if (iq.type() != "set" || (!block && payload->name() != "unblock")) {
    to_jabber(xmpp::make_error(iq, xmpp::Condition::bad_request));
    return true;
  }
  if (state_ != State::online) {
    to_jabber(xmpp::make_error(iq, xmpp::Condition::service_unavailable, "not signed in to Messenger"));
    return true;
  }
  std::vector<msnp::Passport> who;
  for (const auto& item : payload->children()) {
    auto jid = xmpp::Jid::parse(item.attr("jid"));
    auto p = jid && jid->domain() == ctx_.domain ? xmpp::passport_from_local(jid->local()) : std::nullopt;
    auto passport = p ? msnp::Passport::parse(*p) : std::nullopt;
    if (!passport) {
      to_jabber(xmpp::make_error(iq, xmpp::Condition::jid_malformed, "only Messenger contacts can be blocked here"));
      return true;
    }
    who.push_back(*passport);
  }
  if (who.empty() && !block)  // XEP-0191 3.4: an empty unblock unblocks everyone
    for (const auto& c : roster_.contacts())
      if (c.on(lists::block)) who.push_back(c.passport);
  for (const auto& p : who)
    ns([p, block](msnp::NsSession& s) { return block ? s.block(p) : s.unblock(p); });
  to_jabber(xmpp::make_result(iq));
  return true;
}

void Session::answer_blocklist(const xmpp::Stanza& iq) {
  auto r = xmpp::make_result(iq);
  auto& list = r.add("blocklist", jabber::ns_blocking);
  for (const auto& c : roster_.contacts())
    if (c.on(lists::block)) list.add("item").set_attr("jid", contact_jid(c.passport));
  to_jabber(std::move(r));
}

void Session::contact_added(const msnp::ContactAdded& a, const msnp::Passport& who) {
  Contact* c = roster_.find(who);
  if (!c) return;
  const std::string jid = contact_jid(who);
  if (a.unsolicited && a.list == msnp::List::reverse) {
    if (c->awaiting_decision()) to_jabber(jabber::subscription(jid, user_.jid, "subscribe", c->nickname()));
  } else if (a.list == msnp::List::forward && !a.unsolicited) {
    to_jabber(jabber::subscription(jid, user_.jid, "subscribed"));
    send_contact_presence(*c, true);
  }
  save_contacts();
}

void Session::contact_removed(const msnp::ContactRemoved& r, const msnp::Passport& who) {
  if (r.list == msnp::List::forward) {
    const std::string jid = contact_jid(who);
    to_jabber(jabber::subscription(jid, user_.jid, "unsubscribed"));
    to_jabber(xmpp::make_presence(jid, user_.jid, xmpp::PresenceKind::unavailable));
    if (Contact* c = roster_.find(who)) c->presence_sent = 0;
  }
  save_contacts();
}

}  // namespace gw
