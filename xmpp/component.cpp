#include "xmpp/component.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strophe.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <exception>
#include <unordered_map>

#include "gateway/support/log.hpp"
#include "xmpp/backoff.hpp"
#include "xmpp/fd_reserve.hpp"
#include "xmpp/ns.hpp"
#include "xmpp/pump.hpp"
#include "xmpp/sm_state_workaround.hpp"
#include "xmpp/strophe_convert.hpp"

namespace xmpp {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr auto stop_guard = std::chrono::seconds(3);
constexpr std::size_t outbox_keep_capacity = 16 * 1024;  // a sign-in burst's buffer is released

std::string default_server_domain(const std::string& jid) {
  const auto dot = jid.find('.');
  return dot == std::string::npos ? jid : jid.substr(dot + 1);
}

// Wire dumps at trace level must not show registration passwords (DESIGN.md section 6).
Stanza masked(Stanza s) {
  Stanza out{s.name()};
  for (const auto& [k, v] : s.attrs()) out.set_attr(k, v);
  const bool secret = s.name() == "password" || (s.name() == "field" && s.attr("var") == "password");
  out.set_text(secret && !s.text().empty() ? std::string{gw::log::mask(s.text())} : s.text());
  for (const auto& c : s.children()) {
    if (secret && c.name() == "value") {
      out.add(Stanza{"value"}.set_text(gw::log::mask(c.text())));
    } else {
      out.add(masked(c));
    }
  }
  return out;
}

std::string_view stream_error_name(xmpp_error_type_t t) {
  switch (t) {
    case XMPP_SE_CONFLICT: return "conflict";
    case XMPP_SE_HOST_UNKNOWN: return "host-unknown";
    case XMPP_SE_NOT_AUTHORIZED: return "not-authorized";
    case XMPP_SE_SYSTEM_SHUTDOWN: return "system-shutdown";
    case XMPP_SE_CONN_TIMEOUT: return "connection-timeout";
    case XMPP_SE_POLICY_VIOLATION: return "policy-violation";
    case XMPP_SE_INVALID_XML: return "invalid-xml";
    case XMPP_SE_XML_NOT_WELL_FORMED: return "not-well-formed";
    case XMPP_SE_INTERNAL_SERVER_ERROR: return "internal-server-error";
    default: return "stream-error";
  }
}

}  // namespace

