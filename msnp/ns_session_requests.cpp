// NsSession: requests the gateway makes once logged in (MSNP.md 4.3 list changes,
// 5.2 CHG, 5.5 UUX, 5.6 PRP/SBP, 6.1 XFR SB, 1.8 OUT). Each remembers what it
// asked under its trid so that a numeric error becomes a RequestFailed naming it.
#include "msnp/codec.hpp"
#include "msnp/ns_session.hpp"
#include "msnp/url_encoding.hpp"

namespace msnp {
namespace {
constexpr std::size_t max_pending = 256;  // replies normally come; never grow without bound
}

std::string NsSession::request(std::string_view name, std::vector<std::string> args,
                               const Pending& what, std::optional<std::string> payload) {
  const auto trid = next_trid().value;
  pending_[trid] = what;
  if (pending_.size() > max_pending) pending_.erase(pending_.begin());  // the oldest
  args.insert(args.begin(), std::to_string(trid));
  return encode(Command{std::string(name), std::move(args), std::move(payload)});
}

NsOutputs NsSession::not_logged_in(RequestKind kind, std::string_view subject) {
  return {RequestFailed{kind, std::string(subject), std::nullopt, 0, 302, "not logged in"}};
}

NsOutputs NsSession::add_contact(const Passport& who, std::string_view friendly) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::add_to_list, who.str());
  const auto name = url_encode(friendly.empty() ? std::string_view(who.str()) : friendly);
  return {Send{request("ADC", {"FL", "N=" + who.str(), "F=" + name},
                       {RequestKind::add_to_list, who.str(), List::forward, 0})},
          Send{request("ADC", {"AL", "N=" + who.str()}, {RequestKind::add_to_list, who.str(), List::allow, 0})}};
}

NsOutputs NsSession::remove_contact(const Passport& who, std::optional<Guid> guid) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::remove_from_list, who.str());
  NsOutputs out = remove_from_list(List::forward, who, guid);
  auto al = remove_from_list(List::allow, who);
  out.insert(out.end(), al.begin(), al.end());
  return out;
}

NsOutputs NsSession::add_to_list(List list, const Passport& who) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::add_to_list, who.str());
  if (list == List::reverse || list == List::pending) {
    // RL/PL are read-only for clients (MSNP.md 4.1).
    return {RequestFailed{RequestKind::add_to_list, who.str(), list, 0, 201, "list is read-only"}};
  }
  std::vector<std::string> args{std::string(list_code(list)), "N=" + who.str()};
  if (list == List::forward) args.push_back("F=" + url_encode(who.str()));
  return {Send{request("ADC", std::move(args), {RequestKind::add_to_list, who.str(), list, 0})}};
}

NsOutputs NsSession::remove_from_list(List list, const Passport& who, std::optional<Guid> guid) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::remove_from_list, who.str());
  if (list == List::reverse || list == List::pending) {
    return {RequestFailed{RequestKind::remove_from_list, who.str(), list, 0, 201, "list is read-only"}};
  }
  std::string id = who.str();
  if (list == List::forward) {
    // MSNP10+ name FL contacts by their GUID (MSNP.md 4.3).
    if (!guid) return {RequestFailed{RequestKind::remove_from_list, who.str(), list, 0, 216, "not on list"}};
    id = guid->str();
  }
  return {Send{request("REM", {std::string(list_code(list)), id},
                       {RequestKind::remove_from_list, who.str(), list, 0})}};
}

NsOutputs NsSession::block(const Passport& who) {
  NsOutputs out = remove_from_list(List::allow, who);
  auto add = add_to_list(List::block, who);
  out.insert(out.end(), add.begin(), add.end());
  return out;
}

NsOutputs NsSession::unblock(const Passport& who) {
  NsOutputs out = remove_from_list(List::block, who);
  auto add = add_to_list(List::allow, who);
  out.insert(out.end(), add.begin(), add.end());
  return out;
}

NsOutputs NsSession::add_group(std::string_view name) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::add_group, name);
  return {Send{request("ADG", {url_encode(name)}, {RequestKind::add_group, std::string(name), std::nullopt, 0})}};
}

NsOutputs NsSession::remove_group(std::string_view guid) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::remove_group, guid);
  return {Send{request("RMG", {std::string(guid)}, {RequestKind::remove_group, std::string(guid), std::nullopt, 0})}};
}

