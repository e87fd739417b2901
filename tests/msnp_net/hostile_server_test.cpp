// Hostile notification servers (issue 7, "Bad input"): our NsConnection against a scripted
// server on loopback that logs us in and then misbehaves: an endless line, a huge payload
// length, garbage bytes, and a slow byte-by-byte trickle (during login and after). In every
// case the client must end the session with a clear reason, stop reading (bounded memory:
// the server's writes fail long before it has pushed everything) and never hang. Every wait
// is bounded. The same for a switchboard, where a message in flight must be reported failed.
#include "msnp/codec.hpp"
#include "msnp/net/connection.hpp"
#include "msnp/net/ns_connection.hpp"
#include "msnp/net/sb_connection.hpp"
#include "tests/msnp_net/test_user.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <atomic>
#include <random>
#include <thread>

using namespace msnp;
using namespace msnp::net;
using namespace msnp_net_test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Answers at once from the io thread (never from inside fetch(), as the interface requires).
struct InstantTickets : TicketProvider {
  explicit InstantTickets(asio::io_context& io) : io(io) {}
  void fetch(TicketRequest, Callback done) override {
    asio::post(io, [done] { done(TicketResult{"t=fake&p=ticket", std::nullopt, {}}); });
  }
  asio::io_context& io;
};

// One scripted server connection on its own thread with blocking sockets. The script gets
// the accepted socket; stop() unblocks it (shutdown) so the test never waits on it.
class ScriptedServer {
 public:
  using Script = std::function<void(tcp::socket&, asio::streambuf&)>;
  explicit ScriptedServer(Script script)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), socket_(io_) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this, script = std::move(script)] {
      boost::system::error_code ec;
      acceptor_.accept(socket_, ec);
      if (ec) return;
      accepted_ = true;
      asio::streambuf buf;
      try {
        script(socket_, buf);
      } catch (const std::exception&) {
        // The client closed on us: exactly what these tests provoke.
      }
      finished_ = true;
    });
  }
  ~ScriptedServer() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    if (accepted_) ::shutdown(socket_.native_handle(), SHUT_RDWR);
    else ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  bool finished() const { return finished_; }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  tcp::socket socket_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> accepted_{false}, finished_{false};
};

std::string read_line(tcp::socket& s, asio::streambuf& buf) {
  asio::read_until(s, buf, "\r\n");
  std::istream in(&buf);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string trid_of(const std::string& line) {
  const auto a = line.find(' ');
  const auto b = line.find(' ', a + 1);
  return line.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
}

void send(tcp::socket& s, const std::string& bytes) { asio::write(s, asio::buffer(bytes)); }

// VER, CVR, USR TWN I/S as an MSNP12 server does (MSNP.md 1.3/2.2), ending logged in.
void log_in(tcp::socket& s, asio::streambuf& buf) {
  auto l = read_line(s, buf);
  send(s, "VER " + trid_of(l) + " MSNP12\r\n");
  l = read_line(s, buf);
  send(s, "CVR " + trid_of(l) + " 7.0.0816 7.0.0816 7.0.0816 http://x http://x\r\n");
  l = read_line(s, buf);
  send(s, "USR " + trid_of(l) + " TWN S ct=1,rver=1,id=1\r\n");
  l = read_line(s, buf);
  send(s, "USR " + trid_of(l) + " OK alice@example.com 1 0\r\n");
}

// Pushes up to `limit` bytes of `fill`; returns how many the kernel took before the client's
// close made the write fail.
std::size_t flood(tcp::socket& s, char fill, std::size_t limit) {
  const std::string chunk(64 * 1024, fill);
  std::size_t sent = 0;
  boost::system::error_code ec;
  while (sent < limit && !ec) sent += asio::write(s, asio::buffer(chunk), ec);
  return sent;
}

struct Client {
  Client(asio::io_context& io, std::uint16_t port, std::function<void(NsConfig&)> adjust = {})
      : user(io, "alice@example.com", "pw", port, std::make_shared<InstantTickets>(io),
             [adjust](NsConfig& c, NsConnectionSettings& s) {
               s.transport.tick_interval = 50ms;
               s.transport.read_timeout = 30s;  // must not be what ends these tests
               if (adjust) adjust(c);
             }) {}
  const LinkDown* down() const {
    for (const auto& l : user.ns_links)
      if (auto* d = std::get_if<LinkDown>(&l)) return d;
    return nullptr;
  }
  bool disconnected(DisconnectReason r) const {
    return user.saw<Disconnected>([r](const Disconnected& d) { return d.reason == r; });
  }
  TestUser user;
};

constexpr std::size_t flood_limit = 64 * 1024 * 1024;

}  // namespace

