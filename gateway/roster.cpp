#include "gateway/roster.hpp"

#include <algorithm>

namespace gw {

void Roster::begin_sync() {
  for (auto& [_, c] : contacts_) {
    c.lists = 0;
    c.groups.clear();
    c.guid.clear();  // the new list gives it again
  }
  groups_.clear();
}

// A scan, not an index: ADC/REM by GUID are rare, and an index per session costs memory for as
// long as the session is idle (issue 6). NsSession usually resolves the Passport already.
std::optional<msnp::Passport> Roster::by_guid(const std::string& guid) const {
  for (const auto& [p, c] : contacts_)
    if (c.guid == guid) return p;
  return std::nullopt;
}

Contact& Roster::ensure(const msnp::Passport& p) {
  auto it = contacts_.find(p);
  if (it == contacts_.end()) it = contacts_.emplace(p, Contact{.passport = p, .nickname = p.str()}).first;
  return it->second;
}

std::string Roster::group_name(const std::string& guid) const {
  auto it = groups_.find(guid);
  return it == groups_.end() ? std::string{} : it->second;
}

void Roster::apply(const msnp::GroupListed& g) { groups_[g.guid] = g.name; }
void Roster::apply(const msnp::GroupAdded& g) { groups_[g.guid] = g.name; }

void Roster::apply(const msnp::GroupRemoved& g) {
  const std::string name = group_name(g.guid);
  groups_.erase(g.guid);
  for (auto& [_, c] : contacts_) std::erase(c.groups, name);
}

void Roster::apply(const msnp::GroupRenamed& g) {
  const std::string old = group_name(g.guid);
  groups_[g.guid] = g.name;
  for (auto& [_, c] : contacts_) std::replace(c.groups.begin(), c.groups.end(), old, g.name);
}

void Roster::apply(const msnp::ContactListed& l) {
  Contact& c = ensure(l.passport);
  if (!l.friendly.empty()) c.nickname = l.friendly;
  if (!l.guid.empty()) c.guid = l.guid;
  c.lists = l.lists.bits;
  c.groups.clear();
  for (const auto& guid : l.groups)
    if (auto name = group_name(guid); !name.empty()) c.groups.push_back(name);
}

std::optional<msnp::Passport> Roster::apply(const msnp::ContactAdded& a) {
  std::optional<msnp::Passport> who = a.passport;
  if (!who && !a.guid.empty()) who = by_guid(a.guid);
  if (!who) return std::nullopt;
  Contact& c = ensure(*who);
  if (!a.friendly.empty()) c.nickname = a.friendly;
  if (!a.guid.empty()) c.guid = a.guid;
  if (!a.group.empty()) {
    // `ADC t FL C=guid group`: added to a group, membership otherwise unchanged.
    if (auto name = group_name(a.group); !name.empty() && std::find(c.groups.begin(), c.groups.end(), name) == c.groups.end())
      c.groups.push_back(name);
    if (!a.passport) return who;
  }
  c.lists |= static_cast<int>(a.list);
  return who;
}

std::optional<msnp::Passport> Roster::apply(const msnp::ContactRemoved& r) {
  std::optional<msnp::Passport> who = r.passport;
  if (!who && !r.guid.empty()) who = by_guid(r.guid);
  if (!who) return std::nullopt;
  auto it = contacts_.find(*who);
  if (it == contacts_.end()) return std::nullopt;
  Contact& c = it->second;
  if (!r.group.empty()) {  // removal from one group only
    std::erase(c.groups, group_name(r.group));
    return who;
  }
  c.lists &= ~static_cast<int>(r.list);
  if (r.list == msnp::List::forward) c.groups.clear();
  return who;
}

bool Roster::apply(const msnp::ContactPresence& p) {
  Contact& c = ensure(p.passport);
  const bool name_changed = !p.friendly.empty() && p.friendly != c.nickname;
  const bool changed = c.status != p.status || name_changed;
  c.status = p.status;
  if (!p.friendly.empty()) c.nickname = p.friendly;
  c.capabilities = p.capabilities;
  return changed;
}

bool Roster::apply(const msnp::PersonalMessage& m) {
  Contact& c = ensure(m.passport);
  const bool changed = c.psm != m.psm || c.current_media != m.current_media;
  c.psm = m.psm;
  c.current_media = m.current_media;
  return changed;
}

const Contact* Roster::find(const msnp::Passport& p) const {
  auto it = contacts_.find(p);
  return it == contacts_.end() ? nullptr : &it->second;
}

Contact* Roster::find(const msnp::Passport& p) {
  auto it = contacts_.find(p);
  return it == contacts_.end() ? nullptr : &it->second;
}

std::vector<ContactRecord> Roster::records() const {
  std::vector<ContactRecord> out;
  out.reserve(contacts_.size());
  for (const auto& [_, c] : contacts_)
    if (c.lists != 0) out.push_back(c.record());
  return out;
}

RosterChanges Roster::reconcile(const std::vector<ContactRecord>& stored) const {
  RosterChanges ch;
  std::map<std::string, const ContactRecord*> before;
  for (const auto& r : stored)
    if (r.lists & lists::forward) before.emplace(r.passport, &r);
  for (const auto& [p, c] : contacts_) {
    if (!c.in_roster()) continue;
    auto it = before.find(p.str());
    if (it == before.end()) ch.added.push_back(p);
    else if (it->second->nickname != c.nickname || it->second->groups != c.groups) ch.changed.push_back(p);
  }
  for (const auto& [passport, _] : before) {
    auto p = msnp::Passport::parse(passport);
    if (!p) continue;
    const Contact* now = find(*p);
    if (!now || !now->in_roster()) ch.removed.push_back(*p);
  }
  return ch;
}

std::vector<msnp::Passport> Roster::mark_all_offline() {
  std::vector<msnp::Passport> went;
  for (auto& [p, c] : contacts_) {
    if (c.status != msnp::Status::offline && c.status != msnp::Status::hidden) went.push_back(p);
    c.status = msnp::Status::offline;
  }
  return went;
}

}  // namespace gw
