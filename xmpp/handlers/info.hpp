#pragma once
// The one-line answers: XEP-0092 software version and XEP-0199 ping.
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp::handlers {

Stanza answer_version(const Stanza& iq, const ServiceSettings& s);
Stanza answer_ping(const Stanza& iq);

}  // namespace xmpp::handlers
