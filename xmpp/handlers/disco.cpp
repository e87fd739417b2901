#include "xmpp/handlers/disco.hpp"

#include "xmpp/errors.hpp"
#include "xmpp/handlers/commands.hpp"
#include "xmpp/ns.hpp"

namespace xmpp::handlers {

DiscoInfo gateway_disco_info(const ServiceSettings& s) {
  return DiscoInfo{{{"gateway", "msn", s.name, ""}},
                   {std::string{ns::disco_info}, std::string{ns::disco_items}, std::string{ns::register_},
                    std::string{ns::gateway}, std::string{ns::version}, std::string{ns::ping},
                    std::string{ns::commands}}};
}

DiscoInfo contact_disco_info() { return DiscoInfo{{{"client", "pc", "", ""}}, {std::string{ns::disco_info}}}; }

Stanza caps_element(const ServiceSettings& s) {
  Stanza c{"c", ns::caps};
  c.set_attr("hash", "sha-1").set_attr("node", s.caps_node).set_attr("ver", caps_ver(gateway_disco_info(s)));
  return c;
}

Stanza answer_disco_info(const Stanza& iq, const std::string& passport, const ServiceSettings& s) {
  const std::string node{iq.first_child()->attr("node")};
  Stanza r = make_result(iq);
  if (!passport.empty()) {
    if (!node.empty()) return make_error(iq, Condition::item_not_found);
    r.add(contact_disco_info().to_query());
    return r;
  }
  const DiscoInfo info = gateway_disco_info(s);
  if (node.empty() || node == s.caps_node + '#' + caps_ver(info)) {
    r.add(info.to_query(node));  // XEP-0115 section 6.2: answer the caps node with the same info
  } else if (node == ns::commands) {
    r.add(DiscoInfo{{{"automation", "command-list", "Commands", ""}}, {}}.to_query(node));
  } else if (node == sign_in_node) {
    r.add(command_node_info().to_query(node));
  } else {
    return make_error(iq, Condition::item_not_found);
  }
  return r;
}

Stanza answer_disco_items(const Stanza& iq, const std::string& passport, const ServiceSettings& s) {
  const std::string node{iq.first_child()->attr("node")};
  if (!node.empty() && (!passport.empty() || node != ns::commands)) return make_error(iq, Condition::item_not_found);
  Stanza r = make_result(iq);
  Stanza& q = r.add("query", ns::disco_items);
  if (!node.empty()) {
    q.set_attr("node", node);
    add_command_items(q, s);  // XEP-0050 section 2.2
  }
  return r;
}

}  // namespace xmpp::handlers
