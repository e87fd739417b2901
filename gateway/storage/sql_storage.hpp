#pragma once
// Storage written once in portable SQL over an Engine (SQLite or PostgreSQL).
#include "gateway/storage/sql_engine.hpp"
#include "gateway/storage/storage.hpp"

#include <memory>

namespace gw {

class SqlStorage final : public Storage {
 public:
  // Takes the engine and brings its schema to the newest migration.
  explicit SqlStorage(std::unique_ptr<sql::Engine> engine);

  int schema_version() override;
  void save_user(const UserRecord& user) override;
  std::optional<UserRecord> find_user(std::string_view jid) override;
  std::vector<UserRecord> users() override;
  bool remove_user(std::string_view jid) override;
  void set_was_online(std::string_view jid, bool online) override;
  std::map<std::string, std::string> settings(std::string_view jid) override;
  void set_setting(std::string_view jid, std::string_view key, std::string_view value) override;
  std::vector<ContactRecord> contacts(std::string_view jid) override;
  void replace_contacts(std::string_view jid, const std::vector<ContactRecord>& contacts) override;
  void save_contact(std::string_view jid, const ContactRecord& contact) override;
  void remove_contact(std::string_view jid, std::string_view passport) override;
  std::vector<std::int64_t> enqueue(const std::vector<QueuedMessage>& messages) override;
  std::vector<QueuedMessage> queued(std::string_view jid) override;
  void dequeue(const std::vector<std::int64_t>& ids) override;
  std::vector<QueuedMessage> take_expired(std::int64_t created_before_ms) override;

 private:
  void migrate();
  template <class F> auto in_transaction(F f);
  void insert_contact(std::string_view jid, const ContactRecord& c);

  std::unique_ptr<sql::Engine> db_;
};

}  // namespace gw
