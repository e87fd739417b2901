#include "tests/msnp_server/sb_session.hpp"

#include <fmt/format.h>

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/ns_session.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {

SbSession::SbSession(Backend& backend, std::shared_ptr<Transport> transport)
    : backend_(backend), transport_(std::move(transport)) {}

std::string SbSession::friendly() const {
  const Account* a = backend_.directory().find(email_);
  return url_encode(a != nullptr ? a->friendly : email_);
}

void SbSession::deliver_line(const std::string& line) { transport_->send(line + "\r\n"); }

void SbSession::deliver_message(const std::string& from, const std::string& from_friendly,
                                const std::string& payload) {
  transport_->send(fmt::format("MSG {} {} {}\r\n{}", from, from_friendly, payload.size(), payload));
}

void SbSession::disconnect() { transport_->abort(); }

void SbSession::cut_mid_payload() {
  const std::string payload = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\ncut short";
  transport_->send(fmt::format("MSG {} {} {}\r\n{}", email_, email_, payload.size(), payload.substr(0, 20)));
  transport_->close();
}

void SbSession::error(int code, const std::string& trid) { deliver_line(fmt::format("{} {}", code, trid)); }

void SbSession::on_command(const ClientCommand& cmd) {
  if (closed_) return;
  const auto& name = cmd.name();
  if (name == "OUT") {
    transport_->close();
    return;
  }
  if (!sb_) {
    if (name == "USR") return on_usr(cmd);
    if (name == "ANS") return on_ans(cmd);
    transport_->abort();
    return;
  }
  if (name == "CAL") return on_cal(cmd);
  if (name == "MSG") return on_msg(cmd);
  transport_->abort();  // USR/ANS twice, unknown verbs
}

void SbSession::on_usr(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto email = to_lower(cmd.arg(2));
  auto grant = backend_.redeem_cookie(cmd.arg(3));
  if (!grant || grant->kind != TokenGrant::Kind::sb_xfr || grant->email != email) {
    error(911, trid);
    transport_->close();
    return;
  }
  email_ = email;
  sb_ = backend_.create_switchboard();
  sb_->add_creator(shared_from_this());
  deliver_line(fmt::format("USR {} OK {} {}", trid, email_, friendly()));
}

void SbSession::on_ans(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto email = to_lower(cmd.arg(2));
  auto grant = backend_.redeem_cookie(cmd.arg(3));
  auto sb = grant ? backend_.find_switchboard(grant->session_id) : nullptr;
  if (!grant || grant->kind != TokenGrant::Kind::sb_rng || grant->email != email ||
      grant->session_id != cmd.arg(4) || !sb) {
    error(911, trid);
    transport_->close();
    return;
  }
  email_ = email;
  sb_ = std::move(sb);
  sb_->join(shared_from_this(), trid);
}

void SbSession::on_cal(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto invitee = to_lower(cmd.arg(2));
  if (invitee.find('@') == std::string::npos) return error(208, trid);
  const Account* a = backend_.directory().find(invitee);
  if (a == nullptr) return deliver_line("207");  // no trid: what the live server sends (negative.txt)
  if (sb_->has(invitee)) return error(215, trid);
  if (!backend_.reachable(*a, email_)) return error(217, trid);
  deliver_line(fmt::format("CAL {} RINGING {}", trid, sb_->id()));
  backend_.ring(*sb_, invitee, email_);
}

void SbSession::on_msg(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto ack = cmd.arg(2);
  if (cmd.args.size() != 4 || ack.size() != 1 || std::string_view("UNAD").find(ack[0]) == std::string_view::npos) {
    transport_->abort();
    return;
  }
  // P2P data must use ack D (Escargot: SpecialMessageNotSentWithDType closes).
  if (ack != "D" && cmd.payload.find("application/x-msnmsgrp2p") != std::string::npos) {
    transport_->abort();
    return;
  }
  auto sb = sb_;  // relaying can run other participants' handlers
  sb->relay(*this, cmd.payload);
  if (ack == "U") return;
  if (backend_.knobs().nak) return deliver_line("NAK " + trid);
  if (ack == "A" || ack == "D") deliver_line("ACK " + trid);  // never NAK, like Escargot
}

void SbSession::on_closed() {
  if (closed_) return;
  closed_ = true;
  if (!sb_) return;
  auto sb = std::move(sb_);
  sb->leave(this);
  backend_.forget_switchboard_if_idle(sb->id());
}

}  // namespace msnp_server
