-- Sync merge: the editable fields of a complaint and of a person are merged field by field, last writer wins
-- by hybrid logical clock (shared/app/field-merge.ts). Each row keeps the HLC of the write that set each such
-- field, so an edit made offline weeks ago that reaches the server late cannot overwrite a newer value.
-- A field absent from the map was set when the row was created: any edit beats it.
ALTER TABLE complaints ADD COLUMN field_hlcs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_hlcs));
ALTER TABLE people ADD COLUMN field_hlcs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_hlcs));

-- Decision conflicts (two desks recording different decisions on the same case from the same base) are
-- detected by the server and pulled like any synced row; a person resolves them. The table existed unused
-- since 0001: these columns say which decision, what was decided about it, and keep its sync version.
ALTER TABLE sync_conflicts ADD COLUMN field TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN resolution_note TEXT;
ALTER TABLE sync_conflicts ADD COLUMN resolved_value TEXT;
ALTER TABLE sync_conflicts ADD COLUMN updated_hlc TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX sync_conflicts_entity ON sync_conflicts (entity_id);
