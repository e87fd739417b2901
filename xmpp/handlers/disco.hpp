#pragma once
// XEP-0030 service discovery on the gateway JID and on contact JIDs, XEP-0115 entity
// capabilities for the gateway's presence, and the XEP-0050 command list (a disco#items node)
// with its commands' disco#info.
#include <string>

#include "xmpp/disco_info.hpp"
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp::handlers {

// identity gateway/msn (XEP-0100 section 5, registered category "gateway", type "msn").
DiscoInfo gateway_disco_info(const ServiceSettings& s);
// A Messenger contact: identity client/pc.
DiscoInfo contact_disco_info();

// <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node=… ver=…/>
Stanza caps_element(const ServiceSettings& s);

// Answers to an iq get whose payload is disco#info / disco#items; `passport` is the contact
// addressed ("" for the gateway JID). Unknown nodes get item-not-found.
Stanza answer_disco_info(const Stanza& iq, const std::string& passport, const ServiceSettings& s);
Stanza answer_disco_items(const Stanza& iq, const std::string& passport, const ServiceSettings& s);

}  // namespace xmpp::handlers
