#pragma once
// The MSNP test server as C++ tests and the msnp-test-server program use it: NS, SB and
// Nexus/login HTTP listeners on one io_context running on its own thread. Every method
// is thread-safe (it runs on the server thread and waits for the result), so a test can
// script the "network" while its client under test talks TCP to it.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace msnp_server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t ns_port = 0;  // 0: ephemeral, see ports()
  std::uint16_t sb_port = 0;
  std::uint16_t http_port = 0;
};

struct Ports {
  std::uint16_t ns = 0;
  std::uint16_t sb = 0;
  std::uint16_t http = 0;
};

class TestServer {
 public:
  explicit TestServer(ServerOptions options = {});
  ~TestServer();  // stop() and join the thread
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  Ports start();  // throws std::runtime_error if a port cannot be bound
  Ports ports() const;
  std::string nexus_url() const;  // http://host:port/rdr/pprdr.asp
  // OUT SSD to every NS session, then every connection and listener is closed.
  // Accounts and lists survive; restart() listens on the same ports again.
  void stop();
  Ports restart();

  void add_account(const std::string& email, const std::string& password, const std::string& friendly = "");
  bool make_contacts(const std::string& a, const std::string& b);  // FL+AL both ways, RL
  void add_echo_bot(const std::string& email);
  // Presence of an account nobody is signed in with ("as if they were online").
  void set_presence(const std::string& email, const std::string& status, std::uint32_t caps = 0,
                    const std::string& psm = "");
  // Opens a switchboard as `from` and rings `to`; the message goes out when `to` joins.
  // Returns the switchboard id, or "" if `to` is not signed in.
  std::string send_message(const std::string& from, const std::string& to, const std::string& text);
  std::string send_payload(const std::string& from, const std::string& to, const std::string& mime);
  std::optional<std::string> send_challenge(const std::string& email);  // the CHL string sent
  bool drop_user(const std::string& email);             // NS and SB sockets closed, no OUT
  std::size_t drop_switchboards(const std::string& email);
  bool cut_mid_payload(const std::string& email);       // NS: UBX header + half a payload, close
  bool send_garbage(const std::string& email, std::size_t bytes);  // NS: junk, no CRLF, left open
  void set_nak(bool on);
  void advance_clock(std::chrono::seconds by);          // ages tokens and cookies

  bool is_signed_in(const std::string& email);
  std::string status_of(const std::string& email);      // FLN when offline
  std::optional<unsigned> list_bits(const std::string& owner, const std::string& contact);
  std::size_t session_count();
  std::size_t switchboard_count();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msnp_server
