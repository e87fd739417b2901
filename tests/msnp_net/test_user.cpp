#include "tests/msnp_net/test_user.hpp"

namespace msnp_net_test {
using namespace msnp;
using namespace msnp::net;

bool pump_until(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < give_up) io.run_one_for(std::chrono::milliseconds(20));
  return done();
}

void pump_for(boost::asio::io_context& io, std::chrono::milliseconds how_long) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until) io.run_one_for(std::chrono::milliseconds(20));
}

bool Switchboard::closed() const {
  for (const auto& l : links)
    if (std::holds_alternative<LinkDown>(l)) return true;
  return false;
}

TestUser::TestUser(boost::asio::io_context& io_, std::string passport_, std::string password, std::uint16_t ns_port,
                   std::shared_ptr<TicketProvider> tickets,
                   std::function<void(NsConfig&, NsConnectionSettings&)> adjust)
    : io(io_), passport(std::move(passport_)) {
  NsConfig config(*Passport::parse(passport));
  NsConnectionSettings settings;
  settings.port = ns_port;
  if (adjust) adjust(config, settings);
  NsConnection::Handler h;
  h.on_output = [this](const NsOutput& out) { on_output(out); };
  h.on_link = [this](const LinkEvent& e) { ns_links.push_back(e); };
  ns = NsConnection::create(io, settings, std::move(config), std::move(tickets), std::move(password), std::move(h));
}

void TestUser::login() { ns->start(); }

bool TestUser::link_down() const {
  for (const auto& l : ns_links)
    if (std::holds_alternative<LinkDown>(l)) return true;
  return false;
}

std::uint64_t TestUser::open_conversation(std::vector<std::string> invitees) {
  const auto tag = next_tag_++;
  pending_invitees_[tag] = std::move(invitees);
  ns->request([tag](NsSession& s) { return s.request_switchboard(tag); });
  return tag;
}

void TestUser::on_output(const NsOutput& out) {
  ns_events.push_back(out);
  if (auto* g = std::get_if<SwitchboardGranted>(&out)) {
    std::vector<Passport> invitees;
    for (const auto& who : pending_invitees_[g->tag]) invitees.push_back(*Passport::parse(who));
    auto sb = open_switchboard(g->host, g->port,
                               SbSession::outgoing(SbConfig(*Passport::parse(passport)), g->cookie, std::move(invitees)));
    by_tag[g->tag] = sb;
  } else if (auto* r = std::get_if<SwitchboardInvite>(&out)) {
    open_switchboard(r->host, r->port, SbSession::invited(SbConfig(*Passport::parse(passport)), r->cookie, r->session_id));
  }
}

std::shared_ptr<Switchboard> TestUser::open_switchboard(const std::string& host, std::uint16_t port, SbSession session) {
  auto sb = std::make_shared<Switchboard>();
  SbConnectionSettings settings;
  settings.host = host;
  settings.port = port;
  SbConnection::Handler h;
  std::weak_ptr<Switchboard> weak = sb;
  h.on_output = [weak](const SbOutput& out) {
    if (auto s = weak.lock()) s->events.push_back(out);
  };
  h.on_link = [weak](const LinkEvent& e) {
    if (auto s = weak.lock()) s->links.push_back(e);
  };
  sb->conn = SbConnection::create(io, settings, std::move(session), passport, std::move(h));
  sb->conn->start();
  switchboards.push_back(sb);
  return sb;
}

}  // namespace msnp_net_test
