#pragma once
// A Messenger contact of one user, as the gateway knows it: list membership and groups from
// the contact list, and live presence from ILN/NLN/FLN/UBX.
// Compact on purpose: the roster of every idle session stays in memory (issue 6 targets
// <= 10 KiB per session with 20 contacts), so the texts share one string, the GUID is 16
// bytes, and groups are indices into the roster's group table.
#include "gateway/storage/storage.hpp"
#include "msnp/guid.hpp"
#include "msnp/passport.hpp"
#include "msnp/presence.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// The texts Messenger shows for a contact: friendly name, personal message and current media
// (UBX), in one string with two lengths: one allocation at most instead of three strings.
class ContactTexts {
 public:
  std::string_view nickname() const { return std::string_view(text_).substr(0, nickname_size_); }
  std::string_view psm() const { return std::string_view(text_).substr(nickname_size_, psm_size_); }
  std::string_view current_media() const { return std::string_view(text_).substr(nickname_size_ + psm_size_); }

  void set_nickname(std::string_view nickname) { assign(nickname, psm(), current_media()); }
  void set_personal(std::string_view psm, std::string_view current_media) { assign(nickname(), psm, current_media); }

 private:
  void assign(std::string_view nickname, std::string_view psm, std::string_view current_media) {
    std::string text;
    text.reserve(nickname.size() + psm.size() + current_media.size());
    text.append(nickname).append(psm).append(current_media);
    text_ = std::move(text);
    nickname_size_ = static_cast<std::uint32_t>(nickname.size());
    psm_size_ = static_cast<std::uint32_t>(psm.size());
  }

  std::string text_;
  std::uint32_t nickname_size_ = 0;
  std::uint32_t psm_size_ = 0;
};

// An index into Roster's group table (group names are kept once per roster, not per contact).
using GroupIndex = std::uint16_t;

struct Contact {
  msnp::Passport passport;
  ContactTexts texts;                // nickname: the Passport when no friendly name is known
  std::vector<GroupIndex> groups;    // in list order
  // A hash of the last presence the user's Jabber side got for this contact (0: none yet), so
  // that an unchanged presence is not sent again. Kept by gw::Session.
  std::size_t presence_sent = 0;
  msnp::Status status = msnp::Status::offline;
  std::optional<msnp::Guid> guid;    // FL contact id (C=)
  std::uint8_t lists = 0;            // lists:: bits (storage.hpp)

  std::string_view nickname() const { return texts.nickname(); }
  bool on(int list) const { return (lists & list) != 0; }
  // On the user's forward list: a roster item.
  bool in_roster() const { return on(lists::forward); }
  // Added the user (reverse list) and not yet allowed or blocked: an authorization request.
  bool awaiting_decision() const { return on(lists::reverse) && !on(lists::allow) && !on(lists::block); }
};

}  // namespace gw
