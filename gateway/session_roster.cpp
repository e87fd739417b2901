// Getting Messenger contacts into the user's roster, once per change. When the XMPP server
// granted the component roster access (XEP-0356 privileged entity), items are pushed into the
// roster directly; else, to a client that supports roster item exchange (XEP-0144, found with
// disco#info), the changes are suggested in one message; otherwise each contact JID asks for
// a subscription (RFC 6121), which the user's client shows as an authorization request. Reconciliation against the list stored at
// the previous login means a contact is announced once, not at every login.
#include "gateway/jabber_stanzas.hpp"
#include "gateway/session.hpp"
#include "gateway/support/log.hpp"

namespace gw {

void Session::reconcile(const std::vector<ContactRecord>& stored) {
  reconciled_ = true;
  const auto changes = roster_.reconcile(stored);
  if (!changes.empty())
    log::info({"gw.session", user_.jid}, "roster: {} added, {} changed, {} removed since last sign-in",
              changes.added.size(), changes.changed.size(), changes.removed.size());
  std::vector<msnp::Passport> add = changes.added;
  add.insert(add.end(), changes.changed.begin(), changes.changed.end());
  push_roster(add, changes.removed);
  save_contacts();
}

void Session::push_roster(const std::vector<msnp::Passport>& add, const std::vector<msnp::Passport>& remove) {
  if (add.empty() && remove.empty()) return;
  if (held_changes_) {  // still waiting for disco answers: merge
    held_changes_->first.insert(held_changes_->first.end(), add.begin(), add.end());
    held_changes_->second.insert(held_changes_->second.end(), remove.begin(), remove.end());
    return;
  }
  held_changes_.emplace(add, remove);
  if (ctx_.roster_access == RosterAccess::privileged || pending_disco_.empty()) return deliver_roster_changes();
  // A client's disco#info answer (XEP-0144 or not) usually beats the Messenger sign-in; when
  // it does not, wait for it a little rather than fall back to subscription requests.
  disco_timer_.wait(std::chrono::seconds(3), [this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive) deliver_roster_changes();
  });
}

void Session::deliver_roster_changes() {
  if (!held_changes_) return;
  auto [add, remove] = std::move(*held_changes_);
  held_changes_.reset();
  disco_timer_.cancel();
  std::vector<jabber::RosterItem> items;
  for (const auto& p : add)
    if (const Contact* c = roster_.find(p); c && c->in_roster())
      items.push_back({contact_jid(p), std::string(c->nickname()), roster_.group_names(*c), false});
  for (const auto& p : remove) items.push_back({contact_jid(p), {}, {}, true});
  if (items.empty()) return;
  if (ctx_.roster_access == RosterAccess::privileged) {  // XEP-0356: straight into the roster
    const std::string id = "roster-" + std::to_string(++next_iq_id_);
    pending_roster_pushes_.insert(id);
    return to_jabber(jabber::roster_push(ctx_.domain, user_.jid, id, items));
  }
  if (!rosterx_resources_.empty())  // XEP-0144: the client suggests the changes to the user
    return to_jabber(jabber::roster_exchange(ctx_.domain, *rosterx_resources_.begin(), items));
  for (const auto& item : items) {  // RFC 6121: each contact asks (or stops)
    if (!item.remove) {
      to_jabber(jabber::subscription(item.jid, user_.jid, "subscribe", item.name));
    } else {
      to_jabber(jabber::subscription(item.jid, user_.jid, "unsubscribe"));
      to_jabber(jabber::subscription(item.jid, user_.jid, "unsubscribed"));
    }
  }
}

void Session::discover_client(const std::string& resource) {
  if (ctx_.roster_access == RosterAccess::privileged) return;
  const std::string id = "disco-" + std::to_string(++next_iq_id_);
  pending_disco_.emplace(id, resource);
  xmpp::Stanza iq{"iq"};
  iq.set_attr("from", ctx_.domain).set_attr("to", resource).set_attr("type", "get").set_attr("id", id);
  iq.add("query", "http://jabber.org/protocol/disco#info");
  to_jabber(std::move(iq));
}

bool Session::disco_answered(const xmpp::Stanza& iq) {
  auto node = pending_disco_.extract(std::string(iq.id()));
  if (node.empty()) return false;
  if (iq.type() == "result")
    if (const auto* q = iq.child("query", "http://jabber.org/protocol/disco#info"))
      for (const auto& f : q->children())
        if (f.name() == "feature" && f.attr("var") == jabber::ns_rosterx) rosterx_resources_.insert(node.mapped());
  if (pending_disco_.empty() && held_changes_) deliver_roster_changes();
  return true;
}

void Session::iq_response(const xmpp::Stanza& iq) {
  if (disco_answered(iq)) return;
  auto node = pending_roster_pushes_.extract(std::string(iq.id()));
  if (node.empty() || iq.type() != "error") return;
  // The server advertised roster access but refused the push (ejabberd 23.01 answers roster
  // set with internal-server-error): fall back to subscription requests for everyone.
  log::warn({"gw.session", user_.jid}, "privileged roster push refused; asking for subscriptions instead");
  for (const auto& c : roster_.contacts())
    if (c.in_roster()) to_jabber(jabber::subscription(contact_jid(c.passport), user_.jid, "subscribe", c.nickname()));
}

void Session::save_contacts() {
  ctx_.storage.write([jid = user_.jid, records = roster_.records()](Storage& s) { s.replace_contacts(jid, records); });
}

}  // namespace gw
