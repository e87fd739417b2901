#pragma once
// INTERNAL to xmpp/: include only from xmpp/*.cpp. The one place where libstrophe's
// reference-counted xmpp_stanza_t meets xmpp::Stanza; everything above sees Stanza only.
// Outbound stanzas do not become xmpp_stanza_t: the component serializes them itself
// (Stanza::append_to) and hands libstrophe the bytes.
// libstrophe is not thread-safe (strophe/libstrophe#4): call these on the io thread.
#include <strophe.h>

#include "xmpp/stanza.hpp"

namespace xmpp::detail {

Stanza from_strophe(xmpp_stanza_t* s);

// The process-wide libstrophe context (Stanza::parse and every Component). Created on first
// use and never freed: expat's allocator context is global in libstrophe 0.12, so the first
// context must outlive all others (XMPP.md, "Not thread-safe"). libstrophe's own warnings and
// errors go to gw::log as component "xmpp.strophe"; its debug output (raw wire, which carries
// registration passwords) is dropped.
xmpp_ctx_t* shared_context();

}  // namespace xmpp::detail
