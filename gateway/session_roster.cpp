// Getting Messenger contacts into the user's roster, once per change. When the XMPP server
// granted the component roster access (XEP-0356 privileged entity), items are pushed into the
// roster directly; otherwise each contact JID asks for a subscription (RFC 6121), which the
// user's client shows as an authorization request. Reconciliation against the list stored at
// the previous login means a contact is announced once, not at every login.
#include "gateway/jabber_stanzas.hpp"
#include "gateway/session.hpp"
#include "gateway/support/log.hpp"

namespace gw {

void Session::reconcile(const std::vector<ContactRecord>& stored) {
  reconciled_ = true;
  const auto changes = roster_.reconcile(stored);
  std::vector<const Contact*> add;
  for (const auto& p : changes.added) add.push_back(roster_.find(p));
  for (const auto& p : changes.changed) add.push_back(roster_.find(p));
  if (!changes.empty())
    log::info({"gw.session", user_.jid}, "roster: {} added, {} changed, {} removed since last sign-in",
              changes.added.size(), changes.changed.size(), changes.removed.size());
  push_roster(add, changes.removed);
  save_contacts();
}

void Session::push_roster(const std::vector<const Contact*>& add, const std::vector<msnp::Passport>& remove) {
  if (add.empty() && remove.empty()) return;
  if (ctx_.roster_access == RosterAccess::privileged) {
    std::vector<jabber::RosterItem> items;
    for (const Contact* c : add) items.push_back({contact_jid(c->passport), c->nickname, c->groups, false});
    for (const auto& p : remove) items.push_back({contact_jid(p), {}, {}, true});
    const std::string id = "roster-" + std::to_string(++presence_order_);
    pending_roster_pushes_.insert(id);
    to_jabber(jabber::roster_push(ctx_.domain, user_.jid, id, items));
    return;
  }
  for (const Contact* c : add)
    to_jabber(jabber::subscription(contact_jid(c->passport), user_.jid, "subscribe", c->nickname));
  for (const auto& p : remove) {
    to_jabber(jabber::subscription(contact_jid(p), user_.jid, "unsubscribe"));
    to_jabber(jabber::subscription(contact_jid(p), user_.jid, "unsubscribed"));
  }
}

void Session::iq_response(const xmpp::Stanza& iq) {
  auto node = pending_roster_pushes_.extract(std::string(iq.id()));
  if (node.empty() || iq.type() != "error") return;
  // The server advertised roster access but refused the push (ejabberd 23.01 answers roster
  // set with internal-server-error): fall back to subscription requests for everyone.
  log::warn({"gw.session", user_.jid}, "privileged roster push refused; asking for subscriptions instead");
  for (const auto& [p, c] : roster_.contacts())
    if (c.in_roster()) to_jabber(jabber::subscription(contact_jid(p), user_.jid, "subscribe", c.nickname));
}

void Session::save_contacts() {
  ctx_.storage.write([jid = user_.jid, records = roster_.records()](Storage& s) { s.replace_contacts(jid, records); });
}

}  // namespace gw
