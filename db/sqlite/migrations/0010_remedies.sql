-- Putting things right (PRODUCT.md capability 8): remedies and post-resolution actions become synced records
-- built whole by shared/app/remedy-use-cases.ts. What the Ombudsman's Code and the remedies guidance ask an
-- offer to record, beyond 0001's columns: who offered it, by when it will happen ("the offer says what will
-- happen and by when"), the note that went with the resident's decision or the withdrawal, and a row version.
ALTER TABLE remedies ADD COLUMN due_date TEXT;
ALTER TABLE remedies ADD COLUMN offered_by TEXT;
ALTER TABLE remedies ADD COLUMN status_note TEXT;
ALTER TABLE remedies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- An action records who raised it and when, the latest progress note, and a row version.
ALTER TABLE post_resolution_actions ADD COLUMN created_by TEXT;
ALTER TABLE post_resolution_actions ADD COLUMN created_at TEXT;
ALTER TABLE post_resolution_actions ADD COLUMN last_update_note TEXT;
ALTER TABLE post_resolution_actions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The business area's owner, from the server's reference data: they update and close their area's actions.
ALTER TABLE business_areas ADD COLUMN owner_user_id TEXT;
