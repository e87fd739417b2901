#include "gateway/storage/sql_storage.hpp"

#include "gateway/storage/migrations.hpp"

#include <algorithm>
#include <ctime>

namespace gw {
namespace {
using sql::Blob;
using sql::Row;
using sql::Value;

std::string text(const Row& r, std::size_t i) { return r.at(i).value_or(std::string{}); }
std::int64_t integer(const Row& r, std::size_t i) {
  const auto& v = r.at(i);
  if (!v || v->empty()) return 0;
  try {
    return std::stoll(*v);
  } catch (const std::exception&) {
    throw StorageError("storage: not a number in column " + std::to_string(i) + ": " + *v);
  }
}
Value str(std::string_view s) { return std::string(s); }

std::string_view direction_name(Direction d) { return d == Direction::to_msn ? "to_msn" : "to_xmpp"; }
Direction parse_direction(const std::string& s) { return s == "to_xmpp" ? Direction::to_xmpp : Direction::to_msn; }

UserRecord user_from(const Row& r) {
  return UserRecord{text(r, 0), text(r, 1), text(r, 2), integer(r, 3) != 0, integer(r, 4)};
}

QueuedMessage message_from(const Row& r) {
  return QueuedMessage{integer(r, 0), text(r, 1),    parse_direction(text(r, 2)), text(r, 3),
                       text(r, 4),    text(r, 5),    integer(r, 6),               static_cast<int>(integer(r, 7)),
                       text(r, 8),    integer(r, 9) != 0};
}

constexpr std::string_view message_columns = "id, jid, direction, peer, body, stanza_id, created_at, attempts, sender, wants_receipt";
}  // namespace

template <class F>
auto SqlStorage::in_transaction(F f) {
  db_->begin();
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      db_->commit();
    } else {
      auto result = f();
      db_->commit();
      return result;
    }
  } catch (...) {
    db_->rollback();
    throw;
  }
}

SqlStorage::SqlStorage(std::unique_ptr<sql::Engine> engine) : db_(std::move(engine)) { migrate(); }

