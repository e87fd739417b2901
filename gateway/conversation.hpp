#pragma once
// One conversation between a user and a Messenger contact: the switchboard(s) carrying it
// (MSNP.md section 6), what was accepted from the user and not yet confirmed, and typing.
// A switchboard is requested on the first message, reused while it lives and requested again
// after the server closed it. Every accepted message ends delivered (XEP-0184 receipt when
// asked), bounced to the sender (RFC 6120 error with the original body), or handed back to
// the Session to be kept in the durable queue when the Messenger session went away; none is
// dropped. Messages taken from the queue carry their queue id, settled when they end.
#include "gateway/messenger_link.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/stanza.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace gw {

// What a conversation needs from its Session.
class ConversationHost {
 public:
  virtual ~ConversationHost() = default;
  // Asks the notification server for a switchboard (XFR SB) on this conversation's behalf.
  virtual bool request_switchboard(const msnp::Passport& contact) = 0;
  virtual std::shared_ptr<SbLink> open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                                   SbEvents events) = 0;
  virtual msnp::SbConfig switchboard_config() const = 0;
  virtual void to_jabber(xmpp::Stanza s) = 0;
  // A chat message from the contact, for the user (kept when the XMPP link is down).
  virtual void chat_to_jabber(const msnp::Passport& from, std::string text) = 0;
  // A message that could not be delivered for a passing reason: to be kept and sent later.
  // queue_id: it came from the durable queue (and is still stored there).
  virtual void keep(const msnp::Passport& contact, const xmpp::Stanza& message, std::optional<std::int64_t> queue_id) = 0;
  // A message from the durable queue was delivered or bounced: it can be forgotten.
  virtual void settled(std::int64_t queue_id) = 0;
  virtual std::string contact_jid(const msnp::Passport& p) const = 0;
  virtual const std::string& user_jid() const = 0;  // bare
};

class Conversation {
 public:
  static constexpr auto typing_pause = std::chrono::seconds(6);   // XEP-0085 paused after silence
  static constexpr auto typing_repeat = std::chrono::seconds(4);  // TypingUser while composing
  static constexpr std::size_t max_pending = 200;

  Conversation(boost::asio::any_io_executor ex, ConversationHost& host, msnp::Passport contact);
  ~Conversation();
  Conversation(const Conversation&) = delete;
  Conversation& operator=(const Conversation&) = delete;

  // From the user: a <message/> with a body, a chat state, or attention.
  // By value: kept until confirmed (receipt, bounce, durable queue); callers move it in.
  void send(xmpp::Stanza message, std::optional<std::int64_t> queue_id = std::nullopt);
  // A short text from the gateway to the contact (e.g. "your message could not be
  // delivered"); best effort: if it cannot be sent either, it is only logged.
  void notice(std::string text);
  void user_chat_state(std::string_view state);
  void nudge(const xmpp::Stanza& message);

  // From the notification server.
  void switchboard_granted(const msnp::SwitchboardGranted& g);
  void switchboard_refused(xmpp::Condition condition, std::string_view why);
  void invited(const msnp::SwitchboardInvite& invite);

  // The Messenger session went away: everything not yet confirmed is handed back to be kept
  // (keep) or bounces.
  void abandon(xmpp::Condition condition, std::string_view why, bool keep = false);
  bool idle() const;

 private:
  struct Outgoing {
    xmpp::Stanza stanza;       // the user's original message, for receipts and bounces
    bool is_nudge = false;
    int attempts = 0;
    std::optional<std::int64_t> queue_id;  // from the durable queue
    bool is_notice = false;                // from the gateway: never bounced or kept
  };
  struct Link {
    std::shared_ptr<SbLink> link;
    bool ready = false;        // someone joined: messages flow
  };

  void attach(std::shared_ptr<SbLink> link, std::uint64_t serial);
  void on_event(std::uint64_t serial, const msnp::SbOutput& out);
  void hand_over(Outgoing o);
  void flush_pending();
  bool room() const;
  void fail(Outgoing o, xmpp::Condition condition, std::string_view why);
  void settle(const Outgoing& o);
  void enqueue(Outgoing o);
  void delivered(msnp::MessageId id);
  void failed(const msnp::MessageFailed& f);
  void link_closed(std::uint64_t serial, const msnp::SwitchboardClosed& c);
  void contact_typing(const msnp::Passport& from);
  void schedule_typing_repeat();
  SbLink* current();

  boost::asio::any_io_executor ex_;
  ConversationHost& host_;
  msnp::Passport contact_;
  std::map<std::uint64_t, Link> links_;       // by serial; the highest ready one sends
  std::uint64_t next_serial_ = 1;
  std::optional<std::uint64_t> sending_;      // serial of the link that carries our messages
  bool requested_ = false;                    // XFR SB outstanding
  std::deque<Outgoing> pending_;              // accepted, no switchboard yet
  std::map<msnp::MessageId, Outgoing> in_flight_;
  std::uint64_t next_message_ = 1;
  bool user_composing_ = false;
  bool contact_composing_ = false;
  boost::asio::steady_timer typing_out_timer_;
  boost::asio::steady_timer typing_in_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace gw
