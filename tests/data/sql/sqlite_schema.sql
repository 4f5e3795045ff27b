-- Offline cache of the mobile app (SQLite)
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE, -- @personal-data category=user.contact.email retention=account_deletion
  display_name TEXT, -- @personal-data category=user.name retention=account_deletion
  avatar BLOB
);

CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- @personal-data category=user.content retention=P30D
  body TEXT NOT NULL,
  saved_at TEXT NOT NULL DEFAULT (datetime('now'))
) WITHOUT ROWID;

CREATE TEMP TABLE pending_uploads (
  local_path TEXT PRIMARY KEY,
  gps TEXT -- @personal-data category=user.location.precise retention=P7D
);

CREATE INDEX drafts_user ON drafts(user_id);
CREATE TRIGGER drafts_touch AFTER UPDATE ON drafts BEGIN
  UPDATE drafts SET saved_at = datetime('now') WHERE id = NEW.id;
END;
ALTER TABLE users ADD COLUMN last_seen_ip TEXT; -- @personal-data category=user.device.ip_address retention=P1Y
