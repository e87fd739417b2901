#pragma once
// What the service-level handlers need to know about this gateway.
#include <string>
#include <vector>

namespace xmpp {

struct ServiceSettings {
  std::string domain;                      // the component JID, e.g. msn.example.org
  std::string name = "MSN Transport";      // disco identity name, XEP-0092 name is "msngate"
  std::string version = "0.0.0";           // XEP-0092 version
  std::string caps_node = "https://msngate.invalid/caps";  // XEP-0115 node (a URI naming us)
  std::vector<std::string> allowed_domains;  // XMPP domains that may register; empty: any
  double stanzas_per_second = 50;            // per-user rate limit (StanzaLimiter): sustained
  double stanza_burst = 200;                 // and at once
};

}  // namespace xmpp
