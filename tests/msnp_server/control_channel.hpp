#pragma once
// The text form of the TestServer control API, for msnp-test-server's --control-port
// and stdin (one command per line, one reply line each; see README.md).
#include <string>

namespace msnp_server {

class TestServer;

class ControlChannel {
 public:
  explicit ControlChannel(TestServer& server) : server_(server) {}
  // Returns "OK ..." or "ERR ..."; sets quit_requested() on "quit".
  std::string execute(const std::string& line);
  bool quit_requested() const { return quit_; }

 private:
  TestServer& server_;
  bool quit_ = false;
};

}  // namespace msnp_server
