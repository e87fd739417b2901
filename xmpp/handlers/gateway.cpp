#include "xmpp/handlers/gateway.hpp"

#include "xmpp/contact_address.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/ns.hpp"

namespace xmpp::handlers {

Stanza answer_gateway(const Stanza& iq, const ServiceSettings& s) {
  Stanza r = make_result(iq);
  if (iq.type() == "get") {
    Stanza& q = r.add("query", ns::gateway);
    q.add("desc").set_text("Enter the MSN Messenger address of the contact (for example bob@hotmail.com).");
    q.add("prompt").set_text("MSN address");
    return r;
  }
  const Stanza* query = iq.first_child();
  const std::string address = query->child_text("prompt");
  // The address was typed by a person: surrounding blanks are not part of it.
  const auto first = address.find_first_not_of(" \t\r\n");
  const auto last = address.find_last_not_of(" \t\r\n");
  const std::string trimmed = first == std::string::npos ? std::string{} : address.substr(first, last - first + 1);
  const auto jid = contact_jid(trimmed, s.domain);
  if (!jid) return make_error(iq, Condition::jid_malformed, "not an MSN Messenger address");
  Stanza& q = r.add("query", ns::gateway);
  q.add("jid").set_text(jid->to_string());
  return r;
}

}  // namespace xmpp::handlers
