#include "xmpp/sender_check.hpp"

#include "xmpp/ns.hpp"

namespace xmpp {
namespace {

constexpr std::string_view privilege1 = "urn:xmpp:privilege:1";
constexpr std::string_view privilege2 = "urn:xmpp:privilege:2";

// What a server legitimately sends a component from its own domain JID.
bool server_traffic(const Stanza& s) {
  if (s.name() == "message") return s.child("privilege", privilege2) || s.child("privilege", privilege1);
  if (s.name() != "iq") return false;
  const auto type = s.type();
  if (type == "result" || type == "error") return true;  // answers to our own requests
  if (type != "get" || s.children().size() != 1) return false;
  const Stanza& p = *s.first_child();
  const auto pns = s.child_ns(p);
  return (pns == ns::ping && p.name() == "ping") ||
         (p.name() == "query" && (pns == ns::disco_info || pns == ns::disco_items || pns == ns::version));
}

}  // namespace

SenderVerdict check_sender(const std::optional<Jid>& from, const Stanza& s, const std::string& domain) {
  if (!from || from->domain() == domain) return SenderVerdict::refused;
  if (!from->local().empty()) return SenderVerdict::user;
  if (from->resource().empty() && server_traffic(s)) return SenderVerdict::server;
  return SenderVerdict::refused;
}

}  // namespace xmpp
