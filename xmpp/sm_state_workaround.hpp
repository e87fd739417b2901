#pragma once
// INTERNAL to xmpp/. libstrophe >= 0.12.0 (0.12.2 in bookworm; still so in 0.14.0) allocates
// conn->sm_state (XEP-0198 bookkeeping) only in xmpp_connect_client(). A component connection
// keeps a NULL state, and the first received stanza, every xmpp_send() and the disconnect
// path dereference it: SIGSEGV (XMPP.md, "Component mode crashes as shipped").
// Workaround with public API only: a throw-away client connection whose sockopt callback
// refuses its socket (no network I/O) fails to connect but allocates a zeroed state; we take
// it and hand it to the component connection. This is the only place that does it.
#include <strophe.h>

namespace xmpp::detail {

// Must be called on a fresh connection before xmpp_connect_component. False if libstrophe
// would not give or take the state (then the connection must not be used).
bool give_component_sm_state(xmpp_ctx_t* ctx, xmpp_conn_t* component);

}  // namespace xmpp::detail
