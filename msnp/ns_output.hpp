#pragma once
// What NsSession asks its adapter (msnp/net) and the gateway to do or know.
// Every struct is complete on its own: names are URL-decoded, handles parsed,
// request failures say what was asked, so the gateway maps them to XMPP without
// touching MSNP text.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "msnp/command.hpp"
#include "msnp/passport.hpp"
#include "msnp/presence.hpp"
#include "msnp/send.hpp"

namespace msnp {

// Ask the adapter to run Passport 1.4 (MSNP.md 2.2) with `challenge` (the `USR t
// TWN S` argument, verbatim, to append to the Authorization header) and then call
// NsSession::on_ticket(ticket) or on_ticket_failed(...).
struct NeedTicket {
  std::string challenge;
  bool operator==(const NeedTicket&) const = default;
};

// `XFR t NS host:port ...`: close this connection, connect to host:port and call
// start() again on the same session.
struct Redirect {
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const Redirect&) const = default;
};

// `USR t OK`: authenticated. The contact list sync (SYN) is requested right after.
struct LoggedIn {
  Passport account;
  bool verified = false;    // the account's e-mail is confirmed (USR OK "1")
  bool operator==(const LoggedIn&) const = default;
};

// Login did not complete; the session is closed afterwards.
// `fatal`: retrying with the same credentials cannot help (bad password, account
// problems, no common protocol version); otherwise the failure is transient
// (server busy, timeout, network) and a later retry may work.
struct LoginFailed {
  int code = 0;               // MSNP error code, or 0 for non-numeric causes
  std::string reason;
  bool fatal = false;
  bool operator==(const LoginFailed&) const = default;
};

// Contact list (MSNP.md 4.3). LST lines arrive after SYN; ListSynced follows the
// last LST/LSG announced by SYN. GTC/BLP/PRP settings may arrive after it.
struct ContactListed {
  Passport passport;
  std::string friendly;                 // decoded F=
  std::string guid;                     // C=, only for FL contacts
  ListMask lists;
  std::vector<std::string> groups;      // group GUIDs
  bool operator==(const ContactListed&) const = default;
};
struct GroupListed {
  std::string name;                     // decoded
  std::string guid;
  bool operator==(const GroupListed&) const = default;
};
struct ListSynced {
  std::size_t contacts = 0;
  std::size_t groups = 0;
  bool operator==(const ListSynced&) const = default;
};
// BPR: a phone number of the contact listed just before it.
struct ContactPhone {
  Passport passport;
  std::string type;                     // PHH PHW PHM MOB ...
  std::string value;                    // decoded
  bool operator==(const ContactPhone&) const = default;
};
// BLP: AL = everyone not blocked may see and message me; BL = only AL members.
struct PrivacyMode {
  bool allow_unlisted = true;
  bool operator==(const PrivacyMode&) const = default;
};
// GTC: whether the user wants to be asked when someone adds them.
struct AddPrompt {
  bool prompt = true;
  bool operator==(const AddPrompt&) const = default;
};

// ADC reply or push. `unsolicited` (trid 0) with List::reverse means "this
// contact added you" (`ADC 0 RL N=... F=...`): the gateway's subscription request.
struct ContactAdded {
  List list = List::forward;
  std::optional<Passport> passport;     // absent for `ADC t FL C=guid group`
  std::string friendly;
  std::string guid;
  std::string group;                    // group GUID when added to a group
  bool unsolicited = false;
  bool operator==(const ContactAdded&) const = default;
};
// REM reply or push (`REM 0 RL email`: the contact removed you).
struct ContactRemoved {
  List list = List::forward;
  std::optional<Passport> passport;     // known for AL/BL/RL, and for FL when the GUID is known
  std::string guid;                     // FL removals name the contact by GUID
  std::string group;                    // removal from one group only
  bool unsolicited = false;
  bool operator==(const ContactRemoved&) const = default;
};
struct GroupAdded {
  std::string name, guid;
  bool operator==(const GroupAdded&) const = default;
};
struct GroupRemoved {
  std::string guid;
  bool operator==(const GroupRemoved&) const = default;
};
struct GroupRenamed {
  std::string guid, name;
  bool operator==(const GroupRenamed&) const = default;
};
// SBP reply: the nickname stored for a contact.
struct ContactRenamed {
  std::string guid, name;
  bool operator==(const ContactRenamed&) const = default;
};

