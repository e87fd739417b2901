#pragma once
// Someone in a switchboard: a client connected over TCP (SbSession) or a server-side
// virtual user (the echo bot, or the control API sending "as another user").
#include <string>

namespace msnp_server {

class Switchboard;

class Participant {
 public:
  virtual ~Participant() = default;
  virtual const std::string& email() const = 0;
  virtual std::string friendly() const = 0;  // URL-encoded, as it goes on the wire
  virtual bool is_virtual() const = 0;
  // A whole server line without CRLF ("JOI ...", "BYE ...").
  virtual void deliver_line(const std::string& line) = 0;
  // "MSG <from> <friendly> <len>" + payload (MSNP.md 6.4).
  virtual void deliver_message(const std::string& from, const std::string& from_friendly,
                               const std::string& payload) = 0;
  // Another participant joined (virtual users flush queued messages then).
  virtual void on_peer_joined(Switchboard&) {}
  // Server-side removal (drop_switchboard, shutdown): a client's socket is closed.
  virtual void disconnect() = 0;
};

}  // namespace msnp_server
