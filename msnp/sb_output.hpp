#pragma once
// What SbSession reports about one switchboard conversation (MSNP.md section 6).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "msnp/im_format.hpp"
#include "msnp/passport.hpp"
#include "msnp/send.hpp"

namespace msnp {

// Caller-chosen id of one outgoing message (e.g. derived from the XMPP stanza),
// echoed in its delivery result.
struct MessageId {
  std::uint64_t value = 0;
  auto operator<=>(const MessageId&) const = default;
};

// USR OK (outgoing) or ANS OK (invited): the switchboard accepted us.
struct SwitchboardReady {
  bool operator==(const SwitchboardReady&) const = default;
};
// JOI (someone entered) or IRO (already there when we answered; `initial`).
struct ParticipantJoined {
  Passport passport;
  std::string friendly;                 // decoded
  std::uint32_t capabilities = 0;
  bool initial = false;
  bool operator==(const ParticipantJoined&) const = default;
};
// BYE. `idle`: the server removed them after idling (`BYE email 1`).
struct ParticipantLeft {
  Passport passport;
  bool idle = false;
  bool operator==(const ParticipantLeft&) const = default;
};
// CAL failed for this invitee (217 offline, 208 bad address, 215 already here...).
struct InviteFailed {
  Passport passport;
  int code = 0;
  std::string reason;
  bool operator==(const InviteFailed&) const = default;
};
struct MessageReceived {
  Passport from;
  std::string friendly;                 // decoded sender name
  std::string text;                     // UTF-8, CRLF line breaks as sent
  std::optional<TextFormat> format;
  bool operator==(const MessageReceived&) const = default;
};
// TypingUser: repeat every ~4 s while typing; no explicit "stopped" (MSNP.md 6.5).
struct TypingReceived {
  Passport from;
  bool operator==(const TypingReceived&) const = default;
};
// Datacast ID 1.
struct NudgeReceived {
  Passport from;
  bool operator==(const NudgeReceived&) const = default;
};
// Every part of the message was acknowledged (ACK for A/D). Messages sent with
// ack N or U are never reported delivered: the server only says something on failure.
struct MessageDelivered {
  MessageId id;
  bool operator==(const MessageDelivered&) const = default;
};
enum class FailureReason { nak, timeout, no_participants, session_closed, refused };
struct MessageFailed {
  MessageId id;
  FailureReason reason = FailureReason::session_closed;
  int code = 0;                         // numeric error for `refused`
  bool operator==(const MessageFailed&) const = default;
};

enum class SbCloseReason {
  left,               // we called leave()
  everyone_left,      // the last other participant sent BYE
  auth_failed,        // 911 on USR/ANS (bad or expired cookie)
  server_closed,      // OUT from the server or a fatal error
  protocol_error,     // undecodable bytes (reported via on_connection_lost)
  connection_lost,
};
// The switchboard is over; unfinished messages were reported as MessageFailed
// before this output. The adapter closes the socket after preceding Sends.
struct SwitchboardClosed {
  SbCloseReason reason = SbCloseReason::connection_lost;
  int code = 0;
  bool operator==(const SwitchboardClosed&) const = default;
};

using SbOutput = std::variant<Send, SwitchboardReady, ParticipantJoined, ParticipantLeft,
                              InviteFailed, MessageReceived, TypingReceived, NudgeReceived,
                              MessageDelivered, MessageFailed, SwitchboardClosed>;
using SbOutputs = std::vector<SbOutput>;

}  // namespace msnp
