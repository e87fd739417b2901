#include "gateway/storage/postgres_engine.hpp"
#include "gateway/storage/sql_storage.hpp"
#include "gateway/storage/sqlite_engine.hpp"

#include <filesystem>

namespace gw {

std::unique_ptr<Storage> open_storage(const std::string& url) {
  if (url.rfind("sqlite://", 0) == 0) {
    const std::string path = url.substr(9);
    if (path != ":memory:") {
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    }
    return std::make_unique<SqlStorage>(std::make_unique<sql::SqliteEngine>(path));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return std::make_unique<SqlStorage>(std::make_unique<sql::PostgresEngine>(url));
  throw StorageError("storage.url: expected sqlite:///path.db or postgresql://..., got a URL of another kind");
}

}  // namespace gw
