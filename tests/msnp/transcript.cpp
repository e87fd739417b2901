#include "tests/msnp/transcript.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef MSNGATE_TEST_DATA
#error "MSNGATE_TEST_DATA must point at tests/"
#endif

namespace testing_msnp {

std::string Entry::wire() const {
  std::string out = line + "\r\n";
  if (payload) out += *payload;
  return out;
}

Transcript Transcript::load(std::string_view name) {
  const std::string path = std::string(MSNGATE_TEST_DATA) + "/transcripts/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  Transcript t;
  std::string raw;
  Entry* payload_owner = nullptr;
  std::vector<std::string> payload_lines;
  std::size_t payload_declared = 0;
  auto finish_payload = [&] {
    if (payload_owner) {
      std::string p;
      for (std::size_t i = 0; i < payload_lines.size(); ++i) {
        if (i) p += "\r\n";
        p += payload_lines[i];
      }
      // Some recordings cut long payloads (the MSNP18 profile); keep the wire
      // self-consistent by writing the length of what was recorded.
      if (p.size() != payload_declared) {
        const auto sp = payload_owner->line.rfind(' ');
        payload_owner->line = payload_owner->line.substr(0, sp + 1) + std::to_string(p.size());
        payload_owner->truncated = true;
      }
      payload_owner->payload = p;
    }
    payload_owner = nullptr;
    payload_lines.clear();
  };
  while (std::getline(in, raw)) {
    if (raw.rfind("        | ", 0) == 0 || raw == "        |") {
      payload_lines.push_back(raw.size() > 10 ? raw.substr(10) : std::string());
      continue;
    }
    const auto close = raw.find("] ");
    if (raw.empty() || raw[0] != '[' || close == std::string::npos) continue;
    std::string rest = raw.substr(close + 2);
    const auto sp = rest.find(' ');
    Entry e;
    e.who = rest.substr(0, sp);
    rest = sp == std::string::npos ? "" : rest.substr(rest.find_first_not_of(' ', sp));
    if (rest.rfind(">>> ", 0) == 0 || rest.rfind("<<< ", 0) == 0) {
      const auto kind = rest[0] == '>' ? Entry::Kind::client : Entry::Kind::server;
      const auto text = rest.substr(4);
      if (text.rfind("<payload ", 0) == 0) {
        finish_payload();
        // Attach to the last command of this connection and direction.
        for (auto it = t.entries_.rbegin(); it != t.entries_.rend(); ++it) {
          if (it->who == e.who && it->kind == kind) {
            payload_owner = &*it;
            break;
          }
        }
        const auto n = std::stoul(text.substr(9));
        payload_declared = n;
        if (payload_owner) {
          // The command line carries the length last; strip it: Entry keeps the
          // line exactly as on the wire, so only remember the payload.
          payload_owner->payload = std::string();
          if (n == 0) payload_owner = nullptr;
        }
        continue;
      }
      finish_payload();
      e.kind = kind;
      e.line = text;
    } else {
      finish_payload();
      e.line = rest;
    }
    t.entries_.push_back(std::move(e));
    payload_owner = nullptr;
  }
  finish_payload();
  return t;
}

std::vector<Entry> Transcript::of(std::string_view who) const {
  std::vector<Entry> out;
  for (const auto& e : entries_) {
    if (e.who == who) out.push_back(e);
  }
  return out;
}

std::string Transcript::wire(std::string_view who, Entry::Kind kind) const {
  std::string out;
  for (const auto& e : entries_) {
    if (e.who == who && e.kind == kind) out += e.wire();
  }
  return out;
}

}  // namespace testing_msnp
