#pragma once
// INTERNAL to xmpp/ (included by component.cpp only). Drives libstrophe from the Asio
// io_context: the only caller of xmpp_run_once (DESIGN.md section 5, XMPP.md "Event loop").
//  - readiness, not polling: async_wait(wait_read) on the socket libstrophe created, then
//    xmpp_run_once(ctx, 0) while poll() still reports data (libstrophe reads <= 4 KiB per
//    call and Asio's epoll reactor is edge-triggered) or while the handlers produced output:
//    libstrophe writes its queue at the start of a call, so output queued by one call goes
//    out with the next. `flush` runs before each call: the owner hands libstrophe what it
//    queued since, all stanzas of a loop iteration in one piece (one send(), issue 6);
//  - wait_write only while connecting or while user stanzas are still queued;
//  - a 1 s tick for libstrophe's own timeouts (connect timeout).
// One thread: libstrophe is not thread-safe (strophe/libstrophe#4).
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}
struct _xmpp_ctx_t;

namespace xmpp {

class Pump {
 public:
  // wants_write: true while the connection is connecting or has queued stanzas; flush: see
  // above.
  Pump(boost::asio::io_context& io, _xmpp_ctx_t* ctx, std::function<bool()> wants_write,
       std::function<void()> flush);
  ~Pump();
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  // Called from the sockopt callback with libstrophe's new socket.
  void attach(int fd);
  // libstrophe closed (or is about to close) the socket: forget it without closing it.
  // Must run before anything else can reuse the number (i.e. inside the conn handler), or
  // epoll_ctl(DEL) could hit another socket registered with the same reactor.
  void detach();
  int fd() const;

  // Output is waiting: schedules a run soon, or, from inside a run (libstrophe callbacks),
  // one more call of it.
  void kick();
  void start();
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace xmpp
