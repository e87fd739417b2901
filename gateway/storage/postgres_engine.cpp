#include "gateway/storage/postgres_engine.hpp"

#include "gateway/storage/storage.hpp"

#include <libpq-fe.h>

#include <memory>

namespace gw::sql {
namespace {
constexpr Oid bytea_oid = 17;

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string error_text(PGconn* c) {
  std::string msg = c ? PQerrorMessage(c) : "out of memory";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea in text results is "\x" followed by hex (bytea_output = hex, the default since 9.0).
std::string decode_bytea(const char* text, int size) {
  if (size < 2 || text[0] != '\\' || text[1] != 'x') throw StorageError("postgres: unexpected bytea format");
  std::string out;
  out.reserve(static_cast<std::size_t>(size - 2) / 2);
  for (int i = 2; i + 1 < size; i += 2) {
    const int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) throw StorageError("postgres: malformed bytea");
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}
}  // namespace

PostgresEngine::PostgresEngine(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string msg = error_text(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw StorageError("postgres: cannot connect: " + msg);  // libpq's text does not echo the password
  }
  exec("SET client_min_messages = warning");
}

PostgresEngine::~PostgresEngine() { PQfinish(conn_); }

void PostgresEngine::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) throw StorageError("postgres: connection lost: " + error_text(conn_));
}

void PostgresEngine::exec(std::string_view script) {
  ensure_connected();
  Result r{PQexec(conn_, std::string(script).c_str()), &PQclear};
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StorageError("postgres: " + error_text(conn_));
}

std::vector<Row> PostgresEngine::query(std::string_view sql, const std::vector<Value>& params) {
  ensure_connected();
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            values[i] = nullptr;
          } else {
            if constexpr (std::is_same_v<T, std::int64_t>) text[i] = std::to_string(v);
            else if constexpr (std::is_same_v<T, std::string>) text[i] = v;
            else { text[i] = v.bytes; formats[i] = 1; }  // binary: bytea as raw bytes
            values[i] = text[i].data();
            lengths[i] = static_cast<int>(text[i].size());
          }
        },
        params[i]);
  }
  Result r{PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                        lengths.data(), formats.data(), 0),
           &PQclear};
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StorageError("postgres: " + error_text(conn_));
  std::vector<Row> rows;
  const int n_rows = PQntuples(r.get()), n_cols = PQnfields(r.get());
  rows.reserve(static_cast<std::size_t>(n_rows));
  for (int i = 0; i < n_rows; ++i) {
    Row row;
    for (int c = 0; c < n_cols; ++c) {
      if (PQgetisnull(r.get(), i, c)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const char* v = PQgetvalue(r.get(), i, c);
      const int len = PQgetlength(r.get(), i, c);
      if (PQftype(r.get(), c) == bytea_oid) row.emplace_back(decode_bytea(v, len));
      else row.emplace_back(std::string(v, static_cast<std::size_t>(len)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void PostgresEngine::rollback() noexcept {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    PGresult* r = PQexec(conn_, "ROLLBACK");
    PQclear(r);
  }
}

}  // namespace gw::sql
