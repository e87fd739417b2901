#include "gateway/support/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace gw::log {
namespace {
std::atomic<Level> current{Level::info};

// Control characters from the network (CR, LF, ESC) would let a peer forge log lines.
void append_sanitized(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
}
}  // namespace

std::optional<Level> parse_level(std::string_view name) {
  for (auto l : {Level::trace, Level::debug, Level::info, Level::warn, Level::error, Level::off})
    if (name == level_name(l)) return l;
  return std::nullopt;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::trace: return "trace";
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
    case Level::off: return "off";
  }
  return "?";
}

void set_level(Level level) { current.store(level, std::memory_order_relaxed); }
Level level() { return current.load(std::memory_order_relaxed); }

void write(Level level, Where where, std::string_view message) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::string line = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z {:<5} {}", tm.tm_year + 1900,
                                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
                                 level_name(level), where.component);
  if (!where.user.empty()) {
    line += " user=";
    append_sanitized(line, where.user);
  }
  line += ' ';
  append_sanitized(line, message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace gw::log
