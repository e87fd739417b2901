#pragma once
// CHL/QRY verification (MSNP.md 3.3-3.5): the MSNP11 algorithm used from MSNP11 on.
// The server sends "CHL 0 <digits>", the client answers "QRY trid <product id> 32" with
// 32 lowercase hex chars. This is the server's own implementation of the algorithm
// (step 6 XORs the unmasked MD5 words; Escargot's dead gen_chal_response gets that wrong).
#include <optional>
#include <string>
#include <string_view>

namespace msnp_server {

std::string msnp11_challenge_answer(std::string_view challenge, std::string_view product_id,
                                    std::string_view product_key);

// The product key for a product ID of the MSNP.md 3.4 table; nullopt if unknown.
std::optional<std::string_view> product_key_for(std::string_view product_id);

}  // namespace msnp_server
