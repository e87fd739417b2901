// NsSession: server lines after login. Contact list (MSNP.md 4.3: SYN/LST/LSG/BPR,
// ADC/REM, ADG/RMG/REG, SBP, BLP/GTC, PRP MFN) and presence (5.2-5.5: CHG echo,
// ILN/NLN/FLN, UBX), plus switchboard grants (XFR SB) and invitations (RNG).
#include <algorithm>

#include "msnp/codec.hpp"
#include "msnp/host_port.hpp"
#include "msnp/message.hpp"
#include "msnp/ns_session.hpp"
#include "msnp/url_encoding.hpp"

namespace msnp {
namespace {

// `N=bob@x.com`-style fields of LST/ADC, in any order (PEC sync.c lst_cmd).
std::optional<std::string_view> field(const Command& cmd, std::string_view prefix) {
  for (const auto& a : cmd.args) {
    if (std::string_view(a).substr(0, prefix.size()) == prefix) return std::string_view(a).substr(prefix.size());
  }
  return std::nullopt;
}

bool is_field(std::string_view a) {
  return a.size() >= 2 && a[1] == '=' && (a[0] == 'N' || a[0] == 'F' || a[0] == 'C');
}

std::string msnobject_of(std::string_view raw) {
  // "0"/"1"/absent mean "no object" (PAP ignores both values).
  if (raw.empty() || raw == "0" || raw == "1") return {};
  return url_decode(raw);
}

}  // namespace

std::optional<NsSession::Pending> NsSession::take_pending(std::optional<TrId> trid) {
  if (!trid) return std::nullopt;
  auto it = pending_.find(trid->value);
  if (it == pending_.end()) return std::nullopt;
  auto p = it->second;
  pending_.erase(it);
  return p;
}

std::optional<Passport> NsSession::parse_handle(std::string_view handle) const {
  if (dialect_ && traits(*dialect_).handles_have_network_prefix) {
    if (auto colon = handle.find(':'); colon != std::string_view::npos) handle.remove_prefix(colon + 1);
  }
  return Passport::parse(handle);
}

void NsSession::check_sync_complete(NsOutputs& out) {
  if (syncing_ && got_contacts_ >= expect_contacts_ && got_groups_ >= expect_groups_) {
    syncing_ = false;
    out.push_back(ListSynced{got_contacts_, got_groups_});
  }
}

NsOutputs NsSession::on_list_command(const Command& cmd) {
  NsOutputs out;
  const auto& name = cmd.name;
  if (name == "SYN") {
    take_pending(cmd.trid());
    // `SYN t ts1 ts2 contacts groups`; a shorter reply means "nothing changed".
    expect_contacts_ = cmd.args.size() >= 5 ? parse_u32(cmd.arg(3)).value_or(0) : 0;
    expect_groups_ = cmd.args.size() >= 5 ? parse_u32(cmd.arg(4)).value_or(0) : 0;
    got_contacts_ = got_groups_ = 0;
    syncing_ = true;
    check_sync_complete(out);
  } else if (name == "GTC") {
    take_pending(cmd.trid());
    if (!cmd.args.empty()) out.push_back(AddPrompt{cmd.args.back() == "A"});
  } else if (name == "BLP") {
    take_pending(cmd.trid());
    if (!cmd.args.empty()) out.push_back(PrivacyMode{cmd.args.back() == "AL"});
  } else if (name == "PRP") {
    take_pending(cmd.trid());
    auto mfn = std::find(cmd.args.begin(), cmd.args.end(), "MFN");
    if (mfn != cmd.args.end() && mfn + 1 != cmd.args.end()) out.push_back(OwnNameChanged{url_decode(*(mfn + 1))});
  } else if (name == "LSG") {
    // MSNP10-12: `LSG name guid` (no trid during SYN).
    if (cmd.args.size() >= 2) out.push_back(GroupListed{url_decode(cmd.arg(0)), std::string(cmd.arg(1))});
    ++got_groups_;
    check_sync_complete(out);
  } else if (name == "LST") {
    ++got_contacts_;
    last_listed_.reset();
    if (auto who = parse_handle(field(cmd, "N=").value_or(""))) {
      ContactListed c{*who, url_decode(field(cmd, "F=").value_or("")),
                      std::string(field(cmd, "C=").value_or("")), {}, {}};
      bool have_bits = false;
      for (const auto& a : cmd.args) {
        if (is_field(a)) continue;
        if (!have_bits) {
          c.lists.bits = static_cast<std::uint8_t>(parse_u32(a).value_or(0) & 0x1F);
          have_bits = true;
        } else if (!parse_u32(a)) {  // the MSNP12 type field is numeric; groups are GUIDs
          std::string_view g = a;
          while (!g.empty()) {
            const auto comma = g.find(',');
            if (comma != 0) c.groups.emplace_back(g.substr(0, comma));
            g = comma == std::string_view::npos ? std::string_view() : g.substr(comma + 1);
          }
        }
      }
      last_listed_ = *who;
      out.push_back(std::move(c));
    }
    check_sync_complete(out);
  } else if (name == "BPR") {
    if (last_listed_ && cmd.args.size() >= 2) {
      out.push_back(ContactPhone{*last_listed_, std::string(cmd.arg(0)), url_decode(cmd.arg(1))});
    }
  } else if (name == "ADC" || name == "REM") {
    const auto trid = cmd.trid();
    const bool unsolicited = trid && trid->value == 0;
    const auto asked = take_pending(trid);
    // A reply to our own request by GUID names the contact we asked about. Pushes by GUID
    // leave the Passport to the caller, which keeps the contact list (NsSession keeps no
    // per-contact state: it would live as long as every idle session, issue 6).
    const auto asked_about = [&]() -> std::optional<Passport> {
      if (!asked || (asked->kind != RequestKind::remove_from_list && asked->kind != RequestKind::add_to_group)) return std::nullopt;
      return Passport::parse(asked->subject);
    };
    const auto list = parse_list(cmd.arg(1));
    if (!list) return out;
    std::string group;
    if (cmd.args.size() > 3 && !is_field(cmd.args.back())) group = cmd.args.back();
    if (name == "ADC") {
      ContactAdded a{*list, parse_handle(field(cmd, "N=").value_or("")),
                     url_decode(field(cmd, "F=").value_or("")),
                     std::string(field(cmd, "C=").value_or("")), group, unsolicited};
      if (!a.passport && !a.guid.empty()) a.passport = asked_about();
      if (a.passport || !a.guid.empty()) out.push_back(std::move(a));
    } else {
      ContactRemoved r{*list, std::nullopt, {}, group, unsolicited};
      const auto id = cmd.arg(2);
      if (*list == List::forward && Guid::parse(id)) {
        r.guid = std::string(id);
        r.passport = asked_about();
      } else {
        r.passport = parse_handle(id);
      }
      if (r.passport || !r.guid.empty()) out.push_back(std::move(r));
    }
  } else if (name == "ADG") {
    take_pending(cmd.trid());
    if (cmd.args.size() >= 3) out.push_back(GroupAdded{url_decode(cmd.arg(1)), std::string(cmd.arg(2))});
  } else if (name == "RMG") {
    take_pending(cmd.trid());
    // Official `RMG t guid`; Escargot `RMG t 1 guid` (MSNP.md 10.4): the GUID is last.
    if (cmd.args.size() >= 2) out.push_back(GroupRemoved{cmd.args.back()});
  } else if (name == "REG") {
    take_pending(cmd.trid());
    // Official `REG t guid name`; Escargot `REG t 1 name guid 0`.
    GroupRenamed r;
    for (std::size_t i = 1; i < cmd.args.size(); ++i) {
      if (Guid::parse(cmd.args[i])) r.guid = cmd.args[i];
      else if (!parse_u32(cmd.args[i])) r.name = url_decode(cmd.args[i]);
    }
    if (!r.guid.empty()) out.push_back(std::move(r));
  } else if (name == "SBP") {
    take_pending(cmd.trid());
    if (cmd.args.size() >= 4 && cmd.arg(2) == "MFN") {
      out.push_back(ContactRenamed{std::string(cmd.arg(1)), url_decode(cmd.arg(3))});
    }
  }
  return out;
}

NsOutputs NsSession::on_presence_command(const Command& cmd) {
  NsOutputs out;
  const auto& name = cmd.name;
  if (name == "CHG") {
    take_pending(cmd.trid());
    if (auto st = parse_status(cmd.arg(1))) out.push_back(OwnPresenceChanged{*st});
  } else if (name == "ILN" || name == "NLN") {
    // ILN t st handle friendly caps {obj} / NLN st handle friendly caps {obj}
    // (MSNP9-13 layout, MSNP.md 5.4); missing trailing fields are absent.
    const std::size_t base = name == "ILN" ? 1 : 0;
    const auto st = parse_status(cmd.arg(base));
    const auto who = parse_handle(cmd.arg(base + 1));
    if (st && who) {
      out.push_back(ContactPresence{*who, *st, url_decode(cmd.arg(base + 2)),
                                    parse_u32(cmd.arg(base + 3).substr(0, cmd.arg(base + 3).find(':'))).value_or(0),
                                    msnobject_of(cmd.arg(base + 4)), name == "ILN"});
    }
  } else if (name == "FLN") {
    if (auto who = parse_handle(cmd.arg(0))) {
      out.push_back(ContactPresence{*who, Status::offline, {}, 0, {}, false});
    }
  } else if (name == "UBX") {
    if (auto who = parse_handle(cmd.arg(0))) {
      const auto d = parse_ubx_payload(cmd.payload.value_or(""));
      out.push_back(PersonalMessage{*who, d.psm, d.current_media});
    }
  } else if (name == "UUX") {
    take_pending(cmd.trid());
  } else if (name == "XFR") {
    // XFR t SB host:port CKI cookie {U host 1} (MSNP.md 6.1)
    const auto pending = take_pending(cmd.trid());
    if (cmd.arg(1) != "SB") return out;
    const std::uint64_t tag = pending ? pending->tag : 0;
    const auto hp = parse_host_port(cmd.arg(2));
    if (hp && cmd.arg(3) == "CKI" && !cmd.arg(4).empty()) {
      out.push_back(SwitchboardGranted{tag, hp->host, hp->port, std::string(cmd.arg(4))});
    } else {
      out.push_back(RequestFailed{RequestKind::switchboard, {}, std::nullopt, tag, 0, "malformed XFR SB reply"});
    }
  } else if (name == "MSG" && cmd.arg(0) == "Hotmail" && cmd.payload) {
    // Profile and mail notifications are not needed; the maintenance warning is.
    const auto m = parse_mime(*cmd.payload);
    if (m.content_type() == "application/x-msmsgssystemmessage") {
      const auto body = parse_mime(m.body);
      if (body.header("Type") == "1") {
        out.push_back(ServerMaintenance{static_cast<int>(parse_u32(body.header("Arg1").value_or("")).value_or(0))});
      }
    }
  } else if (name == "RNG") {
    // RNG sid host:port CKI cookie inviter name {extras} (MSNP.md 6.2)
    const auto hp = parse_host_port(cmd.arg(1));
    const auto who = parse_handle(cmd.arg(4));
    if (hp && who && cmd.arg(2) == "CKI" && !cmd.arg(3).empty() && !cmd.arg(0).empty()) {
      out.push_back(SwitchboardInvite{std::string(cmd.arg(0)), hp->host, hp->port, std::string(cmd.arg(3)),
                                      *who, url_decode(cmd.arg(5))});
    }
  }
  return out;  // other MSG, SBS, GCF, NOT, QRY and unknown commands are ignored
}

}  // namespace msnp
