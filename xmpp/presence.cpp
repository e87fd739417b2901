#include "xmpp/presence.hpp"

#include <array>
#include <utility>

namespace xmpp {

namespace {
constexpr std::array<std::pair<PresenceKind, std::string_view>, 8> names{{
    {PresenceKind::available, ""},
    {PresenceKind::unavailable, "unavailable"},
    {PresenceKind::probe, "probe"},
    {PresenceKind::subscribe, "subscribe"},
    {PresenceKind::subscribed, "subscribed"},
    {PresenceKind::unsubscribe, "unsubscribe"},
    {PresenceKind::unsubscribed, "unsubscribed"},
    {PresenceKind::error, "error"},
}};
}  // namespace

std::optional<PresenceKind> presence_kind(const Stanza& presence) {
  for (const auto& [k, n] : names)
    if (presence.type() == n) return k;
  return std::nullopt;
}

std::string_view presence_type_name(PresenceKind k) {
  for (const auto& [kind, n] : names)
    if (kind == k) return n;
  return "";
}

Stanza make_presence(std::string_view from, std::string_view to, PresenceKind kind) {
  Stanza p{"presence"};
  if (!from.empty()) p.set_attr("from", from);
  if (!to.empty()) p.set_attr("to", to);
  if (kind != PresenceKind::available) p.set_attr("type", presence_type_name(kind));
  return p;
}

}  // namespace xmpp
