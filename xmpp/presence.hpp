#pragma once
// RFC 6121 presence types as an enum, and the presence stanzas the component emits.
#include <optional>
#include <string_view>

#include "xmpp/stanza.hpp"

namespace xmpp {

enum class PresenceKind { available, unavailable, probe, subscribe, subscribed, unsubscribe, unsubscribed, error };

// nullopt for a type RFC 6121 does not define (such stanzas are dropped, 4.7.1).
std::optional<PresenceKind> presence_kind(const Stanza& presence);
std::string_view presence_type_name(PresenceKind k);  // "" for available

Stanza make_presence(std::string_view from, std::string_view to, PresenceKind kind);

}  // namespace xmpp
