-- Group membership rows get an id of their own, like every other row that travels between desks and the
-- server (sync addresses rows by id). Same columns and rules otherwise: one nominated signatory per group.
CREATE TABLE group_members_new (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES people (id),
  member_id TEXT NOT NULL REFERENCES people (id),
  is_signatory INTEGER NOT NULL DEFAULT 0 CHECK (is_signatory IN (0, 1)),
  added_at TEXT NOT NULL,
  updated_hlc TEXT,
  UNIQUE (group_id, member_id),
  CHECK (group_id <> member_id)
) STRICT;

-- Rows written before this migration (none are synced yet) get a random id in the UUID layout.
INSERT INTO group_members_new (id, group_id, member_id, is_signatory, added_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-' ||
         substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       group_id, member_id, is_signatory, added_at
FROM group_members;

DROP TABLE group_members;
ALTER TABLE group_members_new RENAME TO group_members;
CREATE UNIQUE INDEX group_members_one_signatory ON group_members (group_id) WHERE is_signatory = 1;
CREATE INDEX group_members_member ON group_members (member_id);
