#pragma once
// The notification-server session, sans-IO (DESIGN.md section 8): commands and
// time in, NsOutputs out. Covers login (VER/CVR/USR TWN, XFR NS redirect), the
// MSNP11/12 contact list (SYN/LST/LSG, ADC/REM, ADG/RMG/REG, SBP, BLP/GTC),
// presence (CHG, ILN/NLN/FLN, UUX/UBX), switchboard requests (XFR SB, RNG),
// CHL->QRY, PNG/QNG keepalive with dead-peer detection, and OUT OTH/SSD.
// Version differences come from DialectTraits; dialects whose traits are not
// `implemented` (SSO-based MSNP15/18 today) are rejected at construction.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msnp/challenge.hpp"
#include "msnp/command.hpp"
#include "msnp/dialect.hpp"
#include "msnp/guid.hpp"
#include "msnp/ns_output.hpp"
#include "msnp/passport.hpp"
#include "msnp/personal_message.hpp"

namespace msnp {

using Clock = std::chrono::steady_clock;

// Everything the NS login announces about the client (MSNP.md 1.3/1.4).
struct NsConfig {
  explicit NsConfig(Passport a) : account(std::move(a)) {}
  Passport account;
  std::vector<Dialect> dialects{Dialect::msnp12, Dialect::msnp11};  // offered in VER, best first
  std::optional<Product> product;        // challenge product; default per dialect
  std::uint32_t capabilities = 0x40000000;   // CHG client id (MSNP.md 5.3)
  bool sync_on_login = true;             // send SYN right after USR OK
  std::chrono::seconds ping_interval{50};    // PNG period unless QNG asks for less
  std::chrono::seconds ping_timeout{60};     // no QNG this long after PNG: dead peer
  std::chrono::seconds login_timeout{90};    // from the first tick after start()
};

class NsSession {
 public:
  // Throws std::invalid_argument when config.dialects is empty or names a dialect
  // this session does not implement (a configuration error, not network input).
  explicit NsSession(NsConfig config);

  // (Re)starts login on a fresh connection: resets trids, sends VER.
  NsOutputs start();
  NsOutputs on_command(const Command& cmd);
  // Drives keepalive, dead-peer and login timeouts. Time is an input.
  NsOutputs on_tick(Clock::time_point now);
  // When on_tick next has work: nullopt for never (not started, closed), a time not in the
  // future for "at the next tick" (a deadline still to be stamped). The adapter sleeps until
  // then instead of ticking every second (issue 6: idle CPU).
  std::optional<Clock::time_point> next_tick() const;
  // The adapter finished Passport auth (NeedTicket). `ticket` is the from-PP value.
  NsOutputs on_ticket(std::string_view ticket);
  // Passport auth failed: `fatal` for a wrong password, false for network trouble.
  NsOutputs on_ticket_failed(std::string_view reason, bool fatal);
  // The adapter saw the connection close or fail (including decoder errors:
  // pass protocol_error then).
  NsOutputs on_connection_lost(DisconnectReason reason = DisconnectReason::connection_lost);

  // Requests (valid once logged in; otherwise they return RequestFailed code 302).
  NsOutputs add_contact(const Passport& who, std::string_view friendly);   // ADC FL + ADC AL
  // MSNP10+ name FL contacts by the GUID the server gave them (LST C= or the ADC reply; the
  // caller keeps the contact list, MSNP.md 4.3). Without one, these fail with 216.
  NsOutputs remove_contact(const Passport& who, std::optional<Guid> guid);  // REM FL (by GUID) + REM AL
  NsOutputs add_to_list(List list, const Passport& who);                   // AL/BL
  NsOutputs remove_from_list(List list, const Passport& who, std::optional<Guid> guid = std::nullopt);
  NsOutputs block(const Passport& who);                                    // REM AL + ADC BL
  NsOutputs unblock(const Passport& who);                                  // REM BL + ADC AL
  NsOutputs add_group(std::string_view name);
  NsOutputs remove_group(std::string_view guid);
  NsOutputs rename_group(std::string_view guid, std::string_view name);
  NsOutputs add_contact_to_group(const Passport& who, std::optional<Guid> guid, std::string_view group_guid);
  NsOutputs set_presence(Status status, std::string_view msnobject = {});
  NsOutputs set_personal_message(const PersonalMessageData& data);
  NsOutputs set_friendly_name(std::string_view name);
  NsOutputs set_contact_nickname(const Passport& who, std::optional<Guid> guid, std::string_view name);
  NsOutputs set_privacy(bool allow_unlisted);                              // BLP AL|BL
  NsOutputs set_add_prompt(bool prompt);                                   // GTC A|N
  NsOutputs request_switchboard(std::uint64_t tag);                        // XFR SB
  NsOutputs logout();                                                      // OUT

  enum class State { idle, negotiating, authenticating, awaiting_ticket, logged_in, closed };
  State state() const noexcept { return state_; }
  std::optional<Dialect> dialect() const noexcept { return dialect_; }

 private:
  struct Pending {
    RequestKind kind;
    std::string subject;
    std::optional<List> list;
    std::uint64_t tag = 0;
  };

  TrId next_trid();
  std::string request(std::string_view name, std::vector<std::string> args,
                      const Pending& what, std::optional<std::string> payload = {});
  NsOutputs not_logged_in(RequestKind kind, std::string_view subject);
  NsOutputs close_with(NsOutput last);

  NsOutputs on_login_command(const Command& cmd);
  NsOutputs on_error(const Command& cmd, int code);
  NsOutputs on_list_command(const Command& cmd);
  NsOutputs on_presence_command(const Command& cmd);
  NsOutputs on_out(const Command& cmd);
  NsOutputs on_challenge(const Command& cmd);
  std::optional<Pending> take_pending(std::optional<TrId> trid);
  void check_sync_complete(NsOutputs& out);
  // A contact handle as this dialect writes it (`1:email` in MSNP18).
  std::optional<Passport> parse_handle(std::string_view handle) const;

  NsConfig config_;
  State state_ = State::idle;
  std::optional<Dialect> dialect_;
  std::uint32_t trid_ = 0;
  TrId login_trid_{};                      // the trid whose reply advances login
  // trid -> what was asked. Trids only grow (from 1 at each start()), so the first entry is the
  // oldest request: no separate order queue (a std::deque allocates 576 bytes even when empty,
  // and every idle session has one: issue 6).
  std::map<std::uint32_t, Pending> pending_;
  std::optional<Passport> last_listed_;        // BPR belongs to the previous LST

  // SYN bookkeeping (MSNP.md 4.3: the SYN line announces the totals).
  bool syncing_ = false;
  std::size_t expect_contacts_ = 0, expect_groups_ = 0, got_contacts_ = 0, got_groups_ = 0;

  // Time (on_tick) and keepalive (MSNP.md 1.7).
  std::optional<Clock::time_point> now_;
  std::optional<Clock::time_point> login_deadline_;
  std::optional<Clock::time_point> next_ping_;
  std::optional<Clock::time_point> ping_sent_;
  bool ping_outstanding_ = false;
  bool reschedule_ping_ = false;
  std::chrono::seconds ping_interval_;
};

}  // namespace msnp
