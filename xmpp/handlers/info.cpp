#include "xmpp/handlers/info.hpp"

#include "xmpp/errors.hpp"
#include "xmpp/ns.hpp"

namespace xmpp::handlers {

Stanza answer_version(const Stanza& iq, const ServiceSettings& s) {
  Stanza r = make_result(iq);
  Stanza& q = r.add("query", ns::version);
  q.add("name").set_text("msngate");
  q.add("version").set_text(s.version);
  return r;
}

Stanza answer_ping(const Stanza& iq) { return make_result(iq); }

}  // namespace xmpp::handlers
