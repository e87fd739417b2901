#include "xmpp/disco_info.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <tuple>

#include "xmpp/ns.hpp"

namespace xmpp {

Stanza DiscoInfo::to_query(std::string_view node) const {
  Stanza q{"query", ns::disco_info};
  if (!node.empty()) q.set_attr("node", node);
  for (const auto& id : identities) {
    Stanza& i = q.add("identity");
    i.set_attr("category", id.category).set_attr("type", id.type);
    if (!id.name.empty()) i.set_attr("name", id.name);
    if (!id.lang.empty()) i.set_attr("xml:lang", id.lang);
  }
  for (const auto& f : features) q.add("feature").set_attr("var", f);
  return q;
}

std::string caps_verification_string(const DiscoInfo& info) {
  auto ids = info.identities;
  std::sort(ids.begin(), ids.end(), [](const Identity& a, const Identity& b) {
    return std::tie(a.category, a.type, a.lang, a.name) < std::tie(b.category, b.type, b.lang, b.name);
  });
  auto features = info.features;
  std::sort(features.begin(), features.end());
  std::string s;
  for (const auto& i : ids) s += i.category + '/' + i.type + '/' + i.lang + '/' + i.name + '<';
  for (const auto& f : features) s += f + '<';
  return s;
}

std::string caps_ver(const DiscoInfo& info) {
  const std::string s = caps_verification_string(info);
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest.data());
  std::array<unsigned char, 4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1> b64{};
  const int n = EVP_EncodeBlock(b64.data(), digest.data(), static_cast<int>(digest.size()));
  return std::string(reinterpret_cast<const char*>(b64.data()), static_cast<std::size_t>(n));
}

}  // namespace xmpp
