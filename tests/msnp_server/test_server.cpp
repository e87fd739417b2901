#include "tests/msnp_server/test_server.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <future>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "tests/msnp_server/backend.hpp"
#include "tests/msnp_server/nexus_http.hpp"
#include "tests/msnp_server/ns_session.hpp"
#include "tests/msnp_server/sb_session.hpp"
#include "tests/msnp_server/tcp_transport.hpp"

namespace msnp_server {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t ns_max_payload = 64 * 1024;
constexpr auto call_timeout = std::chrono::seconds(10);

void log_exception(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "msnp-test-server: %s failed: %s\n", what, ex.what());
  }
}

std::string text_payload(const std::string& text) {
  return "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\n" + text;
}

}  // namespace

struct TestServer::Impl {
  ServerOptions options;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread;
  Backend backend;
  Ports ports;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::unique_ptr<tcp::acceptor>> retired;  // closed; their accept loops may still unwind
  std::unordered_map<Transport*, std::weak_ptr<Transport>> live;  // every open NS/SB socket
  bool running = false;

  template <class F>
  auto call(F f) -> decltype(f()) {
    if (thread.get_id() == std::this_thread::get_id() || !thread.joinable()) return f();
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io, [&task] { task(); });
    if (result.wait_for(call_timeout) != std::future_status::ready)
      throw std::runtime_error("msnp test server: control call timed out");
    return result.get();
  }

  std::uint16_t listen(std::uint16_t port) {
    auto acceptor = std::make_unique<tcp::acceptor>(io);
    tcp::endpoint ep(asio::ip::make_address(options.host), port);
    acceptor->open(ep.protocol());
    acceptor->set_option(tcp::acceptor::reuse_address(true));
    acceptor->bind(ep);
    acceptor->listen(asio::socket_base::max_listen_connections);
    const auto bound = acceptor->local_endpoint().port();
    acceptors.push_back(std::move(acceptor));
    return bound;
  }

  void track(const std::shared_ptr<Transport>& t) { live[t.get()] = t; }

  asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, int kind) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;  // EMFILE and friends: keep serving the others
      }
      if (kind == 2) {
        const auto url = fmt::format("http://{}:{}/login", options.host, ports.http);
        asio::co_spawn(io, serve_nexus_connection(std::move(socket), backend, url),
                       [](std::exception_ptr e) { log_exception("nexus", e); });
        continue;
      }
      const std::size_t max_payload = kind == 0 ? ns_max_payload : SbSession::max_msg_payload;
      start_tcp_transport(std::move(socket), max_payload, [this, kind](std::shared_ptr<Transport> t) {
        track(t);
        Transport* key = t.get();
        TransportHandlers h;
        if (kind == 0) {
          auto s = std::make_shared<NsSession>(backend, t);
          h.on_command = [s](ClientCommand c) { s->on_command(c); };
          h.on_closed = [this, s, key] { s->on_closed(); live.erase(key); };
        } else {
          auto s = std::make_shared<SbSession>(backend, t);
          h.on_command = [s](ClientCommand c) { s->on_command(c); };
          h.on_closed = [this, s, key] { s->on_closed(); live.erase(key); };
        }
        return h;
      });
    }
  }

  Ports bind_all() {
    for (auto& a : acceptors) retired.push_back(std::move(a));
    acceptors.clear();
    ports.ns = listen(ports.ns ? ports.ns : options.ns_port);
    ports.sb = listen(ports.sb ? ports.sb : options.sb_port);
    ports.http = listen(ports.http ? ports.http : options.http_port);
    backend.set_sb_endpoint(fmt::format("{}:{}", options.host, ports.sb));
    for (int kind = 0; kind < 3; ++kind)
      asio::co_spawn(io, accept_loop(*acceptors[kind], kind), [](std::exception_ptr e) { log_exception("accept", e); });
    running = true;
    return ports;
  }

  void shutdown() {
    if (!running) return;
    running = false;
    for (auto& a : acceptors) {
      boost::system::error_code ignored;
      a->close(ignored);
    }
    for (const auto& s : backend.sessions()) s->sign_out("SSD");  // MSNP.md 1.8
    for (auto& [key, weak] : std::unordered_map(live))
      if (auto t = weak.lock()) t->close();
  }
};

TestServer::TestServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->backend.set_defer([this](std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); });
}

TestServer::~TestServer() {
  if (impl_->thread.joinable()) {
    try {
      stop();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "msnp-test-server: stop failed: %s\n", e.what());
    }
    // Let the OUT SSD lines drain before the loop ends.
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (impl_->call([this] { return impl_->live.size(); }) > 0 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    impl_->work.reset();
    impl_->io.stop();
    impl_->thread.join();
  }
}

