#include "tests/msnp_server/ns_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/challenge.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {
namespace {

// Escargot's TWN challenge string and CVR URLs, byte for byte (transcripts/msnp12.txt).
constexpr std::string_view twn_policy = "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";
constexpr std::string_view cvr_url = "https://escargot.log1p.xyz";
constexpr std::string_view shields_xml =
    "<?xml version=\"1.0\" encoding=\"utf-8\" ?><config><shield><cli maj=\"7\" min=\"0\" minbld=\"0\" "
    "maxbld=\"9999\" deny=\" \" /></shield><block></block></config>";
constexpr std::array<std::string_view, 8> statuses = {"NLN", "BSY", "IDL", "BRB", "AWY", "PHN", "LUN", "HDN"};

bool is_number(const std::string& s) {
  std::uint64_t ignored = 0;
  return parse_uint(s, ignored);
}

// The inner text of <tag>...</tag>, kept escaped as the client sent it.
std::string inner_xml(const std::string& doc, const std::string& tag) {
  const auto open = doc.find("<" + tag + ">");
  if (open == std::string::npos) return {};
  const auto start = open + tag.size() + 2;
  const auto close = doc.find("</" + tag + ">", start);
  return close == std::string::npos ? std::string{} : doc.substr(start, close - start);
}

}  // namespace

NsSession::NsSession(Backend& backend, std::shared_ptr<Transport> transport)
    : backend_(backend), transport_(std::move(transport)) {}

void NsSession::send_line(const std::string& line) { transport_->send(line + "\r\n"); }

void NsSession::send_payload(const std::string& head, const std::string& payload) {
  transport_->send(fmt::format("{} {}\r\n{}", head, payload.size(), payload));
}

void NsSession::error(int code, const std::string& trid) { send_line(fmt::format("{} {}", code, trid)); }

Account* NsSession::account() { return logged_in_ ? backend_.directory().find(email_) : nullptr; }

void NsSession::on_command(const ClientCommand& cmd) {
  if (closed_) return;
  const auto& name = cmd.name();
  if (name == "OUT") {
    transport_->close();
    return;
  }
  if (name == "VER") return on_ver(cmd);
  if (dialect_ == 0) {  // Escargot: the dialect is 0 until VER, nothing else is understood
    transport_->abort();
    return;
  }
  if (name == "CVR") return on_cvr(cmd);
  if (name == "USR") return on_usr(cmd);
  if (!logged_in_) {  // PNG before login closes too (MSNP.md 10.4)
    transport_->abort();
    return;
  }
  dispatch_logged_in(cmd);
}

void NsSession::dispatch_logged_in(const ClientCommand& cmd) {
  const auto& name = cmd.name();
  if (name == "PNG") return send_line("QNG 60");
  if (name == "CHG") return on_chg(cmd);
  if (name == "SYN") return on_syn(cmd);
  if (name == "ADC") return on_adc(cmd);
  if (name == "REM") return on_rem(cmd);
  if (name == "ADG") return on_adg(cmd);
  if (name == "RMG") return on_rmg(cmd);
  if (name == "REG") return on_reg(cmd);
  if (name == "SBP") return on_sbp(cmd);
  if (name == "PRP") return on_prp(cmd);
  if (name == "BLP" || name == "GTC") return on_blp_gtc(cmd);
  if (name == "UUX") return on_uux(cmd);
  if (name == "XFR") return on_xfr(cmd);
  if (name == "QRY") return on_qry(cmd);
  if (name == "GCF") {  // MSNP11/12: only after SYN (MSNP.md 1.4, 10.4)
    if (!syn_sent_) return error(715, cmd.arg(1));
    return send_payload(fmt::format("GCF {} {}", cmd.arg(1), cmd.arg(2)), std::string(shields_xml));
  }
  // Anything else (ADD on MSNP10+, REA, unknown verbs): Escargot closes the connection.
  transport_->abort();
}

void NsSession::on_ver(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  if (dialect_ != 0) {
    error(715, trid);
    transport_->close();
    return;
  }
  if (!is_number(trid)) {
    transport_->abort();
    return;
  }
  for (int d : {12, 11}) {
    const auto wanted = fmt::format("MSNP{}", d);
    for (std::size_t i = 2; i < cmd.args.size(); ++i)
      if (to_lower(cmd.args[i]) == to_lower(wanted)) {
        dialect_ = d;
        send_line(fmt::format("VER {} {}", trid, wanted));
        return;
      }
  }
  send_line(fmt::format("VER {} 0", trid));
  transport_->close();
}

void NsSession::on_cvr(const ClientCommand& cmd) {
  if (cmd.args.size() < 8) {  // Escargot reads the 6th argument after the trid
    transport_->abort();
    return;
  }
  const auto& v = cmd.args[7];
  send_line(fmt::format("CVR {} {} {} {} {} {}", cmd.arg(1), v, v, v, cvr_url, cvr_url));
}