struct Component::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, ComponentSettings s)
      : io_(io),
        s_(std::move(s)),
        ctx_(detail::shared_context()),
        pump_(io, ctx_, [this] { return conn_ && (xmpp_conn_is_connecting(conn_) || xmpp_conn_send_queue_len(conn_) > 0); },
              [this] { flush(); }),
        reserve_(s_.reserved_fds),
        backoff_(s_.backoff_initial, s_.backoff_max),
        retry_(io),
        housekeeping_(io),
        guard_(io) {
    if (s_.server_domain.empty()) s_.server_domain = default_server_domain(s_.jid);
  }

  ~Impl() {
    destroying_ = true;
    pump_.stop();
    release_conn();
  }

  asio::io_context& io_;
  ComponentSettings s_;
  Callbacks cb_;
  xmpp_ctx_t* ctx_;
  xmpp_conn_t* conn_ = nullptr;
  Pump pump_;
  FdReserve reserve_;
  Backoff backoff_;
  asio::steady_timer retry_, housekeeping_, guard_;
  std::deque<Stanza> queue_;
  // Stanzas serialized since the pump's last call into libstrophe: handed over as one piece,
  // so a loop iteration's stanzas leave in one send() instead of one each (issue 6).
  std::string outbox_;
  LinkState state_ = LinkState::idle;
  std::size_t dropped_ = 0;
  unsigned connects_ = 0;
  bool handshake_done_ = false;  // for the current connection
  bool stopping_ = false;
  bool destroying_ = false;
  Clock::time_point last_rx_{};
  std::string ping_id_;
  Clock::time_point ping_sent_{};
  unsigned ping_seq_ = 0;

  // The sockopt callback has no user data: find the Impl by connection.
  static std::unordered_map<const xmpp_conn_t*, Impl*>& owners() {
    static std::unordered_map<const xmpp_conn_t*, Impl*> m;
    return m;
  }

  template <class F>
  void guarded(std::string_view what, F&& f) {
    // Callbacks run inside libstrophe (C): an exception escaping into it is undefined.
    try {
      f();
    } catch (const std::exception& e) {
      gw::log::error("xmpp", "{} failed: {}", what, e.what());
    } catch (...) {
      gw::log::error("xmpp", "{} failed: unknown exception", what);
    }
  }

  void release_conn() {
    outbox_.clear();  // like libstrophe's own queue, it dies with the connection
    if (!conn_) return;
    pump_.detach();
    owners().erase(conn_);
    xmpp_conn_t* c = conn_;
    conn_ = nullptr;
    xmpp_conn_release(c);
  }

  void connect() {
    if (stopping_) return;
    release_conn();
    state_ = LinkState::connecting;
    handshake_done_ = false;
    conn_ = xmpp_conn_new(ctx_);
    owners()[conn_] = this;
    xmpp_conn_set_jid(conn_, s_.jid.c_str());
    xmpp_conn_set_pass(conn_, s_.secret.c_str());
    xmpp_conn_set_sockopt_callback(conn_, &Impl::on_sockopt);
    if (!detail::give_component_sm_state(ctx_, conn_)) {
      gw::log::error("xmpp", "libstrophe refused the stream-management state workaround; retrying");
      return schedule_retry("sm-state workaround failed");
    }
    reserve_.release_one();
    gw::log::debug("xmpp", "connecting to {}:{} as {}", s_.host, s_.port, s_.jid);
    const int rc = xmpp_connect_component(conn_, s_.host.c_str(), s_.port, &Impl::on_conn, this);
    reserve_.refill();
    if (rc != XMPP_EOK) schedule_retry(fmt::format("connect to {}:{} failed ({})", s_.host, s_.port, rc));
  }

  void schedule_retry(const std::string& why) {
    state_ = LinkState::waiting;
    const auto delay = backoff_.next();
    gw::log::warn("xmpp", "{}; reconnecting in {} ms (attempt {})", why, delay.count(), backoff_.attempts());
    // Not from inside libstrophe: the connection that failed may be on the stack.
    retry_.expires_after(delay);
    retry_.async_wait([w = weak_from_this()](const boost::system::error_code& ec) {
      if (auto self = w.lock(); self && !ec) self->connect();
    });
  }

  static int on_sockopt(xmpp_conn_t* conn, void* sock) {
    const int fd = *static_cast<int*>(sock);
    auto it = owners().find(conn);
    if (it == owners().end()) return 0;
    if (!selectable_fd(fd)) {
      gw::log::error("xmpp", "libstrophe's socket got descriptor {} >= FD_SETSIZE; refusing it (select() would corrupt memory)", fd);
      return -1;
    }
    // libstrophe never sets TCP_NODELAY; Nagle costs ~40 ms per stanza > 1 MSS (XMPP.md).
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    it->second->pump_.attach(fd);
    return 0;
  }

  static void on_conn(xmpp_conn_t* conn, xmpp_conn_event_t ev, int err, xmpp_stream_error_t* se, void* ud) {
    auto* self = static_cast<Impl*>(ud);
    if (self->destroying_ || conn != self->conn_) return;
    if (ev == XMPP_CONN_CONNECT) {
      self->guarded("handshake", [&] { self->on_handshake(); });
    } else if (ev == XMPP_CONN_DISCONNECT || ev == XMPP_CONN_FAIL) {
      self->guarded("disconnect", [&] { self->on_link_lost(err, se); });
    }
  }

  static int on_stanza(xmpp_conn_t*, xmpp_stanza_t* st, void* ud) {
    auto* self = static_cast<Impl*>(ud);
    if (self->destroying_) return 1;
    self->guarded("inbound stanza", [&] { self->inbound(detail::from_strophe(st)); });
    return 1;  // keep the handler
  }

  void on_handshake() {
    state_ = LinkState::connected;
    handshake_done_ = true;
    backoff_.reset();
    ++connects_;
    last_rx_ = Clock::now();
    ping_id_.clear();
    xmpp_handler_add(conn_, &Impl::on_stanza, nullptr, nullptr, nullptr, this);
    gw::log::info("xmpp", "component {} connected to {}:{} (handshake accepted); sending {} queued stanza(s)", s_.jid,
                  s_.host, s_.port, queue_.size());
    while (!queue_.empty()) {
      send_now(queue_.front());
      queue_.pop_front();
    }
    if (cb_.on_connected) cb_.on_connected();
    pump_.kick();
  }

  void on_link_lost(int err, xmpp_stream_error_t* se) {
    pump_.detach();  // libstrophe has closed the socket: forget it before anyone reuses the number
    reserve_.refill();
    const bool was_connected = handshake_done_;
    handshake_done_ = false;
    ping_id_.clear();
    std::string why = se ? fmt::format("stream error {}{}{}", stream_error_name(se->type), se->text ? ": " : "",
                                       se->text ? se->text : "")
                         : (err ? fmt::format("socket error {}", err) : std::string{"connection closed"});
    auto self = shared_from_this();
    if (stopping_) {
      state_ = LinkState::stopped;
      asio::post(io_, [self] { self->finish_stop(); });
      return;
    }
    if (!was_connected && se && se->type == XMPP_SE_NOT_AUTHORIZED) {
      // XEP-0114: the server compared SHA1(stream id + secret) and refused it. Retrying with
      // the same secret cannot succeed; say so once and stop.
      state_ = LinkState::stopped;
      const std::string msg = fmt::format(
          "the server at {}:{} refused the handshake for component {} (not-authorized): the component secret is "
          "wrong or the server does not know this component; giving up",
          s_.host, s_.port, s_.jid);
      gw::log::error("xmpp", "{}", msg);
      asio::post(io_, [self, msg] {
        self->release_conn();
        self->shutdown_timers();
        if (self->cb_.on_fatal) self->cb_.on_fatal(msg);
      });
      return;
    }
    state_ = LinkState::waiting;
    asio::post(io_, [self, was_connected, why] {
      self->release_conn();
      if (was_connected && self->cb_.on_disconnected) self->cb_.on_disconnected();
      if (self->state_ == LinkState::waiting && !self->stopping_)
        self->schedule_retry(fmt::format("link to {}:{} {}: {}", self->s_.host, self->s_.port,
                                         was_connected ? "lost" : "not established", why));
    });
  }

  void inbound(Stanza s) {
    last_rx_ = Clock::now();
    if (!ping_id_.empty() && s.name() == "iq" && s.id() == ping_id_ && (s.type() == "result" || s.type() == "error")) {
      ping_id_.clear();  // any answer proves the link is alive (XEP-0199 section 4.1)
      return;
    }
    if (gw::log::enabled(gw::log::Level::trace)) gw::log::trace("xmpp", "RECV {}", masked(s).to_string());
    if (cb_.on_stanza) cb_.on_stanza(std::move(s));
  }

  // Queues for the next flush(); the caller kicks the pump.
  void send_now(const Stanza& s) {
    if (gw::log::enabled(gw::log::Level::trace)) gw::log::trace("xmpp", "SEND {}", masked(s).to_string());
    s.append_to(outbox_);
  }

  void flush() {
    if (outbox_.empty() || !conn_) return;
    xmpp_send_raw(conn_, outbox_.data(), outbox_.size());  // copies
    if (outbox_.capacity() > outbox_keep_capacity) std::string{}.swap(outbox_);
    else outbox_.clear();
  }

  // Stanzas written before the stream's end, as libstrophe's own queue would.
  void disconnect() {
    flush();
    xmpp_disconnect(conn_);
    pump_.kick();
  }

  void send(Stanza s) {
    if (s.from().empty()) s.set_attr("from", s_.jid);
    if (state_ == LinkState::connected && conn_) {
      send_now(s);
      pump_.kick();
      return;
    }
    if (state_ == LinkState::stopped) return;
    if (queue_.size() >= s_.max_queued) {
      queue_.pop_front();
      if (dropped_++ % 100 == 0)
        gw::log::warn("xmpp", "link down and {} stanzas queued: dropping the oldest ({} dropped so far)", s_.max_queued,
                      dropped_);
    }
    queue_.push_back(std::move(s));
  }

  milliseconds housekeeping_period() const {
    const auto shortest = std::min(s_.idle_ping, s_.ping_timeout);
    return std::clamp(std::chrono::duration_cast<milliseconds>(shortest / 4), milliseconds{20}, milliseconds{1000});
  }

  void schedule_housekeeping() {
    housekeeping_.expires_after(housekeeping_period());
    housekeeping_.async_wait([w = weak_from_this()](const boost::system::error_code& ec) {
      auto self = w.lock();
      if (!self || ec) return;
      self->housekeeping();
      self->schedule_housekeeping();
    });
  }

  void housekeeping() {
    if (state_ != LinkState::connected || !conn_) return;
    const auto now = Clock::now();
    if (!ping_id_.empty()) {
      if (now - ping_sent_ >= s_.ping_timeout) {
        gw::log::warn("xmpp", "no answer from {} to an idle ping in {} ms: dropping the link", s_.server_domain,
                      s_.ping_timeout.count());
        ping_id_.clear();
        disconnect();
      }
      return;
    }
    if (now - last_rx_ >= s_.idle_ping) {
      // XEP-0199 section 4.2: component-to-server ping when nothing arrived for a while.
      ping_id_ = fmt::format("msngate-ping-{}", ++ping_seq_);
      ping_sent_ = now;
      Stanza iq{"iq"};
      iq.set_attr("type", "get").set_attr("id", ping_id_).set_attr("from", s_.jid).set_attr("to", s_.server_domain);
      iq.add("ping", ns::ping);
      send_now(iq);
      pump_.kick();
    }
  }

  void shutdown_timers() {
    retry_.cancel();
    housekeeping_.cancel();
    guard_.cancel();
    pump_.stop();
  }

  void finish_stop() {
    release_conn();
    shutdown_timers();
    state_ = LinkState::stopped;
    if (cb_.on_stopped) {
      auto cb = std::move(cb_.on_stopped);
      cb_.on_stopped = nullptr;
      cb();
    }
  }

  void stop() {
    if (stopping_) return;
    stopping_ = true;
    retry_.cancel();
    if (conn_ && (xmpp_conn_is_connected(conn_) || xmpp_conn_is_connecting(conn_))) {
      disconnect();
      guard_.expires_after(stop_guard);
      guard_.async_wait([w = weak_from_this()](const boost::system::error_code& ec) {
        auto self = w.lock();
        if (!self || ec || self->state_ == LinkState::stopped) return;
        gw::log::warn("xmpp", "server did not close the stream in time; dropping the link");
        self->finish_stop();
      });
      return;
    }
    asio::post(io_, [self = shared_from_this()] { self->finish_stop(); });
  }
};

Component::Component(asio::io_context& io, ComponentSettings settings)
    : impl_(std::make_shared<Impl>(io, std::move(settings))) {}

Component::~Component() = default;

void Component::set_callbacks(Callbacks cb) { impl_->cb_ = std::move(cb); }

void Component::start() {
  if (impl_->state_ != LinkState::idle) return;
  impl_->pump_.start();
  impl_->schedule_housekeeping();
  impl_->connect();
}

void Component::stop() { impl_->stop(); }
void Component::send(Stanza s) { impl_->send(std::move(s)); }
LinkState Component::state() const { return impl_->state_; }
std::size_t Component::queued() const { return impl_->queue_.size(); }
std::size_t Component::dropped() const { return impl_->dropped_; }
int Component::socket_fd() const { return impl_->pump_.fd(); }
unsigned Component::connects() const { return impl_->connects_; }
const ComponentSettings& Component::settings() const { return impl_->s_; }

}  // namespace xmpp
