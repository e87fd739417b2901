#include "xmpp/errors.hpp"

#include <array>
#include <utility>

#include "xmpp/ns.hpp"

namespace xmpp {

namespace {

struct Entry {
  Condition condition;
  std::string_view name;
  ErrorType type;
};

// RFC 6120 8.3.3.1 - 8.3.3.22, with the error type used in each definition's example.
constexpr std::array<Entry, 22> table{{
    {Condition::bad_request, "bad-request", ErrorType::modify},
    {Condition::conflict, "conflict", ErrorType::cancel},
    {Condition::feature_not_implemented, "feature-not-implemented", ErrorType::cancel},
    {Condition::forbidden, "forbidden", ErrorType::auth},
    {Condition::gone, "gone", ErrorType::cancel},
    {Condition::internal_server_error, "internal-server-error", ErrorType::cancel},
    {Condition::item_not_found, "item-not-found", ErrorType::cancel},
    {Condition::jid_malformed, "jid-malformed", ErrorType::modify},
    {Condition::not_acceptable, "not-acceptable", ErrorType::modify},
    {Condition::not_allowed, "not-allowed", ErrorType::cancel},
    {Condition::not_authorized, "not-authorized", ErrorType::auth},
    {Condition::policy_violation, "policy-violation", ErrorType::modify},
    {Condition::recipient_unavailable, "recipient-unavailable", ErrorType::wait},
    {Condition::redirect, "redirect", ErrorType::modify},
    {Condition::registration_required, "registration-required", ErrorType::auth},
    {Condition::remote_server_not_found, "remote-server-not-found", ErrorType::cancel},
    {Condition::remote_server_timeout, "remote-server-timeout", ErrorType::wait},
    {Condition::resource_constraint, "resource-constraint", ErrorType::wait},
    {Condition::service_unavailable, "service-unavailable", ErrorType::cancel},
    {Condition::subscription_required, "subscription-required", ErrorType::auth},
    {Condition::undefined_condition, "undefined-condition", ErrorType::cancel},
    {Condition::unexpected_request, "unexpected-request", ErrorType::wait},
}};

const Entry& entry(Condition c) {
  for (const auto& e : table)
    if (e.condition == c) return e;
  return table[20];  // undefined-condition; unreachable while the table covers the enum
}

}  // namespace

std::string_view condition_name(Condition c) { return entry(c).name; }
ErrorType default_error_type(Condition c) { return entry(c).type; }

std::optional<Condition> parse_condition(std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return e.condition;
  return std::nullopt;
}

std::string_view error_type_name(ErrorType t) {
  switch (t) {
    case ErrorType::auth: return "auth";
    case ErrorType::cancel: return "cancel";
    case ErrorType::continue_: return "continue";
    case ErrorType::modify: return "modify";
    case ErrorType::wait: return "wait";
  }
  return "cancel";
}

Stanza make_reply(const Stanza& request) {
  Stanza r{request.name()};
  if (!request.id().empty()) r.set_attr("id", request.id());
  if (!request.to().empty()) r.set_attr("from", request.to());
  if (!request.from().empty()) r.set_attr("to", request.from());
  return r;
}

Stanza make_result(const Stanza& iq) {
  Stanza r = make_reply(iq);
  r.set_attr("type", "result");
  return r;
}

Stanza make_error(const Stanza& request, Condition c, std::string_view text) {
  return make_error(request, c, default_error_type(c), text);
}

Stanza make_error(const Stanza& request, Condition c, ErrorType t, std::string_view text) {
  Stanza r = make_reply(request);
  r.set_attr("type", "error");
  if (request.name() == "iq")
    if (const Stanza* payload = request.first_child()) r.add(*payload);
  Stanza& e = r.add("error");
  e.set_attr("type", error_type_name(t));
  e.add(condition_name(c), ns::stanzas);
  if (!text.empty()) e.add("text", ns::stanzas).set_text(text);
  return r;
}

Stanza make_bounce(const Stanza& original, Condition c, std::string_view text) {
  return make_bounce(original, c, default_error_type(c), text);
}

Stanza make_bounce(const Stanza& original, Condition c, ErrorType t, std::string_view text) {
  Stanza e = make_error(original, c, t, text);
  const Stanza* body = original.name() == "message" ? original.child("body") : nullptr;
  if (!body) return e;
  // The body goes before <error/>, as the original payload would (RFC 6120 8.3.1).
  Stanza with_body{"message"};
  for (const auto& [k, v] : e.attrs()) with_body.set_attr(k, v);
  with_body.add(*body);
  for (const auto& child : e.children()) with_body.add(child);
  return with_body;
}

std::optional<Condition> error_condition(const Stanza& s) {
  const Stanza* e = s.child("error");
  if (!e) return std::nullopt;
  for (const auto& c : e->children())
    if (e->child_ns(c) == ns::stanzas && c.name() != "text")
      if (auto cond = parse_condition(c.name())) return cond;
  return std::nullopt;
}

bool may_answer_with_error(const Stanza& s) {
  const auto type = s.type();
  if (type == "error") return false;
  if (s.name() == "iq" && type == "result") return false;
  return true;
}

}  // namespace xmpp
