#include <catch2/catch.hpp>

#include "xmpp/disco_info.hpp"
#include "xmpp/handlers/disco.hpp"
#include "xmpp/ns.hpp"

using namespace xmpp;

TEST_CASE("caps: XEP-0115 section 5.2 simple example", "[xmpp][caps]") {
  // Exodus 0.9.1, the specification's own worked example.
  DiscoInfo info{{{"client", "pc", "Exodus 0.9.1", ""}},
                 {"http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info",
                  "http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#items"}};
  CHECK(caps_verification_string(info) ==
        "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<"
        "http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<");
  CHECK(caps_ver(info) == "QgayPKawpkPSDYmwT/WM94uAlu0=");
}

TEST_CASE("caps: the gateway's hash matches its disco#info", "[xmpp][caps]") {
  ServiceSettings s;
  s.domain = "msn.test";
  const Stanza c = handlers::caps_element(s);
  CHECK(c.ns() == ns::caps);
  CHECK(c.attr("hash") == "sha-1");
  CHECK(c.attr("ver") == caps_ver(handlers::gateway_disco_info(s)));
  s.name = "Another name";
  CHECK(handlers::caps_element(s).attr("ver") != c.attr("ver"));
}
