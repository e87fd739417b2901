#pragma once
// A Messenger contact of one user, as the gateway knows it: list membership and groups from
// the contact list, and live presence from ILN/NLN/FLN/UBX.
#include "gateway/storage/storage.hpp"
#include "msnp/passport.hpp"
#include "msnp/presence.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace gw {

struct Contact {
  msnp::Passport passport;
  std::string nickname;             // friendly name, decoded; the Passport when none is known
  std::string guid;                 // FL contact id (C=)
  int lists = 0;                    // lists:: bits (storage.hpp)
  std::vector<std::string> groups;  // group names

  msnp::Status status = msnp::Status::offline;
  std::string psm;
  std::string current_media;
  std::uint32_t capabilities = 0;

  bool on(int list) const { return (lists & list) != 0; }
  // On the user's forward list: a roster item.
  bool in_roster() const { return on(lists::forward); }
  // Added the user (reverse list) and not yet allowed or blocked: an authorization request.
  bool awaiting_decision() const { return on(lists::reverse) && !on(lists::allow) && !on(lists::block); }
  ContactRecord record() const { return {passport.str(), nickname, guid, lists, groups}; }
};

}  // namespace gw
