#pragma once
// MIME-ish MSG payloads (MSNP.md 6.4-6.5): `Header: value\r\n`... `\r\n` body.
// Builders produce byte-exact payloads for plain text, typing notifications and
// the datacast nudge; the parser classifies what a contact sent.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "msnp/im_format.hpp"
#include "msnp/passport.hpp"

namespace msnp {

// The SB payload limit including MIME headers (PUR msg.c; Escargot closes the
// connection above it, MSNP.md 10.4).
inline constexpr std::size_t max_sb_payload = 1664;

struct MimeMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // in wire order
  std::string body;
  // First header with this name (case-insensitive), without surrounding spaces.
  std::optional<std::string_view> header(std::string_view name) const;
  // Content-Type without parameters, lower-cased: "text/plain".
  std::string content_type() const;
};

// Never fails: a payload without a blank line is all headers, lines without ':'
// are skipped.
MimeMessage parse_mime(std::string_view payload);

enum class ContentKind { text, typing, nudge, other };

struct IncomingContent {
  ContentKind kind = ContentKind::other;
  std::string text;                    // kind == text: the body, CRLF kept as sent
  std::optional<TextFormat> format;    // kind == text: X-MMS-IM-Format when present
  std::string typing_user;             // kind == typing: TypingUser header
};

// By value: the body of a temporary is moved into the text, not copied.
IncomingContent classify(MimeMessage m);

// text/plain; charset=UTF-8 with X-MMS-IM-Format when `format` is given.
std::string build_text_payload(std::string_view text, const std::optional<TextFormat>& format);
// text/x-msmsgscontrol with TypingUser (sent with ack U, MSNP.md 6.5).
std::string build_typing_payload(const Passport& self);
// text/x-msnmsgr-datacast with body `ID: 1\r\n\r\n`.
std::string build_nudge_payload();

// Splits `text` into pieces whose byte length is at most `max_bytes`, never
// inside a UTF-8 sequence (a lead byte and its continuation bytes stay together).
// max_bytes below 4 is raised to 4 so every code point fits.
// The pieces are views into `text`.
std::vector<std::string_view> split_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace msnp
