#pragma once
// Blocking storage calls off the io thread (DESIGN.md section 5): the work runs on one storage
// thread (SQLite and libpq connections are used from that thread only), the answer comes back
// on the io thread. A StorageError becomes an empty answer and a log line: callers decide how
// to tell the user, nobody's io thread blocks or throws.
#include "gateway/storage/storage.hpp"
#include "gateway/support/log.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <future>
#include <optional>
#include <type_traits>

namespace gw {

class StorageRunner {
 public:
  StorageRunner(boost::asio::any_io_executor io, std::unique_ptr<Storage> storage)
      : io_(std::move(io)), storage_(std::move(storage)) {}
  ~StorageRunner() { pool_.join(); }

  // work: Storage& -> R, on the storage thread. done: std::optional<R> (void work: bool ok),
  // on the io thread. Both by value: they outlive the caller's frame.
  template <class Work, class Done>
  void run(Work work, Done done) {
    boost::asio::post(pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
      using R = std::invoke_result_t<Work&, Storage&>;
      if constexpr (std::is_void_v<R>) {
        bool ok = attempt([&] { work(*storage_); });
        boost::asio::post(io_, [done = std::move(done), ok]() mutable { done(ok); });
      } else {
        std::optional<R> result;
        attempt([&] { result.emplace(work(*storage_)); });
        boost::asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
      }
    });
  }

  // Fire and forget (failures are logged).
  template <class Work>
  void write(Work work) {
    run(std::move(work), [](auto&&) {});
  }

  // Waits for queued work (shutdown; tests).
  void drain() {
    std::promise<void> p;
    auto f = p.get_future();
    boost::asio::post(pool_, [&p] { p.set_value(); });
    f.wait();
  }

 private:
  template <class F>
  static bool attempt(F f) {
    try {
      f();
      return true;
    } catch (const std::exception& e) {
      log::error("gw.storage", "{}", e.what());
      return false;
    }
  }

  boost::asio::any_io_executor io_;
  std::unique_ptr<Storage> storage_;
  boost::asio::thread_pool pool_{1};
};

}  // namespace gw
