#pragma once
// The server's shared state on its io_context thread: accounts (Directory), who is
// signed in (one NS session per account: a second login gets OUT OTH, MSNP.md 10.4),
// tokens and cookies, switchboards, and presence fan-out. Fan-out walks only the
// account's own contacts (RL = who watches me), never all sessions.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tests/msnp_server/directory.hpp"
#include "tests/msnp_server/switchboard.hpp"
#include "tests/msnp_server/token_store.hpp"

namespace msnp_server {

class NsSession;

// Switches a test flips to reach failure paths a real Escargot never takes.
struct Knobs {
  bool nak = false;  // answer A/N/D messages with NAK instead of ACK
  std::chrono::seconds login_token_life{30};
  std::chrono::seconds cookie_life{120};
};

// online: NLN + UBX (came online); status: NLN only; info: UBX only (UUX).
enum class PresenceChange { online, status, info };

class Backend {
 public:
  using Clock = std::chrono::steady_clock;

  Backend();
  Directory& directory() { return directory_; }
  Knobs& knobs() { return knobs_; }
  RandomSource& random() { return directory_.random(); }

  Clock::time_point now() const { return Clock::now() + clock_offset_; }
  void advance_clock(Clock::duration d) { clock_offset_ += d; }
  void set_defer(std::function<void(std::function<void()>)> defer) { defer_ = std::move(defer); }
  void defer(std::function<void()> fn);

  void set_sb_endpoint(std::string host_port) { sb_endpoint_ = std::move(host_port); }
  const std::string& sb_endpoint() const { return sb_endpoint_; }

  // Passport 1.4 (/login): nullopt on a bad password or unknown account.
  std::optional<std::string> issue_login_token(const std::string& email, const std::string& password);
  std::optional<std::string> redeem_login_token(const std::string& token);
  std::string issue_cookie(TokenGrant grant);
  std::optional<TokenGrant> redeem_cookie(const std::string& cookie);

  // A completed USR: any older session of the account gets OUT OTH.
  void attach(const std::string& email, std::shared_ptr<NsSession> session);
  void detach(const std::string& email, const NsSession* session);
  NsSession* session(const std::string& email) const;
  std::size_t session_count() const { return sessions_.size(); }
  std::vector<std::shared_ptr<NsSession>> sessions() const;

  // Send u's presence (NLN/UBX, or FLN if u is invisible to them) to every watcher
  // that has finished its first CHG.
  void publish_presence(Account& u, PresenceChange change);
  void publish_offline(Account& u);
  // The same for one watcher (after AL/BL/BLP changes): NLN+UBX if visible, else FLN.
  void notify_watcher(const Account& u, const std::string& watcher, PresenceChange change);
  // Lines describing contact c to watcher w: "NLN ..." or "ILN trid ..." plus the UBX.
  std::string presence_lines(const Account& c, const std::string& iln_trid) const;
  bool reachable(const Account& invitee, const std::string& caller) const;

  std::shared_ptr<Switchboard> create_switchboard();
  std::shared_ptr<Switchboard> find_switchboard(const std::string& id) const;
  void forget_switchboard_if_idle(const std::string& id);
  std::vector<std::shared_ptr<Switchboard>> switchboards_of(const std::string& email) const;
  std::size_t switchboard_count() const { return switchboards_.size(); }
  // Invite: an NS RNG for a connected account; a virtual user joins at once.
  void ring(Switchboard& sb, const std::string& invitee, const std::string& inviter);

  // Control API helpers (see test_server.hpp).
  void set_virtual_presence(const std::string& email, const std::string& status, std::uint32_t caps,
                            const std::string& psm);
  void add_echo_bot(const std::string& email);
  bool is_echo_bot(const std::string& email) const;
  std::string send_as(const std::string& from, const std::string& to, const std::string& payload);

 private:
  Directory directory_;
  Knobs knobs_;
  Clock::duration clock_offset_{};
  std::function<void(std::function<void()>)> defer_;
  std::string sb_endpoint_ = "127.0.0.1:1864";
  TokenStore tokens_;
  std::unordered_map<std::string, std::shared_ptr<NsSession>> sessions_;
  std::unordered_map<std::string, std::shared_ptr<Switchboard>> switchboards_;
  std::vector<std::string> echo_bots_;
};

}  // namespace msnp_server