TEST_CASE("hostile server: an endless line ends the session as a protocol error", "[msnp_net][hostile][component]") {
  std::atomic<std::size_t> pushed{0};
  ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
    log_in(s, buf);
    send(s, "ILN 10 NLN bob@example.com Bob ");
    pushed = flood(s, 'a', flood_limit);
  });
  asio::io_context io;
  Client c{io, server.port()};
  c.user.login();
  REQUIRE(pump_until(io, [&] { return c.down() != nullptr; }, 20s));
  CHECK(c.user.logged_in());
  CHECK(c.disconnected(DisconnectReason::protocol_error));
  CHECK(c.down()->reason == CloseReason::protocol_error);
  CHECK(c.down()->detail == to_string(DecodeError::line_too_long));
  server.stop();
  // We stopped reading after the 16 KiB line limit: the server could not push everything.
  CHECK(pushed < flood_limit);
}

TEST_CASE("hostile server: a huge payload length is refused before any payload is buffered", "[msnp_net][hostile][component]") {
  for (const std::string line : {"UBX bob@example.com 4294967295\r\n", "MSG Hotmail Hotmail 99999999\r\n",
                                 "NOT 18446744073709551616\r\n"}) {
    INFO(line);
    std::atomic<std::size_t> pushed{0};
    ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
      log_in(s, buf);
      send(s, line);
      pushed = flood(s, 'x', flood_limit);
    });
    asio::io_context io;
    Client c{io, server.port()};
    c.user.login();
    REQUIRE(pump_until(io, [&] { return c.down() != nullptr; }, 20s));
    CHECK(c.disconnected(DisconnectReason::protocol_error));
    REQUIRE(c.down()->reason == CloseReason::protocol_error);
    // 2^64 does not even parse as a length; the others parse and exceed the 64 KiB limit.
    const auto expected = line[0] == 'N' ? DecodeError::bad_length : DecodeError::payload_too_large;
    CHECK(c.down()->detail == to_string(expected));
    server.stop();
    CHECK(pushed < flood_limit);
  }
}

TEST_CASE("hostile server: garbage after login ends the session as a protocol error", "[msnp_net][hostile][component]") {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
      log_in(s, buf);
      std::mt19937 rng(seed);
      std::string junk(4096, '\0');
      for (auto& ch : junk) ch = static_cast<char>(rng() % 256);
      send(s, junk);
      read_line(s, buf);  // blocks until the client closes (or stop())
    });
    asio::io_context io;
    Client c{io, server.port()};
    c.user.login();
    REQUIRE(pump_until(io, [&] { return c.down() != nullptr; }, 20s));
    CHECK(c.user.logged_in());
    CHECK(c.disconnected(DisconnectReason::protocol_error));
    CHECK(c.down()->reason == CloseReason::protocol_error);
    CHECK_FALSE(c.down()->detail.empty());
  }
}

