#include <catch2/catch.hpp>
#include <fcntl.h>
#include <strophe.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "tests/xmpp/fake_component_server.hpp"
#include "xmpp/component.hpp"
#include "xmpp/sm_state_workaround.hpp"
#include "xmpp/strophe_convert.hpp"

using namespace std::chrono_literals;
using xmpp::Component;
using xmpp::LinkState;
using xmpp::Stanza;
using xmpp::testing::FakeComponentServer;

namespace {

struct Harness {
  boost::asio::io_context io;
  FakeComponentServer server;
  std::unique_ptr<Component> c;
  std::vector<Stanza> inbound;
  int connected = 0, disconnected = 0, stopped = 0;
  std::string fatal;

  explicit Harness(std::string component_secret = "secret", std::size_t max_queued = 1000) : server("secret") {
    xmpp::ComponentSettings s;
    s.jid = "msn.test";
    s.port = server.port();
    s.secret = std::move(component_secret);
    s.backoff_initial = 50ms;
    s.backoff_max = 200ms;
    s.idle_ping = 10s;
    s.max_queued = max_queued;
    make(s);
  }
  void make(const xmpp::ComponentSettings& s) {
    c = std::make_unique<Component>(io, s);
    c->set_callbacks({[this](const Stanza& st) { inbound.push_back(st); }, [this] { ++connected; },
                      [this] { ++disconnected; }, [this](const std::string& m) { fatal = m; }, [this] { ++stopped; }});
  }
  template <class P>
  bool run_until(P pred, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      if (io.stopped()) io.restart();
      if (io.run_for(10ms) == 0) std::this_thread::sleep_for(1ms);
    }
    return pred();
  }
  void run_for(std::chrono::milliseconds d) {
    run_until([] { return false; }, d);
  }
};

}  // namespace

TEST_CASE("libstrophe component connections have no SM state unless given one", "[xmpp][component][sm-state]") {
  // Documents the libstrophe bug the workaround exists for (XMPP.md): if this ever starts to
  // fail, libstrophe allocates the state itself and the workaround can go.
  xmpp_ctx_t* ctx = xmpp::detail::shared_context();
  xmpp_conn_t* bare = xmpp_conn_new(ctx);
  CHECK(xmpp_conn_get_sm_state(bare) == nullptr);
  xmpp_conn_release(bare);

  xmpp_conn_t* conn = xmpp_conn_new(ctx);
  REQUIRE(xmpp::detail::give_component_sm_state(ctx, conn));
  xmpp_sm_state_t* st = xmpp_conn_get_sm_state(conn);  // takes it back out
  CHECK(st != nullptr);
  if (st) xmpp_free_sm_state(st);
  xmpp_conn_release(conn);
}

TEST_CASE("component: handshake, inbound stanza, reply (the path that crashes without the SM state)",
          "[xmpp][component]") {
  Harness h;
  h.c->start();
  REQUIRE(h.run_until([&] { return h.connected == 1; }));
  CHECK(h.c->state() == LinkState::connected);
  h.server.send("<message from='a@b.test/r' to='bob%example.com@msn.test' id='m1'><body>hello</body></message>");
  REQUIRE(h.run_until([&] { return h.inbound.size() == 1; }));
  CHECK(h.inbound[0].child_text("body") == "hello");
  Stanza reply{"message"};
  reply.set_attr("to", "a@b.test/r");
  reply.add("body").set_text("pong & <more>");
  h.c->send(reply);
  REQUIRE(h.run_until([&] { return h.server.received().find("pong &amp; &lt;more&gt;") != std::string::npos; }));
  // a component must stamp 'from' itself
  CHECK(h.server.received().find("from='msn.test'") != std::string::npos);
}

