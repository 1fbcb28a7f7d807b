-- Decision conflicts detected by push: a desk's decision command (a stage decision, a refusal, an escalation
-- refusal) that lost the race to a different decision recorded by another desk on the same case. The
-- conflict's live state is a synced row (entity type 'sync_conflicts', pulled by desks and resolved there by a
-- person through the 'resolve-conflict' use case); this table is the server's ledger of detections, one per
-- rejected mutation at most.
ALTER TABLE entities DROP CONSTRAINT entities_entity_type_check;
ALTER TABLE entities ADD CONSTRAINT entities_entity_type_check CHECK (entity_type IN (
  'people', 'group_members', 'representations', 'contacts', 'complaints', 'timeline_events', 'notes',
  'correspondence', 'sync_conflicts'));

CREATE TABLE sync_conflicts (
  conflict_id uuid PRIMARY KEY,
  mutation_id uuid NOT NULL UNIQUE REFERENCES mutations (mutation_id),
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  field text NOT NULL,
  local jsonb NOT NULL,
  remote jsonb NOT NULL,
  detected_at timestamptz NOT NULL
);
CREATE INDEX sync_conflicts_entity ON sync_conflicts (entity_id);
