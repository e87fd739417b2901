#include "tests/msnp_server/token_store.hpp"

namespace msnp_server {

void TokenStore::insert(std::string token, TokenGrant grant, Clock::time_point expires, Clock::time_point now) {
  if (tokens_.size() >= sweep_at_) {
    for (auto it = tokens_.begin(); it != tokens_.end();) it = it->second.expires <= now ? tokens_.erase(it) : std::next(it);
    sweep_at_ = std::max<std::size_t>(1024, tokens_.size() * 2);
  }
  tokens_[std::move(token)] = Entry{std::move(grant), expires};
}

std::optional<TokenGrant> TokenStore::redeem(const std::string& token, Clock::time_point now) {
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  Entry entry = std::move(it->second);
  tokens_.erase(it);
  if (entry.expires <= now) return std::nullopt;
  return std::move(entry.grant);
}

}  // namespace msnp_server
