#pragma once
// Single-use, expiring tokens: Passport 1.4 login tickets (30 s, MSNP.md 10.3) and
// switchboard cookies from XFR/RNG (120 s, 6.2). Expiry is checked lazily on redeem
// and swept on insert, so there is no timer per token (the 10,000-user benchmark).
#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

namespace msnp_server {

struct TokenGrant {
  enum class Kind { login, sb_xfr, sb_rng };
  Kind kind = Kind::login;
  std::string email;       // whom it was issued to
  std::string session_id;  // sb_rng: the switchboard it admits to
};

class TokenStore {
 public:
  using Clock = std::chrono::steady_clock;
  void insert(std::string token, TokenGrant grant, Clock::time_point expires, Clock::time_point now);
  // Removes the token; nullopt if unknown, already used, or expired.
  std::optional<TokenGrant> redeem(const std::string& token, Clock::time_point now);
  std::size_t size() const { return tokens_.size(); }

 private:
  struct Entry {
    TokenGrant grant;
    Clock::time_point expires;
  };
  std::unordered_map<std::string, Entry> tokens_;
  std::size_t sweep_at_ = 1024;
};

}  // namespace msnp_server
