#include "tests/msnp_server/command_reader.hpp"

#include <array>

#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {

namespace {
constexpr std::array<std::string_view, 14> payload_commands = {
    "UUX", "MSG", "QRY", "NOT", "ADL", "FQY", "RML", "UUN", "UUM", "PUT", "DEL", "SDG", "VAS", "SDC"};

std::vector<std::string> split_spaces(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    auto sp = line.find(' ', start);
    if (sp == std::string_view::npos) sp = line.size();
    if (sp > start) out.emplace_back(line.substr(start, sp - start));
    start = sp + 1;
  }
  return out;
}
}  // namespace

CommandReader::CommandReader(std::size_t max_payload) : max_payload_(max_payload) {}

bool CommandReader::is_payload_command(std::string_view name) {
  for (auto c : payload_commands)
    if (c == name) return true;
  return false;
}

void CommandReader::feed(std::string_view bytes) {
  if (error_ != ReadError::none) return;
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > 65536) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<ClientCommand> CommandReader::next() {
  if (error_ != ReadError::none) return std::nullopt;
  if (pending_) {
    if (buffer_.size() - pos_ < pending_len_) return std::nullopt;
    pending_->payload = buffer_.substr(pos_, pending_len_);
    pos_ += pending_len_;
    auto out = std::move(pending_);
    pending_.reset();
    return out;
  }
  auto eol = buffer_.find("\r\n", pos_);
  if (eol == std::string::npos) {
    if (buffer_.size() - pos_ > max_line_) error_ = ReadError::line_too_long;
    return std::nullopt;
  }
  if (eol - pos_ > max_line_) {
    error_ = ReadError::line_too_long;
    return std::nullopt;
  }
  std::string_view line(buffer_.data() + pos_, eol - pos_);
  ClientCommand cmd;
  cmd.args = split_spaces(line);
  pos_ = eol + 2;
  if (cmd.args.empty()) {
    error_ = ReadError::empty_line;
    return std::nullopt;
  }
  if (!is_payload_command(cmd.args.front())) return cmd;
  std::uint64_t len = 0;
  if (cmd.args.size() < 2 || !parse_uint(cmd.args.back(), len)) {
    error_ = ReadError::bad_length;
    rejected_line_ = std::string(line);
    return std::nullopt;
  }
  if (len > max_payload_) {
    error_ = ReadError::payload_too_large;
    rejected_line_ = std::string(line);
    return std::nullopt;
  }
  cmd.has_payload = true;
  pending_ = std::move(cmd);
  pending_len_ = static_cast<std::size_t>(len);
  return next();
}

}  // namespace msnp_server