// ILN (initial, after CHG/ADC) / NLN (change) / FLN (offline, status offline).
struct ContactPresence {
  Passport passport;
  Status status = Status::offline;
  std::string friendly;                 // decoded; empty for FLN
  std::uint32_t capabilities = 0;
  std::string msnobject;                // decoded <msnobj/>, empty when none/"0"
  bool initial = false;                 // ILN
  bool operator==(const ContactPresence&) const = default;
};
// UBX: a contact's personal message and current media (MSNP.md 5.5).
struct PersonalMessage {
  Passport passport;
  std::string psm;
  std::string current_media;
  bool operator==(const PersonalMessage&) const = default;
};
// CHG echo: our own status as the server now has it.
struct OwnPresenceChanged {
  Status status = Status::offline;
  bool operator==(const OwnPresenceChanged&) const = default;
};
// PRP MFN (during sync or as the reply to set_friendly_name).
struct OwnNameChanged {
  std::string name;
  bool operator==(const OwnNameChanged&) const = default;
};

// XFR SB reply to request_switchboard(tag): connect to host:port and run an
// SbSession::outgoing with `cookie`.
struct SwitchboardGranted {
  std::uint64_t tag = 0;
  std::string host;
  std::uint16_t port = 0;
  std::string cookie;
  bool operator==(const SwitchboardGranted&) const = default;
};
// RNG: someone invites us to a switchboard; run an SbSession::invited.
struct SwitchboardInvite {
  std::string session_id;
  std::string host;
  std::uint16_t port = 0;
  std::string cookie;
  Passport inviter;
  std::string inviter_name;
  bool operator==(const SwitchboardInvite&) const = default;
};

// What a request was, so a failure can be reported in the requester's terms.
enum class RequestKind {
  add_to_list, remove_from_list, add_group, remove_group, rename_group, add_to_group,
  set_presence, set_personal_message, set_friendly_name, set_contact_nickname,
  set_privacy, set_add_prompt, switchboard, other
};

// A per-request MSNP error (MSNP.md 9.1, ErrorScope::per_request), or a request
// refused locally before sending (e.g. removing a contact whose GUID is unknown).
struct RequestFailed {
  RequestKind kind = RequestKind::other;
  std::string subject;                  // passport, group GUID or name the request named
  std::optional<List> list;             // for add/remove
  std::uint64_t tag = 0;                // for switchboard requests
  int code = 0;
  std::string reason;
  bool operator==(const RequestFailed&) const = default;
};

// `MSG Hotmail Hotmail` with Content-Type application/x-msmsgssystemmessage,
// Type 1: the server goes down for maintenance in `minutes` (OUT SSD follows;
// MSNP.md 1.8, 10.4). Worth telling the user.
struct ServerMaintenance {
  int minutes = 0;
  bool operator==(const ServerMaintenance&) const = default;
};

enum class DisconnectReason {
  logged_out,        // we sent OUT (logout())
  other_login,       // OUT OTH: signed in elsewhere; do not reconnect automatically
  server_shutdown,   // OUT SSD: reconnect later
  kicked,            // bare OUT or an unknown OUT reason
  ping_timeout,      // no QNG after PNG within the configured time
  challenge_failed,  // 540: the server rejected our QRY
  server_error,      // a fatal numeric error after login
  protocol_error,    // undecodable bytes from the server
  connection_lost,   // the adapter saw the socket close (on_connection_lost)
};

// The NS session is over; the adapter closes the socket after writing any Send
// that precedes this output.
struct Disconnected {
  DisconnectReason reason = DisconnectReason::connection_lost;
  int code = 0;                         // for server_error
  bool operator==(const Disconnected&) const = default;
};

using NsOutput = std::variant<Send, NeedTicket, Redirect, LoggedIn, LoginFailed, ContactListed,
                              GroupListed, ListSynced, ContactPhone, PrivacyMode, AddPrompt,
                              ContactAdded, ContactRemoved, GroupAdded, GroupRemoved,
                              GroupRenamed, ContactRenamed, ContactPresence, PersonalMessage,
                              OwnPresenceChanged, OwnNameChanged, SwitchboardGranted,
                              SwitchboardInvite, RequestFailed, ServerMaintenance, Disconnected>;
using NsOutputs = std::vector<NsOutput>;

}  // namespace msnp
