#include "gateway/storage/sqlite_engine.hpp"

#include "gateway/storage/storage.hpp"

#include <sqlite3.h>

namespace gw::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StorageError("sqlite: " + std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// $1 -> ?1: one query text for both engines. Our statements hold no '$' in literals.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out(sql);
  for (auto& c : out)
    if (c == '$') c = '?';
  return out;
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};
}  // namespace

SqliteEngine::SqliteEngine(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError("sqlite: cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteEngine::~SqliteEngine() { sqlite3_close(db_); }

void SqliteEngine::exec(std::string_view script) {
  const std::string text(script);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StorageError("sqlite: " + msg);
  }
}

std::vector<Row> SqliteEngine::query(std::string_view sql, const std::vector<Value>& params) {
  const std::string text = to_sqlite_placeholders(sql);
  Statement s;
  if (sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &s.stmt, nullptr) != SQLITE_OK)
    fail(db_, "prepare");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int at = static_cast<int>(i + 1);
    const int rc = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) return sqlite3_bind_null(s.stmt, at);
          else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(s.stmt, at, v);
          else if constexpr (std::is_same_v<T, std::string>)
            return sqlite3_bind_text(s.stmt, at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
          else return sqlite3_bind_blob(s.stmt, at, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_TRANSIENT);
        },
        params[i]);
    if (rc != SQLITE_OK) fail(db_, "bind");
  }
  std::vector<Row> rows;
  for (;;) {
    const int rc = sqlite3_step(s.stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(db_, "step");
    Row row;
    const int n = sqlite3_column_count(s.stmt);
    for (int c = 0; c < n; ++c) {
      if (sqlite3_column_type(s.stmt, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const auto* data = static_cast<const char*>(sqlite3_column_blob(s.stmt, c));
      const int size = sqlite3_column_bytes(s.stmt, c);
      row.emplace_back(std::string(data ? data : "", static_cast<std::size_t>(size)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void SqliteEngine::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace gw::sql
