#pragma once
// A Messenger user driven by our own client stack (NsConnection + SbConnections + Passport
// over the Nexus) for the component tests against tests/msnp_server. It records every
// event, answers switchboard invitations (RNG) and opens switchboards granted by XFR SB, the
// way the gateway will.
#include "msnp/net/auth/ticket_provider.hpp"
#include "msnp/net/ns_connection.hpp"
#include "msnp/net/sb_connection.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace msnp_net_test {

// Runs the io_context until `done()` or `limit`; returns done().
bool pump_until(boost::asio::io_context& io, const std::function<bool()>& done,
                std::chrono::milliseconds limit = std::chrono::seconds(10));
// Runs the io_context for a while regardless (to show that something does NOT happen).
void pump_for(boost::asio::io_context& io, std::chrono::milliseconds how_long);

struct Switchboard {
  std::shared_ptr<msnp::net::SbConnection> conn;
  std::vector<msnp::SbOutput> events;
  std::vector<msnp::net::LinkEvent> links;

  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (auto* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
  bool closed() const;
};

class TestUser {
 public:
  TestUser(boost::asio::io_context& io, std::string passport, std::string password, std::uint16_t ns_port,
           std::shared_ptr<msnp::net::TicketProvider> tickets,
           std::function<void(msnp::NsConfig&, msnp::net::NsConnectionSettings&)> adjust = {});

  void login();
  void request(const std::function<msnp::NsOutputs(msnp::NsSession&)>& f) { ns->request(f); }
  // XFR SB, then CAL each invitee once the switchboard is granted; returns the tag.
  std::uint64_t open_conversation(std::vector<std::string> invitees);

  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : ns_events)
      if (auto* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
  template <class T>
  bool saw(const std::function<bool(const T&)>& pred) const {
    for (const auto& t : all<T>())
      if (pred(t)) return true;
    return false;
  }
  bool logged_in() const { return !all<msnp::LoggedIn>().empty(); }
  bool link_down() const;

  boost::asio::io_context& io;
  std::string passport;
  std::shared_ptr<msnp::net::NsConnection> ns;
  std::vector<msnp::NsOutput> ns_events;
  std::vector<msnp::net::LinkEvent> ns_links;
  std::vector<std::shared_ptr<Switchboard>> switchboards;  // in opening order
  std::map<std::uint64_t, std::shared_ptr<Switchboard>> by_tag;

 private:
  void on_output(const msnp::NsOutput& out);
  std::shared_ptr<Switchboard> open_switchboard(const std::string& host, std::uint16_t port, msnp::SbSession session);

  std::map<std::uint64_t, std::vector<std::string>> pending_invitees_;
  std::uint64_t next_tag_ = 1;
};

}  // namespace msnp_net_test
