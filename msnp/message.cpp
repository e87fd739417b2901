#include "msnp/message.hpp"

#include <algorithm>

#include "msnp/utf8.hpp"

namespace msnp {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

constexpr std::string_view mime_version = "MIME-Version: 1.0\r\n";

}  // namespace

std::optional<std::string_view> MimeMessage::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string MimeMessage::content_type() const {
  auto ct = header("Content-Type").value_or("");
  ct = trim(ct.substr(0, ct.find(';')));
  std::string out(ct);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
  return out;
}

MimeMessage parse_mime(std::string_view payload) {
  MimeMessage m;
  m.headers.reserve(4);  // MIME-Version, Content-Type, X-MMS-IM-Format and one more
  auto end = payload.find("\r\n\r\n");
  std::string_view head = payload;
  if (end != std::string_view::npos) {
    head = payload.substr(0, end);
    m.body = std::string(payload.substr(end + 4));
  } else if (payload.size() >= 2 && payload.substr(payload.size() - 2) == "\r\n") {
    head = payload.substr(0, payload.size() - 2);
  }
  while (!head.empty()) {
    const auto nl = head.find("\r\n");
    const auto line = head.substr(0, nl);
    head = nl == std::string_view::npos ? std::string_view() : head.substr(nl + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    m.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                           std::string(trim(line.substr(colon + 1))));
  }
  return m;
}

IncomingContent classify(MimeMessage m) {
  IncomingContent c;
  const auto type = m.content_type();
  if (type == "text/plain") {
    c.kind = ContentKind::text;
    c.text = is_valid_utf8(m.body) ? std::move(m.body) : to_valid_utf8(m.body);  // valid: no copy
    if (auto f = m.header("X-MMS-IM-Format")) c.format = parse_im_format(*f);
  } else if (type == "text/x-msmsgscontrol") {
    if (auto who = m.header("TypingUser")) {
      c.kind = ContentKind::typing;
      c.typing_user = std::string(*who);
    }
  } else if (type == "text/x-msnmsgr-datacast") {
    // Body `ID: 1\r\n\r\n` (MSNP.md 6.5); other IDs (wink, voice clip) are ignored.
    const auto body = parse_mime(m.body);
    if (auto id = body.header("ID"); id && *id == "1") c.kind = ContentKind::nudge;
  }
  return c;
}

std::string build_text_payload(std::string_view text, const std::optional<TextFormat>& format) {
  constexpr std::string_view content_type = "Content-Type: text/plain; charset=UTF-8\r\n";
  const std::string im_format = format ? format_im_format(*format) : std::string{};
  std::string out;  // one allocation: this runs for every message sent (issue 6)
  out.reserve(mime_version.size() + content_type.size() + im_format.size() + 24 + text.size());
  out += mime_version;
  out += content_type;
  if (format) {
    out += "X-MMS-IM-Format: ";
    out += im_format;
    out += "\r\n";
  }
  out += "\r\n";
  out += text;
  return out;
}

std::string build_typing_payload(const Passport& self) {
  std::string out(mime_version);
  out += "Content-Type: text/x-msmsgscontrol\r\nTypingUser: " + self.str() + "\r\n\r\n\r\n";
  return out;
}

std::string build_nudge_payload() {
  std::string out(mime_version);
  out += "Content-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n";
  return out;
}

std::vector<std::string_view> split_utf8(std::string_view text, std::size_t max_bytes) {
  max_bytes = std::max<std::size_t>(max_bytes, 4);
  std::vector<std::string_view> parts;
  while (text.size() > max_bytes) {
    std::size_t cut = max_bytes;
    // Back up over continuation bytes (10xxxxxx) so the cut falls before a lead byte.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = max_bytes;  // not UTF-8 at all: cut anywhere rather than loop
    parts.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  if (!text.empty() || parts.empty()) parts.emplace_back(text);
  return parts;
}

}  // namespace msnp
