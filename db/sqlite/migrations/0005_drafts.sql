-- What an agent has typed but not yet saved (the contact form, a note, a correspondence entry), kept per user
-- on the desk so that a crash, a restart or an error loses nothing. Local only: never synced, and discarded
-- when the work it holds is saved.
CREATE TABLE drafts (
  user_id TEXT NOT NULL REFERENCES users (id),
  draft_key TEXT NOT NULL CHECK (length(draft_key) BETWEEN 1 AND 120),
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, draft_key)
) STRICT, WITHOUT ROWID;
