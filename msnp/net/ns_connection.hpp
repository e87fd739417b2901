#pragma once
// One user's notification-server connection: the Asio side of msnp::NsSession (DESIGN.md data
// path: gw::Session -> msnp::net::NsConnection -> NsSession -> bytes). It writes the session's
// Sends, runs Passport auth for NeedTicket through the TicketProvider, reconnects for an
// `XFR NS` Redirect (MSNP.md 1.3), runs on_tick when the session's next deadline comes, and
// hands every other output (LoggedIn, ContactPresence, SwitchboardInvite, Disconnected, ...) to the gateway unchanged.
// Asio stays out of this header.
#include "msnp/codec.hpp"
#include "msnp/net/auth/ticket_provider.hpp"
#include "msnp/net/connection_settings.hpp"
#include "msnp/net/link_event.hpp"
#include "msnp/ns_session.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace msnp::net {

class Connection;

struct NsConnectionSettings {
  std::string host = "127.0.0.1";  // msn.server: Escargot has no dispatch server (MSNP.md 10.1)
  std::uint16_t port = 1863;
  ConnectionSettings transport{};
  int max_redirects = 3;           // XFR NS hops before giving up
};

class NsConnection : public std::enable_shared_from_this<NsConnection> {
 public:
  struct Handler {
    std::function<void(const NsOutput&)> on_output;  // never a Send, NeedTicket or Redirect
    std::function<void(const LinkEvent&)> on_link;
  };

  static std::shared_ptr<NsConnection> create(boost::asio::io_context& io, NsConnectionSettings settings,
                                              NsConfig config, std::shared_ptr<TicketProvider> tickets,
                                              std::string password, Handler handler);

  // `config` builds the NsSession (throws std::invalid_argument for an unimplemented dialect).
  // Connects and logs in. Events follow on the io thread; after LoginFailed or Disconnected
  // the session is over and a LinkDown ends the stream of events.
  void start();
  // Runs a request on the session (`[](NsSession& s) { return s.set_presence(...); }`) and
  // carries out its outputs. After the end, the session itself answers with RequestFailed.
  void request(const std::function<NsOutputs(NsSession&)>& f);
  // Closes at once without OUT and without further events (shutdown, abandoned session).
  void close();

  const NsSession& session() const { return session_; }

  // For make_shared only.
  struct Private;
  NsConnection(const Private&, boost::asio::io_context& io, NsConnectionSettings settings, NsConfig config,
               std::shared_ptr<TicketProvider> tickets, std::string password, Handler handler);
  ~NsConnection();

 private:
  void open(std::string host, std::uint16_t port);
  void on_data(std::string_view bytes);
  void on_closed(CloseReason reason, const std::string& detail);
  void apply(NsOutputs outputs);
  void fetch_ticket(std::string challenge);
  void redirect(std::string host, std::uint16_t port);
  void emit(const NsOutput& out);

  boost::asio::io_context& io_;
  NsConnectionSettings settings_;
  std::string account_;   // the Passport, for Passport 1.4 sign-in=
  std::string log_user_;
  NsSession session_;
  std::shared_ptr<TicketProvider> tickets_;
  std::string password_;
  Handler handler_;
  std::shared_ptr<Connection> conn_;
  Decoder decoder_{Direction::server_to_client};
  std::uint64_t epoch_ = 0;  // bumps per TCP connection: stale tickets and callbacks are dropped
  int redirects_ = 0;
  bool ended_ = false;       // the session reported its end
  bool abandoned_ = false;   // close() was called: silence
};

}  // namespace msnp::net
