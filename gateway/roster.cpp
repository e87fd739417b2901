#include "gateway/roster.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace gw {
namespace {
bool by_passport(const Contact& c, const msnp::Passport& p) { return c.passport < p; }

void add_once(std::vector<GroupIndex>& groups, GroupIndex g) {
  if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
}
}  // namespace

void Roster::begin_sync() {
  for (auto& c : contacts_) {
    c.lists = 0;
    c.groups.clear();
    c.guid.reset();  // the new list gives it again
  }
  groups_.clear();
}

void Roster::end_sync() {
  contacts_.shrink_to_fit();
  groups_.shrink_to_fit();
}

// A scan, not an index: ADC/REM by GUID are rare, and an index per session costs memory for as
// long as the session is idle (issue 6). NsSession usually resolves the Passport already.
std::optional<msnp::Passport> Roster::by_guid(const std::string& text) const {
  const auto guid = msnp::Guid::parse(text);
  if (!guid) return std::nullopt;
  for (const auto& c : contacts_)
    if (c.guid == guid) return c.passport;
  return std::nullopt;
}

Contact& Roster::ensure(const msnp::Passport& p) {
  auto it = std::lower_bound(contacts_.begin(), contacts_.end(), p, by_passport);
  if (it == contacts_.end() || it->passport != p) {
    it = contacts_.insert(it, Contact{.passport = p});
    it->texts.set_nickname(p.str());
  }
  return *it;
}

std::optional<GroupIndex> Roster::group(const std::string& guid) const {
  if (guid.empty()) return std::nullopt;
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i].guid == guid) return static_cast<GroupIndex>(i);
  return std::nullopt;
}

void Roster::set_group(const std::string& guid, const std::string& name) {
  if (guid.empty()) return;
  if (auto g = group(guid)) {
    groups_[*g].name = name;
    return;
  }
  auto free = std::find_if(groups_.begin(), groups_.end(), [](const Group& g) { return g.guid.empty(); });
  if (free != groups_.end()) *free = Group{guid, name};
  else if (groups_.size() <= std::numeric_limits<GroupIndex>::max()) groups_.push_back(Group{guid, name});
}

std::vector<std::string> Roster::group_names(const Contact& c) const {
  std::vector<std::string> names;
  names.reserve(c.groups.size());
  for (GroupIndex g : c.groups) names.push_back(groups_[g].name);
  return names;
}

void Roster::apply(const msnp::GroupListed& g) { set_group(g.guid, g.name); }
void Roster::apply(const msnp::GroupAdded& g) { set_group(g.guid, g.name); }
void Roster::apply(const msnp::GroupRenamed& g) { set_group(g.guid, g.name); }

void Roster::apply(const msnp::GroupRemoved& g) {
  const auto removed = group(g.guid);
  if (!removed) return;
  for (auto& c : contacts_) std::erase(c.groups, *removed);
  groups_[*removed] = Group{};
}

void Roster::apply(const msnp::ContactListed& l) {
  Contact& c = ensure(l.passport);
  if (!l.friendly.empty()) c.texts.set_nickname(l.friendly);
  if (auto guid = msnp::Guid::parse(l.guid)) c.guid = guid;
  c.lists = l.lists.bits;
  c.groups.clear();
  for (const auto& guid : l.groups)
    if (auto g = group(guid)) c.groups.push_back(*g);
}

std::optional<msnp::Passport> Roster::apply(const msnp::ContactAdded& a) {
  std::optional<msnp::Passport> who = a.passport;
  if (!who && !a.guid.empty()) who = by_guid(a.guid);
  if (!who) return std::nullopt;
  Contact& c = ensure(*who);
  if (!a.friendly.empty()) c.texts.set_nickname(a.friendly);
  if (auto guid = msnp::Guid::parse(a.guid)) c.guid = guid;
  if (!a.group.empty()) {
    // `ADC t FL C=guid group`: added to a group, membership otherwise unchanged.
    if (auto g = group(a.group)) add_once(c.groups, *g);
    if (!a.passport) return who;
  }
  c.lists |= static_cast<std::uint8_t>(a.list);
  return who;
}

std::optional<msnp::Passport> Roster::apply(const msnp::ContactRemoved& r) {
  std::optional<msnp::Passport> who = r.passport;
  if (!who && !r.guid.empty()) who = by_guid(r.guid);
  if (!who) return std::nullopt;
  Contact* c = find(*who);
  if (!c) return std::nullopt;
  if (!r.group.empty()) {  // removal from one group only
    if (auto g = group(r.group)) std::erase(c->groups, *g);
    return who;
  }
  c->lists &= static_cast<std::uint8_t>(~static_cast<int>(r.list));
  if (r.list == msnp::List::forward) c->groups.clear();
  return who;
}

bool Roster::apply(const msnp::ContactPresence& p) {
  Contact& c = ensure(p.passport);
  const bool name_changed = !p.friendly.empty() && p.friendly != c.nickname();
  const bool changed = c.status != p.status || name_changed;
  c.status = p.status;
  if (name_changed) c.texts.set_nickname(p.friendly);
  return changed;
}

bool Roster::apply(const msnp::PersonalMessage& m) {
  Contact& c = ensure(m.passport);
  const bool changed = c.texts.psm() != m.psm || c.texts.current_media() != m.current_media;
  if (changed) c.texts.set_personal(m.psm, m.current_media);
  return changed;
}

const Contact* Roster::find(const msnp::Passport& p) const {
  auto it = std::lower_bound(contacts_.begin(), contacts_.end(), p, by_passport);
  return it == contacts_.end() || it->passport != p ? nullptr : &*it;
}

Contact* Roster::find(const msnp::Passport& p) {
  return const_cast<Contact*>(std::as_const(*this).find(p));
}

std::vector<ContactRecord> Roster::records() const {
  std::vector<ContactRecord> out;
  out.reserve(contacts_.size());
  for (const auto& c : contacts_)
    if (c.lists != 0) out.push_back({c.passport.str(), std::string(c.nickname()), c.guid ? c.guid->str() : "", c.lists, group_names(c)});
  return out;
}

RosterChanges Roster::reconcile(const std::vector<ContactRecord>& stored) const {
  RosterChanges ch;
  std::map<std::string, const ContactRecord*> before;
  for (const auto& r : stored)
    if (r.lists & lists::forward) before.emplace(r.passport, &r);
  for (const auto& c : contacts_) {
    if (!c.in_roster()) continue;
    auto it = before.find(c.passport.str());
    if (it == before.end()) ch.added.push_back(c.passport);
    else if (it->second->nickname != c.nickname() || it->second->groups != group_names(c)) ch.changed.push_back(c.passport);
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
  for (auto& c : contacts_) {
    if (c.status != msnp::Status::offline && c.status != msnp::Status::hidden) went.push_back(c.passport);
    c.status = msnp::Status::offline;
  }
  return went;
}

void Roster::forget_presence_sent() {
  for (auto& c : contacts_) c.presence_sent = 0;
}

}  // namespace gw
