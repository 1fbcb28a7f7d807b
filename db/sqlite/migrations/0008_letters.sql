-- Letters and the weekly calibration (issue 6). The 0001 tables stay; these columns carry what a letter is
-- made of (the template as it was when drafted, the agent's sections), its review history and the manager's
-- calibration of it. Letter kinds are the one vocabulary in shared/domain/letters/types.ts (LETTER_KINDS),
-- which letter_templates' CHECK from 0001 already accepts; letters.kind is held to the same list here.

-- A letter keeps a copy of its template (so a later template edit never changes it) and its free text.
ALTER TABLE letters ADD COLUMN template_json TEXT CHECK (template_json IS NULL OR json_valid(template_json));
ALTER TABLE letters ADD COLUMN sections_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sections_json));
ALTER TABLE letters ADD COLUMN stage_key TEXT;
ALTER TABLE letters ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
-- The send date (a calendar date: it drives the lifecycle) besides sent_at (when it was recorded).
ALTER TABLE letters ADD COLUMN sent_date TEXT CHECK (sent_date IS NULL OR sent_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
-- The London calendar date of the authorisation: which calibration week the letter falls in.
ALTER TABLE letters ADD COLUMN authorised_date TEXT;
-- The lifecycle step the send recorded, if any ('acknowledge', 'extend', 'respond').
ALTER TABLE letters ADD COLUMN sent_transition TEXT;
CREATE TRIGGER letters_kind_insert BEFORE INSERT ON letters
WHEN NEW.kind NOT IN ('acknowledgement', 'extension', 'stage-response', 'final-response', 'refusal',
  'escalation-acknowledgement', 'escalation-refusal', 'cyber-incident-apology', 'unacceptable-behaviour-decision')
BEGIN SELECT RAISE(ABORT, 'letters.kind is not a letter kind'); END;
-- A sent letter is immutable: what it said, when and how it went cannot change (an identical re-write, as
-- sync may apply, is allowed).
CREATE TRIGGER letters_sent_immutable BEFORE UPDATE ON letters
WHEN OLD.status = 'sent' AND (NEW.status IS NOT 'sent' OR NEW.sections_json IS NOT OLD.sections_json
  OR NEW.template_json IS NOT OLD.template_json OR NEW.current_version_id IS NOT OLD.current_version_id
  OR NEW.sent_date IS NOT OLD.sent_date OR NEW.sent_channel IS NOT OLD.sent_channel
  OR NEW.authorised_by IS NOT OLD.authorised_by)
BEGIN SELECT RAISE(ABORT, 'a sent letter is immutable'); END;
CREATE INDEX letters_drafted_by ON letters (drafted_by, status);
CREATE INDEX letters_authorised_date ON letters (authorised_date, authorised_by) WHERE authorised_date IS NOT NULL;

-- Why each immutable version was kept: at submission (what the Team Leader authorised) or as sent.
ALTER TABLE letter_versions ADD COLUMN reason TEXT NOT NULL DEFAULT 'submitted' CHECK (reason IN ('submitted', 'sent'));
CREATE INDEX letter_versions_letter ON letter_versions (letter_id, version_no);

-- Template versions: sections as JSON in body; profile_key holds the profile family (NULL = any).
ALTER TABLE letter_templates ADD COLUMN created_by TEXT REFERENCES users (id);
ALTER TABLE letter_templates ADD COLUMN created_at TEXT;
-- UNIQUE (kind, profile_key, template_version) from 0001 lets NULL families repeat a version number.
CREATE UNIQUE INDEX letter_templates_one_version ON letter_templates (kind, coalesce(profile_key, ''), template_version);

-- The review history: submitted, returned with comments, authorised, sent. Append-only.
CREATE TABLE letter_reviews (
  id TEXT PRIMARY KEY,
  letter_id TEXT NOT NULL REFERENCES letters (id),
  action TEXT NOT NULL CHECK (action IN ('submitted', 'returned', 'authorised', 'sent')),
  actor_id TEXT NOT NULL REFERENCES users (id),
  at TEXT NOT NULL,
  comments TEXT,
  version_no INTEGER,
  hlc TEXT NOT NULL,
  CHECK (action <> 'returned' OR length(trim(comments)) > 0)
) STRICT;
CREATE INDEX letter_reviews_letter ON letter_reviews (letter_id, at);
CREATE TRIGGER letter_reviews_no_update BEFORE UPDATE ON letter_reviews
BEGIN SELECT RAISE(ABORT, 'letter_reviews is append-only'); END;
CREATE TRIGGER letter_reviews_no_delete BEFORE DELETE ON letter_reviews
BEGIN SELECT RAISE(ABORT, 'letter_reviews is append-only'); END;

-- One draw per week: a second draw of the same week is refused, never a silent re-roll.
ALTER TABLE calibration_draws ADD COLUMN week_end TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX calibration_draws_one_per_week ON calibration_draws (week_start);
CREATE TRIGGER calibration_draws_no_update BEFORE UPDATE ON calibration_draws
BEGIN SELECT RAISE(ABORT, 'a calibration draw is never changed'); END;

-- The manager's scoring of an item, as one row (one manager scores an item as a whole): scores by criterion
-- (0-5, CALIBRATION_CRITERIA), agreement with the Team Leader's authorisation, and feedback the Team Leader
-- sees. calibration_scores (0001) stays unused: one row per item keeps the scoring one synced record.
ALTER TABLE calibration_items ADD COLUMN scores_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scores_json));
ALTER TABLE calibration_items ADD COLUMN agreement TEXT CHECK (agreement IN ('agree', 'disagree'));
ALTER TABLE calibration_items ADD COLUMN feedback TEXT;
ALTER TABLE calibration_items ADD COLUMN scored_by TEXT REFERENCES users (id);
ALTER TABLE calibration_items ADD COLUMN scored_at TEXT;
ALTER TABLE calibration_items ADD COLUMN updated_hlc TEXT NOT NULL DEFAULT '';
ALTER TABLE calibration_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX calibration_items_team_leader ON calibration_items (team_leader_id);
