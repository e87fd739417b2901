#pragma once
// Transport limits of one MSNP TCP connection (DESIGN.md section 5: deadlines everywhere,
// bounded outbox). Defaults suit the NS: with PNG every <= 50 s (MSNP.md 1.7) a live server
// never stays silent for 150 s.
#include <chrono>
#include <cstddef>

namespace msnp::net {

struct ConnectionSettings {
  std::chrono::milliseconds connect_timeout{15000};
  std::chrono::milliseconds read_timeout{150000};  // nothing read this long: dead; 0 = no limit
  std::chrono::milliseconds write_timeout{30000};  // one write in flight this long: dead
  std::chrono::milliseconds tick_interval{1000};   // delay of an on_tick asked for "at the next tick"
  std::size_t max_outbox_bytes = 512 * 1024;       // a peer that cannot keep up is dropped
  // 0: a readiness wait, then reads into one buffer shared by the thread, so an idle
  // connection holds no buffer (10,000 idle NS connections). > 0: reads go straight into a
  // buffer of this size owned by the connection, which costs one recv per wake-up and no
  // re-registration with epoll (a readiness wait re-arms the descriptor with epoll_ctl each
  // time): for connections that carry messages (issue 6, syscalls per relayed message).
  std::size_t own_read_buffer = 0;
};

// The server closes idle switchboards itself (`BYE email 1`, MSNP.md 6.3) and the SB has no
// PNG, so a switchboard's own read deadline only catches dead TCP: it is long.
inline ConnectionSettings switchboard_transport() {
  ConnectionSettings s;
  s.read_timeout = std::chrono::minutes(30);
  s.own_read_buffer = 4096;  // a MSG is at most ~1.7 KB
  return s;
}

}  // namespace msnp::net
