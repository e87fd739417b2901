#include "tests/msnp_server/control_channel.hpp"

#include <fmt/format.h>

#include <sstream>
#include <vector>

#include "tests/msnp_server/test_server.hpp"
#include "tests/msnp_server/wire_text.hpp"

namespace msnp_server {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Everything after the first `skip` words, as typed.
std::string rest_after(const std::string& line, std::size_t skip) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < skip; ++i) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string::npos) return {};
    pos = line.find(' ', pos);
    if (pos == std::string::npos) return {};
  }
  return pos + 1 <= line.size() ? line.substr(pos + 1) : std::string{};
}

std::string ports_line(const Ports& p) { return fmt::format("ns={} sb={} http={}", p.ns, p.sb, p.http); }

}  // namespace

std::string ControlChannel::execute(const std::string& raw) {
  std::string line = raw;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  const auto w = words(line);
  if (w.empty()) return "ERR empty command";
  const auto& cmd = w[0];
  const auto need = [&](std::size_t n) { return w.size() >= n + 1; };
  try {
    if (cmd == "ports") return "OK " + ports_line(server_.ports());
    if (cmd == "account" && need(2)) {
      server_.add_account(w[1], w[2], need(3) ? url_decode(w[3]) : "");
      return "OK";
    }
    if (cmd == "contacts" && need(2)) return server_.make_contacts(w[1], w[2]) ? "OK" : "ERR unknown account";
    if (cmd == "echo-bot" && need(1)) {
      server_.add_echo_bot(w[1]);
      return "OK";
    }
    if (cmd == "presence" && need(2)) {
      std::uint64_t caps = 0;
      if (need(3) && !parse_uint(w[3], caps)) return "ERR caps must be a number";
      server_.set_presence(w[1], w[2], static_cast<std::uint32_t>(caps), rest_after(line, 4));
      return "OK";
    }
    if (cmd == "send" && need(3)) {
      const auto id = server_.send_message(w[1], w[2], rest_after(line, 3));
      return id.empty() ? "ERR recipient not signed in" : "OK " + id;
    }
    if ((cmd == "typing" || cmd == "nudge") && need(2)) {
      const auto mime = cmd == "typing"
                            ? "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + w[1] + "\r\n\r\n\r\n"
                            : std::string("MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n");
      const auto id = server_.send_payload(w[1], w[2], mime);
      return id.empty() ? "ERR recipient not signed in" : "OK " + id;
    }
    if (cmd == "chl" && need(1)) {
      auto c = server_.send_challenge(w[1]);
      return c ? "OK " + *c : "ERR not signed in";
    }
    if (cmd == "drop" && need(1)) return server_.drop_user(w[1]) ? "OK" : "ERR not signed in";
    if (cmd == "drop-sb" && need(1)) return fmt::format("OK {}", server_.drop_switchboards(w[1]));
    if (cmd == "cut" && need(1)) return server_.cut_mid_payload(w[1]) ? "OK" : "ERR not signed in";
    if (cmd == "garbage" && need(2)) {
      std::uint64_t n = 0;
      if (!parse_uint(w[2], n) || n > 64 * 1024 * 1024) return "ERR bytes must be a number up to 64 MiB";
      return server_.send_garbage(w[1], n) ? "OK" : "ERR not signed in";
    }
    if (cmd == "nak" && need(1)) {
      server_.set_nak(w[1] == "on");
      return "OK";
    }
    if (cmd == "advance" && need(1)) {
      std::uint64_t s = 0;
      if (!parse_uint(w[1], s)) return "ERR seconds must be a number";
      server_.advance_clock(std::chrono::seconds(s));
      return "OK";
    }
    if (cmd == "online" && need(1)) return server_.is_signed_in(w[1]) ? "OK yes" : "OK no";
    if (cmd == "status" && need(1)) return "OK " + server_.status_of(w[1]);
    if (cmd == "stats")
      return fmt::format("OK sessions={} switchboards={}", server_.session_count(), server_.switchboard_count());
    if (cmd == "stop") {
      server_.stop();
      return "OK";
    }
    if (cmd == "restart") return "OK " + ports_line(server_.restart());
    if (cmd == "quit") {
      quit_ = true;
      return "OK";
    }
  } catch (const std::exception& e) {
    return std::string("ERR ") + e.what();
  }
  return "ERR unknown or incomplete command: " + cmd;
}

}  // namespace msnp_server
