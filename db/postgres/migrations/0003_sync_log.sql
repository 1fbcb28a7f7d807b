-- The server side of sync. Every accepted mutation writes its changes here; desks pull by `seq` (a server
-- sequence, never a wall clock). `mutations` is the at-most-once ledger: a replayed mutation id returns the
-- stored result instead of being applied again.

CREATE TABLE mutations (
  mutation_id uuid PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desks (id),
  user_id uuid NOT NULL REFERENCES users (id),
  use_case text NOT NULL,
  hlc text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  result jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX mutations_desk ON mutations (desk_id, received_at);

CREATE TABLE changes (
  seq bigserial PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  -- Pull is limited to what the user may see; the team is the first cut of that.
  team_id uuid REFERENCES teams (id),
  payload jsonb NOT NULL,
  hlc text NOT NULL,
  mutation_id uuid REFERENCES mutations (mutation_id),
  created_at timestamptz NOT NULL
);
CREATE INDEX changes_team_seq ON changes (team_id, seq);
CREATE INDEX changes_entity ON changes (entity_type, entity_id, seq);
