#include "msnp/codec.hpp"

#include <algorithm>
#include <array>

#include "msnp/utf8.hpp"

namespace msnp {
namespace {

constexpr std::array<std::string_view, 11> server_payload_commands{
    "MSG", "UBX", "NOT", "IPG", "UBN", "UBM", "FQY", "PUT", "DEL", "SDG", "NFY"};
// Escargot's list of client->server payload commands (MSNP.md 1.2, ESC msnp.py).
constexpr std::array<std::string_view, 14> client_payload_commands{
    "UUX", "MSG", "QRY", "NOT", "ADL", "FQY", "RML", "UUN", "UUM", "PUT", "DEL", "SDG", "VAS", "SDC"};

template <class Array>
bool contains(const Array& a, std::string_view name) {
  return std::find(a.begin(), a.end(), name) != a.end();
}

bool valid_name(std::string_view name) {
  if (name.size() != 3) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool last_arg_numeric(const Command& c) {
  return !c.args.empty() && parse_u32(c.args.back()).has_value();
}

}  // namespace

std::string_view to_string(DecodeError e) noexcept {
  switch (e) {
    case DecodeError::none: return "none";
    case DecodeError::line_too_long: return "line too long";
    case DecodeError::bad_line: return "malformed command line";
    case DecodeError::bad_length: return "bad payload length";
    case DecodeError::payload_too_large: return "payload too large";
  }
  return "unknown";
}

Decoder::Decoder(Direction dir, Dialect d, DecoderLimits limits)
    : dir_(dir), dialect_(d), limits_(limits) {}

void Decoder::fail(DecodeError e) {
  error_ = e;
  buf_.clear();
  buf_.shrink_to_fit();
  pos_ = 0;
  pending_.reset();
}

// An idle connection keeps its decoder for hours: the capacity the SYN/ILN burst after
// sign-in grew (several KiB) would stay allocated per session. Small buffers are kept, so a
// busy switchboard does not allocate per read.
void Decoder::release_drained() {
  constexpr std::size_t keep = 1024;
  pos_ = 0;
  if (buf_.capacity() > keep) std::string{}.swap(buf_);
  else buf_.clear();
}

void Decoder::feed(std::string_view bytes) {
  if (error_ != DecodeError::none) return;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
  // A line without CRLF cannot grow the buffer beyond the bound even if the caller
  // feeds repeatedly without draining.
  if (!pending_ && buf_.size() > limits_.max_line_bytes &&
      buf_.find('\n') == std::string::npos) {
    fail(DecodeError::line_too_long);
  }
}

bool Decoder::has_payload(const Command& c) const {
  if (dir_ == Direction::client_to_server) return contains(client_payload_commands, c.name);
  if (c.is_error()) return c.args.size() >= 2 && last_arg_numeric(c);  // `241 trid len`
  if (c.name == "ADL" || c.name == "RML") return c.arg(0) == "0" && c.args.size() >= 2;
  if (c.name == "UUX" || c.name == "GCF") return c.args.size() >= 2 && last_arg_numeric(c);
  return contains(server_payload_commands, c.name);
}

std::optional<Command> Decoder::next() {
  if (error_ != DecodeError::none) return std::nullopt;
  if (!pending_) {
    const auto lf = buf_.find('\n', pos_);
    const std::size_t limit = limits_.max_line_bytes;
    if (lf == std::string::npos) {
      if (buf_.size() - pos_ > limit) fail(DecodeError::line_too_long);
      if (pos_ == buf_.size()) release_drained();
      return std::nullopt;
    }
    if (lf - pos_ > limit) {
      fail(DecodeError::line_too_long);
      return std::nullopt;
    }
    if (lf == pos_ || buf_[lf - 1] != '\r') {
      fail(DecodeError::bad_line);
      return std::nullopt;
    }
    std::string_view line(buf_.data() + pos_, lf - 1 - pos_);
    pos_ = lf + 1;
    // Bytes that are not UTF-8 in a name are content, not framing: they become U+FFFD rather
    // than cost the connection (the server would send the same line again at every sign-in).
    std::string repaired;
    if (!is_valid_utf8(line)) line = repaired = to_valid_utf8(line);
    if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
      fail(DecodeError::bad_line);
      return std::nullopt;
    }
    Command cmd;
    cmd.args.reserve(static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ')));  // one allocation
    std::size_t start = 0;
    bool first = true;
    while (start <= line.size()) {
      auto sp = line.find(' ', start);
      if (sp == std::string_view::npos) sp = line.size();
      if (sp > start) {  // tolerate doubled/trailing spaces
        if (first) cmd.name = std::string(line.substr(start, sp - start));
        else cmd.args.emplace_back(line.substr(start, sp - start));
        first = false;
      }
      start = sp + 1;
    }
    if (!valid_name(cmd.name)) {
      fail(DecodeError::bad_line);
      return std::nullopt;
    }
    if (!has_payload(cmd)) return cmd;
    if (cmd.args.empty()) {
      fail(DecodeError::bad_length);
      return std::nullopt;
    }
    const auto len = parse_u32(cmd.args.back());
    if (!len) {
      fail(DecodeError::bad_length);
      return std::nullopt;
    }
    if (*len > limits_.max_payload_bytes) {
      fail(DecodeError::payload_too_large);
      return std::nullopt;
    }
    cmd.args.pop_back();
    pending_ = std::move(cmd);
    pending_len_ = *len;
  }
  if (buf_.size() - pos_ < pending_len_) return std::nullopt;
  pending_->payload = buf_.substr(pos_, pending_len_);
  pos_ += pending_len_;
  auto out = std::move(*pending_);
  pending_.reset();
  return out;
}

namespace {
// One allocation per command: every MSG we send goes through here (issue 6).
template <class Args>
std::string encode_parts(std::string_view name, const Args& args, std::optional<std::string_view> payload) {
  const std::string length = payload ? std::to_string(payload->size()) : std::string{};
  std::size_t size = name.size() + 2;
  for (const auto& a : args) size += 1 + std::string_view{a}.size();
  if (payload) size += 1 + length.size() + payload->size();
  std::string out;
  out.reserve(size);
  out += name;
  for (const auto& a : args) {
    out += ' ';
    out += a;
  }
  if (payload) {
    out += ' ';
    out += length;
  }
  out += "\r\n";
  if (payload) out += *payload;
  return out;
}
}  // namespace

std::string encode(const Command& c) {
  return encode_parts(c.name, c.args, c.payload ? std::optional<std::string_view>{*c.payload} : std::nullopt);
}

std::string encode_line(std::string_view name, std::initializer_list<std::string_view> args) {
  return encode_parts(name, args, std::nullopt);
}

std::string encode_payload_command(std::string_view name, std::initializer_list<std::string_view> args,
                                   std::string_view payload) {
  return encode_parts(name, args, payload);
}

}  // namespace msnp
