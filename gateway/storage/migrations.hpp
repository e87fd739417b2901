#pragma once
// Numbered schema migrations, one folder per engine (migrations/sqlite, migrations/postgres),
// embedded into the binary at build time. A migration is never edited once released: a
// change of schema is a new file with the next number.
#include <string_view>
#include <vector>

namespace gw::sql {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

}  // namespace gw::sql
