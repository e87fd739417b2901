-- A queued message to Messenger remembers who sent it (the full JID: receipts and bounces go
-- back to that resource) and whether a XEP-0184 receipt was asked for, so that it can be
-- delivered after a restart exactly as it would have been at once.
ALTER TABLE outbound_queue ADD COLUMN sender TEXT NOT NULL DEFAULT '';
ALTER TABLE outbound_queue ADD COLUMN wants_receipt INTEGER NOT NULL DEFAULT 0;
