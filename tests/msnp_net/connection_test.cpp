// Component tests of the transport alone (msnp/net/connection.*) against raw loopback
// sockets: ordering, half-close, deadlines, the outbox bound and a stalled peer.
#include "msnp/net/connection.hpp"

#include "tests/msnp_net/test_user.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

using namespace msnp::net;
using namespace msnp_net_test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

struct Probe {
  std::string received;
  int connected = 0;
  int ticks = 0;
  int closed = 0;
  CloseReason reason = CloseReason::local;
  std::function<void()> after_tick;
};

std::shared_ptr<Connection> make(asio::io_context& io, Probe& p, ConnectionSettings s = {}) {
  Connection::Handler h;
  h.on_connected = [&p] { ++p.connected; };
  h.on_data = [&p](std::string_view b) { p.received += b; };
  h.on_tick = [&p](Connection::Clock::time_point) {
    ++p.ticks;
    if (p.after_tick) p.after_tick();
  };
  h.on_closed = [&p](CloseReason r, const std::string&) {
    ++p.closed;
    p.reason = r;
  };
  return Connection::create(io.get_executor(), s, "test", "", std::move(h));
}

struct Listener {
  explicit Listener(asio::io_context& io) : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), peer(io) {
    acceptor.async_accept(peer, [this](boost::system::error_code ec) { accepted = !ec; });
  }
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  tcp::acceptor acceptor;
  tcp::socket peer;
  bool accepted = false;
};

}  // namespace

TEST_CASE("bytes flow both ways in order, and close_after_flush delivers everything", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  // The readiness wait with the shared buffer, and an own buffer smaller than one line.
  s.own_read_buffer = GENERATE(std::size_t{0}, std::size_t{5});
  auto c = make(io, p, s);
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return l.accepted && p.connected == 1; }));

  asio::write(l.peer, asio::buffer(std::string("VER 1 MSNP12\r\n")));
  REQUIRE(pump_until(io, [&] { return p.received == "VER 1 MSNP12\r\n"; }));
  asio::write(l.peer, asio::buffer(std::string("CVR 2 8.5\r\n")));
  REQUIRE(pump_until(io, [&] { return p.received == "VER 1 MSNP12\r\nCVR 2 8.5\r\n"; }));

  for (int i = 0; i < 50; ++i) c->send("line " + std::to_string(i) + "\r\n");
  c->send("OUT\r\n");
  c->close_after_flush(CloseReason::session_ended);
  c->send("dropped\r\n");  // nothing is queued after close_after_flush

  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "line " + std::to_string(i) + "\r\n";
  expected += "OUT\r\n";
  std::string got;
  std::array<char, 4096> buf;
  boost::system::error_code ec;
  // Blocking reads on the peer are fine: the client already wrote into the kernel, except
  // for what needs the io_context, which we pump in between.
  while (!ec && got.size() < expected.size()) {
    pump_for(io, 20ms);
    l.peer.non_blocking(true);
    const auto n = l.peer.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) ec = {};
    got.append(buf.data(), n);
  }
  CHECK(got == expected);
  l.peer.close();  // our FIN ends the client's linger at once
  REQUIRE(pump_until(io, [&] { return p.closed == 1; }));
  CHECK(p.reason == CloseReason::session_ended);
  pump_for(io, 100ms);
  CHECK(p.closed == 1);
}

TEST_CASE("connection refused is reported once", "[msnp_net][connection][component]") {
  asio::io_context io;
  std::uint16_t port;
  {
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  Probe p;
  auto c = make(io, p);
  c->connect("127.0.0.1", port);
  REQUIRE(pump_until(io, [&] { return p.closed == 1; }));
  CHECK(p.reason == CloseReason::connect_failed);
  CHECK(p.connected == 0);
}

TEST_CASE("a silent server hits the read deadline while ticks run", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  s.read_timeout = 400ms;
  s.tick_interval = 50ms;
  auto c = make(io, p, s);
  p.after_tick = [&] { c->wake_at({}); };  // "at the next tick", every 50 ms
  c->wake_at({});
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return p.closed == 1; }, 5s));
  CHECK(p.reason == CloseReason::read_timeout);
  CHECK(p.ticks >= 3);
}

TEST_CASE("on_tick runs at the time asked for, not periodically", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  s.tick_interval = 10ms;
  auto c = make(io, p, s);
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return p.connected == 1; }));
  const auto asked = Connection::Clock::now() + 300ms;
  c->wake_at(asked + 200ms);
  c->wake_at(asked);  // the earlier request wins
  pump_for(io, 200ms);
  CHECK(p.ticks == 0);
  REQUIRE(pump_until(io, [&] { return p.ticks == 1; }, 2s));
  CHECK(Connection::Clock::now() >= asked);
  pump_for(io, 400ms);  // nothing asked for since: no further tick
  CHECK(p.ticks == 1);
  CHECK(p.closed == 0);
}

TEST_CASE("the server closing is peer_closed, after its last bytes", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  s.own_read_buffer = GENERATE(std::size_t{0}, std::size_t{4096});
  auto c = make(io, p, s);
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return l.accepted && p.connected == 1; }));
  asio::write(l.peer, asio::buffer(std::string("OUT OTH\r\n")));
  l.peer.close();
  REQUIRE(pump_until(io, [&] { return p.closed == 1; }));
  CHECK(p.received == "OUT OTH\r\n");
  CHECK(p.reason == CloseReason::peer_closed);
}

TEST_CASE("the outbox is bounded", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  s.max_outbox_bytes = 64 * 1024;
  auto c = make(io, p, s);
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return p.connected == 1; }));
  const std::string chunk(4096, 'x');
  for (int i = 0; i < 100; ++i) c->send(chunk);  // no chance to write in between
  REQUIRE(pump_until(io, [&] { return p.closed == 1; }));
  CHECK(p.reason == CloseReason::slow_peer);
}

TEST_CASE("a peer that stops reading is dropped by the write deadline", "[msnp_net][connection][component]") {
  asio::io_context io;
  Listener l{io};
  Probe p;
  ConnectionSettings s;
  s.write_timeout = 500ms;
  s.tick_interval = 50ms;
  s.max_outbox_bytes = 1024 * 1024;
  auto c = make(io, p, s);
  c->connect("127.0.0.1", l.port());
  REQUIRE(pump_until(io, [&] { return p.connected == 1; }));
  const std::string chunk(64 * 1024, 'x');
  std::size_t sent = 0;
  // Keep the outbox non-empty until the kernel buffers are full and one write stalls. Bounded
  // by the amount sent (256 MiB) and by time.
  REQUIRE(pump_until(io, [&] {
    if (p.closed) return true;
    if (c->outbox_bytes() < 256 * 1024 && sent < (256u << 20)) {
      c->send(chunk);
      sent += chunk.size();
    }
    return false;
  }, 20s));
  CHECK(p.reason == CloseReason::write_timeout);
}
