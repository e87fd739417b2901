#pragma once
// SQLite engine: one connection, WAL journal, a busy timeout so that a second process (or a
// backup tool) holding a lock makes us wait briefly before failing with a clear error.
#include "gateway/storage/sql_engine.hpp"

#include <memory>
#include <string>

struct sqlite3;

namespace gw::sql {

class SqliteEngine final : public Engine {
 public:
  explicit SqliteEngine(const std::string& path);  // a file path or ":memory:"
  ~SqliteEngine() override;
  std::string_view name() const override { return "sqlite"; }
  void exec(std::string_view script) override;
  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override;
  void begin() override { exec("BEGIN"); }
  void begin_exclusive() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override;

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace gw::sql
