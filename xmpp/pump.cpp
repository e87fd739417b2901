#include "xmpp/pump.hpp"

#include <poll.h>
#include <strophe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>

namespace xmpp {

namespace asio = boost::asio;

namespace {

constexpr auto tick_period = std::chrono::seconds(1);
// A peer flooding us must not starve the io thread: 4 KiB per run, 256 runs = 1 MiB, then
// the next readiness event continues.
constexpr int max_runs_per_wakeup = 256;

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

}  // namespace

struct Pump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, xmpp_ctx_t* c, std::function<bool()> w, std::function<void()> f)
      : io_(io), ctx_(c), wants_write_(std::move(w)), flush_(std::move(f)), tick_(io) {}

  asio::io_context& io_;
  xmpp_ctx_t* ctx_;
  std::function<bool()> wants_write_;
  std::function<void()> flush_;
  asio::steady_timer tick_;
  std::optional<asio::posix::stream_descriptor> sd_;
  int fd_ = -1;
  unsigned generation_ = 0;  // bumps on attach/detach; stale wait completions are ignored
  bool read_armed_ = false;
  bool write_armed_ = false;
  bool in_run_ = false;
  bool output_in_run_ = false;  // kicked from inside the current xmpp_run_once
  bool kick_posted_ = false;
  bool running_ = false;

  void run() {
    if (in_run_ || !running_) return;  // never re-enter libstrophe from its own callbacks
    in_run_ = true;
    bool more_output = false;
    for (int i = 0; i < max_runs_per_wakeup; ++i) {
      output_in_run_ = false;
      flush_();
      xmpp_run_once(ctx_, 0);
      more_output = output_in_run_;
      if (!more_output && (fd_ < 0 || !readable(fd_))) break;
    }
    in_run_ = false;
    if (more_output) post_run();  // the flood bound cut the run short
    arm();
  }

  void post_run() {
    if (kick_posted_ || !running_) return;
    kick_posted_ = true;
    asio::post(io_, [self = shared_from_this()] {
      self->kick_posted_ = false;
      self->run();
    });
  }

  void arm() {
    if (!sd_ || !running_) return;
    auto self = shared_from_this();
    const unsigned gen = generation_;
    if (!read_armed_) {
      read_armed_ = true;
      sd_->async_wait(asio::posix::stream_descriptor::wait_read, [self, gen](const boost::system::error_code& ec) {
        if (gen != self->generation_) return;
        self->read_armed_ = false;
        if (!ec) self->run();
      });
    }
    if (!write_armed_ && wants_write_()) {
      write_armed_ = true;
      sd_->async_wait(asio::posix::stream_descriptor::wait_write, [self, gen](const boost::system::error_code& ec) {
        if (gen != self->generation_) return;
        self->write_armed_ = false;
        if (!ec) self->run();
      });
    }
  }

  void schedule_tick() {
    tick_.expires_after(tick_period);
    tick_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || !self->running_) return;
      self->run();
      self->schedule_tick();
    });
  }

  void detach() {
    ++generation_;
    read_armed_ = write_armed_ = false;
    if (sd_) {
      sd_->release();  // libstrophe owns and closes the descriptor
      sd_.reset();
    }
    fd_ = -1;
  }
};

Pump::Pump(asio::io_context& io, _xmpp_ctx_t* ctx, std::function<bool()> wants_write, std::function<void()> flush)
    : impl_(std::make_shared<Impl>(io, ctx, std::move(wants_write), std::move(flush))) {}

Pump::~Pump() { stop(); }

void Pump::attach(int fd) {
  impl_->detach();
  impl_->fd_ = fd;
  impl_->sd_.emplace(impl_->io_, fd);
  kick();  // arm from the loop, not from inside xmpp_connect_component
}

void Pump::detach() { impl_->detach(); }
int Pump::fd() const { return impl_->fd_; }

void Pump::kick() {
  if (impl_->in_run_)
    impl_->output_in_run_ = true;
  else
    impl_->post_run();
}

void Pump::start() {
  if (impl_->running_) return;
  impl_->running_ = true;
  impl_->schedule_tick();
}

void Pump::stop() {
  impl_->running_ = false;
  impl_->tick_.cancel();
  impl_->detach();
}

}  // namespace xmpp
