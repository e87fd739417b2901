#pragma once
// Presence between the two networks (RFC 6121 <show/> and MSNP status codes, MSNP.md 5.1).
//   MSN -> XMPP: NLN available; AWY, BRB, LUN away; IDL xa; BSY, PHN dnd; FLN, HDN unavailable.
//   XMPP -> MSN: chat and plain available NLN; away AWY; xa IDL; dnd BSY.
// xa maps to IDL (not AWY) so that a state survives the round trip: both mean "away for a
// long while, probably not at the keyboard", and Messenger clients show IDL as away.
#include "msnp/presence.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace gw {

struct XmppPresence {
  bool available = false;
  std::string_view show;  // "", "away", "xa", "dnd" ("" with available = plain available)
  bool operator==(const XmppPresence&) const = default;
};

XmppPresence to_xmpp(msnp::Status status);
// `show` as the user's client sent it ("", "chat", "away", "xa", "dnd"); unknown values count
// as plain available (RFC 6121 4.7.2.1 says to treat them so).
msnp::Status to_msn(std::string_view show);

// The status text a contact shows: the personal message, and what they listen to when their
// client publishes it ("♫ Artist - Title", MSNP.md 5.5 CurrentMedia).
std::string status_text(std::string_view psm, std::string_view current_media);
// "♫ Artist - Title" for a Music CurrentMedia field that is enabled; "" otherwise.
std::string describe_current_media(std::string_view current_media);

}  // namespace gw
