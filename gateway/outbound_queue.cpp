#include "gateway/outbound_queue.hpp"

#include "gateway/support/log.hpp"

namespace gw {
namespace {
std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What one transaction did: the ids of the added messages (empty when the insert failed) and
// the removals that could not be written (tried again with the next batch).
struct BatchResult {
  std::optional<std::vector<std::int64_t>> ids;
  std::vector<std::int64_t> removes_failed;
};
}  // namespace

OutboundQueue::OutboundQueue(boost::asio::any_io_executor ex, StorageRunner& storage, Clock now)
    : storage_(storage), now_(now ? std::move(now) : Clock(system_now_ms)), expiry_timer_(ex) {}

OutboundQueue::~OutboundQueue() {
  flush();  // what collected during the last batch (shutdown): written before the storage closes
  *alive_ = false;
}

void OutboundQueue::add(QueuedMessage m, Stored stored) {
  if (m.created_at == 0) m.created_at = now_();
  adds_.push_back(std::move(m));
  stored_.push_back(std::move(stored));
  if (!writing_) write_batch();
}

void OutboundQueue::remove(std::int64_t id) {
  removes_.push_back(id);
  removing_.insert(id);
  if (!writing_) write_batch();
}

void OutboundQueue::flush() {
  if (adds_.empty() && removes_.empty()) return;
  // No answer is awaited: the io thread is about to stop. Only the storage thread sees these.
  storage_.write([adds = std::move(adds_), removes = std::move(removes_)](Storage& s) {
    if (!removes.empty()) s.dequeue(removes);
    if (!adds.empty()) s.enqueue(adds);
  });
  adds_.clear();
  removes_.clear();
  stored_.clear();
}

void OutboundQueue::write_batch() {
  writing_ = true;
  ++batches_;
  auto stored = std::move(stored_);
  stored_.clear();
  std::vector<std::int64_t> batch_removes = removes_;
  storage_.run(
      [adds = std::move(adds_), removes = std::move(removes_)](Storage& s) {
        BatchResult r;
        if (!removes.empty()) {
          try {
            s.dequeue(removes);
          } catch (const StorageError& e) {
            log::error("gw.queue", "cannot remove {} delivered messages from the queue: {}", removes.size(), e.what());
            r.removes_failed = removes;
          }
        }
        if (adds.empty()) {
          r.ids.emplace();
        } else {
          try {
            r.ids = s.enqueue(adds);
          } catch (const StorageError& e) {
            log::error("gw.queue", "cannot store {} messages: {}", adds.size(), e.what());
          }
        }
        return r;
      },
      [this, alive = alive_, stored = std::move(stored), batch_removes = std::move(batch_removes)](std::optional<BatchResult> r) {
        if (!*alive) return;
        writing_ = false;
        const auto* ids = r && r->ids ? &*r->ids : nullptr;
        if (!r) {
          removes_.insert(removes_.end(), batch_removes.begin(), batch_removes.end());  // not written: again
        } else if (r->removes_failed.empty()) {
          for (auto id : batch_removes) removing_.erase(id);
        } else {
          removes_.insert(removes_.end(), r->removes_failed.begin(), r->removes_failed.end());
        }
        // Removals that keep failing wait for the next addition rather than spinning.
        const bool retry_only = (!r || !r->removes_failed.empty()) && adds_.empty();
        for (std::size_t i = 0; i < stored.size(); ++i)
          stored[i](ids && i < ids->size() ? std::optional<std::int64_t>((*ids)[i]) : std::nullopt);
        if (!adds_.empty() || (!removes_.empty() && !retry_only)) write_batch();
      });
  adds_.clear();
  removes_.clear();
}

void OutboundQueue::load(std::string jid, Loaded loaded) {
  storage_.run([jid](Storage& s) { return s.queued(jid); },
               [this, alive = alive_, loaded = std::move(loaded)](std::optional<std::vector<QueuedMessage>> q) {
                 if (!*alive) return;
                 std::vector<QueuedMessage> out = q ? std::move(*q) : std::vector<QueuedMessage>{};
                 std::erase_if(out, [this](const QueuedMessage& m) { return removing_.count(m.id) > 0; });
                 loaded(std::move(out));
               });
}

void OutboundQueue::expire(std::chrono::seconds max_age, std::chrono::milliseconds period, Expired expired) {
  max_age_ = max_age;
  period_ = period;
  expired_ = std::move(expired);
  expiry_timer_.expires_after(period_);
  expiry_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive) sweep();
  });
}

void OutboundQueue::sweep() {
  const std::int64_t before = now_() - std::chrono::duration_cast<std::chrono::milliseconds>(max_age_).count();
  storage_.run([before](Storage& s) { return s.take_expired(before); },
               [this, alive = alive_](std::optional<std::vector<QueuedMessage>> q) {
                 if (!*alive) return;
                 // Delivered while the sweep ran (its removal not written yet): it ends
                 // delivered, not also bounced.
                 if (q) std::erase_if(*q, [this](const QueuedMessage& m) { return removing_.count(m.id) > 0; });
                 if (q && !q->empty()) expired_(std::move(*q));
                 expire(max_age_, period_, std::move(expired_));
               });
}

}  // namespace gw
