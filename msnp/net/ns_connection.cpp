#include "msnp/net/ns_connection.hpp"

#include "gateway/support/log.hpp"
#include "gateway/support/overloaded.hpp"
#include "msnp/net/connection.hpp"
#include "msnp/net/wire_mask.hpp"

#include <boost/asio/io_context.hpp>

namespace msnp::net {
namespace {

constexpr std::string_view kLog = "msnp.ns";

std::string_view reason_name(DisconnectReason r) {
  switch (r) {
    case DisconnectReason::logged_out: return "logged out";
    case DisconnectReason::other_login: return "signed in elsewhere (OUT OTH)";
    case DisconnectReason::server_shutdown: return "server shutting down (OUT SSD)";
    case DisconnectReason::kicked: return "kicked (OUT)";
    case DisconnectReason::ping_timeout: return "no QNG (ping timeout)";
    case DisconnectReason::challenge_failed: return "challenge failed (540)";
    case DisconnectReason::server_error: return "server error";
    case DisconnectReason::protocol_error: return "protocol error";
    case DisconnectReason::connection_lost: return "connection lost";
  }
  return "unknown";
}

// First line of some wire bytes, for trace dumps.
void trace_wire(std::string_view user, std::string_view arrow, std::string_view bytes) {
  if (!gw::log::enabled(gw::log::Level::trace)) return;
  const auto eol = bytes.find("\r\n");
  const auto line = bytes.substr(0, eol);
  const auto payload = eol == std::string_view::npos ? 0 : bytes.size() - eol - 2;
  gw::log::trace({kLog, user}, "{} {}{}", arrow, mask_wire_line(line, WireSide::notification),
                 payload ? " <payload " + std::to_string(payload) + " bytes>" : std::string{});
}

}  // namespace

struct NsConnection::Private {};

std::shared_ptr<NsConnection> NsConnection::create(boost::asio::io_context& io, NsConnectionSettings settings,
                                                   NsConfig config, std::shared_ptr<TicketProvider> tickets,
                                                   std::string password, Handler handler) {
  return std::make_shared<NsConnection>(Private{}, io, std::move(settings), std::move(config), std::move(tickets),
                                        std::move(password), std::move(handler));
}

NsConnection::NsConnection(const Private&, boost::asio::io_context& io, NsConnectionSettings settings,
                           NsConfig config, std::shared_ptr<TicketProvider> tickets, std::string password,
                           Handler handler)
    : io_(io),
      settings_(std::move(settings)),
      account_(config.account.str()),
      log_user_(account_),
      session_(std::move(config)),
      tickets_(std::move(tickets)),
      password_(std::move(password)),
      handler_(std::move(handler)) {}

NsConnection::~NsConnection() {
  if (conn_) conn_->abandon();
}

void NsConnection::start() { open(settings_.host, settings_.port); }

void NsConnection::open(std::string host, std::uint16_t port) {
  if (conn_) conn_->abandon();
  const auto epoch = ++epoch_;
  decoder_ = Decoder{Direction::server_to_client};
  std::weak_ptr<NsConnection> weak = weak_from_this();
  // Each handler checks the epoch: after a redirect the old connection must stay silent.
  auto alive = [weak, epoch]() -> std::shared_ptr<NsConnection> {
    auto self = weak.lock();
    return self && self->epoch_ == epoch && !self->abandoned_ ? self : nullptr;
  };
  Connection::Handler h;
  h.on_connected = [alive, host, port] {
    if (auto self = alive()) {
      if (self->handler_.on_link) self->handler_.on_link(LinkUp{host, port});
      if (!self->abandoned_) self->apply(self->session_.start());
    }
  };
  h.on_data = [alive](std::string_view bytes) {
    if (auto self = alive()) self->on_data(bytes);
  };
  h.on_tick = [alive](Connection::Clock::time_point now) {
    if (auto self = alive()) self->apply(self->session_.on_tick(now));
  };
  h.on_closed = [alive](CloseReason reason, const std::string& detail) {
    if (auto self = alive()) self->on_closed(reason, detail);
  };
  gw::log::debug({kLog, log_user_}, "connecting to {}:{}", host, port);
  conn_ = Connection::create(io_.get_executor(), settings_.transport, std::string(kLog), log_user_, std::move(h));
  conn_->connect(std::move(host), port);
}

void NsConnection::on_data(std::string_view bytes) {
  decoder_.feed(bytes);
  while (auto cmd = decoder_.next()) {
    if (gw::log::enabled(gw::log::Level::trace)) trace_wire(log_user_, "<<<", encode(*cmd));
    apply(session_.on_command(*cmd));
    if (abandoned_ || ended_) return;
    if (auto d = session_.dialect()) decoder_.set_dialect(*d);  // VER decides payload rules
  }
  if (decoder_.error() != DecodeError::none) {
    gw::log::warn({kLog, log_user_}, "undecodable data from the server: {}", to_string(decoder_.error()));
    apply(session_.on_connection_lost(DisconnectReason::protocol_error));
    if (conn_) conn_->close(CloseReason::protocol_error, std::string(to_string(decoder_.error())));
  }
}

void NsConnection::on_closed(CloseReason reason, const std::string& detail) {
  if (!ended_) {
    apply(session_.on_connection_lost(reason == CloseReason::protocol_error ? DisconnectReason::protocol_error
                                                                            : DisconnectReason::connection_lost));
  }
  ended_ = true;
  if (!abandoned_ && handler_.on_link) handler_.on_link(LinkDown{reason, detail});
}

void NsConnection::apply(NsOutputs outputs) {
  for (auto& out : outputs) {
    if (abandoned_) return;
    std::visit(gw::Overloaded{
                   [&](Send& s) {
                     if (!conn_) return;
                     trace_wire(log_user_, ">>>", s.bytes);
                     conn_->send(std::move(s.bytes));
                   },
                   [&](NeedTicket& t) { fetch_ticket(std::move(t.challenge)); },
                   [&](Redirect& r) { redirect(std::move(r.host), r.port); },
                   [&](LoginFailed& f) {
                     gw::log::info({kLog, log_user_}, "login failed ({}): {}", f.code, f.reason);
                     ended_ = true;
                     emit(f);
                     if (conn_) conn_->close_after_flush(CloseReason::session_ended);
                   },
                   [&](Disconnected& d) {
                     gw::log::info({kLog, log_user_}, "signed out: {}{}", reason_name(d.reason),
                                   d.code ? " " + std::to_string(d.code) : std::string{});
                     ended_ = true;
                     emit(d);
                     if (conn_) conn_->close_after_flush(CloseReason::session_ended);
                   },
                   [&](LoggedIn& l) {
                     gw::log::info({kLog, log_user_}, "logged in to the notification server");
                     emit(l);
                   },
                   [&](auto& other) { emit(other); },
               },
               out);
  }
  if (conn_ && !abandoned_)
    if (auto t = session_.next_tick()) conn_->wake_at(*t);
}

void NsConnection::emit(const NsOutput& out) {
  if (!abandoned_ && handler_.on_output) handler_.on_output(out);
}

void NsConnection::fetch_ticket(std::string challenge) {
  if (!tickets_) {
    apply(session_.on_ticket_failed("no Passport ticket provider configured", true));
    return;
  }
  std::weak_ptr<NsConnection> weak = weak_from_this();
  const auto epoch = epoch_;
  tickets_->fetch(TicketRequest{account_, password_, std::move(challenge)},
                  [weak, epoch](TicketResult r) {
                    auto self = weak.lock();
                    if (!self || self->abandoned_ || self->epoch_ != epoch || self->ended_) return;
                    if (r.ok()) {
                      self->apply(self->session_.on_ticket(r.ticket));
                      return;
                    }
                    gw::log::info({kLog, self->log_user_}, "Passport login failed: {}: {}", to_string(*r.error), r.detail);
                    const bool fatal = !is_transient(*r.error);
                    self->apply(self->session_.on_ticket_failed(std::string(to_string(*r.error)) + ": " + r.detail, fatal));
                  });
}

void NsConnection::redirect(std::string host, std::uint16_t port) {
  if (++redirects_ > settings_.max_redirects) {
    gw::log::warn({kLog, log_user_}, "more than {} XFR NS redirects", settings_.max_redirects);
    apply(session_.on_connection_lost(DisconnectReason::connection_lost));
    if (conn_) conn_->close(CloseReason::too_many_redirects);
    return;
  }
  gw::log::info({kLog, log_user_}, "redirected to {}:{}", host, port);
  open(std::move(host), port);
}

void NsConnection::request(const std::function<NsOutputs(NsSession&)>& f) { apply(f(session_)); }

void NsConnection::close() {
  if (abandoned_) return;
  abandoned_ = true;
  if (conn_) conn_->abandon();
}

}  // namespace msnp::net
