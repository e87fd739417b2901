// NsSession: contact list and profile commands for MSNP10-12 (MSNP.md 4.3, 5.6), with
// Escargot's reply shapes (ESC _m_syn/_m_adc/_m_adg...; transcripts/msnp12.txt):
// ADC FL answers without F=, RMG/REG carry an extra "1", ADG ends in "0".
#include <fmt/format.h>

#include <algorithm>

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/ns_session.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {
namespace {

// The fixed list timestamps Escargot sends (transcripts/msnp12.txt).
constexpr std::string_view syn_timestamp = "2000-01-01T00:00:00.0-00:00";
constexpr std::size_t max_groups = 30;

unsigned list_bit(const std::string& name) {
  if (name == "FL") return fl;
  if (name == "AL") return al;
  if (name == "BL") return bl;
  if (name == "RL") return rl;
  if (name == "PL") return pl;
  return 0;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

}  // namespace

void NsSession::on_syn(const ClientCommand& cmd) {
  Account* me = account();
  syn_sent_ = true;
  std::size_t n = 0;
  for (const auto& [email, c] : me->contacts) n += c.lists != 0;
  send_line(fmt::format("SYN {} {} {} {} {}", cmd.arg(1), syn_timestamp, syn_timestamp, n, me->groups.size()));
  send_line("GTC " + me->gtc);
  send_line("BLP " + me->blp);
  send_line("PRP MFN " + url_encode(me->friendly));
  for (const auto& g : me->groups) send_line(fmt::format("LSG {} {}", url_encode(g.name), g.guid));
  for (const auto& [email, c] : me->contacts) {
    if (c.lists == 0) continue;
    unsigned lists = c.lists;
    if (c.pending) lists = (lists | pl) & ~static_cast<unsigned>(rl);  // Escargot forges PL (MSNP11+)
    std::string line = fmt::format("LST N={} F={}", c.email, url_encode(c.nickname.empty() ? c.email : c.nickname));
    if (c.lists & fl) line += " C=" + c.guid;
    line += fmt::format(" {}", lists);
    if (dialect_ >= 12) line += " 1";
    if (!c.groups.empty()) line += " " + joined(c.groups);
    send_line(line);
  }
}

void NsSession::on_adc(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto list = cmd.arg(2);
  const unsigned bit = list_bit(list);
  if (bit == 0 || bit == rl || bit == pl) {  // RL/PL are read-only: Escargot closes
    transport_->abort();
    return;
  }
  Account* me = account();
  const auto arg = cmd.arg(3);
  if (arg.rfind("C=", 0) == 0) {  // ADC trid FL C=guid groupguid: put a contact into a group
    ContactEntry* c = me->contact_by_guid(arg.substr(2));
    if (bit != fl || c == nullptr || !(c->lists & fl)) return error(216, trid);
    if (me->group(cmd.arg(4)) == nullptr) return error(224, trid);
    if (std::find(c->groups.begin(), c->groups.end(), cmd.arg(4)) != c->groups.end()) return error(215, trid);
    c->groups.push_back(cmd.arg(4));
    return send_line(fmt::format("ADC {} FL C={} {}", trid, c->guid, cmd.arg(4)));
  }
  if (arg.rfind("N=", 0) != 0) return error(201, trid);
  const auto email = to_lower(url_decode(arg.substr(2)));
  if (email.find('@') == std::string::npos) return error(201, trid);
  if (backend_.directory().find(email) == nullptr) return error(208, trid);
  if (bit == fl) return add_to_fl(*me, cmd, email);
  ContactEntry& c = backend_.directory().touch_contact(*me, email);
  if (c.lists & bit) return error(215, trid);
  if (c.lists & (bit == al ? bl : al)) return error(219, trid);
  c.lists |= bit;
  c.pending = false;  // accepting or refusing someone who added me
  send_line(fmt::format("ADC {} {} N={}", trid, list, email));
  notify_visibility(*me, email);
}

void NsSession::add_to_fl(Account& me, const ClientCommand& cmd, const std::string& email) {
  const auto trid = cmd.arg(1);
  ContactEntry& c = backend_.directory().touch_contact(me, email);
  if (c.lists & fl) return error(215, trid);
  c.lists |= fl;
  send_line(fmt::format("ADC {} FL N={} C={}", trid, email, c.guid));
  Account* other = backend_.directory().find(email);
  ContactEntry& back = backend_.directory().touch_contact(*other, me.email);
  const bool was_rl = back.lists & rl;
  back.lists |= rl;
  if (!was_rl) {
    NsSession* s = backend_.session(email);
    if (s != nullptr)  // ESC on_added_me: ADC 0 RL N=.. F=..
      s->send_line(fmt::format("ADC 0 RL N={} F={}", me.email, url_encode(me.friendly)));
    else if (!(back.lists & (al | bl)))
      back.pending = true;  // shown as PL at the next SYN
  }
  if (iln_sent_ && other->presence.visible() && Directory::allows(*other, me.email))
    transport_->send(backend_.presence_lines(*other, trid));
}

void NsSession::on_rem(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto list = cmd.arg(2);
  const unsigned bit = list_bit(list);
  if (bit == 0 || bit == rl || bit == pl) {
    transport_->abort();
    return;
  }
  Account* me = account();
  if (bit == fl) {
    const auto guid = cmd.arg(3);
    if (!is_guid(guid)) return error(403, trid);
    ContactEntry* c = me->contact_by_guid(guid);
    if (c == nullptr || !(c->lists & fl)) return error(216, trid);
    if (!cmd.arg(4).empty()) {
      auto it = std::find(c->groups.begin(), c->groups.end(), cmd.arg(4));
      if (it == c->groups.end()) return error(225, trid);
      c->groups.erase(it);
      return send_line(fmt::format("REM {} FL {} {}", trid, guid, cmd.arg(4)));
    }
    c->lists &= ~static_cast<unsigned>(fl);
    c->groups.clear();
    send_line(fmt::format("REM {} FL {}", trid, guid));
    if (Account* other = backend_.directory().find(c->email)) {
      if (ContactEntry* back = other->contact(me->email)) {
        back->lists &= ~static_cast<unsigned>(rl);
        back->pending = false;
      }
      if (NsSession* s = backend_.session(other->email)) s->send_line("REM 0 RL " + me->email);
    }
    return;
  }
  const auto email = to_lower(cmd.arg(3));
  ContactEntry* c = me->contact(email);
  if (c == nullptr || !(c->lists & bit)) return error(216, trid);
  c->lists &= ~bit;
  send_line(fmt::format("REM {} {} {}", trid, list, email));
  notify_visibility(*me, email);
}

void NsSession::on_adg(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto name = url_decode(cmd.arg(2));
  Account* me = account();
  if (name.empty() || url_encode(name).size() > 61) return error(229, trid);
  if (std::any_of(me->groups.begin(), me->groups.end(), [&](const Group& g) { return g.name == name; }))
    return error(228, trid);
  if (me->groups.size() >= max_groups) return error(223, trid);
  me->groups.push_back(Group{name, backend_.directory().new_guid()});
  send_line(fmt::format("ADG {} {} {} 0", trid, url_encode(name), me->groups.back().guid));
}

void NsSession::on_rmg(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto guid = cmd.arg(2);
  Account* me = account();
  if (me->group(guid) == nullptr) return error(224, trid);
  me->groups.erase(std::remove_if(me->groups.begin(), me->groups.end(), [&](const Group& g) { return g.guid == guid; }),
                   me->groups.end());
  for (auto& [email, c] : me->contacts) c.groups.erase(std::remove(c.groups.begin(), c.groups.end(), guid), c.groups.end());
  send_line(fmt::format("RMG {} 1 {}", trid, guid));
}

void NsSession::on_reg(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  Group* g = account()->group(cmd.arg(2));
  if (g == nullptr) return error(224, trid);
  const auto name = url_decode(cmd.arg(3));
  if (name.empty() || url_encode(name).size() > 61) return error(229, trid);
  g->name = name;
  send_line(fmt::format("REG {} 1 {} {} 0", trid, url_encode(name), g->guid));
}

void NsSession::on_sbp(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  ContactEntry* c = account()->contact_by_guid(cmd.arg(2));
  if (c == nullptr) return error(208, trid);
  if (cmd.arg(3) == "MFN") c->nickname = url_decode(cmd.arg(4));
  send_line(fmt::format("SBP {} {} {} {}", trid, cmd.arg(2), cmd.arg(3), cmd.arg(4)));
}

void NsSession::on_prp(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  Account* me = account();
  if (cmd.arg(2) != "MFN") return send_line(fmt::format("PRP {} {} {}", trid, cmd.arg(2), cmd.arg(3)));
  const auto name = url_decode(cmd.arg(3));
  if (name.empty() || url_encode(name).size() > 387) return error(209, trid);
  me->friendly = name;
  send_line(fmt::format("PRP {} MFN {}", trid, url_encode(name)));
  if (iln_sent_ && me->presence.visible()) backend_.publish_presence(*me, PresenceChange::status);
}

void NsSession::on_blp_gtc(const ClientCommand& cmd) {
  const auto trid = cmd.arg(1);
  const auto value = cmd.arg(2);
  const bool blp = cmd.name() == "BLP";
  if (blp ? (value != "AL" && value != "BL") : (value != "A" && value != "N")) {
    transport_->abort();
    return;
  }
  Account* me = account();
  std::string& setting = blp ? me->blp : me->gtc;
  if (setting == value) return error(218, trid);
  setting = value;
  send_line(fmt::format("{} {} {}", cmd.name(), trid, value));
  if (blp)
    for (const auto& [email, c] : me->contacts)
      if (c.lists & rl) notify_visibility(*me, email);
}

void NsSession::notify_visibility(Account& me, const std::string& other) {
  if (!iln_sent_) return;
  backend_.notify_watcher(me, other, PresenceChange::online);
}

}  // namespace msnp_server
