#include "tests/msnp_server/switchboard.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {

void Switchboard::add_creator(std::shared_ptr<Participant> p) { participants_.push_back(std::move(p)); }

void Switchboard::join(std::shared_ptr<Participant> p, const std::string& trid) {
  const auto others = participants_;
  const std::string joi = fmt::format("JOI {} {}", p->email(), p->friendly());
  if (!trid.empty()) {
    p->deliver_line(joi);
    std::size_t i = 0;
    for (const auto& o : others)
      p->deliver_line(fmt::format("IRO {} {} {} {} {}", trid, ++i, others.size(), o->email(), o->friendly()));
    p->deliver_line(fmt::format("ANS {} OK", trid));
  }
  participants_.push_back(p);
  for (const auto& o : others) o->deliver_line(joi);
  for (const auto& o : others) o->on_peer_joined(*this);
  p->on_peer_joined(*this);
}

void Switchboard::leave(const Participant* p) {
  auto it = std::find_if(participants_.begin(), participants_.end(), [p](const auto& x) { return x.get() == p; });
  if (it == participants_.end()) return;
  auto leaving = *it;
  participants_.erase(it);
  for (const auto& o : std::vector(participants_)) o->deliver_line("BYE " + leaving->email());
}

std::size_t Switchboard::relay(const Participant& from, const std::string& payload) {
  std::size_t n = 0;
  for (const auto& o : std::vector(participants_)) {
    if (o.get() == &from) continue;
    o->deliver_message(from.email(), from.friendly(), payload);
    ++n;
  }
  return n;
}

bool Switchboard::has(const std::string& email) const {
  const auto key = to_lower(email);
  return std::any_of(participants_.begin(), participants_.end(), [&](const auto& p) { return p->email() == key; });
}

bool Switchboard::has_real_participants() const {
  return std::any_of(participants_.begin(), participants_.end(), [](const auto& p) { return !p->is_virtual(); });
}

void Switchboard::disconnect_all() {
  for (const auto& p : std::vector(participants_)) p->disconnect();
}

}  // namespace msnp_server
