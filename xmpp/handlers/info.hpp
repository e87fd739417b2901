#pragma once
// The one-line answers: XEP-0092 software version, XEP-0199 ping, and XEP-0050 execution
// requests (no commands are defined yet, so every node is unknown).
#include "xmpp/service_settings.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp::handlers {

Stanza answer_version(const Stanza& iq, const ServiceSettings& s);
Stanza answer_ping(const Stanza& iq);
Stanza answer_command(const Stanza& iq);

}  // namespace xmpp::handlers
