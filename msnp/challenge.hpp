#pragma once
// CHL -> QRY challenge answers (MSNP.md section 3). The product id/key pair is
// configurable because servers check the id against the key that produced the
// answer (MSNP.md 3.4).
#include <string>
#include <string_view>

namespace msnp {

struct Product {
  std::string id;    // sent in `QRY trid <id> 32`
  std::string key;
};

// MSNP11+ algorithm (MSNP.md 3.3): 32 lowercase hex chars.
std::string msnp11_challenge_answer(std::string_view challenge, std::string_view product_id,
                                    std::string_view product_key);
// MSNP8-10: lowercase hex MD5(challenge || key) (MSNP.md 3.2).
std::string md5_challenge_answer(std::string_view challenge, std::string_view product_key);

}  // namespace msnp
