#pragma once
// A scripted XEP-0114 server on 127.0.0.1 for Component tests: accepts one component at a
// time, checks the handshake (SHA1(stream id + secret), hex), records what the component
// sends and sends what the test queues. It runs on its own thread with blocking sockets and
// short poll() timeouts; the component under test runs on the test's io_context.
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace xmpp::testing {

class FakeComponentServer {
 public:
  explicit FakeComponentServer(std::string secret, std::string domain = "msn.test");
  ~FakeComponentServer();

  std::uint16_t port() const { return port_; }
  void send(std::string xml);   // to the current component connection (queued until one exists)
  void drop();                  // close the current connection without </stream:stream>
  void set_listening(bool on);  // off: the port refuses connections (a dead server)
  void set_answer_pings(bool on) { answer_pings_ = on; }

  std::string received();       // what components sent after their handshakes, concatenated
  int connections() const { return connections_; }
  int handshakes() const { return handshakes_; }
  int refused_handshakes() const { return refused_; }
  int closed_streams() const { return closed_streams_; }

 private:
  void run();
  void serve(int fd);
  void open_listener();

  std::string secret_;
  std::string domain_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<bool> listening_{true};
  std::atomic<bool> drop_{false};
  std::atomic<bool> answer_pings_{true};
  std::atomic<int> connections_{0}, handshakes_{0}, refused_{0}, closed_streams_{0};
  std::mutex mu_;
  std::string received_;
  std::deque<std::string> outbox_;
  std::thread thread_;
};

}  // namespace xmpp::testing
