// gw::OutboundQueue over a real SQLite (in memory) on a real storage thread, with a fake
// clock: group commit, refusal when storage fails and recovery, removal, expiry.
#include "gateway/outbound_queue.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <future>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Storage that can be made to fail like a full disk or a locked database.
class FlakyStorage final : public gw::Storage {
 public:
  explicit FlakyStorage(std::unique_ptr<gw::Storage> inner) : inner_(std::move(inner)) {}
  std::atomic<bool> broken{false};
  std::atomic<int> enqueues{0};

  int schema_version() override { return inner_->schema_version(); }
  void save_user(const gw::UserRecord& u) override { inner_->save_user(u); }
  std::optional<gw::UserRecord> find_user(std::string_view jid) override { return inner_->find_user(jid); }
  std::vector<gw::UserRecord> users() override { return inner_->users(); }
  bool remove_user(std::string_view jid) override { return inner_->remove_user(jid); }
  void set_was_online(std::string_view jid, bool online) override { inner_->set_was_online(jid, online); }
  std::map<std::string, std::string> settings(std::string_view jid) override { return inner_->settings(jid); }
  void set_setting(std::string_view jid, std::string_view k, std::string_view v) override { inner_->set_setting(jid, k, v); }
  std::vector<gw::ContactRecord> contacts(std::string_view jid) override { return inner_->contacts(jid); }
  void replace_contacts(std::string_view jid, const std::vector<gw::ContactRecord>& c) override { inner_->replace_contacts(jid, c); }
  void save_contact(std::string_view jid, const gw::ContactRecord& c) override { inner_->save_contact(jid, c); }
  void remove_contact(std::string_view jid, std::string_view p) override { inner_->remove_contact(jid, p); }
  std::vector<std::int64_t> enqueue(const std::vector<gw::QueuedMessage>& m) override {
    check();
    ++enqueues;
    std::this_thread::sleep_for(2ms);  // a commit takes time: additions meanwhile group up
    return inner_->enqueue(m);
  }
  std::vector<gw::QueuedMessage> queued(std::string_view jid) override {
    check();
    return inner_->queued(jid);
  }
  void dequeue(const std::vector<std::int64_t>& ids) override {
    check();
    inner_->dequeue(ids);
  }
  std::vector<gw::QueuedMessage> take_expired(std::int64_t before) override {
    check();
    return inner_->take_expired(before);
  }

 private:
  void check() const {
    if (broken) throw gw::StorageError("database is locked");
  }
  std::unique_ptr<gw::Storage> inner_;
};

struct Fixture {
  boost::asio::io_context io;
  FlakyStorage* db = nullptr;
  std::int64_t clock = 1'000'000;
  std::unique_ptr<gw::StorageRunner> runner;
  std::unique_ptr<gw::OutboundQueue> queue;

  Fixture() {
    auto flaky = std::make_unique<FlakyStorage>(gw::open_storage("sqlite://:memory:"));
    db = flaky.get();
    runner = std::make_unique<gw::StorageRunner>(io.get_executor(), std::move(flaky));
    queue = std::make_unique<gw::OutboundQueue>(io.get_executor(), *runner, [this] { return clock; });
  }

  template <class Done>
  void run_until(Done done) {
    for (int i = 0; i < 1000 && !done(); ++i) {
      io.restart();
      if (io.run_for(5ms) == 0) std::this_thread::sleep_for(1ms);
    }
    REQUIRE(done());
  }

  std::vector<gw::QueuedMessage> stored(const std::string& jid) {
    std::optional<std::vector<gw::QueuedMessage>> out;
    queue->load(jid, [&](std::vector<gw::QueuedMessage> q) { out = std::move(q); });
    run_until([&] { return out.has_value(); });
    return *out;
  }
};

gw::QueuedMessage message(std::string body, gw::Direction d = gw::Direction::to_msn) {
  gw::QueuedMessage m;
  m.jid = "alice@example.org";
  m.direction = d;
  m.peer = "bob@example.com";
  m.body = std::move(body);
  return m;
}

}  // namespace

TEST_CASE("additions during a commit go in one transaction, in order", "[gateway][queue]") {
  Fixture f;
  std::vector<std::optional<std::int64_t>> ids(200);
  std::size_t answered = 0;
  for (std::size_t i = 0; i < ids.size(); ++i)
    f.queue->add(message("m" + std::to_string(i)), [&, i](std::optional<std::int64_t> id) {
      ids[i] = id;
      ++answered;
    });
  f.run_until([&] { return answered == ids.size(); });
  CHECK(f.queue->batches() == 2);  // the first at once, the other 199 while it was written
  for (std::size_t i = 1; i < ids.size(); ++i) {
    REQUIRE(ids[i]);
    CHECK(*ids[i] > *ids[i - 1]);
  }
  const auto q = f.stored("alice@example.org");
  REQUIRE(q.size() == 200);
  CHECK(q[0].body == "m0");
  CHECK(q[199].body == "m199");
  CHECK(q[0].created_at == 1'000'000);  // stamped with the queue's clock
}

TEST_CASE("storage failing refuses the batch, and it works again when storage is back", "[gateway][queue]") {
  Fixture f;
  f.db->broken = true;
  int refused = 0, stored = 0;
  for (int i = 0; i < 5; ++i)
    f.queue->add(message("x"), [&](std::optional<std::int64_t> id) { ++(id ? stored : refused); });
  f.run_until([&] { return refused + stored == 5; });
  CHECK(refused == 5);
  f.db->broken = false;  // no restart, no retry loop: the next message simply goes through
  f.queue->add(message("y"), [&](std::optional<std::int64_t> id) { ++(id ? stored : refused); });
  f.run_until([&] { return refused + stored == 6; });
  CHECK(stored == 1);
  CHECK(f.stored("alice@example.org").size() == 1);
}