void NsSession::on_usr(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto method = cmd.arg(2);
  if (method != "TWN") return error(method == "MD5" || method == "SSO" ? 502 : 200, trid);
  if (logged_in_) return error(205, trid);
  if (cmd.arg(3) == "I") {
    if (cmd.arg(4).find('@') == std::string::npos) return error(201, trid);
    pending_email_ = to_lower(cmd.arg(4));
    send_line(fmt::format("USR {} TWN S {}", trid, twn_policy));
    return;
  }
  if (cmd.arg(3) != "S" || pending_email_.empty()) return error(911, trid);
  std::string ticket = cmd.arg(4);
  if (ticket.rfind("t=", 0) == 0) ticket = ticket.substr(2);
  ticket = ticket.substr(0, 20);  // Escargot keys its session on the first 20 characters
  auto email = backend_.redeem_login_token(ticket);
  if (!email || *email != pending_email_) return error(911, trid);
  email_ = *email;
  logged_in_ = true;
  backend_.attach(email_, shared_from_this());
  send_line(fmt::format("USR {} OK {} 1 0", trid, email_));
}

void NsSession::on_chg(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto status = cmd.arg(2);
  if (status == "FLN") return error(201, trid);
  bool known = false;
  for (auto s : statuses) known = known || s == status;
  if (!known) {
    transport_->abort();
    return;
  }
  if (cmd.args.size() < 4 || !is_number(cmd.arg(3))) return;  // Escargot: no caps, no answer
  Account* me = account();
  const bool was_visible = me->presence.visible();
  me->presence.status = status;
  me->presence.caps = static_cast<std::uint32_t>(std::stoull(cmd.arg(3)));
  me->presence.msnobj = cmd.args.size() > 4 ? cmd.arg(4) : "0";
  const bool first = !iln_sent_;
  iln_sent_ = true;
  std::string before, after;
  if (first) {
    // Escargot sends each online contact's NLN+UBX ahead of the CHG echo on the first CHG,
    // then the ILN+UBX lines (transcripts msnp8/12/15: bob's first CHG).
    for (const auto& [other, entry] : me->contacts) {
      if (!(entry.lists & fl)) continue;
      const Account* c = backend_.directory().find(other);
      if (c == nullptr || !c->presence.visible() || !Directory::allows(*c, email_)) continue;
      before += backend_.presence_lines(*c, "");
      after += backend_.presence_lines(*c, trid);
    }
  }
  if (me->presence.visible())
    backend_.publish_presence(*me, was_visible ? PresenceChange::status : PresenceChange::online);
  else if (was_visible)
    backend_.publish_offline(*me);
  transport_->send(before);
  // The echo repeats the client's arguments (an absent MSNObject stays absent).
  send_line(fmt::format("CHG {} {} {}{}", trid, status, cmd.arg(3), cmd.args.size() > 4 ? " " + cmd.arg(4) : ""));
  transport_->send(after);
}

void NsSession::on_uux(const ClientCommand& cmd) {
  Account* me = account();
  me->presence.psm_xml = inner_xml(cmd.payload, "PSM");
  me->presence.media_xml = inner_xml(cmd.payload, "CurrentMedia");
  send_line(fmt::format("UUX {} 0", cmd.arg(1)));
  if (iln_sent_ && me->presence.visible()) backend_.publish_presence(*me, PresenceChange::info);
}

void NsSession::on_xfr(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  if (cmd.arg(2) != "SB") return error(201, trid);
  if (!iln_sent_ || account()->presence.status == "HDN") return error(913, trid);
  const auto cookie = backend_.issue_cookie(TokenGrant{TokenGrant::Kind::sb_xfr, email_, {}});
  send_line(fmt::format("XFR {} SB {} CKI {}", trid, backend_.sb_endpoint(), cookie));
}

std::string NsSession::send_challenge() {
  challenge_ = backend_.random().digits(20);
  send_line("CHL 0 " + *challenge_);
  return *challenge_;
}

void NsSession::on_qry(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  if (!challenge_) return;  // Escargot ignores QRY when it sent no CHL
  const auto key = product_key_for(cmd.arg(2));
  const bool good = key && cmd.payload == msnp11_challenge_answer(*challenge_, cmd.arg(2), *key);
  challenge_.reset();
  if (good) return send_line("QRY " + trid);
  error(540, trid);  // MSNP.md 3.1: a wrong answer gets 540 and a disconnect
  transport_->close();
}

void NsSession::sign_out(const std::string& reason) {
  if (closed_) return;
  send_line("OUT " + reason);
  transport_->close();
}

void NsSession::drop() { transport_->abort(); }

void NsSession::cut_mid_payload() {
  const Account* me = account();
  const std::string payload = me != nullptr ? me->ubx_payload() : std::string("<Data></Data>");
  transport_->send(fmt::format("UBX {} {}\r\n{}", email_.empty() ? "x@x" : email_, payload.size(),
                               payload.substr(0, payload.size() / 2)));
  transport_->close();
}

void NsSession::send_garbage(std::size_t bytes) {
  // A hostile server: bytes that are no command, and a line that never ends.
  std::string junk(bytes, 'A');
  const std::string_view head = "\xff\xfe\x01 not MSNP ";
  junk.replace(0, std::min(head.size(), junk.size()), head.substr(0, std::min(head.size(), junk.size())));
  transport_->send(junk);
}

void NsSession::on_closed() {
  if (closed_) return;
  closed_ = true;
  if (!logged_in_ || backend_.session(email_) != this) return;
  Account* me = backend_.directory().find(email_);
  if (me != nullptr && iln_sent_) {
    me->presence.status = "FLN";
    backend_.publish_offline(*me);  // also after HDN: Escargot sends FLN again on logout
  } else if (me != nullptr) {
    me->presence.status = "FLN";
  }
  backend_.detach(email_, this);
}

}  // namespace msnp_server
