// msnp-test-server: the MSNP test server as a program, for the demo, integration tests
// and benchmarks. Flags and control commands: tests/msnp_server/README.md.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <fstream>
#include <istream>
#include <string>
#include <vector>

#include "tests/msnp_server/control_channel.hpp"
#include "tests/msnp_server/test_server.hpp"

namespace asio = boost::asio;
using msnp_server::ControlChannel;
using msnp_server::TestServer;

namespace {

struct Flags {
  msnp_server::ServerOptions server;
  std::vector<std::string> accounts, contacts, echo_bots;
  std::string ready_file;
  int control_port = -1;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "msnp-test-server: %s\nusage: msnp-test-server [--host 127.0.0.1] [--ns-port N] [--sb-port N] "
               "[--http-port N] [--account email:password[:nickname]]... [--contacts a,b]... [--echo-bot email]... "
               "[--ready-file PATH] [--control-port N]\n",
               why.c_str());
  std::exit(2);
}

Flags parse(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    auto port = [&]() -> std::uint16_t {
      const auto v = value();
      try {
        const auto n = std::stoul(v);
        if (n > 65535) usage("bad port " + v);
        return static_cast<std::uint16_t>(n);
      } catch (const std::exception&) {
        usage("bad port " + v);
      }
    };
    if (a == "--host") f.server.host = value();
    else if (a == "--ns-port") f.server.ns_port = port();
    else if (a == "--sb-port") f.server.sb_port = port();
    else if (a == "--http-port") f.server.http_port = port();
    else if (a == "--account") f.accounts.push_back(value());
    else if (a == "--contacts") f.contacts.push_back(value());
    else if (a == "--echo-bot") f.echo_bots.push_back(value());
    else if (a == "--ready-file") f.ready_file = value();
    else if (a == "--control-port") f.control_port = port();
    else usage("unknown flag " + a);
  }
  return f;
}

void setup(TestServer& server, const Flags& f) {
  for (const auto& spec : f.accounts) {
    const auto c1 = spec.find(':');
    if (c1 == std::string::npos) usage("--account wants email:password[:nickname]");
    const auto c2 = spec.find(':', c1 + 1);
    server.add_account(spec.substr(0, c1), spec.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1),
                       c2 == std::string::npos ? "" : spec.substr(c2 + 1));
  }
  for (const auto& bot : f.echo_bots) server.add_echo_bot(bot);
  for (const auto& pair : f.contacts) {
    const auto comma = pair.find(',');
    if (comma == std::string::npos || !server.make_contacts(pair.substr(0, comma), pair.substr(comma + 1)))
      usage("--contacts wants two existing accounts a,b: " + pair);
  }
}

void log_failure(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "msnp-test-server: %s: %s\n", what, ex.what());
  }
}

asio::awaitable<void> serve_control(asio::ip::tcp::socket socket, ControlChannel& control, asio::io_context& io) {
  asio::streambuf buf(4096);
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(socket, buf, '\n', asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    std::istream in(&buf);
    std::string line;
    std::getline(in, line);
    const auto reply = control.execute(line) + "\r\n";  // CRLF, like the protocol it drives
    co_await asio::async_write(socket, asio::buffer(reply), asio::as_tuple(asio::use_awaitable));
    if (control.quit_requested()) io.stop();
  }
}

asio::awaitable<void> accept_control(asio::ip::tcp::acceptor& acceptor, ControlChannel& control, asio::io_context& io) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    asio::co_spawn(io, serve_control(std::move(socket), control, io),
                   [](std::exception_ptr e) { log_failure("control connection", e); });
  }
}

asio::awaitable<void> read_stdin(ControlChannel& control, asio::io_context& io) {
  asio::posix::stream_descriptor in(io, ::dup(STDIN_FILENO));
  asio::streambuf buf(4096);
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(in, buf, '\n', asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // EOF: stop reading, keep serving
    std::istream is(&buf);
    std::string line;
    std::getline(is, line);
    std::printf("%s\n", control.execute(line).c_str());
    std::fflush(stdout);
    if (control.quit_requested()) io.stop();
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = parse(argc, argv);
  TestServer server(flags.server);
  msnp_server::Ports ports;
  try {
    ports = server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "msnp-test-server: cannot listen: %s\n", e.what());
    return 1;
  }
  setup(server, flags);
  asio::io_context io;
  ControlChannel control(server);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  std::unique_ptr<asio::ip::tcp::acceptor> control_acceptor;
  std::uint16_t control_port = 0;
  if (flags.control_port >= 0) {
    asio::ip::tcp::endpoint ep(asio::ip::make_address(flags.server.host), static_cast<std::uint16_t>(flags.control_port));
    control_acceptor = std::make_unique<asio::ip::tcp::acceptor>(io, ep);
    control_port = control_acceptor->local_endpoint().port();
    asio::co_spawn(io, accept_control(*control_acceptor, control, io), [](std::exception_ptr e) { log_failure("control", e); });
  } else {
    asio::co_spawn(io, read_stdin(control, io), [](std::exception_ptr e) { log_failure("stdin", e); });
  }
  const auto ready = fmt::format("ns={} sb={} http={}", ports.ns, ports.sb, ports.http) +
                     (control_acceptor ? fmt::format(" control={}", control_port) : std::string{});
  if (!flags.ready_file.empty()) {
    const auto tmp = flags.ready_file + ".tmp";
    std::ofstream(tmp) << ready << "\n";
    std::rename(tmp.c_str(), flags.ready_file.c_str());  // readers never see half a file
  }
  std::fprintf(stderr, "msnp-test-server: listening on %s %s\n", flags.server.host.c_str(), ready.c_str());
  io.run();
  server.stop();  // OUT SSD to everyone
  return 0;
}
