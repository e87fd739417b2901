#pragma once
// One notification-server connection (MSNP11/12, TWN auth), server side: VER/CVR/USR,
// SYN and list edits (ns_lists.cpp), CHG/ILN/NLN/UUX, XFR SB, CHL/QRY, PNG/QNG, OUT.
// Behaviour follows Escargot as recorded in transcripts/msnp12.txt and MSNP.md 10.4.
#include <memory>
#include <optional>
#include <string>

#include "tests/msnp_server/command_reader.hpp"
#include "tests/msnp_server/transport.hpp"

namespace msnp_server {

class Backend;
struct Account;

class NsSession : public std::enable_shared_from_this<NsSession> {
 public:
  NsSession(Backend& backend, std::shared_ptr<Transport> transport);

  void on_command(const ClientCommand& cmd);
  void on_closed();

  void send_line(const std::string& line);
  void send_payload(const std::string& head, const std::string& payload);  // "head len\r\npayload"
  const std::string& email() const { return email_; }
  int dialect() const { return dialect_; }
  bool presence_active() const { return iln_sent_; }

  // Server-initiated events (control API, other sessions).
  std::string send_challenge();   // CHL 0 <digits>; the answer is checked on QRY
  void sign_out(const std::string& reason);  // "OUT OTH" / "OUT SSD", then close
  void drop();                    // close the socket without a word
  void cut_mid_payload();         // a UBX header and half its payload, then close
  void send_garbage(std::size_t bytes);  // binary junk, one line of `bytes` with no CRLF; stays open

 private:
  void dispatch_logged_in(const ClientCommand& cmd);
  void on_ver(const ClientCommand& cmd);
  void on_cvr(const ClientCommand& cmd);
  void on_usr(const ClientCommand& cmd);
  void on_chg(const ClientCommand& cmd);
  void on_uux(const ClientCommand& cmd);
  void on_xfr(const ClientCommand& cmd);
  void on_qry(const ClientCommand& cmd);
  // ns_lists.cpp
  void on_syn(const ClientCommand& cmd);
  void on_adc(const ClientCommand& cmd);
  void on_rem(const ClientCommand& cmd);
  void on_adg(const ClientCommand& cmd);
  void on_rmg(const ClientCommand& cmd);
  void on_reg(const ClientCommand& cmd);
  void on_sbp(const ClientCommand& cmd);
  void on_prp(const ClientCommand& cmd);
  void on_blp_gtc(const ClientCommand& cmd);
  void add_to_fl(Account& me, const ClientCommand& cmd, const std::string& email);
  void notify_visibility(Account& me, const std::string& other);

  void error(int code, const std::string& trid);
  Account* account();

  Backend& backend_;
  std::shared_ptr<Transport> transport_;
  int dialect_ = 0;
  std::string pending_email_;  // from USR TWN I
  std::string email_;          // set once USR OK was sent
  bool logged_in_ = false;
  bool syn_sent_ = false;
  bool iln_sent_ = false;  // the first CHG happened: presence flows from now on
  bool closed_ = false;
  std::optional<std::string> challenge_;
};

}  // namespace msnp_server
