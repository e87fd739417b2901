// One contract for every Storage engine (Biboumi's TEST_POSTGRES_URI idea): each test case
// runs against SQLite in memory, SQLite on disk (WAL) and a real PostgreSQL.
#include "gateway/storage/storage.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

struct SqliteMemory {
  static std::string url() { return "sqlite://:memory:"; }
};

struct SqliteFile {
  static std::string url() {
    const auto dir = fs::temp_directory_path() / ("msngate-storage-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return "sqlite://" + (dir / "test.db").string();
  }
};

struct Postgres {
  // The URL written by tests/harness/postgres.sh; the public schema is emptied first so each
  // test case starts from an empty database.
  static std::string url() {
    const char* file = std::getenv("GW_TEST_POSTGRES_URL_FILE");
    const char* direct = std::getenv("GW_TEST_POSTGRES_URL");
    std::string url = direct ? direct : "";
    if (url.empty() && file) std::getline(std::ifstream(file), url);
    if (url.empty()) {
      if (std::getenv("MSNGATE_SKIP_POSTGRES")) return {};
      FAIL("no PostgreSQL for the contract tests: run them through ctest (fixture postgres_start)");
    }
    PGconn* c = PQconnectdb(url.c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PQclear(PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    PQfinish(c);
    return url;
  }
};

template <class Engine>
std::unique_ptr<gw::Storage> open() {
  const auto url = Engine::url();
  if (url.empty()) return nullptr;
  return gw::open_storage(url);
}

gw::UserRecord alice() { return {"alice@example.org", "alice@hotmail.com", std::string("\x01\x00\xffsealed", 9), false, 1700000000}; }

gw::QueuedMessage message(std::string jid, std::string body, std::int64_t at) {
  return {0, std::move(jid), gw::Direction::to_msn, "bob@hotmail.com", std::move(body), "id-" + std::to_string(at), at, 0};
}

}  // namespace

#define STORAGE_TEST(name) TEMPLATE_TEST_CASE(name, "[storage]", SqliteMemory, SqliteFile, Postgres)
#define OPEN_OR_SKIP()          \
  auto db = open<TestType>();   \
  if (!db) return

STORAGE_TEST("a fresh database is migrated to the newest schema") {
  OPEN_OR_SKIP();
  CHECK(db->schema_version() == 2);
  CHECK(db->users().empty());
}

STORAGE_TEST("users are saved, found, replaced and listed") {
  OPEN_OR_SKIP();
  CHECK_FALSE(db->find_user("alice@example.org"));
  db->save_user(alice());
  CHECK(db->find_user("alice@example.org") == alice());  // binary password bytes survive, NUL included
  auto changed = alice();
  changed.passport = "alice@live.com";
  changed.was_online = true;
  db->save_user(changed);
  CHECK(db->find_user("alice@example.org") == changed);
  db->save_user({"bob@example.org", "bob@hotmail.com", "", false, 1});
  const auto all = db->users();
  REQUIRE(all.size() == 2);
  CHECK(all[0].jid == "alice@example.org");
  CHECK(all[1].jid == "bob@example.org");
  CHECK(all[1].sealed_password.empty());  // no password stored (registration.store_password: false)
  db->set_was_online("bob@example.org", true);
  CHECK(db->find_user("bob@example.org")->was_online);
}

STORAGE_TEST("settings are per user and open to new keys") {
  OPEN_OR_SKIP();
  db->save_user(alice());
  db->set_setting("alice@example.org", "stay_connected", "true");
  db->set_setting("alice@example.org", "stay_connected", "false");
  db->set_setting("alice@example.org", "presence", "away");
  CHECK(db->settings("alice@example.org") == std::map<std::string, std::string>{{"presence", "away"}, {"stay_connected", "false"}});
  CHECK(db->settings("bob@example.org").empty());
}

STORAGE_TEST("the last known contact list is replaced, updated and trimmed") {
  OPEN_OR_SKIP();
  db->save_user(alice());
  const gw::ContactRecord bob{"bob@hotmail.com", "Bob ✓", "342c195b-67e2-43ab-bf07-43685a992cbe", 1 | 2 | 8, {"Friends", "Work"}};
  const gw::ContactRecord carol{"carol@hotmail.com", "Carol", "", 8, {}};
  db->replace_contacts("alice@example.org", {carol, bob});
  CHECK(db->contacts("alice@example.org") == std::vector<gw::ContactRecord>{bob, carol});
  auto bob2 = bob;
  bob2.groups = {"Work"};
  bob2.nickname = "Bobby";
  db->save_contact("alice@example.org", bob2);
  CHECK(db->contacts("alice@example.org") == std::vector<gw::ContactRecord>{bob2, carol});
  db->remove_contact("alice@example.org", "carol@hotmail.com");
  CHECK(db->contacts("alice@example.org") == std::vector<gw::ContactRecord>{bob2});
  db->replace_contacts("alice@example.org", {});
  CHECK(db->contacts("alice@example.org").empty());
}

STORAGE_TEST("the outbound queue keeps order, dequeues and expires") {
  OPEN_OR_SKIP();
  db->save_user(alice());
  std::vector<gw::QueuedMessage> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(message("alice@example.org", "m" + std::to_string(i) + " ✓", 1000 + i));
  const auto ids = db->enqueue(batch);
  REQUIRE(ids.size() == 50);
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  auto q = db->queued("alice@example.org");
  REQUIRE(q.size() == 50);
  CHECK(q[0].id == ids[0]);
  CHECK(q[0].body == "m0 ✓");
  CHECK(q[49].stanza_id == "id-1049");
  db->dequeue({ids[0], ids[1]});
  CHECK(db->queued("alice@example.org").size() == 48);
  const auto expired = db->take_expired(1010);  // created 1002..1009
  REQUIRE(expired.size() == 8);
  CHECK(expired.front().created_at == 1002);
  CHECK(db->queued("alice@example.org").size() == 40);
  CHECK(db->take_expired(1010).empty());
}

STORAGE_TEST("a queued message keeps its sender, receipt request and direction") {
  OPEN_OR_SKIP();
  db->save_user(alice());
  auto m = message("alice@example.org", "hello", 5);
  m.sender = "alice@example.org/phone";
  m.wants_receipt = true;
  auto back = message("alice@example.org", "from bob", 6);
  back.direction = gw::Direction::to_xmpp;
  const auto ids = db->enqueue({m, back});
  m.id = ids.at(0);
  back.id = ids.at(1);
  CHECK(db->queued("alice@example.org") == std::vector<gw::QueuedMessage>{m, back});
}

STORAGE_TEST("removing a user deletes everything stored about them") {
  OPEN_OR_SKIP();
  db->save_user(alice());
  db->save_user({"bob@example.org", "bob@hotmail.com", "", false, 1});
  db->set_setting("alice@example.org", "stay_connected", "true");
  db->replace_contacts("alice@example.org", {{"carol@hotmail.com", "Carol", "", 1, {"G"}}});
  db->enqueue({message("alice@example.org", "hi", 1), message("bob@example.org", "yo", 2)});
  CHECK(db->remove_user("alice@example.org"));
  CHECK_FALSE(db->remove_user("alice@example.org"));
  CHECK_FALSE(db->find_user("alice@example.org"));
  CHECK(db->settings("alice@example.org").empty());
  CHECK(db->contacts("alice@example.org").empty());
  CHECK(db->queued("alice@example.org").empty());
  CHECK(db->queued("bob@example.org").size() == 1);  // others untouched
}

TEST_CASE("reopening a SQLite file keeps data and does not migrate twice", "[storage]") {
  const auto url = SqliteFile::url();
  gw::open_storage(url)->save_user(alice());
  auto again = gw::open_storage(url);
  CHECK(again->schema_version() == 2);
  CHECK(again->find_user("alice@example.org") == alice());
}

TEST_CASE("unusable storage URLs are clear errors", "[storage]") {
  CHECK_THROWS_AS(gw::open_storage("mysql://x"), gw::StorageError);
  CHECK_THROWS_WITH(gw::open_storage("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"),
                    Catch::StartsWith("postgres: cannot connect:"));
  CHECK_THROWS_WITH(gw::open_storage("sqlite:///proc/no/such/dir/x.db"), Catch::StartsWith("sqlite: cannot open"));
}
