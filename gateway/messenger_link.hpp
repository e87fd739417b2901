#pragma once
// The gateway's view of the Messenger network: one notification-server link per user and one
// link per switchboard. Each link owns its sans-IO session (msnp::NsSession / SbSession) and
// its socket; the gateway only asks the session for things (request) and hears every output
// that is not bytes for the wire (events). The production implementation sits on msnp::net
// (messenger_network.cpp); tests may use the real one against the MSNP test server.
#include "msnp/ns_session.hpp"
#include "msnp/sb_session.hpp"

#include <functional>
#include <memory>
#include <string>

namespace gw {

class NsLink {
 public:
  virtual ~NsLink() = default;
  // Runs f on the session; its Sends go to the socket, its other outputs to the events.
  virtual void request(std::function<msnp::NsOutputs(msnp::NsSession&)> f) = 0;
  // Closes at once (no OUT): for shutdown after logout() or when the session is abandoned.
  virtual void close() = 0;
};

class SbLink {
 public:
  virtual ~SbLink() = default;
  // Runs f on the session before returning (so f may borrow the caller's locals).
  virtual void request(std::function<msnp::SbOutputs(msnp::SbSession&)> f) = 0;
  virtual void close() = 0;
};

using NsEvents = std::function<void(const msnp::NsOutput&)>;
using SbEvents = std::function<void(const msnp::SbOutput&)>;

struct MessengerLogin {
  msnp::NsConfig config;
  std::string password;  // for Passport 1.4 (NeedTicket); never logged
};

class MessengerNetwork {
 public:
  virtual ~MessengerNetwork() = default;
  // Connects to the configured notification server and starts login. Events arrive on the io
  // thread until a Disconnected or LoginFailed, after which the link is dead.
  virtual std::shared_ptr<NsLink> login(MessengerLogin login, NsEvents events) = 0;
  // Connects to a switchboard (host:port from XFR SB or RNG) and starts the session.
  virtual std::shared_ptr<SbLink> open_switchboard(std::string host, std::uint16_t port, msnp::SbSession session,
                                                   SbEvents events) = 0;
};

}  // namespace gw
