-- Letters and the weekly calibration travel like the other desk rows (desk migration 0008): letter templates
-- (edited by an administrator on a desk through the 'save-letter-template' use case, which the server re-runs
-- and re-checks), letters, their immutable versions and review history, calibration draws and items.
ALTER TABLE entities DROP CONSTRAINT entities_entity_type_check;
ALTER TABLE entities ADD CONSTRAINT entities_entity_type_check CHECK (entity_type IN (
  'people', 'group_members', 'representations', 'contacts', 'complaints', 'timeline_events', 'notes',
  'correspondence', 'sync_conflicts', 'letter_templates', 'letters', 'letter_versions', 'letter_reviews',
  'calibration_draws', 'calibration_items'));

-- One draw per calibration week, whichever desk drew it first: a second draw of the same week is refused.
CREATE UNIQUE INDEX entities_one_calibration_draw_per_week ON entities ((data ->> 'week_start'))
  WHERE entity_type = 'calibration_draws';
-- Rows the letter use cases look up by a column (a letter's versions, a kind's templates, a week's draw).
CREATE INDEX entities_letter_children ON entities ((data ->> 'letter_id'))
  WHERE entity_type IN ('letter_versions', 'letter_reviews', 'calibration_items');

-- One vocabulary of letter kinds (shared/domain/letters/types.ts LETTER_KINDS) for the server's reference
-- templates too. Rows of the two old names are renamed; any 'enquiry-response' or 'other' rows written
-- before stay readable (NOT VALID), but no new one can be written.
UPDATE letter_templates SET kind = 'cyber-incident-apology' WHERE kind = 'cyber-incident-delay';
UPDATE letter_templates SET kind = 'unacceptable-behaviour-decision' WHERE kind = 'unacceptable-behaviour';
ALTER TABLE letter_templates DROP CONSTRAINT letter_templates_kind_check;
ALTER TABLE letter_templates ADD CONSTRAINT letter_templates_kind_check CHECK (kind IN (
  'acknowledgement', 'extension', 'stage-response', 'final-response', 'refusal', 'escalation-acknowledgement',
  'escalation-refusal', 'cyber-incident-apology', 'unacceptable-behaviour-decision')) NOT VALID;
