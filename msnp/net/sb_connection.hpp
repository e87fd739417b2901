#pragma once
// One switchboard connection (MSNP.md section 6): the Asio side of msnp::SbSession, one per
// conversation. Opened after `XFR SB` (SbSession::outgoing) or `RNG` (SbSession::invited) at
// the host:port they name. Writes the session's Sends, drives on_tick (ACK timeouts), and
// hands every other output (ParticipantJoined, MessageReceived, SwitchboardClosed, ...) to the
// gateway. Asio stays out of this header.
#include "msnp/codec.hpp"
#include "msnp/net/connection_settings.hpp"
#include "msnp/net/link_event.hpp"
#include "msnp/sb_session.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace msnp::net {

class Connection;

struct SbConnectionSettings {
  std::string host;
  std::uint16_t port = 0;
  ConnectionSettings transport = switchboard_transport();
};

class SbConnection : public std::enable_shared_from_this<SbConnection> {
 public:
  struct Handler {
    std::function<void(const SbOutput&)> on_output;  // never a Send
    std::function<void(const LinkEvent&)> on_link;
  };

  // `log_user` names the conversation's owner in logs (the registered user or its Passport).
  static std::shared_ptr<SbConnection> create(boost::asio::io_context& io, SbConnectionSettings settings,
                                              SbSession session, std::string log_user, Handler handler);

  void start();
  void request(const std::function<SbOutputs(SbSession&)>& f);
  // Closes at once without OUT and without further events.
  void close();

  const SbSession& session() const { return session_; }

  struct Private;
  SbConnection(const Private&, boost::asio::io_context& io, SbConnectionSettings settings, SbSession session,
               std::string log_user, Handler handler);
  ~SbConnection();

 private:
  void on_data(std::string_view bytes);
  void on_closed(CloseReason reason, const std::string& detail);
  void apply(SbOutputs outputs);
  void emit(const SbOutput& out);

  boost::asio::io_context& io_;
  SbConnectionSettings settings_;
  SbSession session_;
  std::string log_user_;
  Handler handler_;
  std::shared_ptr<Connection> conn_;
  Decoder decoder_{Direction::server_to_client};
  bool ended_ = false;
  bool abandoned_ = false;
};

}  // namespace msnp::net
