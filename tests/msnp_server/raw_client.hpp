#pragma once
// A deliberately dumb MSNP/HTTP client for the server's tests: plain POSIX sockets,
// lines and byte counts, a deadline on every read. It shares no code with msnp/ (the
// server must be tested against the wire, not against our own client).
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace msnp_server::testing {

using namespace std::chrono_literals;

class RawClient {
 public:
  explicit RawClient(std::uint16_t port);  // connects to 127.0.0.1:port or throws
  ~RawClient();
  RawClient(RawClient&& other) noexcept;
  RawClient& operator=(RawClient&&) = delete;
  RawClient(const RawClient&) = delete;

  void send(std::string_view bytes);
  void send_line(std::string_view line) { send(std::string(line) + "\r\n"); }
  // One line without CRLF; nullopt on timeout or EOF.
  std::optional<std::string> line(std::chrono::milliseconds timeout = 3000ms);
  std::optional<std::string> bytes(std::size_t n, std::chrono::milliseconds timeout = 3000ms);
  // "UBX a@b 53" -> the 53 bytes after it.
  std::optional<std::string> payload_of(const std::string& head, std::chrono::milliseconds timeout = 3000ms);
  // True if the server closes the connection within the timeout (pending data is skipped).
  bool closed_by_peer(std::chrono::milliseconds timeout = 3000ms);
  // True if nothing arrives for `d` (and the connection stays open).
  bool quiet_for(std::chrono::milliseconds d);
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

HttpReply http_get(std::uint16_t port, const std::string& target, const std::string& authorization = "");

// The Passport 1.4 header exactly as transcripts/msnp12.txt sends it.
std::string passport_header(const std::string& email, const std::string& password);
// Token from "Passport1.4 da-status=success,from-PP='<token>'".
std::string from_pp(const std::string& authentication_info);

}  // namespace msnp_server::testing
