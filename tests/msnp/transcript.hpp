#pragma once
// Reads the wire transcripts in tests/transcripts/ (recorded against Escargot):
//   [ 4.618] alice/SB   >>> MSG 3 A 168
//   [ 4.618] alice/SB   >>> <payload 168 bytes>
//           | MIME-Version: 1.0
// `>>>` is client -> server, `<<<` server -> client; payload lines are the payload
// split on CRLF. Everything else (HTTP>, notes, connection events) is kept as text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace testing_msnp {

struct Entry {
  std::string who;                     // "alice/NS"
  enum class Kind { client, server, other } kind = Kind::other;
  std::string line;                    // command line without CRLF, or the raw text
  std::optional<std::string> payload;  // reassembled payload bytes
  bool truncated = false;              // the recording cut the payload; `line` was adjusted
  // The bytes on the wire for client/server entries.
  std::string wire() const;
};

class Transcript {
 public:
  static Transcript load(std::string_view name);   // relative to tests/transcripts/
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry> of(std::string_view who) const;
  // Concatenated wire bytes of one connection in one direction.
  std::string wire(std::string_view who, Entry::Kind kind) const;

 private:
  std::vector<Entry> entries_;
};

}  // namespace testing_msnp
