#pragma once
// XML namespaces the component speaks. constexpr views, not #defines (DESIGN.md section 3).
#include <string_view>

namespace xmpp::ns {

constexpr std::string_view component = "jabber:component:accept";        // XEP-0114
constexpr std::string_view stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";  // RFC 6120 8.3
constexpr std::string_view disco_info = "http://jabber.org/protocol/disco#info";    // XEP-0030
constexpr std::string_view disco_items = "http://jabber.org/protocol/disco#items";  // XEP-0030
constexpr std::string_view caps = "http://jabber.org/protocol/caps";      // XEP-0115
constexpr std::string_view register_ = "jabber:iq:register";              // XEP-0077
constexpr std::string_view data_forms = "jabber:x:data";                  // XEP-0004
constexpr std::string_view gateway = "jabber:iq:gateway";                 // XEP-0100
constexpr std::string_view version = "jabber:iq:version";                 // XEP-0092
constexpr std::string_view ping = "urn:xmpp:ping";                        // XEP-0199
constexpr std::string_view commands = "http://jabber.org/protocol/commands";  // XEP-0050
constexpr std::string_view chatstates = "http://jabber.org/protocol/chatstates";  // XEP-0085

}  // namespace xmpp::ns
