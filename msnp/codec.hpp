#pragma once
// MSNP framing, sans-IO (nghttp2/llhttp style): bytes in, Commands out.
// Which commands carry a length-prefixed payload depends on the direction
// (MSNP.md 1.2): `QRY` has one from the client but not from the server, server
// `ADL/RML` carry one only with trid 0, `UUX trid 0` is a zero-length payload,
// and numeric error lines carry one when they have a trailing length (MSNP15+
// `241 trid len`). Bad network input never throws: the decoder stops with a sticky
// error() and buffers nothing more.
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "msnp/command.hpp"
#include "msnp/dialect.hpp"

namespace msnp {

enum class Direction { server_to_client, client_to_server };

enum class DecodeError {
  none,
  line_too_long,      // no CRLF within max_line_bytes
  bad_line,           // empty line, bare CR/LF, double spaces, bad command name
  bad_length,         // payload length is not a decimal number
  payload_too_large,  // payload length above max_payload_bytes
};

std::string_view to_string(DecodeError e) noexcept;

struct DecoderLimits {
  std::size_t max_line_bytes = 16 * 1024;      // ILN/NLN with an MSNObject stay far below
  std::size_t max_payload_bytes = 64 * 1024;   // larger than any legitimate NS/SB payload
};

class Decoder {
 public:
  explicit Decoder(Direction dir, Dialect d = Dialect::msnp12, DecoderLimits limits = {});

  // Appends bytes; never throws. Ignored once error() is set.
  void feed(std::string_view bytes);
  // The next complete command; nullopt when more bytes are needed or error() is set.
  std::optional<Command> next();
  DecodeError error() const noexcept { return error_; }
  // Bytes buffered but not yet returned as a command.
  std::size_t buffered() const noexcept { return buf_.size() - pos_; }
  // VER negotiates the dialect after the decoder exists.
  void set_dialect(Dialect d) noexcept { dialect_ = d; }

 private:
  bool has_payload(const Command& c) const;
  void fail(DecodeError e);
  void release_drained();

  Direction dir_;
  Dialect dialect_;
  DecoderLimits limits_;
  std::string buf_;
  std::size_t pos_ = 0;                   // start of unconsumed bytes in buf_
  std::optional<Command> pending_;        // line parsed, waiting for its payload
  std::size_t pending_len_ = 0;
  DecodeError error_ = DecodeError::none;
};

// The wire form of a command: `NAME args...\r\n`, then for payload commands the
// payload's byte length as the last argument and the payload bytes.
std::string encode(const Command& c);

// Convenience for building requests: encode({name, {args...}}).
std::string encode_line(std::string_view name, std::initializer_list<std::string_view> args);
// encode({name, {args...}, payload}) without building the Command (and copying the payload).
std::string encode_payload_command(std::string_view name, std::initializer_list<std::string_view> args,
                                   std::string_view payload);


}  // namespace msnp
