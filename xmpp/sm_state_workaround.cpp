#include "xmpp/sm_state_workaround.hpp"

namespace xmpp::detail {

namespace {
int refuse_socket(xmpp_conn_t*, void*) { return -1; }
}  // namespace

bool give_component_sm_state(xmpp_ctx_t* ctx, xmpp_conn_t* component) {
  xmpp_conn_t* donor = xmpp_conn_new(ctx);
  if (!donor) return false;
  xmpp_conn_set_jid(donor, "donor@localhost");
  xmpp_conn_set_sockopt_callback(donor, refuse_socket);
  // Fails by design (the socket is refused), after allocating the state.
  (void)xmpp_connect_client(donor, "127.0.0.1", 1, nullptr, nullptr);
  xmpp_sm_state_t* state = xmpp_conn_get_sm_state(donor);  // ownership moves to us
  xmpp_conn_release(donor);
  if (!state) return false;
  if (xmpp_conn_set_sm_state(component, state) != XMPP_EOK) {
    xmpp_free_sm_state(state);
    return false;
  }
  return true;
}

}  // namespace xmpp::detail
