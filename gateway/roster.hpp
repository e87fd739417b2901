#pragma once
// The user's Messenger contact list (all lists: FL, AL, BL, RL, PL) and its groups, built
// from SYN/LST/LSG at login and kept current by ADC/REM/ADG/RMG/REG. Reconciliation compares
// it with the list stored at the previous login, so roster items added or removed while the
// user was away are added or removed on the Jabber side exactly once.
// Contacts are one vector sorted by Passport, not a map: no node per contact, and the
// Passport is stored once (issue 6: the roster of every idle session is in memory).
#include "gateway/contact.hpp"
#include "msnp/ns_output.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gw {

struct RosterChanges {
  std::vector<msnp::Passport> added;    // on FL now, not at the last login
  std::vector<msnp::Passport> removed;  // on FL at the last login, not now
  std::vector<msnp::Passport> changed;  // still on FL, other nickname or groups
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

class Roster {
 public:
  // Starts a fresh list (a new SYN): contacts and groups are cleared, presence is kept for
  // contacts that come back in the new list.
  void begin_sync();
  // The list is complete (ListSynced): the containers give back what they grew beyond it.
  void end_sync();

  void apply(const msnp::GroupListed& g);
  void apply(const msnp::ContactListed& c);
  void apply(const msnp::GroupAdded& g);
  void apply(const msnp::GroupRemoved& g);
  void apply(const msnp::GroupRenamed& g);
  // ADC / REM replies and pushes. Return the contact's Passport when one was affected.
  std::optional<msnp::Passport> apply(const msnp::ContactAdded& c);
  std::optional<msnp::Passport> apply(const msnp::ContactRemoved& c);
  // ILN/NLN/FLN and UBX; false when nothing visible changed (no presence to send).
  bool apply(const msnp::ContactPresence& p);
  bool apply(const msnp::PersonalMessage& m);

  const Contact* find(const msnp::Passport& p) const;
  Contact* find(const msnp::Passport& p);
  // In Passport order.
  const std::vector<Contact>& contacts() const { return contacts_; }
  std::vector<std::string> group_names(const Contact& c) const;

  // Every contact as storage keeps it, in Passport order.
  std::vector<ContactRecord> records() const;
  RosterChanges reconcile(const std::vector<ContactRecord>& stored) const;
  // Everyone goes offline (the Messenger session ended).
  std::vector<msnp::Passport> mark_all_offline();
  // The Jabber side starts afresh: every contact's next presence is sent.
  void forget_presence_sent();

 private:
  struct Group {
    std::string guid;  // empty: a removed group's slot, free for the next one
    std::string name;
  };

  Contact& ensure(const msnp::Passport& p);
  std::optional<GroupIndex> group(const std::string& guid) const;
  void set_group(const std::string& guid, const std::string& name);
  std::optional<msnp::Passport> by_guid(const std::string& guid) const;

  std::vector<Contact> contacts_;  // sorted by Passport
  std::vector<Group> groups_;      // GroupIndex -> group
};

}  // namespace gw
