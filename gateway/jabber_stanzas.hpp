#pragma once
// The stanzas the gateway sends to Jabber users, built in one place so that every chat, state,
// receipt and bounce carries the same namespaces and addressing rules:
//   XEP-0085 chat states, XEP-0184 receipts, XEP-0224 attention, XEP-0172 nick,
//   RFC 6121 presence and subscriptions, XEP-0356/XEP-0144 roster items, RFC 6120 bounces.
#include "gateway/contact.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/stanza.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gw::jabber {

constexpr std::string_view ns_receipts = "urn:xmpp:receipts";
constexpr std::string_view ns_attention = "urn:xmpp:attention:0";
constexpr std::string_view ns_nick = "http://jabber.org/protocol/nick";
constexpr std::string_view ns_roster = "jabber:iq:roster";
constexpr std::string_view ns_rosterx = "http://jabber.org/protocol/rosterx";
constexpr std::string_view ns_blocking = "urn:xmpp:blocking";
constexpr std::string_view ns_privilege2 = "urn:xmpp:privilege:2";
constexpr std::string_view ns_privilege1 = "urn:xmpp:privilege:1";
constexpr std::string_view ns_forward = "urn:xmpp:forward:0";

// Messenger text uses CRLF; XMPP bodies use LF.
std::string to_xmpp_text(std::string_view msn_text);
std::string to_msn_text(std::string_view xmpp_text);

xmpp::Stanza chat(std::string_view from, std::string_view to, std::string body);
xmpp::Stanza chat_state(std::string_view from, std::string_view to, std::string_view state);
xmpp::Stanza attention(std::string_view from, std::string_view to);
xmpp::Stanza receipt(std::string_view from, std::string_view to, std::string_view id);
// A chat message as the user sent it (rebuilt from the durable queue).
xmpp::Stanza user_chat(std::string_view from, std::string_view to, std::string_view id, std::string_view body,
                       bool wants_receipt);
// A notice from the gateway itself (login failures, signed in elsewhere).
xmpp::Stanza notice(std::string_view from, std::string_view to, std::string_view text);

// <message type='error'> back to the sender of `original`, with its body (so the client can
// show what was not delivered) and the condition.
xmpp::Stanza bounce(const xmpp::Stanza& original, xmpp::Condition condition, std::string_view text);

// Presence of a contact (available with show/status/nick, or unavailable).
xmpp::Stanza contact_presence(std::string_view from, std::string_view to, const Contact& c);
xmpp::Stanza subscription(std::string_view from, std::string_view to, std::string_view type,
                          std::string_view nick = {});

struct RosterItem {
  std::string jid;
  std::string name;
  std::vector<std::string> groups;
  bool remove = false;
};
// XEP-0356: an iq set on the user's roster, sent by the component to the user's bare JID.
xmpp::Stanza roster_push(std::string_view from, std::string_view to, std::string_view id,
                         const std::vector<RosterItem>& items);
// XEP-0144: suggested additions/deletions, to a client that supports them.
xmpp::Stanza roster_exchange(std::string_view from, std::string_view to, const std::vector<RosterItem>& items);

}  // namespace gw::jabber
