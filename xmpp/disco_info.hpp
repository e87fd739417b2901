#pragma once
// XEP-0030 disco#info contents, and the XEP-0115 verification string computed from exactly
// the same lists, so that the hash in our presence always matches what disco answers.
#include <string>
#include <string_view>
#include <vector>

#include "xmpp/stanza.hpp"

namespace xmpp {

struct Identity {
  std::string category;
  std::string type;
  std::string name;
  std::string lang;  // xml:lang, usually empty
};

struct DiscoInfo {
  std::vector<Identity> identities;
  std::vector<std::string> features;

  // <query xmlns='…disco#info' [node=…]> with identities and features.
  Stanza to_query(std::string_view node = {}) const;
};

// XEP-0115 section 5.1 with sha-1: identities sorted by category/type/lang, features sorted,
// each followed by '<', hashed and base64-encoded.
std::string caps_verification_string(const DiscoInfo& info);
std::string caps_ver(const DiscoInfo& info);

}  // namespace xmpp
