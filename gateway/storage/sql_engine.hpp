#pragma once
// The little that differs between SQLite and PostgreSQL, so that SqlStorage writes each query
// once. Statements use PostgreSQL's $1, $2 placeholders; the SQLite engine maps them to ?1, ?2.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gw::sql {

struct Blob {
  std::string bytes;
};
using Value = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;
// A result cell as raw bytes (blobs decoded, numbers as decimal text); nullopt is NULL.
using Row = std::vector<std::optional<std::string>>;

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string_view name() const = 0;  // "sqlite" or "postgres": picks the migrations
  virtual void exec(std::string_view script) = 0;  // several statements, no parameters
  virtual std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Transactions; begin_exclusive also serializes schema migrations between instances.
  virtual void begin() = 0;
  virtual void begin_exclusive() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

}  // namespace gw::sql