Ports TestServer::start() {
  Ports p = impl_->bind_all();  // before the thread exists: bind errors reach the caller
  impl_->thread = std::thread([this] {
    for (;;) {
      try {
        impl_->io.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "msnp-test-server: io loop: %s\n", e.what());
      }
    }
  });
  return p;
}

Ports TestServer::ports() const { return impl_->ports; }

std::string TestServer::nexus_url() const {
  return fmt::format("http://{}:{}/rdr/pprdr.asp", impl_->options.host, impl_->ports.http);
}

void TestServer::stop() { impl_->call([this] { impl_->shutdown(); }); }

Ports TestServer::restart() {
  return impl_->call([this] {
    impl_->shutdown();
    return impl_->bind_all();
  });
}

void TestServer::add_account(const std::string& email, const std::string& password, const std::string& friendly) {
  impl_->call([&] { impl_->backend.directory().add_account(email, password, friendly); });
}

bool TestServer::make_contacts(const std::string& a, const std::string& b) {
  return impl_->call([&] { return impl_->backend.directory().make_mutual(a, b); });
}

void TestServer::add_echo_bot(const std::string& email) {
  impl_->call([&] {
    auto& dir = impl_->backend.directory();
    if (dir.find(email) == nullptr) dir.add_account(email, "", "Echo Bot");
    impl_->backend.add_echo_bot(email);
  });
}

void TestServer::set_presence(const std::string& email, const std::string& status, std::uint32_t caps,
                              const std::string& psm) {
  impl_->call([&] { impl_->backend.set_virtual_presence(email, status, caps, psm); });
}

std::string TestServer::send_message(const std::string& from, const std::string& to, const std::string& text) {
  return send_payload(from, to, text_payload(text));
}

std::string TestServer::send_payload(const std::string& from, const std::string& to, const std::string& mime) {
  return impl_->call([&] { return impl_->backend.send_as(from, to, mime); });
}

std::optional<std::string> TestServer::send_challenge(const std::string& email) {
  return impl_->call([&]() -> std::optional<std::string> {
    NsSession* s = impl_->backend.session(to_lower(email));
    if (s == nullptr) return std::nullopt;
    return s->send_challenge();
  });
}

bool TestServer::drop_user(const std::string& email) {
  return impl_->call([&] {
    const auto key = to_lower(email);
    for (const auto& sb : impl_->backend.switchboards_of(key))
      for (const auto& p : sb->participants())
        if (p->email() == key) p->disconnect();
    NsSession* s = impl_->backend.session(key);
    if (s == nullptr) return false;
    s->drop();
    return true;
  });
}

std::size_t TestServer::drop_switchboards(const std::string& email) {
  return impl_->call([&] {
    auto sbs = impl_->backend.switchboards_of(to_lower(email));
    for (const auto& sb : sbs) sb->disconnect_all();
    return sbs.size();
  });
}

bool TestServer::cut_mid_payload(const std::string& email) {
  return impl_->call([&] {
    NsSession* s = impl_->backend.session(to_lower(email));
    if (s == nullptr) return false;
    s->cut_mid_payload();
    return true;
  });
}

bool TestServer::send_garbage(const std::string& email, std::size_t bytes) {
  return impl_->call([&] {
    NsSession* s = impl_->backend.session(to_lower(email));
    if (s == nullptr) return false;
    s->send_garbage(bytes);
    return true;
  });
}

void TestServer::set_nak(bool on) { impl_->call([&] { impl_->backend.knobs().nak = on; }); }

void TestServer::advance_clock(std::chrono::seconds by) { impl_->call([&] { impl_->backend.advance_clock(by); }); }

bool TestServer::is_signed_in(const std::string& email) {
  return impl_->call([&] { return impl_->backend.session(to_lower(email)) != nullptr; });
}

std::string TestServer::status_of(const std::string& email) {
  return impl_->call([&]() -> std::string {
    const Account* a = impl_->backend.directory().find(email);
    return a == nullptr ? "FLN" : a->presence.status;
  });
}

std::optional<unsigned> TestServer::list_bits(const std::string& owner, const std::string& contact) {
  return impl_->call([&]() -> std::optional<unsigned> {
    const Account* a = impl_->backend.directory().find(owner);
    const ContactEntry* c = a == nullptr ? nullptr : a->contact(contact);
    if (c == nullptr) return std::nullopt;
    return c->lists;
  });
}

std::size_t TestServer::session_count() { return impl_->call([&] { return impl_->backend.session_count(); }); }

std::size_t TestServer::switchboard_count() {
  return impl_->call([&] { return impl_->backend.switchboard_count(); });
}

}  // namespace msnp_server
