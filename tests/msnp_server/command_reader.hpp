#pragma once
// Server-side MSNP framing: client -> server lines and the payloads that follow them.
// Which client commands carry a payload is fixed by MSNP.md 1.2 (the list Escargot's
// reader knows: UUX MSG QRY NOT ADL FQY RML UUN UUM PUT DEL SDG VAS SDC); the length
// is always the last argument. Written independently of msnp/codec: this server must
// understand any client, not just ours.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msnp_server {

struct ClientCommand {
  std::vector<std::string> args;  // args[0] is the command name ("MSG", "USR", ...)
  std::string payload;
  bool has_payload = false;

  const std::string& name() const { return args.front(); }
  std::string arg(std::size_t i) const { return i < args.size() ? args[i] : std::string{}; }
};

enum class ReadError { none, line_too_long, empty_line, bad_length, payload_too_large };

class CommandReader {
 public:
  // max_payload: Escargot closes an SB connection for MSG len > 1664 (MSNP.md 6.4).
  explicit CommandReader(std::size_t max_payload);
  void feed(std::string_view bytes);
  std::optional<ClientCommand> next();  // nullopt: need more bytes, or error() is set
  ReadError error() const noexcept { return error_; }
  // The command whose payload is too large, kept for diagnostics.
  const std::string& rejected_line() const noexcept { return rejected_line_; }

  static bool is_payload_command(std::string_view name);

 private:
  static constexpr std::size_t max_line_ = 8192;
  std::size_t max_payload_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::optional<ClientCommand> pending_;  // line read, waiting for its payload
  std::size_t pending_len_ = 0;
  ReadError error_ = ReadError::none;
  std::string rejected_line_;
};

}  // namespace msnp_server
