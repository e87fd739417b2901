-- Users, their settings, their last known Messenger contact list, and the durable queue of
-- chat messages accepted but not yet delivered.
CREATE TABLE users (
  jid TEXT PRIMARY KEY,
  passport TEXT NOT NULL,
  password BLOB,
  was_online INTEGER NOT NULL DEFAULT 0,
  registered_at INTEGER NOT NULL
);
CREATE TABLE user_settings (
  jid TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (jid, key)
);
CREATE TABLE contacts (
  jid TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
  passport TEXT NOT NULL,
  nickname TEXT NOT NULL DEFAULT '',
  guid TEXT NOT NULL DEFAULT '',
  lists INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (jid, passport)
);
CREATE TABLE contact_groups (
  jid TEXT NOT NULL,
  passport TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (jid, passport, position),
  FOREIGN KEY (jid, passport) REFERENCES contacts(jid, passport) ON DELETE CASCADE
);
CREATE TABLE outbound_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  jid TEXT NOT NULL,
  direction TEXT NOT NULL,
  peer TEXT NOT NULL,
  body TEXT NOT NULL,
  stanza_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbound_queue_by_user ON outbound_queue (jid, id);
CREATE INDEX outbound_queue_by_age ON outbound_queue (created_at);
