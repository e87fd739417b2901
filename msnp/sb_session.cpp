// SbSession: one switchboard conversation (MSNP.md section 6, quirks in 10.4).
#include "msnp/sb_session.hpp"

#include <algorithm>

#include "msnp/codec.hpp"
#include "msnp/errors.hpp"
#include "msnp/message.hpp"
#include "msnp/url_encoding.hpp"

namespace msnp {
namespace {

bool expects_ack(AckMode a) { return a == AckMode::acknowledged || a == AckMode::data; }

}  // namespace

SbSession::SbSession(SbConfig config, std::string cookie, std::string session_id,
                     std::vector<Passport> invitees, bool invited)
    : config_(std::move(config)), cookie_(std::move(cookie)), session_id_(std::move(session_id)),
      invitees_(std::move(invitees)), invited_(invited) {}

SbSession SbSession::outgoing(SbConfig config, std::string cookie, std::vector<Passport> invitees) {
  return SbSession(std::move(config), std::move(cookie), {}, std::move(invitees), false);
}

SbSession SbSession::invited(SbConfig config, std::string cookie, std::string session_id) {
  return SbSession(std::move(config), std::move(cookie), std::move(session_id), {}, true);
}

TrId SbSession::next_trid() { return TrId{++trid_}; }

SbOutputs SbSession::start() {
  if (state_ != State::idle) return {};
  state_ = State::authenticating;
  auth_trid_ = next_trid();
  const auto t = std::to_string(auth_trid_.value);
  if (invited_) return {Send{encode_line("ANS", {t, config_.self.str(), cookie_, session_id_})}};
  return {Send{encode_line("USR", {t, config_.self.str(), cookie_})}};
}

void SbSession::call_invitees(SbOutputs& out) {
  for (const auto& who : invitees_) {
    const auto t = next_trid();
    pending_cal_.emplace(t.value, who);
    out.push_back(Send{encode_line("CAL", {std::to_string(t.value), who.str()})});
  }
  invitees_.clear();
}

SbOutputs SbSession::on_command(const Command& cmd) {
  if (state_ == State::idle || state_ == State::closed) return {};
  if (auto code = cmd.error_code()) return on_error(cmd, *code);
  SbOutputs out;
  const auto trid = cmd.trid();
  const auto& name = cmd.name;
  if ((name == "USR" || name == "ANS") && trid == auth_trid_ && cmd.arg(1) == "OK" &&
      state_ == State::authenticating) {
    state_ = State::ready;
    out.push_back(SwitchboardReady{});
    call_invitees(out);
    flush_queue(out);
  } else if (name == "IRO" || name == "JOI") {
    // IRO t index total handle name {caps}; JOI handle name {caps} (MSNP.md 6.1/6.2).
    const std::size_t base = name == "IRO" ? 3 : 0;
    const auto who = Passport::parse(cmd.arg(base));
    // Escargot also announces ourselves (`JOI me ...` before IRO): not a participant.
    if (!who || *who == config_.self) return out;
    const bool fresh = participants_.insert(*who).second;
    if (fresh) {
      const auto caps = cmd.arg(base + 2);
      out.push_back(ParticipantJoined{*who, url_decode(cmd.arg(base + 1)),
                                      parse_u32(caps.substr(0, caps.find(':'))).value_or(0), name == "IRO"});
    }
    if (state_ == State::ready) flush_queue(out);
  } else if (name == "CAL") {
    // `CAL t RINGING sid`: the invitation went out; JOI follows when they accept.
    if (trid) pending_cal_.erase(trid->value);
    if (cmd.arg(1) == "RINGING" && !cmd.arg(2).empty()) session_id_ = std::string(cmd.arg(2));
  } else if (name == "BYE") {
    const auto who = Passport::parse(cmd.arg(0));
    if (!who || participants_.erase(*who) == 0) return out;
    out.push_back(ParticipantLeft{*who, cmd.arg(1) == "1"});
    if (participants_.empty() && pending_cal_.empty() && state_ == State::ready) {
      // Nobody is left to talk to; PAP leaves as well (MSNP.md 6.3).
      out.push_back(Send{"OUT\r\n"});
      auto closed = close(SbCloseReason::everyone_left);
      out.insert(out.end(), closed.begin(), closed.end());
    }
  } else if (name == "MSG") {
    return on_msg(cmd);
  } else if (name == "ACK" || name == "NAK") {
    return on_ack(cmd, name == "ACK");
  } else if (name == "OUT") {
    return close(SbCloseReason::server_closed);
  }
  return out;
}

SbOutputs SbSession::on_msg(const Command& cmd) {
  const auto from = Passport::parse(cmd.arg(0));
  if (!from || !cmd.payload) return {};
  auto content = classify(parse_mime(*cmd.payload));
  SbOutputs out;
  switch (content.kind) {
    case ContentKind::text:  // emplaced: `return {...}` would copy the strings out of an initializer_list
      out.emplace_back(MessageReceived{*from, url_decode(cmd.arg(1)), std::move(content.text), std::move(content.format)});
      return out;
    case ContentKind::typing: return {TypingReceived{*from}};
    case ContentKind::nudge: return {NudgeReceived{*from}};
    case ContentKind::other: return {};  // P2P, emoticons, ink...: ignored (MSNP.md 6.5)
  }
  return {};
}

SbOutputs SbSession::on_ack(const Command& cmd, bool ok) {
  const auto trid = cmd.trid();
  if (!trid) return {};
  auto it = in_flight_.find(trid->value);
  if (it == in_flight_.end()) return {};
  const auto id = it->second.id;
  SbOutputs out;
  if (!ok) {
    fail_message(id, FailureReason::nak, 0, out);
    return out;
  }
  in_flight_.erase(it);
  const bool more = std::any_of(in_flight_.begin(), in_flight_.end(),
                                [&](const auto& kv) { return kv.second.id == id; });
  const bool queued = std::any_of(queue_.begin(), queue_.end(), [&](const Outgoing& m) { return m.id == id; });
  if (!more && !queued) out.push_back(MessageDelivered{id});
  return out;
}

SbOutputs SbSession::on_error(const Command& cmd, int code) {
  const auto trid = cmd.trid();
  if (state_ == State::authenticating && (!trid || *trid == auth_trid_)) {
    return close(SbCloseReason::auth_failed, code);   // 911: bad or expired cookie
  }
  SbOutputs out;
  // Escargot answers some CALs with a bare error (negative.txt: `207`): it
  // belongs to the oldest open CAL.
  auto cal = trid ? pending_cal_.find(trid->value) : pending_cal_.begin();
  if (cal != pending_cal_.end()) {
    out.push_back(InviteFailed{cal->second, code, std::string(describe_error(code))});
    pending_cal_.erase(cal);
    // Nobody can receive what is queued; the switchboard itself stays usable for
    // another invite() (negative.txt re-CALs on the same SB), so leaving is the
    // caller's decision.
    if (participants_.empty() && pending_cal_.empty() && invitees_.empty()) {
      fail_queue(FailureReason::refused, code, out);
    }
    return out;
  }
  if (trid) {
    if (auto it = in_flight_.find(trid->value); it != in_flight_.end()) {
      fail_message(it->second.id, FailureReason::refused, code, out);
      return out;
    }
  }
  if (error_scope(code) == ErrorScope::fatal) return close(SbCloseReason::server_closed, code);
  return out;
}

SbOutputs SbSession::on_tick(Clock::time_point now) {
  now_ = now;
  SbOutputs out;
  std::vector<MessageId> expired;
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    auto& f = it->second;
    if (!f.sent_at) f.sent_at = now;
    if (now - *f.sent_at < config_.ack_timeout) {
      ++it;
    } else if (expects_ack(f.ack)) {
      expired.push_back(f.id);
      ++it;
    } else {
      it = in_flight_.erase(it);  // N: silence means success; stop waiting for a NAK
    }
  }
  for (auto id : expired) fail_message(id, FailureReason::timeout, 0, out);
  return out;
}

std::optional<SbSession::Clock::time_point> SbSession::next_tick() const {
  std::optional<Clock::time_point> next;
  for (const auto& [trid, f] : in_flight_) {
    if (!f.sent_at) return Clock::time_point::min();
    const auto due = *f.sent_at + config_.ack_timeout;
    if (!next || due < *next) next = due;
  }
  return next;
}

SbOutputs SbSession::on_connection_lost(SbCloseReason reason) { return close(reason); }

}  // namespace msnp
