// SbSession: outgoing messages, queueing until someone is present, delivery
// bookkeeping and closing (MSNP.md 6.1 queueing, 6.4 ack modes, 6.5 content).
#include <algorithm>

#include "msnp/codec.hpp"
#include "msnp/message.hpp"
#include "msnp/sb_session.hpp"

namespace msnp {
namespace {

std::string_view ack_letter(AckMode a) {
  constexpr std::string_view letters[] = {"U", "N", "A", "D"};
  return letters[static_cast<int>(a)];
}

// Above this header size the formatting is dropped so that every part still fits
// the 1664-byte payload limit with room for text.
constexpr std::size_t max_text_header = 1400;

}  // namespace

void SbSession::send_msg(const Outgoing& m, SbOutputs& out) {
  const auto t = next_trid();
  out.push_back(Send{encode_payload_command("MSG", {std::to_string(t.value), ack_letter(m.ack)}, m.payload)});
  if (m.ack != AckMode::unacknowledged) in_flight_.emplace(t.value, InFlight{m.id, m.ack, std::nullopt});
}

void SbSession::flush_queue(SbOutputs& out) {
  if (state_ != State::ready || participants_.empty()) return;
  while (!queue_.empty()) {
    send_msg(queue_.front(), out);
    queue_.pop_front();
  }
}

SbOutputs SbSession::queue_or_send(std::vector<Outgoing> parts) {
  SbOutputs out;
  if (parts.empty()) return out;
  const auto id = parts.front().id;
  if (state_ == State::closed) {
    out.push_back(MessageFailed{id, FailureReason::session_closed, 0});
    return out;
  }
  if (state_ == State::ready && !participants_.empty()) {
    for (const auto& p : parts) send_msg(p, out);
    return out;
  }
  if (queue_.size() + parts.size() > config_.max_queued) {
    out.push_back(MessageFailed{id, FailureReason::no_participants, 0});
    return out;
  }
  for (auto& p : parts) queue_.push_back(std::move(p));
  return out;
}

SbOutputs SbSession::send_text(MessageId id, std::string_view text, const std::optional<TextFormat>& format,
                               std::optional<AckMode> ack) {
  auto fmt = format;
  if (fmt && build_text_payload("", fmt).size() > max_text_header) fmt.reset();
  const auto header = build_text_payload("", fmt).size();
  std::vector<Outgoing> parts;
  for (const auto piece : split_utf8(text, max_sb_payload - header)) {
    parts.push_back(Outgoing{id, ack.value_or(config_.text_ack), build_text_payload(piece, fmt)});
  }
  return queue_or_send(std::move(parts));
}

SbOutputs SbSession::send_typing() {
  // Typing is ephemeral: with nobody present it is dropped, never queued.
  if (state_ != State::ready || participants_.empty()) return {};
  SbOutputs out;
  send_msg(Outgoing{MessageId{}, AckMode::unacknowledged, build_typing_payload(config_.self)}, out);
  return out;
}

SbOutputs SbSession::send_nudge(MessageId id) {
  return queue_or_send({Outgoing{id, AckMode::negative, build_nudge_payload()}});
}

SbOutputs SbSession::invite(const Passport& who) {
  if (state_ == State::closed) return {InviteFailed{who, 0, "switchboard closed"}};
  if (participants_.count(who)) return {};
  invitees_.push_back(who);
  SbOutputs out;
  if (state_ == State::ready) call_invitees(out);
  return out;
}

SbOutputs SbSession::leave() {
  if (state_ == State::closed) return {};
  SbOutputs out;
  if (state_ != State::idle) out.push_back(Send{"OUT\r\n"});  // OUT has no trid
  auto closed = close(SbCloseReason::left);
  out.insert(out.end(), closed.begin(), closed.end());
  return out;
}

void SbSession::fail_message(MessageId id, FailureReason r, int code, SbOutputs& out) {
  bool found = false;
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (it->second.id == id) {
      found = true;
      it = in_flight_.erase(it);
    } else {
      ++it;
    }
  }
  const auto before = queue_.size();
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [&](const Outgoing& m) { return m.id == id; }),
               queue_.end());
  if (found || queue_.size() != before) out.push_back(MessageFailed{id, r, code});
}

void SbSession::fail_queue(FailureReason r, int code, SbOutputs& out) {
  std::vector<MessageId> ids;
  for (const auto& m : queue_) {
    if (m.ack != AckMode::unacknowledged && std::find(ids.begin(), ids.end(), m.id) == ids.end()) ids.push_back(m.id);
  }
  queue_.clear();
  for (auto id : ids) out.push_back(MessageFailed{id, r, code});
}

SbOutputs SbSession::close(SbCloseReason reason, int code) {
  if (state_ == State::closed) return {};
  SbOutputs out;
  fail_queue(participants_.empty() ? FailureReason::no_participants : FailureReason::session_closed, 0, out);
  // Messages on the wire that expected an ACK did not get one: they fail.
  std::vector<MessageId> unacked;
  for (const auto& [t, f] : in_flight_) {
    if ((f.ack == AckMode::acknowledged || f.ack == AckMode::data) &&
        std::find(unacked.begin(), unacked.end(), f.id) == unacked.end()) {
      unacked.push_back(f.id);
    }
  }
  in_flight_.clear();
  for (auto id : unacked) out.push_back(MessageFailed{id, FailureReason::session_closed, 0});
  state_ = State::closed;
  pending_cal_.clear();
  invitees_.clear();
  out.push_back(SwitchboardClosed{reason, code});
  return out;
}

}  // namespace msnp
