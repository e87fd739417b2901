#pragma once
// gw::Gateway: what the component hands over (xmpp::GatewayEvents) goes to the Session of the
// sender's bare JID, created on demand from storage (Spectrum's UserManager). It also records
// what the XMPP server granted the component (XEP-0356 roster access).
#include "gateway/gateway_context.hpp"
#include "gateway/outbound_queue.hpp"
#include "gateway/session.hpp"
#include "xmpp/gateway_events.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gw {

class Gateway final : public xmpp::GatewayEvents {
 public:
  explicit Gateway(GatewayContext& ctx);
  ~Gateway() override;

  void on_link_up() override;
  void on_link_down() override;
  void on_message(const xmpp::Jid& user, const std::string& passport, xmpp::Stanza message) override;
  void on_user_presence(const xmpp::Jid& user, xmpp::PresenceKind kind, const xmpp::Stanza& presence) override;
  void on_contact_presence(const xmpp::Jid& user, const std::string& passport, xmpp::PresenceKind kind,
                           const xmpp::Stanza& presence) override;
  bool on_iq(const xmpp::Jid& user, const std::string& passport, const xmpp::Stanza& iq) override;
  void on_registered(const xmpp::Jid& user, const std::string& username, bool created) override;
  void on_unregistered(const xmpp::Jid& user) override;
  bool gateway_available_to(const xmpp::Jid& user) const override;
  void sign_in(const xmpp::Jid& user, std::string password, std::function<void(xmpp::SignInOutcome)> done) override;

  // Signs every session out of Messenger (graceful shutdown); what is not delivered yet is kept
  // in the durable queue.
  void stop();
  const Session* find(const std::string& bare_jid) const;
  std::size_t sessions() const { return sessions_.size(); }

 private:
  using Work = std::function<void(Session*)>;  // null Session*: not registered
  void with_session(const xmpp::Jid& user, Work work);
  void on_privilege(const xmpp::Jid& from, const xmpp::Stanza& message);
  void expired(std::vector<QueuedMessage> messages);

  GatewayContext& ctx_;
  OutboundQueue queue_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // bare JID -> session
  std::map<std::string, std::vector<Work>> loading_;           // waiting for storage
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace gw
