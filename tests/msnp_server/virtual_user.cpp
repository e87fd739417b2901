#include "tests/msnp_server/virtual_user.hpp"

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {
namespace {

std::string header_value(const std::string& payload, const std::string& name) {
  const auto head_end = payload.find("\r\n\r\n");
  const std::string head = payload.substr(0, head_end);
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    const auto line = head.substr(pos, eol - pos);
    if (to_lower(line.substr(0, name.size() + 1)) == to_lower(name) + ":") {
      auto v = line.substr(name.size() + 1);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      return v;
    }
    pos = eol + 2;
  }
  return {};
}

}  // namespace

VirtualUser::VirtualUser(Backend& backend, std::string email, bool echo)
    : backend_(backend), email_(to_lower(email)), echo_(echo) {}

std::string VirtualUser::friendly() const {
  const Account* a = backend_.directory().find(email_);
  return url_encode(a != nullptr ? a->friendly : email_);
}

void VirtualUser::enter(Switchboard& sb) {
  sb_id_ = sb.id();
  sb.join(shared_from_this(), "");
}

void VirtualUser::enter_as_creator(Switchboard& sb) { sb_id_ = sb.id(); }

void VirtualUser::deliver_line(const std::string&) {}

void VirtualUser::deliver_message(const std::string&, const std::string&, const std::string& payload) {
  if (!echo_) return;
  auto reply = echo_of(payload, email_);
  if (reply.empty()) return;
  // Deferred: the sender gets its ACK before the echo, as with a real peer.
  backend_.defer([self = shared_from_this(), reply = std::move(reply)] {
    auto sb = self->backend_.find_switchboard(self->sb_id_);
    if (sb && sb->has(self->email_)) sb->relay(*self, reply);
  });
}

void VirtualUser::on_peer_joined(Switchboard& sb) {
  auto pending = std::move(queued_);
  queued_.clear();
  for (const auto& p : pending) sb.relay(*this, p);
}

std::string VirtualUser::echo_of(const std::string& payload, const std::string& bot_email) {
  const auto type = to_lower(header_value(payload, "Content-Type"));
  if (type.rfind("text/plain", 0) == 0 || type.rfind("text/x-msnmsgr-datacast", 0) == 0) return payload;
  if (type.rfind("text/x-msmsgscontrol", 0) == 0)
    return "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + bot_email + "\r\n\r\n\r\n";
  return {};
}

}  // namespace msnp_server
