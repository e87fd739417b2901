#pragma once
// What a transport must remember, behind a small synchronous interface with value returns
// (no bool plus out-parameters). Calls block: the gateway runs them on its one storage
// thread (DESIGN.md section 5, offload()), never on the io thread. Engines: SQLite (default,
// WAL) and PostgreSQL (several msngate instances sharing one database), chosen by URL.
// Failures (database gone, disk full, locked) throw StorageError; callers refuse new work
// with a clear error and retry later.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A registered user: an XMPP account that has registered a Messenger account with msngate.
struct UserRecord {
  std::string jid;              // bare JID, the key
  std::string passport;         // the Messenger address, e.g. alice@hotmail.com
  std::string sealed_password;  // SecretBox record (binary); empty when not stored
  bool was_online = false;      // had a Messenger session at last shutdown: log in again at start
  std::int64_t registered_at = 0;  // unix seconds
  bool operator==(const UserRecord&) const = default;
};

// Messenger list membership bits, as MSNP numbers them (MSNP.md 4.1).
namespace lists {
constexpr int forward = 1, allow = 2, block = 4, reverse = 8, pending = 16;
}

// One entry of the user's last known Messenger contact list, kept to reconcile the roster
// at the next login (what was added or removed while the user was away).
struct ContactRecord {
  std::string passport;
  std::string nickname;             // friendly name, decoded
  std::string guid;                 // contact id (C=...) from MSNP10 on; empty if unknown
  int lists = 0;                    // lists:: bits
  std::vector<std::string> groups;  // group names, decoded, in list order
  bool operator==(const ContactRecord&) const = default;
};

enum class Direction { to_msn, to_xmpp };

// A chat message accepted from one side and not yet delivered to the other (zero loss).
struct QueuedMessage {
  std::int64_t id = 0;          // set by enqueue()
  std::string jid;              // the user it belongs to
  Direction direction = Direction::to_msn;
  std::string peer;             // contact passport
  std::string body;
  std::string stanza_id;        // the XMPP id, for receipts and bounces
  std::int64_t created_at = 0;  // unix milliseconds
  int attempts = 0;
  std::string sender;           // to_msn: the full JID it came from (receipts, bounces)
  bool wants_receipt = false;   // to_msn: XEP-0184 receipt asked for
  bool operator==(const QueuedMessage&) const = default;
};

class Storage {
 public:
  virtual ~Storage() = default;

  virtual int schema_version() = 0;

  // Users. save_user inserts or replaces; remove_user deletes everything stored about the user
  // (settings, contacts, queued messages) and says whether there was such a user.
  virtual void save_user(const UserRecord& user) = 0;
  virtual std::optional<UserRecord> find_user(std::string_view jid) = 0;
  virtual std::vector<UserRecord> users() = 0;
  virtual bool remove_user(std::string_view jid) = 0;
  virtual void set_was_online(std::string_view jid, bool online) = 0;

  // Per-user settings as text, open to growth without a migration (e.g. stay_connected).
  virtual std::map<std::string, std::string> settings(std::string_view jid) = 0;
  virtual void set_setting(std::string_view jid, std::string_view key, std::string_view value) = 0;

  // The last known contact list.
  virtual std::vector<ContactRecord> contacts(std::string_view jid) = 0;
  virtual void replace_contacts(std::string_view jid, const std::vector<ContactRecord>& contacts) = 0;
  virtual void save_contact(std::string_view jid, const ContactRecord& contact) = 0;
  virtual void remove_contact(std::string_view jid, std::string_view passport) = 0;

  // Durable outbound queue. enqueue writes a batch in one transaction and returns the ids in
  // order; queued lists a user's messages oldest first; take_expired removes and returns
  // every message created before the given time (to be bounced).
  virtual std::vector<std::int64_t> enqueue(const std::vector<QueuedMessage>& messages) = 0;
  virtual std::vector<QueuedMessage> queued(std::string_view jid) = 0;
  virtual void dequeue(const std::vector<std::int64_t>& ids) = 0;
  virtual std::vector<QueuedMessage> take_expired(std::int64_t created_before_ms) = 0;
};

// sqlite:///abs/path.db, sqlite://:memory: or postgresql://... (also postgres://).
// Opens, migrates to the newest schema, and throws StorageError when it cannot.
std::unique_ptr<Storage> open_storage(const std::string& url);

}  // namespace gw
