-- The tamper-evident audit trail (capability 13). Each entry's hash covers its own fields and the previous
-- entry's hash; audit_head holds the count and the last hash, updated in the same transaction, so removing
-- the newest entries is detected too. The triggers stop accidental changes through the app; deliberate
-- tampering with the file is what the hash chain (and the copy synced to the server) is for.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  actor_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  hlc TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id, seq);

CREATE TABLE audit_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  count INTEGER NOT NULL CHECK (count >= 0),
  last_hash TEXT NOT NULL CHECK (length(last_hash) = 64)
) STRICT;
INSERT INTO audit_head (singleton, count, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
-- The head only moves forward, one entry at a time, onto the entry just appended.
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.count <> OLD.count + 1
  OR NEW.last_hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.count)
BEGIN SELECT RAISE(ABORT, 'audit_head only advances onto the newest audit entry'); END;