NsOutputs NsSession::rename_group(std::string_view guid, std::string_view name) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::rename_group, guid);
  return {Send{request("REG", {std::string(guid), url_encode(name)},
                       {RequestKind::rename_group, std::string(guid), std::nullopt, 0})}};
}

NsOutputs NsSession::add_contact_to_group(const Passport& who, std::optional<Guid> guid, std::string_view group_guid) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::add_to_group, who.str());
  if (!guid) return {RequestFailed{RequestKind::add_to_group, who.str(), List::forward, 0, 216, "not on list"}};
  return {Send{request("ADC", {"FL", "C=" + guid->str(), std::string(group_guid)},
                       {RequestKind::add_to_group, who.str(), List::forward, 0})}};
}

NsOutputs NsSession::set_presence(Status status, std::string_view msnobject) {
  const auto code = std::string(status_code(status));
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_presence, code);
  if (status == Status::offline) {
    // `CHG t FLN` is answered with 201 (MSNP.md 5.1): going offline is logout().
    return {RequestFailed{RequestKind::set_presence, code, std::nullopt, 0, 201, "use logout() to go offline"}};
  }
  const Pending what{RequestKind::set_presence, code, std::nullopt, 0};
  if (status == Status::hidden) {
    // Nobody sees a hidden user, so no capabilities or object are advertised.
    return {Send{request("CHG", {code, "0"}, what)}};
  }
  std::vector<std::string> args{code, std::to_string(config_.capabilities)};
  if (traits(*dialect_).chg_sends_msnobj_field) args.push_back(msnobject.empty() ? "0" : url_encode(msnobject));
  return {Send{request("CHG", std::move(args), what)}};
}

NsOutputs NsSession::set_personal_message(const PersonalMessageData& data) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_personal_message, data.psm);
  if (!traits(*dialect_).has_personal_message) {
    return {RequestFailed{RequestKind::set_personal_message, data.psm, std::nullopt, 0, 502, "not in this dialect"}};
  }
  return {Send{request("UUX", {}, {RequestKind::set_personal_message, data.psm, std::nullopt, 0},
                       build_uux_payload(data))}};
}

NsOutputs NsSession::set_friendly_name(std::string_view name) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_friendly_name, name);
  return {Send{request("PRP", {"MFN", url_encode(name)},
                       {RequestKind::set_friendly_name, std::string(name), std::nullopt, 0})}};
}

NsOutputs NsSession::set_contact_nickname(const Passport& who, std::optional<Guid> guid, std::string_view name) {
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_contact_nickname, who.str());
  if (!guid) return {RequestFailed{RequestKind::set_contact_nickname, who.str(), List::forward, 0, 216, "not on list"}};
  return {Send{request("SBP", {guid->str(), "MFN", url_encode(name)},
                       {RequestKind::set_contact_nickname, who.str(), std::nullopt, 0})}};
}

NsOutputs NsSession::set_privacy(bool allow_unlisted) {
  const std::string mode = allow_unlisted ? "AL" : "BL";
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_privacy, mode);
  return {Send{request("BLP", {mode}, {RequestKind::set_privacy, mode, std::nullopt, 0})}};
}

NsOutputs NsSession::set_add_prompt(bool prompt) {
  const std::string mode = prompt ? "A" : "N";
  if (state_ != State::logged_in) return not_logged_in(RequestKind::set_add_prompt, mode);
  return {Send{request("GTC", {mode}, {RequestKind::set_add_prompt, mode, std::nullopt, 0})}};
}

NsOutputs NsSession::request_switchboard(std::uint64_t tag) {
  if (state_ != State::logged_in) {
    return {RequestFailed{RequestKind::switchboard, {}, std::nullopt, tag, 302, "not logged in"}};
  }
  return {Send{request("XFR", {"SB"}, {RequestKind::switchboard, {}, std::nullopt, tag})}};
}

NsOutputs NsSession::logout() {
  if (state_ == State::closed || state_ == State::idle) return {};
  NsOutputs out{Send{"OUT\r\n"}};  // OUT has no trid (MSNP.md 1.8)
  auto last = close_with(Disconnected{DisconnectReason::logged_out, 0});
  out.insert(out.end(), last.begin(), last.end());
  return out;
}

}  // namespace msnp
