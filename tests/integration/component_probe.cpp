// component_probe: xmpp::Component on its own, driven line by line for integration tests.
//   component_probe --port P --jid probe.localhost --secret S [--host H] [--backoff-ms N]
// stdin:  "send <xml>" queues/sends one stanza; "quit" closes the stream and exits.
// stdout: "connected N", "disconnected", "fatal <why>", "queued N", "stopped",
//         "stanza <xml>" for each inbound stanza. One line per event, flushed.
// Used where the msngate binary cannot be made to produce traffic on demand, e.g. to check
// that stanzas sent while the server is down arrive after the reconnect, in order.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "xmpp/component.hpp"

namespace asio = boost::asio;

namespace {

void say(const std::string& line) {
  std::fprintf(stdout, "%s\n", line.c_str());
  std::fflush(stdout);
}

struct StdinReader {
  asio::posix::stream_descriptor in;
  asio::streambuf buf;
  xmpp::Component& c;
  StdinReader(asio::io_context& io, xmpp::Component& comp) : in(io, ::dup(0)), c(comp) {}
  void next() {
    asio::async_read_until(in, buf, '\n', [this](const boost::system::error_code& ec, std::size_t) {
      if (ec) return c.stop();  // stdin closed: the test is gone
      std::istream is(&buf);
      std::string line;
      std::getline(is, line);
      if (line.rfind("send ", 0) == 0) {
        if (auto s = xmpp::Stanza::parse(line.substr(5))) {
          c.send(*s);
          say("queued " + std::to_string(c.queued()));
        } else {
          say("error malformed");
        }
      } else if (line == "quit") {
        return c.stop();
      }
      next();
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  xmpp::ComponentSettings s;
  s.jid = "probe.localhost";
  s.secret = "secret";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--host") s.host = v;
    else if (a == "--port") s.port = static_cast<std::uint16_t>(std::stoi(v));
    else if (a == "--jid") s.jid = v;
    else if (a == "--secret") s.secret = v;
    else if (a == "--backoff-ms") s.backoff_initial = std::chrono::milliseconds(std::stoi(v));
    else {
      std::fprintf(stderr, "component_probe: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  asio::io_context io;
  xmpp::Component c{io, s};
  int rc = 0;
  c.set_callbacks({[](const xmpp::Stanza& st) { say("stanza " + st.to_string()); },
                   [&] { say("connected " + std::to_string(c.connects())); }, [] { say("disconnected"); },
                   [&](const std::string& why) {
                     say("fatal " + why);
                     rc = 1;
                     io.stop();
                   },
                   [&] {
                     say("stopped");
                     io.stop();
                   }});
  StdinReader reader{io, c};
  reader.next();
  c.start();
  io.run();
  return rc;
}
