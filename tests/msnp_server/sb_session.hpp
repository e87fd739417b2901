#pragma once
// One switchboard connection, server side (MSNP.md 6): USR with an XFR cookie or ANS
// with an RNG cookie (single use, 120 s), CAL, MSG with ack modes U/N/A/D, OUT.
// Escargot quirks kept: CAL of an unknown account answers a bare "207", an offline
// one "217 trid"; MSG over 1664 bytes or with a bad ack letter closes the connection.
#include <memory>
#include <string>

#include "tests/msnp_server/command_reader.hpp"
#include "tests/msnp_server/participant.hpp"
#include "tests/msnp_server/transport.hpp"

namespace msnp_server {

class Backend;

class SbSession : public Participant, public std::enable_shared_from_this<SbSession> {
 public:
  // Escargot closes the connection for a MSG payload over 1664 bytes (MSNP.md 6.4).
  static constexpr std::size_t max_msg_payload = 1664;

  SbSession(Backend& backend, std::shared_ptr<Transport> transport);
  void on_command(const ClientCommand& cmd);
  void on_closed();

  const std::string& email() const override { return email_; }
  std::string friendly() const override;
  bool is_virtual() const override { return false; }
  void deliver_line(const std::string& line) override;
  void deliver_message(const std::string& from, const std::string& from_friendly, const std::string& payload) override;
  void disconnect() override;
  void cut_mid_payload();

 private:
  void on_usr(const ClientCommand& cmd);
  void on_ans(const ClientCommand& cmd);
  void on_cal(const ClientCommand& cmd);
  void on_msg(const ClientCommand& cmd);
  void error(int code, const std::string& trid);

  Backend& backend_;
  std::shared_ptr<Transport> transport_;
  std::string email_;
  std::shared_ptr<Switchboard> sb_;
  bool closed_ = false;
};

}  // namespace msnp_server
