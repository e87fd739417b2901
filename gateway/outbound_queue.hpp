#pragma once
// The durable outbound queue as the gateway uses it (zero loss, issue 7): chat messages that
// were accepted and cannot be delivered yet are written to storage, loaded again when their
// way out is back, and bounced when they are too old.
//
// Writes are group-committed: while one batch is being written on the storage thread, new
// additions and removals collect, and all of them go in the next transaction. An idle gateway
// writes at once (no added latency); a busy one writes one transaction per round trip to the
// storage thread however many messages arrive, so the relay keeps its pace.
#include "gateway/storage_runner.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace gw {

class OutboundQueue {
 public:
  using Clock = std::function<std::int64_t()>;  // unix milliseconds
  using Stored = std::function<void(std::optional<std::int64_t> id)>;  // nullopt: storage failed
  using Loaded = std::function<void(std::vector<QueuedMessage>)>;
  using Expired = std::function<void(std::vector<QueuedMessage>)>;

  OutboundQueue(boost::asio::any_io_executor ex, StorageRunner& storage, Clock now = {});
  ~OutboundQueue();
  OutboundQueue(const OutboundQueue&) = delete;
  OutboundQueue& operator=(const OutboundQueue&) = delete;

  // Persists m (created_at = now when 0). `stored` runs on the io thread once the batch holding
  // m is committed, with m's id, or with nullopt when storage failed (the caller refuses).
  void add(QueuedMessage m, Stored stored);
  // The message was delivered or bounced: forget it (batched; retried after a failure).
  void remove(std::int64_t id);
  // A user's queued messages, oldest first (empty when storage failed).
  void load(std::string jid, Loaded loaded);
  // Every `period`, messages older than `max_age` are taken out of storage and handed over.
  void expire(std::chrono::seconds max_age, std::chrono::milliseconds period, Expired expired);
  // Shutdown: hands what has collected to the storage thread now, without waiting for the
  // batch in progress (StorageRunner::drain() then waits for both).
  void flush();

  std::int64_t now() const { return now_(); }
  std::uint64_t batches() const { return batches_; }  // transactions started, for tests

 private:
  void write_batch();
  void sweep();

  StorageRunner& storage_;
  Clock now_;
  bool writing_ = false;
  std::vector<QueuedMessage> adds_;
  std::vector<Stored> stored_;
  std::vector<std::int64_t> removes_;
  // Removed (delivered, bounced) but not yet deleted in storage: a load() meanwhile must not
  // bring them back, or they would be sent twice.
  std::set<std::int64_t> removing_;
  std::uint64_t batches_ = 0;

  boost::asio::steady_timer expiry_timer_;
  std::chrono::seconds max_age_{0};
  std::chrono::milliseconds period_{0};
  Expired expired_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace gw
