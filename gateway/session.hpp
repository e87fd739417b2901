#pragma once
// One registered user's Messenger session and its translation both ways (Biboumi's Bridge,
// Slidge's BaseSession): the notification-server link, the Roster, one Conversation per
// contact, and the user's XMPP resources whose best presence is shown on Messenger.
//   session.cpp          lifecycle: login, events from the notification server, reconnects
//   session_jabber.cpp   what the user sends: presence, subscriptions, messages, blocking
//   session_roster.cpp   getting contacts into the user's roster
//   session_password.cpp signing in with a typed password that is never stored
//   session_queue.cpp    chats kept in the durable queue while a side is away (zero loss)
#include "gateway/conversation.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/roster.hpp"
#include "gateway/support/on_demand_timer.hpp"
#include "xmpp/gateway_events.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/presence.hpp"


#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace gw {

class Session final : public ConversationHost {
 public:
  enum class State { offline, connecting, online, signed_in_elsewhere, failed };

  // `settings`: the user's stored settings (storage.hpp); "stay_connected" = "true" keeps the
  // Messenger session up while no resource is available.
  Session(GatewayContext& ctx, UserRecord user, const std::map<std::string, std::string>& settings = {});
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // From the user's XMPP side.
  void user_available(const xmpp::Jid& resource, const xmpp::Stanza& presence);
  void user_unavailable(const xmpp::Jid& resource);
  void contact_presence(const msnp::Passport& contact, xmpp::PresenceKind kind, const xmpp::Stanza& presence);
  void message(const msnp::Passport& contact, xmpp::Stanza message);
  // XEP-0191 on the gateway JID; answers exactly once. False: not ours.
  bool iq(const xmpp::Stanza& iq);
  void iq_response(const xmpp::Stanza& iq);
  // Sign in with a password the user typed (kept in memory only); `done` runs once.
  void sign_in_with(std::string password, std::function<void(xmpp::SignInOutcome)> done);
  // Sign out cleanly (unregistration, shutdown). keep_messages (shutdown): what is not yet
  // delivered goes to the durable queue instead of bouncing.
  void stop(bool keep_messages = false);
  // The XMPP link is back: chats kept for the user go out.
  void link_up() { restore(false); }
  // A queued message reached its age limit (taken out of storage already): bounce it.
  void expired(const QueuedMessage& m);

  State state() const { return state_; }
  const UserRecord& user() const { return user_; }
  const Roster& roster() const { return roster_; }
  bool wants_session() const { return !resources_.empty() || stay_connected_; }

  // ConversationHost
  bool request_switchboard(const msnp::Passport& contact) override;
  std::shared_ptr<SbLink> open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                           SbEvents events) override;
  msnp::SbConfig switchboard_config() const override;
  void to_jabber(xmpp::Stanza s) override { ctx_.send(std::move(s)); }
  void chat_to_jabber(const msnp::Passport& from, std::string text) override;
  void keep(const msnp::Passport& contact, const xmpp::Stanza& message, std::optional<std::int64_t> queue_id) override;
  void settled(std::int64_t queue_id) override;
  std::string contact_jid(const msnp::Passport& p) const override;
  const std::string& user_jid() const override { return user_.jid; }

 private:
  struct Resource {
    std::string show;
    std::string status;
    int priority = 0;
    std::uint64_t order = 0;  // most recent presence wins ties
  };

  // session.cpp
  void login();        // through the LoginPacer
  void connect_now();
  void on_ns(const msnp::NsOutput& out);
  void on_logged_in();
  void on_synced();
  void on_login_failed(const msnp::LoginFailed& f);
  void on_disconnected(const msnp::Disconnected& d);
  void on_request_failed(const msnp::RequestFailed& f);
  void schedule_reconnect();
  void went_offline(std::string_view why);
  void show_gateway(bool available, std::string_view status = {});
  void publish_own_presence();
  Conversation& conversation(const msnp::Passport& contact);
  void ns(std::function<msnp::NsOutputs(msnp::NsSession&)> f);

  // session_jabber.cpp
  void send_contact_presence(Contact& c, bool force = false);
  void contact_added(const msnp::ContactAdded& a, const msnp::Passport& who);
  void contact_removed(const msnp::ContactRemoved& r, const msnp::Passport& who);
  void answer_blocklist(const xmpp::Stanza& iq);

  // session_password.cpp
  void ask_for_password();
  // A password to sign in with: stored (sealed) or typed for this session.
  bool has_password() const { return !password_.empty() || !user_.sealed_password.empty(); }
  void sign_in_finished(xmpp::SignInOutcome outcome);
  void forget_password();
  // session_queue.cpp
  bool keeps_messages() const;
  void restore(bool to_msn);
  void deliver_kept_chat(const QueuedMessage& m);
  void send_held();
  void drop_conversations(bool keep, xmpp::Condition condition, std::string_view why);

  // session_roster.cpp
  void reconcile(const std::vector<ContactRecord>& stored);
  void push_roster(const std::vector<msnp::Passport>& add, const std::vector<msnp::Passport>& remove);
  void deliver_roster_changes();
  void discover_client(const std::string& resource);
  bool disco_answered(const xmpp::Stanza& iq);
  void save_contacts();

  GatewayContext& ctx_;
  UserRecord user_;
  State state_ = State::offline;
  std::shared_ptr<NsLink> ns_;
  Roster roster_;
  std::optional<std::vector<ContactRecord>> stored_contacts_;  // loaded at login, dropped once reconciled
  bool synced_ = false;
  bool reconciled_ = false;
  bool stay_connected_ = false;

  std::map<std::string, Resource> resources_;  // full JID -> presence
  std::uint64_t presence_order_ = 0;
  std::optional<std::pair<msnp::Status, std::string>> published_;  // what Messenger shows now

  std::map<msnp::Passport, std::unique_ptr<Conversation>> conversations_;
  std::map<std::uint64_t, msnp::Passport> switchboard_requests_;  // XFR SB tag -> contact
  std::uint64_t next_tag_ = 1;
  std::set<std::string> pending_roster_pushes_;                   // iq ids
  std::uint64_t next_iq_id_ = 0;                                  // for iqs the session sends
  // XEP-0144: resources asked whether they support roster item exchange (iq id -> resource),
  // those that do, and roster changes held until the answers are in.
  std::map<std::string, std::string> pending_disco_;
  std::set<std::string> rosterx_resources_;
  std::optional<std::pair<std::vector<msnp::Passport>, std::vector<msnp::Passport>>> held_changes_;
  OnDemandTimer disco_timer_;

  std::string password_;  // typed into the sign-in command: memory only, wiped on sign-out
  std::function<void(xmpp::SignInOutcome)> sign_in_done_;
  bool password_asked_ = false;
  // Durable queue: the messages to Messenger stored for this user go out at each sign-in
  // (restored_), before what the user sends meanwhile (held_). Queued messages in memory now
  // (handed_over_) are not loaded a second time.
  bool restored_ = false;
  std::vector<std::pair<msnp::Passport, xmpp::Stanza>> held_;
  std::set<std::int64_t> handed_over_;
  std::set<std::int64_t> expired_in_flight_;  // swept from storage while handed over

  int reconnect_attempts_ = 0;  // failed logins since the last sign-in (the first one is told)
  int quick_drops_ = 0;          // sessions in a row that the server ended within stable_session
  std::optional<std::chrono::steady_clock::time_point> signed_in_at_;  // LoggedIn of this connection
  OnDemandTimer reconnect_timer_;
  OnDemandTimer grace_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace gw
