#pragma once
// RFC 6120 section 8.3 stanza errors. Every iq get/set we receive gets exactly one answer
// (8.2.3); error stanzas are never answered with errors (8.3.1), which is why replies are
// built through these helpers and not by hand.
#include <optional>
#include <string_view>

#include "xmpp/stanza.hpp"

namespace xmpp {

enum class Condition {
  bad_request,
  conflict,
  feature_not_implemented,
  forbidden,
  gone,
  internal_server_error,
  item_not_found,
  jid_malformed,
  not_acceptable,
  not_allowed,
  not_authorized,
  policy_violation,
  recipient_unavailable,
  redirect,
  registration_required,
  remote_server_not_found,
  remote_server_timeout,
  resource_constraint,
  service_unavailable,
  subscription_required,
  undefined_condition,
  unexpected_request,
};

enum class ErrorType { auth, cancel, continue_, modify, wait };

std::string_view condition_name(Condition c);
std::optional<Condition> parse_condition(std::string_view name);
std::string_view error_type_name(ErrorType t);
// The type RFC 6120 8.3.3 gives each condition in its definition.
ErrorType default_error_type(Condition c);

// An answer addressed back to the sender, from the address the request was sent to (a
// component must stamp 'from' itself: XMPP.md). Keeps name and id.
Stanza make_reply(const Stanza& request);
// iq type='result' with no payload.
Stanza make_result(const Stanza& iq);
// type='error' with <error type=…><condition xmlns=stanzas/>[<text/>]</error>. For an iq the
// request payload is echoed first (RFC 6120 8.3.1 allows it; clients match on it).
Stanza make_error(const Stanza& request, Condition c, std::string_view text = {});
Stanza make_error(const Stanza& request, Condition c, ErrorType t, std::string_view text);

// make_error, plus the <body/> of a message, so the sender sees which message failed (what a
// bounce of an undeliverable message carries; RFC 6120 8.3.1 allows the original content).
Stanza make_bounce(const Stanza& original, Condition c, std::string_view text = {});
Stanza make_bounce(const Stanza& original, Condition c, ErrorType t, std::string_view text);

// The defined condition of an error stanza, if it carries one we know.
std::optional<Condition> error_condition(const Stanza& s);

// False for type='error' stanzas (never answered) and iq results.
bool may_answer_with_error(const Stanza& s);

}  // namespace xmpp
