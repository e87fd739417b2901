#pragma once
// In-memory accounts and contact lists for the MSNP test server. The model follows
// MSNP.md 4.1/4.3 (MSNP10-12, ABCH-migrated lists): each account has contacts with
// list bits FL/AL/BL/RL/PL, a contact GUID (C=), group GUIDs, and settings GTC/BLP.
// Pure data: no sockets, no notifications (the Backend does those).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {

enum ListBit : unsigned { fl = 1, al = 2, bl = 4, rl = 8, pl = 16 };

struct ContactEntry {
  std::string email;
  std::string guid;      // contact GUID, sent as C= while on FL
  std::string nickname;  // SBP MFN; LST F= falls back to the e-mail address
  unsigned lists = 0;
  bool pending = false;  // added me while I was offline: shown with PL instead of RL
  std::vector<std::string> groups;  // group GUIDs
};

struct Group {
  std::string name;
  std::string guid;
};

// What contacts see: status (NLN/BSY/.../HDN, or FLN when offline), capabilities,
// MSNObject, and the UBX fields (stored XML-escaped, as they go on the wire).
struct Presence {
  std::string status = "FLN";
  std::uint32_t caps = 0;
  std::string msnobj = "0";
  std::string psm_xml;
  std::string media_xml;

  bool visible() const { return status != "FLN" && status != "HDN"; }
};

struct Account {
  std::string email;  // lower case
  std::string password;
  std::string friendly;  // PRP MFN; defaults to the e-mail address
  std::string gtc = "A";
  std::string blp = "AL";
  std::map<std::string, ContactEntry> contacts;  // by lower-case e-mail
  std::vector<Group> groups;
  Presence presence;
  bool virtual_user = false;  // online without a connection (echo bot, control API)

  ContactEntry* contact(const std::string& email);
  const ContactEntry* contact(const std::string& email) const;
  ContactEntry* contact_by_guid(const std::string& guid);
  Group* group(const std::string& guid);
  std::string ubx_payload() const;
};

class Directory {
 public:
  // Returns false when the account already exists (its password and name are updated).
  bool add_account(const std::string& email, const std::string& password, const std::string& friendly);
  Account* find(const std::string& email);
  const Account* find(const std::string& email) const;
  std::size_t size() const { return accounts_.size(); }

  // Adds `bit` for `other` on owner's list, creating the entry (with a GUID) if needed.
  ContactEntry& touch_contact(Account& owner, const std::string& other);
  // FL+AL both ways and RL both ways, as --contacts does.
  bool make_mutual(const std::string& a, const std::string& b);
  // Whether `owner`'s presence may be shown to `watcher` (BL, BLP, AL; MSNP.md 4.1).
  static bool allows(const Account& owner, const std::string& watcher);
  std::string new_guid() { return random_.guid(); }
  RandomSource& random() { return random_; }

 private:
  std::unordered_map<std::string, Account> accounts_;
  RandomSource random_;
};

}  // namespace msnp_server
