#include "tests/msnp_server/directory.hpp"

namespace msnp_server {

ContactEntry* Account::contact(const std::string& other) {
  auto it = contacts.find(to_lower(other));
  return it == contacts.end() ? nullptr : &it->second;
}

const ContactEntry* Account::contact(const std::string& other) const {
  auto it = contacts.find(to_lower(other));
  return it == contacts.end() ? nullptr : &it->second;
}

ContactEntry* Account::contact_by_guid(const std::string& guid) {
  for (auto& [email, entry] : contacts)
    if (entry.guid == guid) return &entry;
  return nullptr;
}

Group* Account::group(const std::string& guid) {
  for (auto& g : groups)
    if (g.guid == guid) return &g;
  return nullptr;
}

std::string Account::ubx_payload() const {
  return "<Data><PSM>" + presence.psm_xml + "</PSM><CurrentMedia>" + presence.media_xml +
         "</CurrentMedia></Data>";
}

bool Directory::add_account(const std::string& email, const std::string& password, const std::string& friendly) {
  const auto key = to_lower(email);
  auto [it, inserted] = accounts_.try_emplace(key);
  it->second.email = key;
  it->second.password = password;
  it->second.friendly = friendly.empty() ? key : friendly;
  return inserted;
}

Account* Directory::find(const std::string& email) {
  auto it = accounts_.find(to_lower(email));
  return it == accounts_.end() ? nullptr : &it->second;
}

const Account* Directory::find(const std::string& email) const {
  auto it = accounts_.find(to_lower(email));
  return it == accounts_.end() ? nullptr : &it->second;
}

ContactEntry& Directory::touch_contact(Account& owner, const std::string& other) {
  const auto key = to_lower(other);
  auto [it, inserted] = owner.contacts.try_emplace(key);
  if (inserted) {
    it->second.email = key;
    it->second.guid = random_.guid();
  }
  return it->second;
}

bool Directory::make_mutual(const std::string& a, const std::string& b) {
  Account* x = find(a);
  Account* y = find(b);
  if (x == nullptr || y == nullptr || x == y) return false;
  touch_contact(*x, y->email).lists |= fl | al | rl;
  touch_contact(*y, x->email).lists |= fl | al | rl;
  return true;
}

bool Directory::allows(const Account& owner, const std::string& watcher) {
  const ContactEntry* entry = owner.contact(watcher);
  const unsigned lists = entry == nullptr ? 0u : entry->lists;
  if (lists & bl) return false;
  return owner.blp == "AL" || (lists & al) != 0;
}

}  // namespace msnp_server
