#pragma once
// gw::MessengerNetwork over msnp::net: NsConnection for each user, SbConnection for each
// switchboard, Passport 1.4 tickets from the Nexus. The only place gw_core meets sockets.
#include "gateway/messenger_link.hpp"

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}
namespace msnp::net {
class TicketProvider;
}

namespace gw {

struct MessengerEndpoints {
  std::string ns_host = "127.0.0.1";
  std::uint16_t ns_port = 1863;
};

class MsnpNetwork final : public MessengerNetwork {
 public:
  MsnpNetwork(boost::asio::io_context& io, MessengerEndpoints endpoints, std::shared_ptr<msnp::net::TicketProvider> tickets);
  std::shared_ptr<NsLink> login(MessengerLogin login, NsEvents events) override;
  std::shared_ptr<SbLink> open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                           SbEvents events) override;

 private:
  boost::asio::io_context& io_;
  MessengerEndpoints endpoints_;
  std::shared_ptr<msnp::net::TicketProvider> tickets_;
};

}  // namespace gw
