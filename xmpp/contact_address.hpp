#pragma once
// The address mapping pair between Messenger addresses (Passports, e-mail shaped) and the JIDs
// of contacts under the component domain (Slidge's legacy id <-> JID local part):
//   primary:  bob@example.com  <->  bob%example.com@msn.example.org   (what we emit)
//   accepted: bob\40example.com@msn.example.org                      (XEP-0106, what clients
//             that escape typed addresses send)
// Anything else under the component domain is not a contact: callers answer jid-malformed.
#include <optional>
#include <string>
#include <string_view>

#include "xmpp/jid.hpp"

namespace xmpp {

// Lower-cased Passport when `address` is a plausible MSN address: one '@', a local part of
// [a-z0-9._+-] not starting or ending with '.', a domain of at least two [a-z0-9-] labels.
std::optional<std::string> normalize_passport(std::string_view address);

// bob@example.com -> bob%example.com@<component_domain>; nullopt for an invalid Passport.
std::optional<Jid> contact_jid(std::string_view passport, std::string_view component_domain);

// The Passport a contact JID's local part stands for, from either form; nullopt otherwise.
std::optional<std::string> passport_from_local(std::string_view local);

}  // namespace xmpp
