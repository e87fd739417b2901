// NsSession: lifecycle, login (MSNP.md 1.3/1.4), errors (9.1), CHL (3), keepalive (1.7).
// Incoming list/presence events are in ns_session_events.cpp, requests in
// ns_session_requests.cpp.
#include "msnp/ns_session.hpp"

#include <algorithm>
#include <stdexcept>

#include "msnp/codec.hpp"
#include "msnp/errors.hpp"
#include "msnp/host_port.hpp"

namespace msnp {
namespace {
// CVR fields after the trid: locale, OS, OS version, arch, client name, version, "msmsgs".
// A constant, not a per-session copy in NsConfig: nothing sets other values, and every idle
// session would keep the copy (issue 6: memory).
constexpr std::string_view cvr_fields[] = {"0x0409", "winnt", "5.1", "i386", "MSNMSGR", "7.0.0816", "msmsgs"};
}  // namespace

NsSession::NsSession(NsConfig config)
    : config_(std::move(config)), ping_interval_(config_.ping_interval) {
  if (config_.dialects.empty()) throw std::invalid_argument("NsConfig: no dialect offered");
  for (Dialect d : config_.dialects) {
    if (!traits(d).implemented) {
      throw std::invalid_argument("NsConfig: dialect not implemented: " + std::string(ver_token(d)));
    }
  }
}

TrId NsSession::next_trid() { return TrId{++trid_}; }

NsOutputs NsSession::close_with(NsOutput last) {
  state_ = State::closed;
  pending_.clear();
  NsOutputs out;
  out.push_back(std::move(last));
  return out;
}

NsOutputs NsSession::start() {
  state_ = State::negotiating;
  trid_ = 0;
  dialect_.reset();
  pending_.clear();
  syncing_ = false;
  login_deadline_.reset();
  next_ping_.reset();
  ping_sent_.reset();
  ping_outstanding_ = false;
  reschedule_ping_ = false;
  ping_interval_ = config_.ping_interval;
  login_trid_ = next_trid();
  Command ver{"VER", {std::to_string(login_trid_.value)}, std::nullopt};
  for (Dialect d : config_.dialects) ver.args.emplace_back(ver_token(d));
  ver.args.emplace_back("CVR0");  // required in the VER list from MSNP8 on (MSNP.md 1.3)
  return {Send{encode(ver)}};
}

NsOutputs NsSession::on_command(const Command& cmd) {
  if (state_ == State::idle || state_ == State::closed) return {};
  if (auto code = cmd.error_code()) return on_error(cmd, *code);
  if (cmd.name == "OUT") return on_out(cmd);
  if (cmd.name == "CHL") return on_challenge(cmd);
  if (state_ != State::logged_in) return on_login_command(cmd);
  if (cmd.name == "QNG") {
    // QNG n: the server's preferred interval until the next PNG (MSNP9+).
    ping_outstanding_ = false;
    reschedule_ping_ = true;
    ping_interval_ = config_.ping_interval;
    if (auto n = parse_u32(cmd.arg(0)); n && *n > 0) {
      ping_interval_ = std::min(ping_interval_, std::chrono::seconds(*n));
    }
    return {};
  }
  static constexpr std::string_view list_cmds[] = {"SYN", "LST", "LSG", "BPR", "GTC", "BLP", "PRP",
                                                   "ADC", "REM", "ADG", "RMG", "REG", "SBP"};
  if (std::find(std::begin(list_cmds), std::end(list_cmds), cmd.name) != std::end(list_cmds)) {
    return on_list_command(cmd);
  }
  return on_presence_command(cmd);  // CHG ILN NLN FLN UBX XFR RNG UUX; ignores the rest
}

NsOutputs NsSession::on_login_command(const Command& cmd) {
  const auto trid = cmd.trid();
  const bool ours = trid && *trid == login_trid_;
  if (cmd.name == "VER" && ours && state_ == State::negotiating) {
    const auto d = dialect_from_token(cmd.arg(1));
    if (!d || std::find(config_.dialects.begin(), config_.dialects.end(), *d) == config_.dialects.end()) {
      // `VER t 0`: no common version; Escargot closes the connection next.
      return close_with(LoginFailed{0, "no common protocol version", true});
    }
    dialect_ = d;
    login_trid_ = next_trid();
    Command cvr{"CVR", {std::to_string(login_trid_.value)}, std::nullopt};
    for (auto f : cvr_fields) cvr.args.emplace_back(f);
    cvr.args.push_back(config_.account.str());
    return {Send{encode(cvr)}};
  }
  if (cmd.name == "CVR" && ours && state_ == State::negotiating) {
    login_trid_ = next_trid();
    state_ = State::authenticating;
    return {Send{encode_line("USR", {std::to_string(login_trid_.value), "TWN", "I",
                                     config_.account.str()})}};
  }
  if (cmd.name == "XFR" && ours && cmd.arg(1) == "NS") {
    // `XFR t NS host:port 0 current`: the dispatch server sends us elsewhere.
    // Address "0" means: restart on this connection (MSNP.md 1.3).
    if (cmd.arg(2) == "0") return start();
    const auto hp = parse_host_port(cmd.arg(2));
    if (!hp) return close_with(LoginFailed{0, "malformed XFR NS address", false});
    state_ = State::idle;
    return {Redirect{hp->host, hp->port}};
  }
  if (cmd.name == "USR" && ours) {
    if (cmd.arg(1) == "TWN" && cmd.arg(2) == "S" && state_ == State::authenticating) {
      state_ = State::awaiting_ticket;
      std::string challenge;
      for (std::size_t i = 3; i < cmd.args.size(); ++i) {
        if (i > 3) challenge += ' ';
        challenge += cmd.args[i];
      }
      return {NeedTicket{challenge}};
    }
    if (cmd.arg(1) == "OK") {
      const auto& t = traits(*dialect_);
      const auto verified = cmd.arg(t.usr_ok_has_friendly_name ? 4 : 3) == "1";
      state_ = State::logged_in;
      NsOutputs out{LoggedIn{config_.account, verified}};
      if (config_.sync_on_login) {
        syncing_ = true;
        expect_contacts_ = expect_groups_ = got_contacts_ = got_groups_ = 0;
        const auto syn = std::to_string(next_trid().value);
        pending_[trid_] = Pending{RequestKind::other, "SYN", std::nullopt, 0};
        // MSNP10-12 send two zero timestamps, MSNP8/9 one list version (MSNP.md 4.2/4.3).
        out.push_back(Send{t.list_sync == ListSync::syn_abch ? encode_line("SYN", {syn, "0", "0"})
                                                             : encode_line("SYN", {syn, "0"})});
      }
      return out;
    }
    return close_with(LoginFailed{0, "unsupported authentication step: " + std::string(cmd.arg(1)), true});
  }
  return {};  // SBS, GCF, profile MSG...: nothing to do before login completes
}

NsOutputs NsSession::on_ticket(std::string_view ticket) {
  if (state_ != State::awaiting_ticket) return {};
  state_ = State::authenticating;
  login_trid_ = next_trid();
  return {Send{encode_line("USR", {std::to_string(login_trid_.value), "TWN", "S", ticket})}};
}

NsOutputs NsSession::on_ticket_failed(std::string_view reason, bool fatal) {
  if (state_ != State::awaiting_ticket) return {};
  return close_with(LoginFailed{0, std::string(reason), fatal});
}

NsOutputs NsSession::on_connection_lost(DisconnectReason reason) {
  if (state_ == State::closed) return {};
  // Not started: the connection itself failed (server down, or the redirect target). The
  // caller must hear of it, or it would wait for a login that never comes.
  if (state_ == State::idle) return close_with(LoginFailed{0, "cannot reach the Messenger server", false});
  if (state_ != State::logged_in) {
    const std::string why = reason == DisconnectReason::protocol_error
                                ? "protocol error during login"
                                : "connection lost during login";
    return close_with(LoginFailed{0, why, false});
  }
  return close_with(Disconnected{reason, 0});
}

NsOutputs NsSession::on_error(const Command& cmd, int code) {
  if (state_ != State::logged_in) {
    return close_with(LoginFailed{code, std::string(describe_error(code)), is_credentials_error(code)});
  }
  NsOutputs out;
  // Errors normally repeat the trid; a bare error (seen on Escargot's SB) is
  // attributed to the oldest open request.
  std::optional<std::uint32_t> key;
  if (auto t = cmd.trid(); t && pending_.count(t->value)) key = t->value;
  if (!key && !cmd.trid() && !pending_.empty()) key = pending_.begin()->first;
  if (key) {
    const auto p = pending_.at(*key);
    pending_.erase(*key);
    out.push_back(RequestFailed{p.kind, p.subject, p.list, p.tag, code, std::string(describe_error(code))});
  } else if (code != 540 && error_scope(code) == ErrorScope::per_request) {
    out.push_back(RequestFailed{RequestKind::other, {}, std::nullopt, 0, code,
                                std::string(describe_error(code))});
  }
  if (code == 540) {
    auto last = close_with(Disconnected{DisconnectReason::challenge_failed, code});
    out.insert(out.end(), last.begin(), last.end());
  } else if (error_scope(code) == ErrorScope::fatal) {
    auto last = close_with(Disconnected{DisconnectReason::server_error, code});
    out.insert(out.end(), last.begin(), last.end());
  }
  return out;
}

NsOutputs NsSession::on_out(const Command& cmd) {
  const auto why = cmd.arg(0);
  const auto reason = why == "OTH"   ? DisconnectReason::other_login
                      : why == "SSD" ? DisconnectReason::server_shutdown
                                     : DisconnectReason::kicked;
  if (state_ != State::logged_in) {
    return close_with(LoginFailed{0, "server ended the session: OUT " + std::string(why),
                                  reason == DisconnectReason::other_login});
  }
  return close_with(Disconnected{reason, 0});
}

NsOutputs NsSession::on_challenge(const Command& cmd) {
  // CHL 0 <challenge> -> QRY t <product id> 32 + answer (MSNP.md 3.1).
  const auto challenge = cmd.arg(1);
  if (challenge.empty() || !dialect_) return {};
  const auto& t = traits(*dialect_);
  const Product product = config_.product.value_or(
      Product{std::string(t.default_product_id), std::string(t.default_product_key)});
  const auto answer = t.challenge == ChallengeAlgorithm::msnp11
                          ? msnp11_challenge_answer(challenge, product.id, product.key)
                          : md5_challenge_answer(challenge, product.key);
  const auto trid = std::to_string(next_trid().value);
  return {Send{encode(Command{"QRY", {trid, product.id}, answer})}};
}

NsOutputs NsSession::on_tick(Clock::time_point now) {
  now_ = now;
  if (state_ == State::idle || state_ == State::closed) return {};
  if (state_ != State::logged_in) {
    if (!login_deadline_) login_deadline_ = now + config_.login_timeout;
    if (now >= *login_deadline_) return close_with(LoginFailed{0, "login timed out", false});
    return {};
  }
  if (ping_outstanding_) {
    if (now - *ping_sent_ >= config_.ping_timeout) {
      return close_with(Disconnected{DisconnectReason::ping_timeout, 0});
    }
    return {};
  }
  if (!next_ping_ || reschedule_ping_) {
    next_ping_ = now + ping_interval_;
    reschedule_ping_ = false;
  }
  if (now < *next_ping_) return {};
  ping_outstanding_ = true;
  ping_sent_ = now;
  return {Send{"PNG\r\n"}};  // PNG has no trid (MSNP.md 1.1)
}

std::optional<Clock::time_point> NsSession::next_tick() const {
  if (state_ == State::idle || state_ == State::closed) return std::nullopt;
  if (state_ != State::logged_in) return login_deadline_.value_or(Clock::time_point::min());
  if (ping_outstanding_) return *ping_sent_ + config_.ping_timeout;
  if (!next_ping_ || reschedule_ping_) return Clock::time_point::min();
  return *next_ping_;
}

}  // namespace msnp
