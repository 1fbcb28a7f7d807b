-- The server's copy of every synced record: the canonical desk-shaped row (shared/app/sync-rows.ts) as jsonb,
-- one row per entity, kept at the state the latest accepted mutation left it. `changes` (0003) is the log
-- desks pull; this is what the server re-runs use cases against. Entity ids are uuids unique across types.

CREATE TABLE entities (
  entity_type text NOT NULL CHECK (entity_type IN (
    'people', 'representations', 'contacts', 'complaints', 'timeline_events', 'notes', 'correspondence')),
  entity_id uuid NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- The team whose people may see it (the team of its case); NULL: managers and administrators only.
  team_id uuid,
  hlc text NOT NULL,
  updated_seq bigint NOT NULL,
  PRIMARY KEY (entity_type, entity_id)
);
CREATE UNIQUE INDEX entities_id ON entities (entity_id);

-- What the server's re-run of each accepted mutation audited: append-only, never synced to desks (each desk
-- keeps its own hash-chained audit).
CREATE TABLE sync_audit (
  id bigserial PRIMARY KEY,
  mutation_id uuid NOT NULL REFERENCES mutations (mutation_id),
  entry jsonb NOT NULL
);
CREATE INDEX sync_audit_mutation ON sync_audit (mutation_id);
