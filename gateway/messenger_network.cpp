#include "gateway/messenger_network.hpp"

#include "msnp/net/auth/ticket_provider.hpp"
#include "msnp/net/ns_connection.hpp"
#include "msnp/net/sb_connection.hpp"

namespace gw {
namespace {

class NsLinkOverConnection final : public NsLink {
 public:
  explicit NsLinkOverConnection(std::shared_ptr<msnp::net::NsConnection> c) : c_(std::move(c)) {}
  ~NsLinkOverConnection() override { c_->close(); }
  void request(std::function<msnp::NsOutputs(msnp::NsSession&)> f) override { c_->request(f); }
  void close() override { c_->close(); }

 private:
  std::shared_ptr<msnp::net::NsConnection> c_;
};

class SbLinkOverConnection final : public SbLink {
 public:
  explicit SbLinkOverConnection(std::shared_ptr<msnp::net::SbConnection> c) : c_(std::move(c)) {}
  ~SbLinkOverConnection() override { c_->close(); }
  void request(std::function<msnp::SbOutputs(msnp::SbSession&)> f) override { c_->request(f); }
  void close() override { c_->close(); }

 private:
  std::shared_ptr<msnp::net::SbConnection> c_;
};

}  // namespace

MsnpNetwork::MsnpNetwork(boost::asio::io_context& io, MessengerEndpoints endpoints,
                         std::shared_ptr<msnp::net::TicketProvider> tickets)
    : io_(io), endpoints_(std::move(endpoints)), tickets_(std::move(tickets)) {}

std::shared_ptr<NsLink> MsnpNetwork::login(MessengerLogin login, NsEvents events) {
  msnp::net::NsConnectionSettings settings;
  settings.host = endpoints_.ns_host;
  settings.port = endpoints_.ns_port;
  auto conn = msnp::net::NsConnection::create(io_, settings, std::move(login.config), tickets_, std::move(login.password),
                                              {std::move(events), [](const msnp::net::LinkEvent&) {}});
  conn->start();
  return std::make_shared<NsLinkOverConnection>(std::move(conn));
}

std::shared_ptr<SbLink> MsnpNetwork::open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                                      SbEvents events) {
  msnp::net::SbConnectionSettings settings;
  settings.host = std::move(host);
  settings.port = port;
  const std::string owner = session.participants().empty() ? std::string{} : session.participants().begin()->str();
  auto conn = msnp::net::SbConnection::create(io_, std::move(settings), std::move(session), owner,
                                              {std::move(events), [](const msnp::net::LinkEvent&) {}});
  conn->start();
  return std::make_shared<SbLinkOverConnection>(std::move(conn));
}

}  // namespace gw
