#pragma once
// One switchboard conversation, sans-IO (MSNP.md section 6). Outgoing: `USR t
// me cookie`, then `CAL` each invitee; invited (RNG): `ANS t me cookie sid`,
// then IRO/ANS OK. Messages sent before anyone is present are queued until the
// first JOI/IRO (MSNP.md 6.1) and fail if the conversation ends first or every
// invitation fails. Text is
// split over the 1664-byte payload limit on UTF-8 boundaries; ACK/NAK become
// per-message delivery results. Several participants are allowed (group chat).
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "msnp/command.hpp"
#include "msnp/dialect.hpp"
#include "msnp/im_format.hpp"
#include "msnp/passport.hpp"
#include "msnp/sb_output.hpp"

namespace msnp {

// MSG acknowledgement modes (MSNP.md 6.4).
enum class AckMode { unacknowledged, negative, acknowledged, data };  // U N A D

struct SbConfig {
  explicit SbConfig(Passport s) : self(std::move(s)) {}
  Passport self;
  Dialect dialect = Dialect::msnp12;
  AckMode text_ack = AckMode::acknowledged;            // PUR uses A for text
  std::chrono::seconds ack_timeout{60};                // A/D without ACK: failed
  std::size_t max_queued = 100;                        // messages waiting for the first JOI
};

class SbSession {
 public:
  using Clock = std::chrono::steady_clock;

  // After XFR SB (NsSession SwitchboardGranted): we open the conversation and
  // invite `invitees` once the switchboard accepts us.
  static SbSession outgoing(SbConfig config, std::string cookie, std::vector<Passport> invitees);
  // After RNG (NsSession SwitchboardInvite).
  static SbSession invited(SbConfig config, std::string cookie, std::string session_id);

  SbOutputs start();                                  // USR or ANS
  SbOutputs on_command(const Command& cmd);
  SbOutputs on_tick(Clock::time_point now);           // ACK timeouts
  // When on_tick next has work (see NsSession::next_tick): the earliest ACK deadline.
  std::optional<Clock::time_point> next_tick() const;
  SbOutputs on_connection_lost(SbCloseReason reason = SbCloseReason::connection_lost);

  SbOutputs invite(const Passport& who);              // CAL (multi-party)
  // Plain text; `ack` defaults to config.text_ack. Long text becomes several MSGs.
  SbOutputs send_text(MessageId id, std::string_view text,
                      const std::optional<TextFormat>& format = std::nullopt,
                      std::optional<AckMode> ack = std::nullopt);
  SbOutputs send_typing();                            // ack U; dropped if nobody is here
  SbOutputs send_nudge(MessageId id);                 // datacast ID 1, ack N
  SbOutputs leave();                                  // OUT

  enum class State { idle, authenticating, ready, closed };
  State state() const noexcept { return state_; }
  const std::set<Passport>& participants() const noexcept { return participants_; }

 private:
  SbSession(SbConfig config, std::string cookie, std::string session_id,
            std::vector<Passport> invitees, bool invited);

  struct Outgoing {                   // one MSG on the wire or in the queue
    MessageId id;
    AckMode ack;
    std::string payload;
  };
  struct InFlight {
    MessageId id;
    AckMode ack;
    std::optional<Clock::time_point> sent_at;  // stamped at the first tick after sending
  };

  TrId next_trid();
  SbOutputs queue_or_send(std::vector<Outgoing> parts);
  void send_msg(const Outgoing& m, SbOutputs& out);
  void flush_queue(SbOutputs& out);
  void fail_message(MessageId id, FailureReason r, int code, SbOutputs& out);
  void fail_queue(FailureReason r, int code, SbOutputs& out);
  void call_invitees(SbOutputs& out);
  SbOutputs close(SbCloseReason reason, int code = 0);
  SbOutputs on_msg(const Command& cmd);
  SbOutputs on_error(const Command& cmd, int code);
  SbOutputs on_ack(const Command& cmd, bool ok);

  SbConfig config_;
  std::string cookie_;
  std::string session_id_;
  std::vector<Passport> invitees_;
  bool invited_;
  State state_ = State::idle;
  std::uint32_t trid_ = 0;
  TrId auth_trid_{};
  std::set<Passport> participants_;
  std::map<std::uint32_t, Passport> pending_cal_;     // trid -> invitee
  std::deque<Outgoing> queue_;                        // waiting for a participant
  std::map<std::uint32_t, InFlight> in_flight_;       // MSG trid -> message (ack A/D/N)
  std::optional<Clock::time_point> now_;
};

}  // namespace msnp