TEST_CASE("component: stanzas sent while disconnected arrive after the reconnect, in order", "[xmpp][component]") {
  Harness h;
  h.c->start();
  REQUIRE(h.run_until([&] { return h.connected == 1; }));
  h.server.set_listening(false);  // the server dies and stays down for a while
  REQUIRE(h.run_until([&] { return h.disconnected == 1; }));
  for (int i = 1; i <= 5; ++i) {
    Stanza m{"message"};
    m.set_attr("to", "a@b.test");
    m.add("body").set_text("queued-" + std::to_string(i));
    h.c->send(m);
  }
  CHECK(h.c->queued() == 5);
  h.run_for(400ms);  // a few refused reconnects
  CHECK(h.c->state() != LinkState::connected);
  h.server.set_listening(true);
  REQUIRE(h.run_until([&] { return h.connected == 2; }));
  REQUIRE(h.run_until([&] { return h.server.received().find("queued-5") != std::string::npos; }));
  const std::string got = h.server.received();
  std::size_t last = 0;
  for (int i = 1; i <= 5; ++i) {
    const auto at = got.find("queued-" + std::to_string(i));
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  CHECK(h.c->queued() == 0);
  CHECK(h.server.handshakes() == 2);
}

TEST_CASE("component: the queue is bounded, oldest dropped", "[xmpp][component]") {
  Harness h{"secret", 3};
  h.server.set_listening(false);
  h.c->start();
  for (int i = 1; i <= 5; ++i) {
    Stanza m{"message"};
    m.add("body").set_text("b" + std::to_string(i));
    h.c->send(m);
  }
  CHECK(h.c->queued() == 3);
  CHECK(h.c->dropped() == 2);
  h.server.set_listening(true);
  REQUIRE(h.run_until([&] { return h.server.received().find("b5") != std::string::npos; }));
  const std::string got = h.server.received();
  CHECK(got.find("b1") == std::string::npos);
  CHECK(got.find("b2") == std::string::npos);
  CHECK(got.find("b3") < got.find("b4"));
}

TEST_CASE("component: a wrong secret is fatal, not a retry loop", "[xmpp][component]") {
  Harness h{"not-the-secret"};
  h.c->start();
  REQUIRE(h.run_until([&] { return !h.fatal.empty(); }));
  CHECK(h.fatal.find("not-authorized") != std::string::npos);
  CHECK(h.fatal.find("secret") != std::string::npos);
  h.run_for(600ms);  // well past several backoff periods
  CHECK(h.server.connections() == 1);
  CHECK(h.server.refused_handshakes() == 1);
  CHECK(h.c->state() == LinkState::stopped);
  CHECK(h.connected == 0);
}

TEST_CASE("component: the socket stays below FD_SETSIZE with > 1100 descriptors open", "[xmpp][component][fd]") {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < 4096) {
    rl.rlim_cur = std::max<rlim_t>(4096, rl.rlim_cur);
    if (rl.rlim_max < rl.rlim_cur) rl.rlim_max = rl.rlim_cur;  // root may raise the hard limit
    REQUIRE(setrlimit(RLIMIT_NOFILE, &rl) == 0);
  }
  Harness h;  // the component reserves its low descriptors here, at "start-up"
  std::vector<int> hog;
  for (int i = 0; i < 1100; ++i) hog.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  REQUIRE(hog.back() >= 1024);  // the next free number is above select()'s limit
  h.c->start();
  REQUIRE(h.run_until([&] { return h.connected == 1; }));
  CHECK(h.c->socket_fd() >= 0);
  CHECK(h.c->socket_fd() < 1024);
  for (int round = 2; round <= 3; ++round) {
    h.server.drop();
    REQUIRE(h.run_until([&] { return h.connected == round; }));
    CHECK(h.c->socket_fd() >= 0);
    CHECK(h.c->socket_fd() < 1024);
  }
  // and the link works: a stanza round trip through select()
  h.server.send("<iq type='get' id='x' from='u@h/r' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>");
  REQUIRE(h.run_until([&] { return !h.inbound.empty(); }));
  for (int fd : hog) ::close(fd);
}

TEST_CASE("component: pings the server when idle and drops a silent link", "[xmpp][component][ping]") {
  Harness h;
  xmpp::ComponentSettings s = h.c->settings();
  s.idle_ping = 100ms;
  s.ping_timeout = 300ms;
  h.make(s);
  h.c->start();
  REQUIRE(h.run_until([&] { return h.connected == 1; }));
  h.run_for(500ms);
  CHECK(h.server.received().find("urn:xmpp:ping") != std::string::npos);
  CHECK(h.server.connections() == 1);
  CHECK(h.inbound.empty());  // ping answers are the component's own business
  h.server.set_answer_pings(false);
  REQUIRE(h.run_until([&] { return h.connected == 2; }, 5s));
  CHECK(h.disconnected == 1);
}

TEST_CASE("component: stop closes the stream", "[xmpp][component]") {
  Harness h;
  h.c->start();
  REQUIRE(h.run_until([&] { return h.connected == 1; }));
  h.c->stop();
  REQUIRE(h.run_until([&] { return h.stopped == 1; }));
  CHECK(h.c->state() == LinkState::stopped);
  REQUIRE(h.run_until([&] { return h.server.closed_streams() == 1; }));
  h.run_for(200ms);
  CHECK(h.server.connections() == 1);
}
