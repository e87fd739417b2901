#pragma once
// XEP-0100 section 6.3 (jabber:iq:gateway): the prompt for a legacy address and its
// translation into the contact's JID, bob@example.com -> bob%example.com@<gateway>.
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp::handlers {

Stanza answer_gateway(const Stanza& iq, const ServiceSettings& s);

}  // namespace xmpp::handlers