TEST_CASE("hostile server: a byte-per-tick trickle during login hits the login timeout", "[msnp_net][hostile][component]") {
  ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
    const auto l = read_line(s, buf);
    send(s, "VER " + trid_of(l) + " MSNP12\r\n");
    read_line(s, buf);
    // Never finishes the CVR reply: one byte every 100 ms keeps the read deadline happy.
    const std::string slow = "CVR 2 7.0.0816 7.0.0816 7.0.0816 http://x http://x" + std::string(100000, ' ');
    for (char ch : slow) {  // ends when a write fails: the client closed, or stop()
      send(s, std::string(1, ch));
      std::this_thread::sleep_for(100ms);
    }
  });
  asio::io_context io;
  Client c{io, server.port(), [](NsConfig& cfg) { cfg.login_timeout = 2s; }};
  const auto started = std::chrono::steady_clock::now();
  c.user.login();
  REQUIRE(pump_until(io, [&] { return c.down() != nullptr; }, 20s));
  const auto login_failed = c.user.all<LoginFailed>();
  REQUIRE(login_failed.size() == 1);
  CHECK(login_failed[0].reason == "login timed out");
  CHECK_FALSE(login_failed[0].fatal);  // transient: the gateway retries later
  CHECK(c.down()->reason == CloseReason::session_ended);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("hostile server: a trickle that never completes a line after login hits the ping timeout", "[msnp_net][hostile][component]") {
  ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
    log_in(s, buf);
    // A QNG that never ends: bytes keep coming (no read timeout) but no command completes.
    const std::string slow = "QNG 50" + std::string(100000, ' ');
    for (char ch : slow) {
      send(s, std::string(1, ch));
      std::this_thread::sleep_for(100ms);
    }
  });
  asio::io_context io;
  Client c{io, server.port(), [](NsConfig& cfg) {
             cfg.ping_interval = 1s;
             cfg.ping_timeout = 1s;
           }};
  const auto started = std::chrono::steady_clock::now();
  c.user.login();
  REQUIRE(pump_until(io, [&] { return c.down() != nullptr; }, 20s));
  CHECK(c.user.logged_in());
  CHECK(c.disconnected(DisconnectReason::ping_timeout));
  CHECK(c.down()->reason == CloseReason::session_ended);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("hostile switchboard: a huge MSG length after a message was sent fails that message and closes", "[msnp_net][hostile][component]") {
  for (const bool endless : {false, true}) {
    INFO((endless ? "endless line" : "huge length"));
    std::atomic<std::size_t> pushed{0};
    std::atomic<bool> got_msg{false};
    ScriptedServer server([&](tcp::socket& s, asio::streambuf& buf) {
      auto l = read_line(s, buf);  // USR 1 alice@example.com cookie
      send(s, "USR " + trid_of(l) + " OK alice@example.com Alice\r\n");
      l = read_line(s, buf);  // CAL 2 bob@example.com
      send(s, "CAL " + trid_of(l) + " RINGING 11752013\r\nJOI bob@example.com Bob 1073741824\r\n");
      l = read_line(s, buf);  // MSG 3 A <len>, then the payload (left unread: never ACKed)
      got_msg = l.rfind("MSG ", 0) == 0;
      send(s, endless ? "MSG bob@example.com Bob " : "MSG bob@example.com Bob 4000000000\r\n");
      pushed = flood(s, endless ? 'z' : 'x', flood_limit);
    });
    asio::io_context io;
    std::vector<SbOutput> events;
    std::vector<LinkEvent> links;
    SbConnectionSettings settings;
    settings.host = "127.0.0.1";
    settings.port = server.port();
    settings.transport.tick_interval = 50ms;
    SbConnection::Handler h;
    h.on_output = [&](const SbOutput& o) { events.push_back(o); };
    h.on_link = [&](const LinkEvent& e) { links.push_back(e); };
    auto session = SbSession::outgoing(SbConfig(*Passport::parse("alice@example.com")), "cookie",
                                       {*Passport::parse("bob@example.com")});
    auto sb = SbConnection::create(io, settings, std::move(session), "alice@example.com", std::move(h));
    sb->start();
    sb->request([](SbSession& s) { return s.send_text(MessageId{7}, "hello"); });  // queued until JOI
    auto down = [&]() -> const LinkDown* {
      for (const auto& l : links)
        if (auto* d = std::get_if<LinkDown>(&l)) return d;
      return nullptr;
    };
    REQUIRE(pump_until(io, [&] { return down() != nullptr; }, 20s));
    CHECK(got_msg);
    CHECK(down()->reason == CloseReason::protocol_error);
    CHECK(down()->detail ==
          to_string(endless ? DecodeError::line_too_long : DecodeError::payload_too_large));
    bool failed = false, closed = false;
    for (const auto& e : events) {
      if (auto* f = std::get_if<MessageFailed>(&e)) failed = failed || f->id == MessageId{7};
      if (auto* c = std::get_if<SwitchboardClosed>(&e)) closed = c->reason == SbCloseReason::protocol_error;
      CHECK_FALSE(std::holds_alternative<MessageDelivered>(e));
    }
    CHECK(failed);  // zero loss: the gateway hears that message 7 did not make it
    CHECK(closed);
    server.stop();
    CHECK(pushed < flood_limit);
  }
}
