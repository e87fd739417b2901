#include "tests/msnp_server/backend.hpp"

#include <fmt/format.h>

#include "tests/msnp_server/ns_session.hpp"
#include "tests/msnp_server/virtual_user.hpp"

namespace msnp_server {

Backend::Backend() = default;

void Backend::defer(std::function<void()> fn) {
  if (defer_)
    defer_(std::move(fn));
  else
    fn();
}

std::optional<std::string> Backend::issue_login_token(const std::string& email, const std::string& password) {
  const Account* a = directory_.find(email);
  if (a == nullptr || a->virtual_user || a->password != password) return std::nullopt;
  auto token = random().hex(20);
  tokens_.insert(token, TokenGrant{TokenGrant::Kind::login, a->email, {}}, now() + knobs_.login_token_life, now());
  return token;
}

std::optional<std::string> Backend::redeem_login_token(const std::string& token) {
  auto grant = tokens_.redeem(token, now());
  if (!grant || grant->kind != TokenGrant::Kind::login) return std::nullopt;
  return grant->email;
}

std::string Backend::issue_cookie(TokenGrant grant) {
  auto cookie = random().hex(20);
  tokens_.insert(cookie, std::move(grant), now() + knobs_.cookie_life, now());
  return cookie;
}

std::optional<TokenGrant> Backend::redeem_cookie(const std::string& cookie) {
  auto grant = tokens_.redeem(cookie, now());
  if (!grant || grant->kind == TokenGrant::Kind::login) return std::nullopt;
  return grant;
}

void Backend::attach(const std::string& email, std::shared_ptr<NsSession> session) {
  auto& slot = sessions_[email];
  if (slot && slot != session) {
    auto old = std::move(slot);
    Account* a = directory_.find(email);
    if (a != nullptr && old->presence_active()) {
      a->presence.status = "FLN";
      publish_offline(*a);
    }
    old->sign_out("OTH");  // MSNP.md 1.8: signed in elsewhere
  }
  slot = std::move(session);
}

void Backend::detach(const std::string& email, const NsSession* session) {
  auto it = sessions_.find(email);
  if (it != sessions_.end() && it->second.get() == session) sessions_.erase(it);
}

NsSession* Backend::session(const std::string& email) const {
  auto it = sessions_.find(email);
  return it == sessions_.end() ? nullptr : it->second.get();
}

std::vector<std::shared_ptr<NsSession>> Backend::sessions() const {
  std::vector<std::shared_ptr<NsSession>> out;
  out.reserve(sessions_.size());
  for (const auto& [email, s] : sessions_) out.push_back(s);
  return out;
}

std::string Backend::presence_lines(const Account& c, const std::string& iln_trid) const {
  const auto& p = c.presence;
  std::string out = iln_trid.empty() ? "NLN " : "ILN " + iln_trid + " ";
  out += fmt::format("{} {} {} {} {}\r\n", p.status, c.email, url_encode(c.friendly), p.caps, p.msnobj);
  const auto ubx = c.ubx_payload();
  out += fmt::format("UBX {} {}\r\n{}", c.email, ubx.size(), ubx);
  return out;
}

void Backend::notify_watcher(const Account& u, const std::string& watcher, PresenceChange change) {
  NsSession* s = session(watcher);
  if (s == nullptr || !s->presence_active()) return;
  const Account* w = directory_.find(watcher);
  const ContactEntry* entry = w == nullptr ? nullptr : w->contact(u.email);
  if (entry == nullptr || !(entry->lists & fl)) return;
  if (!u.presence.visible() || !Directory::allows(u, watcher)) {
    s->send_line("FLN " + u.email);
    return;
  }
  const auto& p = u.presence;
  const auto nln = fmt::format("NLN {} {} {} {} {}", p.status, u.email, url_encode(u.friendly), p.caps, p.msnobj);
  if (change != PresenceChange::info) s->send_line(nln);
  if (change != PresenceChange::status) s->send_payload("UBX " + u.email, u.ubx_payload());
}

void Backend::publish_presence(Account& u, PresenceChange change) {
  for (const auto& [email, entry] : u.contacts)
    if (entry.lists & rl) notify_watcher(u, email, change);
}

void Backend::publish_offline(Account& u) {
  for (const auto& [email, entry] : u.contacts) {
    if (!(entry.lists & rl)) continue;
    NsSession* s = session(email);
    const Account* w = directory_.find(email);
    const ContactEntry* back = w == nullptr ? nullptr : w->contact(u.email);
    if (s != nullptr && s->presence_active() && back != nullptr && (back->lists & fl)) s->send_line("FLN " + u.email);
  }
}

bool Backend::reachable(const Account& invitee, const std::string& caller) const {
  if (!invitee.presence.visible() || !Directory::allows(invitee, caller)) return false;
  return invitee.virtual_user || session(invitee.email) != nullptr;
}

std::shared_ptr<Switchboard> Backend::create_switchboard() {
  auto sb = std::make_shared<Switchboard>(random().guid());
  switchboards_[sb->id()] = sb;
  return sb;
}

std::shared_ptr<Switchboard> Backend::find_switchboard(const std::string& id) const {
  auto it = switchboards_.find(id);
  return it == switchboards_.end() ? nullptr : it->second;
}

void Backend::forget_switchboard_if_idle(const std::string& id) {
  auto it = switchboards_.find(id);
  if (it != switchboards_.end() && !it->second->has_real_participants()) {
    auto sb = std::move(it->second);
    switchboards_.erase(it);
    sb->disconnect_all();  // virtual users leave with it
  }
}

std::vector<std::shared_ptr<Switchboard>> Backend::switchboards_of(const std::string& email) const {
  std::vector<std::shared_ptr<Switchboard>> out;
  for (const auto& [id, sb] : switchboards_)
    if (sb->has(email)) out.push_back(sb);
  return out;
}

void Backend::ring(Switchboard& sb, const std::string& invitee, const std::string& inviter) {
  Account* a = directory_.find(invitee);
  const Account* from = directory_.find(inviter);
  if (a == nullptr || from == nullptr) return;
  if (a->virtual_user) {
    auto bot = std::make_shared<VirtualUser>(*this, a->email, is_echo_bot(a->email));
    bot->enter(sb);
    return;
  }
  NsSession* s = session(invitee);
  if (s == nullptr) return;
  const auto cookie = issue_cookie(TokenGrant{TokenGrant::Kind::sb_rng, a->email, sb.id()});
  s->send_line(fmt::format("RNG {} {} CKI {} {} {}", sb.id(), sb_endpoint_, cookie, from->email,
                           url_encode(from->friendly)));
}

void Backend::set_virtual_presence(const std::string& email, const std::string& status, std::uint32_t caps,
                                   const std::string& psm) {
  Account* a = directory_.find(email);
  if (a == nullptr) return;
  const bool was_visible = a->presence.visible();
  a->virtual_user = status != "FLN" || a->virtual_user;
  a->presence.status = status;
  a->presence.caps = caps;
  a->presence.psm_xml = xml_escape(psm);
  if (a->presence.visible())
    publish_presence(*a, was_visible ? PresenceChange::status : PresenceChange::online);
  else if (was_visible)
    publish_offline(*a);
  if (was_visible && a->presence.visible()) publish_presence(*a, PresenceChange::info);
}

void Backend::add_echo_bot(const std::string& email) {
  if (!is_echo_bot(email)) echo_bots_.push_back(to_lower(email));
  set_virtual_presence(email, "NLN", 1073741824, "I echo what you say");
}

bool Backend::is_echo_bot(const std::string& email) const {
  const auto key = to_lower(email);
  for (const auto& e : echo_bots_)
    if (e == key) return true;
  return false;
}

std::string Backend::send_as(const std::string& from, const std::string& to, const std::string& payload) {
  Account* a = directory_.find(from);
  if (a == nullptr || session(to) == nullptr) return {};
  auto sb = create_switchboard();
  auto sender = std::make_shared<VirtualUser>(*this, a->email, false);
  sender->queue(payload);
  sb->add_creator(sender);
  sender->enter_as_creator(*sb);
  ring(*sb, to, from);
  return sb->id();
}

}  // namespace msnp_server
