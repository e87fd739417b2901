#pragma once
// PostgreSQL engine over libpq: the engine for several msngate instances sharing one
// database. A broken connection is reset before the next statement, so the gateway recovers
// by itself when the server comes back.
#include "gateway/storage/sql_engine.hpp"

#include <string>

struct pg_conn;

namespace gw::sql {

class PostgresEngine final : public Engine {
 public:
  explicit PostgresEngine(const std::string& url);
  ~PostgresEngine() override;
  std::string_view name() const override { return "postgres"; }
  void exec(std::string_view script) override;
  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override;
  void begin() override { exec("BEGIN"); }
  // Instances migrating at the same time wait for each other (transaction-scoped lock).
  void begin_exclusive() override { exec("BEGIN; SELECT pg_advisory_xact_lock(1863114)"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override;

 private:
  void ensure_connected();
  pg_conn* conn_ = nullptr;
};

}  // namespace gw::sql