void SqlStorage::migrate() {
  const auto& all = db_->name() == "postgres" ? sql::postgres_migrations() : sql::sqlite_migrations();
  db_->begin_exclusive();
  try {
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    const auto rows = db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    const std::int64_t current = integer(rows.at(0), 0);
    if (!all.empty() && current > all.back().version)
      throw StorageError("storage: the database has schema version " + std::to_string(current) +
                         ", newer than this msngate knows (" + std::to_string(all.back().version) + ")");
    for (const auto& m : all) {
      if (m.version <= current) continue;
      db_->exec(m.sql);
      db_->query("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                 {std::int64_t{m.version}, str(m.name), std::int64_t{std::time(nullptr)}});
    }
    db_->commit();
  } catch (...) {
    db_->rollback();
    throw;
  }
}

int SqlStorage::schema_version() {
  return static_cast<int>(integer(db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_version").at(0), 0));
}

void SqlStorage::save_user(const UserRecord& u) {
  db_->query(
      "INSERT INTO users (jid, passport, password, was_online, registered_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (jid) DO UPDATE SET passport = excluded.passport, password = excluded.password, "
      "was_online = excluded.was_online, registered_at = excluded.registered_at",
      {str(u.jid), str(u.passport), Blob{u.sealed_password}, std::int64_t{u.was_online}, u.registered_at});
}

std::optional<UserRecord> SqlStorage::find_user(std::string_view jid) {
  auto rows = db_->query("SELECT jid, passport, password, was_online, registered_at FROM users WHERE jid = $1", {str(jid)});
  if (rows.empty()) return std::nullopt;
  return user_from(rows.front());
}

std::vector<UserRecord> SqlStorage::users() {
  std::vector<UserRecord> out;
  for (const auto& r : db_->query("SELECT jid, passport, password, was_online, registered_at FROM users ORDER BY jid"))
    out.push_back(user_from(r));
  return out;
}

bool SqlStorage::remove_user(std::string_view jid) {
  return in_transaction([&] {
    const std::vector<Value> key{str(jid)};
    db_->query("DELETE FROM outbound_queue WHERE jid = $1", key);
    db_->query("DELETE FROM contact_groups WHERE jid = $1", key);
    db_->query("DELETE FROM contacts WHERE jid = $1", key);
    db_->query("DELETE FROM user_settings WHERE jid = $1", key);
    return !db_->query("DELETE FROM users WHERE jid = $1 RETURNING jid", key).empty();
  });
}

void SqlStorage::set_was_online(std::string_view jid, bool online) {
  db_->query("UPDATE users SET was_online = $2 WHERE jid = $1", {str(jid), std::int64_t{online}});
}

std::map<std::string, std::string> SqlStorage::settings(std::string_view jid) {
  std::map<std::string, std::string> out;
  for (const auto& r : db_->query("SELECT key, value FROM user_settings WHERE jid = $1", {str(jid)}))
    out.emplace(text(r, 0), text(r, 1));
  return out;
}

void SqlStorage::set_setting(std::string_view jid, std::string_view key, std::string_view value) {
  db_->query(
      "INSERT INTO user_settings (jid, key, value) VALUES ($1, $2, $3) "
      "ON CONFLICT (jid, key) DO UPDATE SET value = excluded.value",
      {str(jid), str(key), str(value)});
}

std::vector<ContactRecord> SqlStorage::contacts(std::string_view jid) {
  std::vector<ContactRecord> out;
  for (const auto& r : db_->query("SELECT passport, nickname, guid, lists FROM contacts WHERE jid = $1 ORDER BY passport", {str(jid)}))
    out.push_back(ContactRecord{text(r, 0), text(r, 1), text(r, 2), static_cast<int>(integer(r, 3)), {}});
  const auto groups = db_->query(
      "SELECT passport, name FROM contact_groups WHERE jid = $1 ORDER BY passport, position", {str(jid)});
  auto c = out.begin();
  for (const auto& g : groups) {  // both ordered by passport: one merge pass
    while (c != out.end() && c->passport < text(g, 0)) ++c;
    if (c != out.end() && c->passport == text(g, 0)) c->groups.push_back(text(g, 1));
  }
  return out;
}

void SqlStorage::insert_contact(std::string_view jid, const ContactRecord& c) {
  db_->query(
      "INSERT INTO contacts (jid, passport, nickname, guid, lists) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (jid, passport) DO UPDATE SET nickname = excluded.nickname, guid = excluded.guid, lists = excluded.lists",
      {str(jid), str(c.passport), str(c.nickname), str(c.guid), std::int64_t{c.lists}});
  db_->query("DELETE FROM contact_groups WHERE jid = $1 AND passport = $2", {str(jid), str(c.passport)});
  for (std::size_t i = 0; i < c.groups.size(); ++i)
    db_->query("INSERT INTO contact_groups (jid, passport, position, name) VALUES ($1, $2, $3, $4)",
               {str(jid), str(c.passport), static_cast<std::int64_t>(i), str(c.groups[i])});
}

void SqlStorage::replace_contacts(std::string_view jid, const std::vector<ContactRecord>& contacts) {
  in_transaction([&] {
    db_->query("DELETE FROM contact_groups WHERE jid = $1", {str(jid)});
    db_->query("DELETE FROM contacts WHERE jid = $1", {str(jid)});
    for (const auto& c : contacts) insert_contact(jid, c);
  });
}

void SqlStorage::save_contact(std::string_view jid, const ContactRecord& contact) {
  in_transaction([&] { insert_contact(jid, contact); });
}

void SqlStorage::remove_contact(std::string_view jid, std::string_view passport) {
  in_transaction([&] {
    db_->query("DELETE FROM contact_groups WHERE jid = $1 AND passport = $2", {str(jid), str(passport)});
    db_->query("DELETE FROM contacts WHERE jid = $1 AND passport = $2", {str(jid), str(passport)});
  });
}

std::vector<std::int64_t> SqlStorage::enqueue(const std::vector<QueuedMessage>& messages) {
  return in_transaction([&] {
    std::vector<std::int64_t> ids;
    ids.reserve(messages.size());
    for (const auto& m : messages) {
      auto rows = db_->query(
          "INSERT INTO outbound_queue (jid, direction, peer, body, stanza_id, created_at, attempts, sender, wants_receipt) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
          {str(m.jid), str(direction_name(m.direction)), str(m.peer), str(m.body), str(m.stanza_id), m.created_at,
           std::int64_t{m.attempts}, str(m.sender), std::int64_t{m.wants_receipt ? 1 : 0}});
      ids.push_back(integer(rows.at(0), 0));
    }
    return ids;
  });
}

std::vector<QueuedMessage> SqlStorage::queued(std::string_view jid) {
  std::vector<QueuedMessage> out;
  for (const auto& r : db_->query("SELECT " + std::string(message_columns) + " FROM outbound_queue WHERE jid = $1 ORDER BY id", {str(jid)}))
    out.push_back(message_from(r));
  return out;
}

void SqlStorage::dequeue(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return;
  in_transaction([&] {
    for (auto id : ids) db_->query("DELETE FROM outbound_queue WHERE id = $1", {id});
  });
}

std::vector<QueuedMessage> SqlStorage::take_expired(std::int64_t created_before_ms) {
  std::vector<QueuedMessage> out;
  for (const auto& r : db_->query("DELETE FROM outbound_queue WHERE created_at < $1 RETURNING " + std::string(message_columns),
                                  {created_before_ms}))
    out.push_back(message_from(r));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace gw