TEST_CASE("removals are batched and retried after a storage failure", "[gateway][queue]") {
  Fixture f;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) f.queue->add(message("m"), [&](std::optional<std::int64_t> id) { ids.push_back(*id); });
  f.run_until([&] { return ids.size() == 3; });
  f.db->broken = true;
  f.queue->remove(ids[0]);
  f.queue->remove(ids[1]);
  f.run_until([&] { return f.queue->batches() >= 3; });
  f.db->broken = false;
  bool done = false;
  f.queue->add(message("later"), [&](std::optional<std::int64_t>) { done = true; });  // carries the retry
  f.run_until([&] { return done; });
  const auto q = f.stored("alice@example.org");
  REQUIRE(q.size() == 2);
  CHECK(q[0].id == ids[2]);
  CHECK(q[1].body == "later");
}

TEST_CASE("the sweep hands over messages older than the expiry, once", "[gateway][queue]") {
  Fixture f;
  int added = 0;
  auto old = message("old");
  old.created_at = f.clock - 20'000;
  f.queue->add(old, [&](std::optional<std::int64_t>) { ++added; });
  f.queue->add(message("new"), [&](std::optional<std::int64_t>) { ++added; });
  f.run_until([&] { return added == 2; });
  std::vector<gw::QueuedMessage> expired;
  int sweeps = 0;
  f.queue->expire(10s, 1ms, [&](std::vector<gw::QueuedMessage> q) {
    ++sweeps;
    expired.insert(expired.end(), q.begin(), q.end());
  });
  f.run_until([&] { return !expired.empty(); });
  f.clock += 1000;  // more sweeps: nothing else is old enough
  for (int i = 0; i < 20; ++i) {
    f.io.restart();
    f.io.run_for(2ms);
  }
  REQUIRE(expired.size() == 1);
  CHECK(expired[0].body == "old");
  CHECK(sweeps == 1);
  CHECK(f.stored("alice@example.org").size() == 1);
}

TEST_CASE("flush at shutdown writes what collected during a commit", "[gateway][queue]") {
  Fixture f;
  f.queue->add(message("first"), [](std::optional<std::int64_t>) {});
  f.queue->add(message("second"), [](std::optional<std::int64_t>) {});  // waits for the first batch
  f.queue->flush();                                                    // io stops now: written anyway
  f.runner->drain();
  f.runner->drain();
  CHECK(f.db->enqueues == 2);
  CHECK(f.stored("alice@example.org").size() == 2);
}

TEST_CASE("a removed message is not loaded again while its removal waits to be written", "[gateway][queue]") {
  Fixture f;
  std::optional<std::int64_t> first;
  f.queue->add(message("delivered"), [&](std::optional<std::int64_t> id) { first = id; });
  f.run_until([&] { return first.has_value(); });
  REQUIRE(*first > 0);
  // A batch is being written (the addition), so the removal waits for the next one; a load
  // (a sign-in) meanwhile reads storage before the removal reaches it.
  bool second = false;
  f.queue->add(message("new"), [&](std::optional<std::int64_t>) { second = true; });
  f.queue->remove(*first);
  std::optional<std::vector<gw::QueuedMessage>> loaded;
  f.queue->load("alice@example.org", [&](std::vector<gw::QueuedMessage> q) { loaded = std::move(q); });
  f.run_until([&] { return loaded.has_value() && second; });
  for (const auto& m : *loaded) CHECK(m.body != "delivered");
  const auto later = f.stored("alice@example.org");
  REQUIRE(later.size() == 1);
  CHECK(later[0].body == "new");
}

TEST_CASE("a message delivered while the sweep takes it from storage is not also expired", "[gateway][queue]") {
  Fixture f;
  std::optional<std::int64_t> first;
  auto old = message("delivered");
  old.created_at = f.clock - 20'000;
  f.queue->add(old, [&](std::optional<std::int64_t> id) { first = id; });
  f.run_until([&] { return first.has_value(); });
  REQUIRE(*first > 0);
  // Hold the storage thread so that the order is fixed: the addition's batch, then the sweep
  // (which takes the old row), then the removal of the delivered message.
  std::promise<void> gate;
  f.runner->run([held = gate.get_future().share()](gw::Storage&) { held.wait(); }, [](bool) {});
  bool second = false;
  f.queue->add(message("new"), [&](std::optional<std::int64_t>) { second = true; });
  f.queue->remove(*first);  // delivered: waits for the next batch
  std::vector<gw::QueuedMessage> expired;
  f.queue->expire(10s, 0ms, [&](std::vector<gw::QueuedMessage> q) {
    expired.insert(expired.end(), q.begin(), q.end());
  });
  for (int i = 0; i < 3; ++i) {  // the sweep's timer fires: its query waits behind the gate
    f.io.restart();
    f.io.run_for(2ms);
  }
  gate.set_value();
  f.run_until([&] { return second; });
  for (int i = 0; i < 20; ++i) {  // the sweep's answer (posted after the addition's) and more sweeps
    f.io.restart();
    f.io.run_for(2ms);
  }
  CHECK(expired.empty());
  const auto q = f.stored("alice@example.org");
  REQUIRE(q.size() == 1);
  CHECK(q[0].body == "new");
}
