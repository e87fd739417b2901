#pragma once
// A participant with no socket: the --echo-bot account (answers every invitation,
// echoes text, typing and nudges back) or the control API speaking as another user
// (queued messages go out once the invited client has joined).
#include <memory>
#include <string>
#include <vector>

#include "tests/msnp_server/participant.hpp"

namespace msnp_server {

class Backend;

class VirtualUser : public Participant, public std::enable_shared_from_this<VirtualUser> {
 public:
  VirtualUser(Backend& backend, std::string email, bool echo);

  void queue(std::string payload) { queued_.push_back(std::move(payload)); }
  void enter(Switchboard& sb);              // invited: joins, the others get JOI
  void enter_as_creator(Switchboard& sb);   // created the switchboard (already added)

  const std::string& email() const override { return email_; }
  std::string friendly() const override;
  bool is_virtual() const override { return true; }
  void deliver_line(const std::string& line) override;
  void deliver_message(const std::string& from, const std::string& from_friendly, const std::string& payload) override;
  void on_peer_joined(Switchboard& sb) override;
  void disconnect() override {}

  // What the echo bot sends back for a payload; empty: nothing (unknown content type).
  static std::string echo_of(const std::string& payload, const std::string& bot_email);

 private:
  Backend& backend_;
  std::string email_;
  bool echo_;
  std::string sb_id_;
  std::vector<std::string> queued_;
};

}  // namespace msnp_server
