#pragma once
// One conversation (MSNP.md 6): its session id (sent in CAL RINGING / RNG / ANS) and
// the participants. Joining, leaving and relaying produce the JOI/IRO/BYE/MSG lines
// the way Escargot does in transcripts/msnp12.txt.
#include <memory>
#include <string>
#include <vector>

#include "tests/msnp_server/participant.hpp"

namespace msnp_server {

class Switchboard {
 public:
  explicit Switchboard(std::string id) : id_(std::move(id)) {}
  const std::string& id() const { return id_; }

  // The first participant (USR with an XFR cookie), or a virtual creator: no lines.
  void add_creator(std::shared_ptr<Participant> p);
  // ANS (or a virtual invitee answering): joiner gets its own JOI (an Escargot quirk seen
  // in the transcripts), then IRO trid i n for everyone already there, then ANS trid OK;
  // the others get JOI. trid empty: a virtual joiner, which gets nothing.
  void join(std::shared_ptr<Participant> p, const std::string& trid);
  // Others get "BYE email"; returns true if the switchboard is now empty of real clients.
  void leave(const Participant* p);
  // Relay a MSG payload to everyone but the sender; returns how many received it.
  std::size_t relay(const Participant& from, const std::string& payload);
  bool has(const std::string& email) const;
  bool has_real_participants() const;
  std::vector<std::shared_ptr<Participant>> participants() const { return participants_; }
  void disconnect_all();

 private:
  std::string id_;
  std::vector<std::shared_ptr<Participant>> participants_;
};

}  // namespace msnp_server
