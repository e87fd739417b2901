#include "msnp/net/sb_connection.hpp"

#include "gateway/support/log.hpp"
#include "msnp/net/connection.hpp"
#include "msnp/net/wire_mask.hpp"

#include <boost/asio/io_context.hpp>

namespace msnp::net {
namespace {

constexpr std::string_view kLog = "msnp.sb";

void trace_wire(std::string_view user, std::string_view arrow, std::string_view bytes) {
  if (!gw::log::enabled(gw::log::Level::trace)) return;
  const auto eol = bytes.find("\r\n");
  const auto line = bytes.substr(0, eol);
  const auto payload = eol == std::string_view::npos ? 0 : bytes.size() - eol - 2;
  gw::log::trace({kLog, user}, "{} {}{}", arrow, mask_wire_line(line, WireSide::switchboard),
                 payload ? " <payload " + std::to_string(payload) + " bytes>" : std::string{});
}

}  // namespace

struct SbConnection::Private {};

std::shared_ptr<SbConnection> SbConnection::create(boost::asio::io_context& io, SbConnectionSettings settings,
                                                   SbSession session, std::string log_user, Handler handler) {
  return std::make_shared<SbConnection>(Private{}, io, std::move(settings), std::move(session), std::move(log_user),
                                        std::move(handler));
}

SbConnection::SbConnection(const Private&, boost::asio::io_context& io, SbConnectionSettings settings,
                           SbSession session, std::string log_user, Handler handler)
    : io_(io),
      settings_(std::move(settings)),
      session_(std::move(session)),
      log_user_(std::move(log_user)),
      handler_(std::move(handler)) {}

SbConnection::~SbConnection() {
  if (conn_) conn_->abandon();
}

void SbConnection::start() {
  std::weak_ptr<SbConnection> weak = weak_from_this();
  auto alive = [weak]() -> std::shared_ptr<SbConnection> {
    auto self = weak.lock();
    return self && !self->abandoned_ ? self : nullptr;
  };
  Connection::Handler h;
  h.on_connected = [alive, host = settings_.host, port = settings_.port] {
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
  conn_ = Connection::create(io_.get_executor(), settings_.transport, std::string(kLog), log_user_, std::move(h));
  conn_->connect(settings_.host, settings_.port);
}

void SbConnection::on_data(std::string_view bytes) {
  decoder_.feed(bytes);
  while (auto cmd = decoder_.next()) {
    if (gw::log::enabled(gw::log::Level::trace)) trace_wire(log_user_, "<<<", encode(*cmd));
    apply(session_.on_command(*cmd));
    if (abandoned_ || ended_) return;
  }
  if (decoder_.error() != DecodeError::none) {
    gw::log::warn({kLog, log_user_}, "undecodable data from the switchboard: {}", to_string(decoder_.error()));
    apply(session_.on_connection_lost(SbCloseReason::protocol_error));
    if (conn_) conn_->close(CloseReason::protocol_error, std::string(to_string(decoder_.error())));
  }
}

void SbConnection::on_closed(CloseReason reason, const std::string& detail) {
  if (!ended_) {
    apply(session_.on_connection_lost(reason == CloseReason::protocol_error ? SbCloseReason::protocol_error
                                                                            : SbCloseReason::connection_lost));
  }
  ended_ = true;
  if (!abandoned_ && handler_.on_link) handler_.on_link(LinkDown{reason, detail});
}

void SbConnection::apply(SbOutputs outputs) {
  for (auto& out : outputs) {
    if (abandoned_) return;
    if (auto* s = std::get_if<Send>(&out)) {
      if (!conn_) continue;
      trace_wire(log_user_, ">>>", s->bytes);
      conn_->send(std::move(s->bytes));
      continue;
    }
    if (std::holds_alternative<SwitchboardClosed>(out)) {
      ended_ = true;
      emit(out);
      if (conn_) conn_->close_after_flush(CloseReason::session_ended);
      continue;
    }
    emit(out);
  }
  if (conn_ && !abandoned_)
    if (auto t = session_.next_tick()) conn_->wake_at(*t);
}

void SbConnection::emit(const SbOutput& out) {
  if (!abandoned_ && handler_.on_output) handler_.on_output(out);
}

void SbConnection::request(const std::function<SbOutputs(SbSession&)>& f) { apply(f(session_)); }

void SbConnection::close() {
  if (abandoned_) return;
  abandoned_ = true;
  if (conn_) conn_->abandon();
}

}  // namespace msnp::net
